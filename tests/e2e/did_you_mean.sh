# "did you mean" suggestions of the commands measure ids with the engine's one
# edit distance (tm_edit_distance): a course id for progress --reset, a threat
# id for keycheck --threat; nothing far off is suggested.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
export TMDOJO_HOME="$T/home"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
run progress --reset --course fundations
expect_rc 2; expect_err "no course 'fundations' (did you mean 'foundations'?); nothing was reset"
run progress --reset --course zzzzzzzzzz
expect_rc 2; expect_err "no course 'zzzzzzzzzz'; nothing was reset"
run keycheck --threat B0 "$SRC/exercises/credit-card-billing"
expect_rc 2; expect_err "no threat 'B0' in the key of 'credit-card-billing' (did you mean 'B01'?)"
run keycheck --threat Q99 "$SRC/exercises/credit-card-billing"
expect_rc 2; expect_err "no threat 'Q99' in the key of 'credit-card-billing'"
if grep -q "did you mean" "$T/err"; then fail "a suggestion for a far-off id"; fi
exit 0
