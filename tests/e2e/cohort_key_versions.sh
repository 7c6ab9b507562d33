# End-to-end: grades remember the key version they were made against. After the
# key changes, re-grading says so (never "(unchanged)" while the score moves),
# grading warns about groups still on the older key, and every report format
# says which groups were graded against another key version.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
cp -r "$FIX/content" "$T/c2"
# A04 (low) becomes critical: a group that found it earns more
sed -i 's/severity: low/severity: critical/' "$T/c2/exercises/add-user-api/key.yaml"
mkdir "$T/class"
printf 'account creation flood exhausts the database\nSQL injection in the user name field\n' >"$T/class/lynx.txt"
printf 'SQL injection in the user name field\n' >"$T/class/wolves.txt"

run cohort grade --exercise add-user-api --cohort k "$T/class"; expect_rc 0
old=$(grep '^lynx' "$T/out" | awk '{print $2}')
run cohort grade --exercise add-user-api --cohort k "$T/class"; expect_rc 0
expect_out "(unchanged)"; expect_no_out "key changed"

# lynx re-graded against the new key: its score changes, and the line says why
TMDOJO_CONTENT="$T/c2" run cohort grade --exercise add-user-api --cohort k "$T/class/lynx.txt"
expect_rc 0
grep '^lynx' "$T/out" | grep -qF "(re-graded: the key changed since the last grading; was $old)" \
  || fail "re-grading against a changed key should say so"
expect_no_out "(unchanged)"
expect_err "warning: 1 group of cohort 'k' was graded against another version of the key of 'add-user-api': wolves"

# the report (current key: the fixture's) names the group graded against another
run cohort report --cohort k; expect_rc 0
expect_out "warning: 1 of 2 groups was graded against another version of the key than the current one"
expect_out "lynx (key "
grep -E '^  lynx .*older key' "$T/out" >/dev/null || fail "lynx's line should say older key"
grep -E '^  wolves ' "$T/out" | grep -q 'older key' && fail "wolves was graded against the current key"
for fmt in csv json html; do
  run cohort report --cohort k --format "$fmt"; expect_rc 0
  expect_err "tmdojo cohort report: warning: 1 of 2 groups was graded against another version"
done
run cohort report --cohort k --format json
python3 - "$T/out" <<'PY' || fail "json key versions"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["name"]: x for x in d["submissions"]}
assert s["wolves"]["key_hash"] == d["key_hash"] and s["wolves"]["key_current"]
assert s["lynx"]["key_hash"] != d["key_hash"] and not s["lynx"]["key_current"]
PY
run cohort report --cohort k --format html
grep -q 'id="key-versions"' "$T/out" || fail "html lacks the key-version warning"

# re-graded with the current key again: no warning left; an unchanged key and
# content stays "(unchanged)"
run cohort grade --exercise add-user-api --cohort k "$T/class"; expect_rc 0
grep '^lynx' "$T/out" | grep -qF "(re-graded: the key changed" || fail "lynx's return to the old key"
grep '^wolves' "$T/out" | grep -qF "(unchanged)" || fail "wolves is unchanged"
run cohort report --cohort k; expect_rc 0; expect_no_out "warning"
exit 0
