# A line over 2000 bytes is truncated by the grader; grade, cohort grade and team record
# all say so on stderr, the same way (cohort and team said nothing).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "x"; print s " card numbers stored with CVV" }' \
  > "$T/long.txt"
warning="long.txt: warning: 1 line(s) longer than 2000 bytes were truncated"

run grade --key "$SRC/exercises/credit-card-billing" "$T/long.txt"
expect_rc 0; expect_err "$warning"
run cohort grade --exercise credit-card-billing "$T/long.txt"
expect_rc 0; expect_err "$warning"; expect_out "graded 1 of 1"
run team record payments --exercise credit-card-billing "$T/long.txt"
expect_rc 0; expect_err "$warning"; expect_out "recorded a session"
# standard input is named '-'
IN="$T/long.txt" run team record payments --again --exercise credit-card-billing -
expect_rc 0; expect_err "-: warning: 1 line(s) longer than 2000 bytes were truncated"
# no warning for ordinary lines
run cohort grade --exercise credit-card-billing "$SRC/exercises/credit-card-billing/samples/strong-group.txt"
expect_rc 0
if grep -q "warning" "$T/err"; then fail "a warning for an ordinary submission"; fi
exit 0
