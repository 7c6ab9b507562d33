# Messages name the real error: -o "" said "the directory '.' does not exist"
# (it had written a temporary '.tmp-PID' in the current directory); a file in
# a directory that takes no new files (/proc/version) said "the directory
# '/proc' does not exist". eval printed precision 0.000 over no credits
# (--threshold 1): n/a now, as a figure over nothing.
. "$(dirname "$0")/lib/common.sh"
run cohort grade --exercise credit-card-billing --cohort c1 \
  "$SRC/exercises/credit-card-billing/samples/strong-group.txt"
expect_rc 0
mkdir "$T/here"
( cd "$T/here" && "$TMDOJO" --content "$SRC" cohort report --cohort c1 -o "" ) \
  >"$T/out" 2>"$T/err" </dev/null
rc=$?
expect_rc 2
expect_err "tmdojo cohort report: -o FILE needs a file name, not an empty one"
[ -z "$(ls -A "$T/here")" ] || fail "files were left: $(ls -A "$T/here")"
run export moodle-xml --course intro -o ""
expect_rc 2
expect_err "-o FILE needs a file name"
if [ -f /proc/version ]; then
  run cohort report --cohort c1 -o /proc/version
  expect_rc 2
  grep -q "does not exist" "$T/err" && fail "said a directory is missing"
  grep -qE "cannot create a new file in '/proc'|read-only to you" "$T/err" ||
    fail "no reason given"
fi

C="$T/corpus"
mkdir -p "$C/dev/sys1"
printf 'threats:\n  - id: K01\n    title: SQL injection in the search box\n    stride: [tampering]\n    severity: high\n' > "$C/dev/sys1/key.yaml"
printf 'K01\tSQL injection in the search box\n-\tthe logo is ugly\n' > "$C/dev/sys1/a.lab"
run --content "$SRC" eval --threshold 1 "$C"
expect_rc 0
grep -Eq '^dev +1 +1 +2 +n/a +0\.000 +0\.000 +n/a ' "$T/out" ||
  fail "precision over no credits is not n/a"
run --content "$SRC" eval "$C"
expect_rc 0
grep -Eq '^dev +1 +1 +2 +1\.000 +1\.000 +1\.000 +1\.000 ' "$T/out" || fail "figures changed"
exit 0
