# End-to-end: tmdojo cohort grade and report (text, csv, json, html) on the fixture
# class: binary and missing files reported and skipped (exit 1), idempotent
# re-runs, the top-three rule, the report formats, -o writing a file.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"

run cohort grade --exercise add-user-api --cohort c1 "$FIX/class" "$T/missing.txt"
expect_rc 1
expect_out "graded 3 of 5 submissions of 'add-user-api' into cohort 'c1'; 2 skipped"
expect_out "alpha"; expect_out "bravo"; expect_out "charlie"
expect_err "skipped $FIX/class/zip-upload.txt:1:5: a NUL byte: this is not a text file"
expect_err "skipped '$T/missing.txt'"
! grep -q '\[#' "$T/err" || fail "a progress bar without a terminal"

# on a terminal: a progress bar on stderr instead of one line per group
if command -v script >/dev/null 2>&1; then
  TMDOJO_HOME="$T/tty-home" script -qec "'$TMDOJO' cohort grade --exercise add-user-api --cohort tty '$FIX/class/alpha.txt' '$FIX/class/bravo.md'" "$T/tty.log" >/dev/null 2>&1
  grep -q '\[###*\] 2/2' "$T/tty.log" || fail "no progress bar on a terminal: $(cat "$T/tty.log")"
  grep -q "graded 2 of 2" "$T/tty.log" || fail "no summary on a terminal"
fi

# re-running changes nothing: no duplicate rows, found rows not doubled
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }
[ "$(count 'select count(*) from gb_submissions')" = 3 ] || fail "expected 3 rows"
found=$(count 'select count(*) from gb_found')
run cohort grade --exercise add-user-api --cohort c1 "$FIX/class/alpha.txt" "$FIX/class/bravo.md" "$FIX/class/charlie.txt"
expect_rc 0; expect_out "(unchanged)"; expect_out "graded 3 of 3"
[ "$(count 'select count(*) from gb_submissions')" = 3 ] || fail "re-run duplicated rows"
[ "$(count 'select count(*) from gb_found')" = "$found" ] || fail "re-run changed found rows"
# bravo's top three come from its "Top three" section, in that order
[ "$(count "select t.line from gb_top t join gb_submissions s on s.id = t.submission where s.name = 'bravo' and t.rank = 1")" = 8 ] \
  || fail "bravo's first top-three line should be line 8"

# two files naming the same group: the second is reported, not silently stored over the first
cp "$FIX/class/charlie.txt" "$T/alpha.md"
run cohort grade --exercise add-user-api --cohort dup "$FIX/class/alpha.txt" "$T/alpha.md"
expect_rc 1; expect_err "skipped '$T/alpha.md': group name 'alpha' is already taken by '$FIX/class/alpha.txt'"
[ "$(count "select score from gb_submissions where cohort = 'dup'")" = 90.0 ] || fail "the duplicate overwrote alpha"

run cohort grade --cohort c1 "$FIX/class"; expect_rc 2; expect_err "--exercise is required"
run cohort grade --exercise nosuch "$FIX/class"; expect_rc 2; expect_err "no exercise 'nosuch'"

# text report
run cohort report --cohort c1; expect_rc 0
expect_out "cohort c1: The add-user API (add-user-api)"
expect_out "3 groups"
expect_out "threats, most missed first"
expect_out "top three (reference: A01)"
run cohort report --cohort nobody; expect_rc 2; expect_err "no cohort 'nobody'; the cohorts are: 'c1', 'dup'"
run cohort report --cohort c1 --format pdf; expect_rc 2; expect_err "unknown format 'pdf'"

# json
run cohort report --cohort c1 --format json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "report json is not as expected"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["cohort"] == "c1" and d["exercise"] == "add-user-api" and d["groups"] == 3
names = [s["name"] for s in d["submissions"]]
assert names == ["alpha", "bravo", "charlie"], names
alpha = d["submissions"][0]
assert {f["threat"] for f in alpha["found"]} == {"A01", "A02", "A03"}
assert alpha["score"] == 90
bravo = d["submissions"][1]
assert [t["threat"] for t in bravo["top_three"]] == ["A01", "A02", None], bravo["top_three"]
rates = [t["rate"] for t in d["threats"]]
assert rates == sorted(rates), "threats must be most-missed first"
assert sum(d["histogram"]) == 3
PY

# csv to a file
run cohort report --cohort c1 --format csv -o "$T/c1.csv"; expect_rc 0
python3 - "$T/c1.csv" <<'PY' || fail "csv is not as expected"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:3] == ["group", "score", "points"], rows[0]
assert [r[0] for r in rows[1:]] == ["alpha", "bravo", "charlie"]
assert "A01" in rows[0]
PY

# html to a file: one self-contained page
run cohort report --cohort c1 --format html -o "$T/c1.html"; expect_rc 0
grep -q '<svg id="score-histogram"' "$T/c1.html" || fail "no histogram"
grep -q '<svg id="discovery-rate"' "$T/c1.html" || fail "no discovery chart"
grep -q '<svg id="stride-heatmap"' "$T/c1.html" || fail "no heat map"
grep -q 'id="top-three"' "$T/c1.html" || fail "no top-three table"
! grep -qi '<script\|<link\|src=\|https\?:' "$T/c1.html" || fail "the page must not load or run anything"
exit 0
