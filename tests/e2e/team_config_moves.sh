# End-to-end: team config re-judges every team's whole history under the new
# rules; it printed only the new rules, so a team moved back without a word.
# It now lists each team the change moves (from -> to), or says none moves.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/cohort/content"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n' >"$T/ch.txt"
printf -- '- the endpoint is unauthenticated\n' >"$T/weak.txt"
run team config --sessions 2; expect_rc 0
expect_out "team rules: 2 sessions in a row, recall >= 0.8 (saved)"
expect_no_out "move"
run team record payments -e add-user-api "$T/ch.txt"; expect_rc 0
run team record payments -e add-user-api --again "$T/ch.txt"; expect_rc 0
run team record mobile -e add-user-api "$T/weak.txt"; expect_rc 0
run team status; expect_out "payments: review"
run team config --sessions 3; expect_rc 0
expect_out "teams the new rules move (judged again from all their sessions):"
expect_out "  payments: review -> observation"
expect_no_out "mobile:"
run team config --recall 0.5; expect_rc 0
expect_out "no team changes phase under the new rules"
run team config --sessions 1 --recall 0; expect_rc 0
expect_out "  payments: observation -> security-optional"
expect_out "  mobile: observation -> review"
# printing the rules changes nothing and re-judges nothing
run team config; expect_rc 0
expect_out "team rules: 1 session in a row, recall >= 0"; expect_no_out "(saved)"
expect_no_out "move"
run help team; expect_rc 0
expect_out "phases are judged"
exit 0
