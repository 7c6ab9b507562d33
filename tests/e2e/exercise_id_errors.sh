# A typo in exercise.yaml's id is one error, at exercise.yaml:1:5 (it must
# match its directory): the module that takes the exercise still finds it by
# its directory, and its key is not told to copy the typo. So is an invalid id.
# A module naming an exercise that is not there, but close to one that is, gets
# a "did you mean".
# The cases edit a root of their own (one course, one module that takes one
# exercise): validating the whole bundled content for each took minutes under valgrind.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_exercise_root "$C"
Y="$C/exercises/tiny-ex/exercise.yaml"
[ "$(head -1 "$Y")" = "id: tiny-ex" ] || fail "id is not on line 1"
grep -q '^exercise: tiny-ex$' "$C/exercises/tiny-ex/key.yaml" || fail "the key does not name its exercise"

for bad in tiny-exx tiny_ex; do
  sed -i "s/^id: .*/id: $bad/" "$Y"
  run --content "$C" validate "$C"
  expect_rc 2
  expect_err "exercises/tiny-ex/exercise.yaml:1:5: "
  expect_err "1 error"
  grep -q "unknown exercise" "$T/err" && fail "$bad: the module lost the exercise"
  grep -q "write '$bad'" "$T/err" && fail "$bad: the key is told to copy the id"
  # the course alone: the reference points at the exercise's error
  run --content "$C" validate "$C/courses/demo"
  expect_rc 2
  expect_err "exercise 'tiny-ex' has errors, the first at"
  grep -q "unknown exercise" "$T/err" && fail "$bad: unknown exercise, course alone"
done
expect_err "'tiny_ex' is not a valid id"
sed -i "s/^id: .*/id: tiny-ex/" "$Y"
run --content "$C" validate "$C"
expect_rc 0

# did you mean, beside the other unknown-name messages
M="$C/courses/demo/m.yaml"
grep -q '^  - exercise: tiny-ex$' "$M" || fail "the module does not take tiny-ex"
sed -i 's/^  - exercise: tiny-ex$/  - exercise: tiny-exx/' "$M"
run --content "$C" validate "$C"
expect_rc 2
expect_err "unknown exercise 'tiny-exx'; did you mean 'tiny-ex'?"
sed -i 's/^  - exercise: tiny-exx$/  - exercise: no-such-thing-here/' "$M"
run --content "$C" validate "$C"
expect_rc 2
expect_err "unknown exercise 'no-such-thing-here'; add exercises/no-such-thing-here/exercise.yaml or fix the id"
exit 0
