#!/bin/sh
# tmdojo grade: the CLI contract of DESIGN.md (JSON fields, stdin, exit codes,
# file:line:column messages) and tmdojo keycheck / eval on small fixtures.
. "$(dirname "$0")/lib/common.sh"
F="$SRC/tests/fixtures/grader"
G="--content $SRC grade --key $F/key.yaml"

# human-readable report
run $G "$F/team-red.txt"
expect_rc 0
expect_out "80.0% (8 of 10 points) against invoicing"
expect_out "I01 [critical] line 3"
expect_out "why: shared:"
expect_out "shared: sqli, search, invoice"
expect_out "hint:"
expect_out "line 5: the office coffee machine is broken"
expect_no_out "Admin console has no multi-factor authentication"

# --reveal shows missed threats in full
run $G --reveal "$F/team-red.txt"
expect_rc 0
expect_out "Admin console has no multi-factor authentication"

# JSON: one object, the contract fields
run $G --json "$F/team-red.txt"
expect_rc 0
for field in '"submission":' '"key":"invoicing"' '"score":80' '"points":8' \
	'"max_points":10' '"found":[' '"threat":"I01"' '"severity":"critical"' \
	'"line":3' '"answer":"SQLi in the invoice search"' '"similarity":' '"why":' \
	'"missed":[' '"threat":"I03"' '"hint":' '"unmatched":[' '"closest":'; do
  expect_out "$field"
done
if command -v python3 >/dev/null 2>&1; then
  python3 - "$T/out" <<'PY' || fail "JSON output does not hold the contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict), "one submission gives one object"
assert d["score"] == 80 and d["points"] == 8 and d["max_points"] == 10
assert [f["threat"] for f in d["found"]] == ["I01", "I02", "I04"], d["found"]
assert all(0 <= f["similarity"] <= 1 and f["why"] for f in d["found"])
assert [m["threat"] for m in d["missed"]] == ["I03"]
assert [u["line"] for u in d["unmatched"]] == [5]
PY
fi

# several submissions give an array; YAML submissions and stdin ('-') work
IN="$F/team-red.txt" run $G --json "$F/team-blue.yaml" -
expect_rc 0
if command -v python3 >/dev/null 2>&1; then
  python3 - "$T/out" <<'PY' || fail "JSON array output is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 2
blue, red = d
assert blue["submission"].endswith("team-blue.yaml")
assert [f["threat"] for f in blue["found"]] == ["I03"], blue["found"]
assert blue["found"][0]["line"] == 2
# "invoice search is slow" names the asset, not the attack: no credit
assert [u["answer"] for u in blue["unmatched"]] == ["invoice search is slow"]
assert red["submission"] == "-" and red["score"] == 80
PY
fi

# pass mark: exit 1 below it, 0 at or above it
run $G --pass 90 "$F/team-red.txt"
expect_rc 1
expect_out "below the pass mark"
run $G --pass 80 "$F/team-red.txt"
expect_rc 0

# bad input: exit 2 with file:line:column
run $G "$F/bad-severity.yaml"
expect_rc 2
expect_err "bad-severity.yaml:3:15: unknown severity 'urgent'"
run $G "$F/bad-syntax.yaml"
expect_rc 2
expect_err "bad-syntax.yaml:2:"
run $G "$F/no-such-file.txt"
expect_rc 2
expect_err "no-such-file.txt"
run --content "$SRC" grade --key "$F/no-such-key.yaml" "$F/team-red.txt"
expect_rc 2
run --content "$SRC" grade "$F/team-red.txt"
expect_rc 2
expect_err "usage: tmdojo grade"

# robustness: an empty submission, binary junk and a very long line
: > "$T/empty.txt"
run $G "$T/empty.txt"
expect_rc 0
expect_out "0.0% (0 of 10 points)"
expect_err "no threats found"
head -c 20000 /dev/urandom > "$T/junk.bin" 2>/dev/null || printf '\377\376\0\001junk' > "$T/junk.bin"
run $G --json "$T/junk.bin"
expect_rc 2
expect_err "junk.bin:"
expect_err "save the threat list as UTF-8"
awk 'BEGIN { s = "sql injection in invoice search "; for (i = 0; i < 400; i++) s = s "padding "; print s }' > "$T/long.txt"
run $G "$T/long.txt"
expect_rc 0
expect_err "truncated"

# keycheck on the fixture exercise, and eval on a tiny labelled corpus
run --content "$SRC" eval "$SRC/tests/fixtures/grader/eval"
expect_rc 0
expect_out "line-precision"
expect_out "dev "
expect_out "F1-95%"
# one system gives no interval; three copies of it give one that cannot be wider
# than the figures themselves (every draw is the same)
grep -q '^dev .* -  *-$' "$T/out" || fail "eval printed an interval for one system: $(cat "$T/out")"
for s in a b c; do
  mkdir -p "$T/three/dev/$s" && cp "$SRC"/tests/fixtures/grader/eval/dev/invoicing/* "$T/three/dev/$s/"
done
run --content "$SRC" eval "$T/three"
expect_rc 0
awk '$1 == "dev" { split($9, f, "-"); split($10, l, "-");
  exit !(f[1] == f[2] && f[1] == sprintf("%.3f", $7) && l[1] == l[2] && l[1] == sprintf("%.3f", $8)) }' \
  "$T/out" || fail "eval's interval over identical systems is not the point figure: $(cat "$T/out")"
# --features writes the calibration inputs with their labels; calibrate.py fits them
run --content "$SRC" eval --features "$T/features.tsv" "$SRC/tests/fixtures/grader/eval"
expect_rc 0
python3 - "$T/features.tsv" <<'PY' || fail "eval --features output is wrong"
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter="\t"))
head = rows[0]
assert head[:5] == ["split", "file", "line", "threat", "label"], head
assert "lead" in head and "raw_similarity" in head and len(head) == 5 + 15 + 1, head
assert head[-1] == "ceiling", head
assert len(rows) > 5
assert all(r[0] == "dev" and r[4] in ("0", "1") and len(r) == len(head) for r in rows[1:])
assert any(r[4] == "1" for r in rows[1:]) and any(r[4] == "0" for r in rows[1:])
PY
python3 "$SRC/tests/eval/calibrate.py" "$T/features.tsv" --train dev > "$T/fit.txt" 2>&1 \
  || fail "calibrate.py failed: $(cat "$T/fit.txt")"
grep -q "static const double calib_weights" "$T/fit.txt" || fail "calibrate.py printed no weights"
grep -q "static const double calib_pair_weights\[GRADER_N_PAIRS\]" "$T/fit.txt" || fail "calibrate.py printed no product weights"
test "$(grep -c "^	-\?[0-9.]*, /\* [a-z_]* \* [a-z_]* \*/" "$T/fit.txt")" -eq 105 || fail "calibrate.py did not print 105 product weights"
# a training split with no pairs is a clear error, not a crash
if python3 "$SRC/tests/eval/calibrate.py" "$T/features.tsv" > "$T/fit.txt" 2>&1; then
  fail "calibrate.py fitted a split the file does not have"
fi
grep -q "no pairs of the training splits practice" "$T/fit.txt" || fail "unclear calibrate.py error"
# a malformed features file names its file, line and column
head -2 "$T/features.tsv" | sed 's/\t[01]\t/\tyes\t/' > "$T/bad.tsv"
if python3 "$SRC/tests/eval/calibrate.py" "$T/bad.tsv" > "$T/fit.txt" 2>&1; then
  fail "calibrate.py accepted a malformed features file"
fi
grep -q "bad.tsv:2:1:" "$T/fit.txt" || fail "calibrate.py did not name bad.tsv:2:1: $(cat "$T/fit.txt")"
# agreement.py: a second labelling beside the first gives the two graders' agreement.
# First grader: {A1, A2}; second: {A1, A3} -> P 0.5, R 0.5; 2 of 3 lines identical.
mkdir -p "$T/agree/dev/s"
printf 'A1\tfirst line\nA2\tsecond line\n-\tthird line\n' > "$T/agree/dev/s/x.lab"
printf 'A1\tfirst line\nA3\tsecond line\n-\tthird line\n' > "$T/agree/dev/s/x.lab2"
python3 "$SRC/tests/eval/agreement.py" "$T/agree" > "$T/agree.txt" 2>&1 \
  || fail "agreement.py failed: $(cat "$T/agree.txt")"
grep -q "P 0.500  R 0.500  F1 0.500" "$T/agree.txt" || fail "agreement.py figures: $(cat "$T/agree.txt")"
grep -q "identical line labels: 0.667" "$T/agree.txt" || fail "agreement.py lines: $(cat "$T/agree.txt")"
printf 'A1\tfirst line\nA3\tanother line\n-\tthird line\n' > "$T/agree/dev/s/x.lab2"
if python3 "$SRC/tests/eval/agreement.py" "$T/agree" > "$T/agree.txt" 2>&1; then
  fail "agreement.py accepted a second labelling of different lines"
fi
grep -q "x.lab2: lines differ" "$T/agree.txt" || fail "unclear agreement.py error: $(cat "$T/agree.txt")"
run --content "$SRC" eval --features /nonexistent/dir/f.tsv "$SRC/tests/fixtures/grader/eval"
expect_rc 2
expect_err "cannot write"
# a threshold that is not a number in (0, 1] is refused, not read as the default
for bad in abc 0 1.5 0.4x 0x1 inf nan; do
  run --content "$SRC" eval --threshold "$bad" "$SRC/tests/fixtures/grader/eval"
  expect_rc 2
  expect_err "--threshold wants a number above 0 and at most 1, not '$bad'"
done
# Contractions keep their negation (bundled lexicon): "doesn't authenticate" earns the
# missing-authentication threat, "does authenticate" does not.
printf "the endpoint doesn't authenticate anyone\nthe endpoint does authenticate users\n" > "$T/neg.txt"
run --content "$SRC" grade --key "$SRC/tests/fixtures/content/exercises/add-user-api" --json "$T/neg.txt"
expect_rc 0
python3 - "$T/out" <<'PY' || fail "contraction not read as a negation"
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["threat"] for f in d["found"]] == ["A02"], d["found"]
assert d["found"][0]["line"] == 1
PY
# Irregular verb forms (bundled lexicon): "stole" and "took over" read as "steal" and
# "take over", so they meet the key's "stolen" and "taken over"; without them the line
# shares only "doctor", "password" and "account" and earns nothing.
cat > "$T/irregular.yaml" <<'YAML'
threats:
  - id: T1
    title: Doctor accounts taken over with stolen passwords
    description: Doctors sign in with a password only, so a phished or reused password opens the account.
    stride: [S]
    severity: high
  - id: T2
    title: Appointment list readable by other patients
    description: The list endpoint does not check that the caller is the patient.
    stride: [I]
    severity: medium
YAML
printf 'someone stole a doctor password and took over the account\n' > "$T/irregular.txt"
run --content "$SRC" grade --key "$T/irregular.yaml" "$T/irregular.txt"
expect_rc 0
expect_out "T1 [high] line 1"
expect_out "stole -> steal"
# the key says "taken over" too: the words are shared, not the synonym group's
# first member ("hijack"), which neither text holds
expect_out "shared: doctor, take over, account, password; stole -> steal; took -> take"
# A key given as "." is named after the directory it resolves to.
cd "$SRC/tests/fixtures/content/exercises/add-user-api" || fail "cd"
run grade --key . --json samples/good.txt
expect_rc 0
expect_out '"key":"add-user-api"'
exit 0
