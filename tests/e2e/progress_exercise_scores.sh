# `tmdojo progress --help` promises quiz and exercise scores per module, but only
# quiz points were shown (text and --json): a finished exercise's score was stored
# and never printed. Each exercise done now has a line with its score, and --json
# lists a module's exercises with done, score (null when not done) and passed.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
run progress --help
expect_out "quiz and exercise scores per module"

# module one only: module two's exercise is not done yet
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner ann tiny/one
expect_rc 0
run progress --learner ann --json
expect_rc 0
expect_out '"exercises":[{"id":"tiny-ex","done":false,"score":null,"passed":false}]'
run progress --learner ann
expect_no_out "exercise tiny-ex"

cat "$A/tiny-seed7-part1.txt" "$A/tiny-seed7-part2.txt" > "$T/all.txt"
IN="$T/all.txt" run learn --seed 7 --learner bo tiny
expect_rc 0
expect_out "Your threats score: 20%"
run progress --learner bo
expect_rc 0
grep -q '^  done\*  *two  *3/3  quiz 0.7/1 (70%)$' "$T/out" || fail "module two's line changed"
grep -q '^  *exercise tiny-ex  *20% (below half of the key)$' "$T/out" ||
  fail "progress does not show the exercise's score"
run progress --learner bo --json
expect_rc 0
expect_out '{"id":"one","items":2,"done":2,"score":7.5,"max":8,"passed":true,"exercises":[]}'
expect_out '"exercises":[{"id":"tiny-ex","done":true,"score":20,"passed":false}]'

# an exercise without a threats step is done, with no score (nothing was graded
# against the key), not "0% (below half of the key)"
cp -r "$SRC/tests/fixtures/learn" "$T/c"
sed -i 's/^  threats: 10$//; s/^steps: \[read, assets, scope, threats, top-three, remediation\]/steps: [read, assets, scope]/' \
  "$T/c/exercises/tiny-ex/exercise.yaml"
export TMDOJO_CONTENT="$T/c"
run validate "$T/c"
expect_rc 0
run learn --seed 7 --solve tiny/two
cp "$T/out" "$T/two.txt"
IN="$T/two.txt" run learn --seed 7 --learner cy tiny/two
run progress --learner cy
grep -q '^  *exercise tiny-ex  *done$' "$T/out" || fail "an unscored exercise shows a score"
grep -q '^  done  *two  *3/3' "$T/out" || fail "an unscored exercise marks its module done*"
run progress --learner cy --json
expect_out '"exercises":[{"id":"tiny-ex","done":true,"score":null,"passed":false}]'

# a top three with no threats step is refused (steps_order_needs.sh): the
# learner picks the top three from their own threat list
sed -i 's/^steps: \[read, assets, scope\]/steps: [read, assets, top-three]/' \
  "$T/c/exercises/tiny-ex/exercise.yaml"
run validate "$T/c"
expect_rc 2
expect_err "step 'top-three' needs 'threats' before it"
exit 0
