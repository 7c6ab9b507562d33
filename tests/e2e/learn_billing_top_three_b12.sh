# The billing exercise's reference top three (B01, B02, B03) leaves out B12, a critical
# threat (anyone who learns the admin header can refund to their own card), for the high
# B03. A learner who picks B12 is told why B03 still makes the reference three and that
# a top three with B12 is right too; the course's "Comparing top threes" says the same.
# Review of session 17 (before: no word on B12 anywhere in the top-three step).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
A="Admin endpoints open to the internet, protected only by a header anyone can send"
C="Full card numbers and CVVs stored in the billing database"
B="Card testing with stolen card numbers through the guest checkout"
printf '%s\n' "cardholder data" . scope . "$A" "$C" "$B" . "" "$A" "$C" "$B" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ana foundations/billing-exercise
expect_rc 0
flat=$(tr '\n' ' ' < "$T/out" | tr -s ' ')
echo "$flat" | grep -qF "Your top three, in your order: B12, B02, B01" || fail "picks not read back"
# the reference's why, after the picks, names B12 and says a three with it is right too
why=${flat#*The reference top three:}
echo "$why" | grep -qF "B12" || fail "the reference top three does not explain leaving out B12"
echo "$why" | grep -qiF "right too" || fail "the reference top three does not say a three with B12 is right too"
# and the course text comparing top threes
run show foundations/billing-exercise
expect_rc 0
flat=$(tr '\n' ' ' < "$T/out" | tr -s ' ')
case $flat in
  *"Comparing top threes"*X-Billing-Admin*"Check your understanding"*) ;;
  *) fail "Comparing top threes does not discuss the admin header (B12)" ;;
esac
exit 0
