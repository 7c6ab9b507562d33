# A typo in exercise.yaml's id is one error, at exercise.yaml:1:5 (it must
# match its directory): the module that takes the exercise still finds it by
# its directory, and its key is not told to copy the typo. So is an invalid id.
# A module naming an exercise that is not there, but close to one that is, gets
# a "did you mean".
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
mkdir -p "$C"
cp -r "$SRC/courses" "$SRC/exercises" "$SRC/lexicon" "$SRC/policy.yaml" "$C/"
Y="$C/exercises/credit-card-billing/exercise.yaml"
grep -q '^id: credit-card-billing$' "$Y" || fail "id line changed"
[ "$(head -1 "$Y")" = "id: credit-card-billing" ] || fail "id is not on line 1"

for bad in credit-card-biling credit_card_billing; do
  sed -i "s/^id: .*/id: $bad/" "$Y"
  run --content "$C" validate "$C"
  expect_rc 2
  expect_err "exercises/credit-card-billing/exercise.yaml:1:5: "
  expect_err "1 error"
  grep -q "unknown exercise" "$T/err" && fail "$bad: the module lost the exercise"
  grep -q "write '$bad'" "$T/err" && fail "$bad: the key is told to copy the id"
  # the course alone: the reference points at the exercise's error
  run --content "$C" validate "$C/courses/foundations"
  expect_rc 2
  expect_err "exercise 'credit-card-billing' has errors, the first at"
  grep -q "unknown exercise" "$T/err" && fail "$bad: unknown exercise, course alone"
done
expect_err "'credit_card_billing' is not a valid id"
sed -i "s/^id: .*/id: credit-card-billing/" "$Y"
run --content "$C" validate "$C"
expect_rc 0

# did you mean, beside the other unknown-name messages
M=$(grep -l '^  - exercise: credit-card-billing$' "$C"/courses/*/*.yaml | head -1)
[ -n "$M" ] || fail "no module takes credit-card-billing"
sed -i 's/^  - exercise: credit-card-billing$/  - exercise: credit-card-biling/' "$M"
run --content "$C" validate "$C"
expect_rc 2
expect_err "unknown exercise 'credit-card-biling'; did you mean 'credit-card-billing'?"
sed -i 's/^  - exercise: credit-card-biling$/  - exercise: no-such-thing-here/' "$M"
run --content "$C" validate "$C"
expect_rc 2
expect_err "unknown exercise 'no-such-thing-here'; add exercises/no-such-thing-here/exercise.yaml or fix the id"
exit 0
