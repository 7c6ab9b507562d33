# "? hint" is offered only by questions that have a hint.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
printf 'b\na c\n' > "$T/in"
IN="$T/in" run learn --seed 7 --learner hints tiny
expect_rc 0
# question 1 (t-single) has two hints, question 2 (t-multi) none
sed -n '/Question 1 of 8/,/Question 2 of 8/p' "$T/out" | grep -qF "(? hint, :q stop)" ||
  fail "question 1 has hints but does not offer them"
sed -n '/Question 2 of 8/,/Question 3 of 8/p' "$T/out" | grep -qF "? hint" &&
  fail "question 2 has no hint but offers one"
# every answer prompt says how to leave
sed -n '/Question 2 of 8/,/Question 3 of 8/p' "$T/out" | grep -qF "(:q stop)" ||
  fail "question 2 does not say how to stop"
exit 0
