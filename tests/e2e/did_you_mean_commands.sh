# Mistyped command, subcommand, course, module and exercise ids get the closest
# one when it is close (tools_did_you_mean: a likely typo, or the one id that
# starts with what was typed), and nothing when far off.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
run lern
expect_rc 2; expect_err "'lern' is not a tmdojo command (did you mean 'learn'?)"
run progres
expect_rc 2; expect_err "(did you mean 'progress'?)"
run help lern
expect_rc 2; expect_err "unknown command 'lern' (did you mean 'learn'?)"
run cohort reprot
expect_rc 2; expect_err "tmdojo cohort: unknown subcommand 'reprot' (did you mean 'report'?)"
run learn fundations
expect_rc 2; expect_err "tmdojo learn: no course 'fundations' (did you mean 'foundations'?)"
run learn intro/the-four-step
expect_rc 2; expect_err "course 'intro' has no module 'the-four-step' (did you mean 'the-four-steps'?)"
run show intro/the-four-step
expect_rc 2; expect_err "(did you mean 'the-four-steps'?)"
run show fundations
expect_rc 2; expect_err "tmdojo show: no course 'fundations' (did you mean 'foundations'?)"
run show --exercise credit-card
expect_rc 2; expect_err "no exercise 'credit-card' (did you mean 'credit-card-billing'?)"
for far in "zzzzzzzz" "learn qqqqqqqq" "show qqqqqqqq" "show intro/qqqqqqqq" "cohort qqqqqqqq"; do
  # shellcheck disable=SC2086
  run $far
  expect_rc 2
  if grep -q "did you mean" "$T/err"; then fail "a suggestion for a far-off '$far'"; fi
done
exit 0
