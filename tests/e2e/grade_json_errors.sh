# tmdojo grade: a submission that cannot be read. With --json and several, every one
# given has an entry in the array, in order, the unreadable one as {"submission", "error"};
# with one, nothing on stdout (it printed a lone newline) and exit 2. The text report
# shows a file name with control characters as '?'.
. "$(dirname "$0")/lib/common.sh"
F="$SRC/tests/fixtures/grader"
G="--content $SRC grade --key $F/key.yaml"
cp "$F/team-red.txt" "$T/good.txt"

run $G --json "$T/nosuch.txt"
expect_rc 2
[ ! -s "$T/out" ] || fail "stdout should be empty for one unreadable submission"
expect_err "nosuch.txt"

run $G --json "$T/nosuch.txt" "$T/good.txt" "$T/also-missing.txt"
expect_rc 2
python3 - "$T/out" "$T" <<'PY' || fail "grade --json with an unreadable submission: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
assert isinstance(d, list) and len(d) == 3, d
assert d[0]["submission"] == t + "/nosuch.txt" and "No such file" in d[0]["error"], d[0]
assert "score" not in d[0] and "key" not in d[0], d[0]
assert d[1]["submission"] == t + "/good.txt" and d[1]["score"] == 80, d[1]
assert d[2]["submission"] == t + "/also-missing.txt" and d[2]["error"], d[2]
PY
# a YAML mistake is an error entry too, with where it is
printf 'threats:\n  - ""\n' > "$T/blank.yaml"
run $G --json "$T/good.txt" "$T/blank.yaml"
expect_rc 2
python3 - "$T/out" <<'PY' || fail "grade --json with a bad YAML submission: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 2 and d[0]["score"] == 80, d
assert d[1]["submission"].endswith("blank.yaml") and "blank.yaml:2:5: an empty threat" in d[1]["error"], d[1]
PY
# text: the one that can be read is still reported
run $G "$T/nosuch.txt" "$T/good.txt"
expect_rc 2
expect_out "good.txt: 80.0%"

# a file name is shown with control characters as '?'
name="$T/$(printf 'ev\033[2Jil').txt"
cp "$F/team-red.txt" "$name"
run $G "$name"
expect_rc 0
expect_out "ev?[2Jil.txt: 80.0%"
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then fail "grade printed an escape character"; fi
run $G "$T/nosuch-$(printf '\033[31m').txt"
expect_rc 2
if grep -q "$(printf '\033')" "$T/err"; then fail "grade's error printed an escape character"; fi
exit 0
