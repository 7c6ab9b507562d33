# One size limit for a submission (TM_MAX_SUBMISSION_BYTES, 32 MiB) in grade,
# cohort grade and team record: a 2 MiB threat list that grade graded was
# refused by the other two (their limit was a content file's 1 MiB) with
# "split it", advice that fits no group's submission. Over the limit, all
# three refuse it with the same message, prefixed by the command.
. "$(dirname "$0")/lib/common.sh"
KEY="$SRC/exercises/credit-card-billing"
mkdir "$T/class" "$T/huge"
# one threat under 2 MiB of headings (skipped, so grading stays quick)
awk 'BEGIN { print "Card testing: bots run stolen card numbers through the guest checkout"
  h = "# notes"; while (length(h) < 1000) h = h " notes"
  while (n < 2200000) { print h; n += length(h) + 1 } }' > "$T/class/big.txt"
[ "$(wc -c < "$T/class/big.txt")" -gt 2097152 ] || fail "the file is not over 2 MiB"

run grade --key "$KEY" "$T/class/big.txt"; expect_rc 0
expect_out "B01"
run cohort grade --exercise credit-card-billing --cohort c "$T/class"
expect_rc 0
expect_out "graded 1 of 1"
run team record t --exercise credit-card-billing "$T/class/big.txt"
expect_rc 0
expect_out "recorded a session of team 't'"

truncate -s 33M "$T/huge/huge.txt" 2>/dev/null || exit 77
msg="over the 32 MiB limit of a submission: no threat list is that long; check that this is the right file"
run grade --key "$KEY" "$T/huge/huge.txt"; expect_rc 2
expect_err "$T/huge/huge.txt: file is 34603008 bytes, $msg"
run cohort grade --exercise credit-card-billing --cohort c "$T/huge"
expect_rc 2
expect_err "tmdojo cohort: skipped '$T/huge/huge.txt': file is 34603008 bytes, $msg"
run team record t --exercise credit-card-billing "$T/huge/huge.txt"
expect_rc 2
expect_err "tmdojo team record: $T/huge/huge.txt: file is 34603008 bytes, $msg"
IN="$T/huge/huge.txt" run team record t --exercise credit-card-billing -
expect_rc 2
expect_err "tmdojo team record: -: input is $msg"
! grep -q "split it" "$T/err" || fail "split it"
exit 0
