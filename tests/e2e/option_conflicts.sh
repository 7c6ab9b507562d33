# Options that choose one thing refuse a second choice (exit 2, nothing done)
# instead of silently keeping the last: progress --reset --yes --json printed
# JSON and reset nothing; export scorm --course intro --course live exported
# only live. moodle-xml's --course stays repeatable.
. "$(dirname "$0")/lib/common.sh"
A="$SRC/tests/fixtures/learn/answers"
export TMDOJO_LEARNER=ann
IN="$A/tiny-seed7-part1.txt" run --content "$SRC/tests/fixtures/learn" learn --seed 7 tiny/one
expect_rc 0
cp "$TMDOJO_HOME/progress.db" "$T/before.db"

for pair in "--reset --yes --json" "--json --reset --yes" "--export --json" \
            "--reset --export --yes"; do
  run --content "$SRC/tests/fixtures/learn" progress $pair
  expect_rc 2
  expect_err "cannot be combined: give one of --json, --export, --reset"
  [ ! -s "$T/out" ] || fail "progress $pair printed: $(cat "$T/out")"
done
cmp -s "$T/before.db" "$TMDOJO_HOME/progress.db" || fail "the progress file changed"
run --content "$SRC/tests/fixtures/learn" progress --json --json
expect_rc 0
expect_out '"tiny-ex"'

run export scorm --course intro --course live -o "$T/two.zip"
expect_rc 2
expect_err "one --course per package, not 'intro' and 'live'"
[ ! -e "$T/two.zip" ] || fail "a package was written"
run export moodle-xml --course intro --course live -o "$T/two.xml"
expect_rc 0
grep -q 'top/Part 1: ' "$T/two.xml" || fail "moodle-xml lost the first --course"
grep -q 'top/Part 3: ' "$T/two.xml" || fail "moodle-xml lost the second --course"
exit 0
