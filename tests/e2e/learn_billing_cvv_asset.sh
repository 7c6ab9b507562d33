# The billing exercise's reference assets: the CVV is sensitive authentication data (PCI
# DSS), not cardholder data. It is an asset of its own, classed secret (credential
# material, like a password hash) and never to be stored after authorization, while card
# numbers, expiry dates and names stay restricted cardholder data. Review of session 17
# (before: "cardholder data (..., CVVs)" was one restricted asset).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
printf '%s\n' "the CVV security codes" "card numbers" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ana foundations/billing-exercise
expect_rc 0
flat=$(tr '\n' ' ' < "$T/out" | tr -s ' ')
res=${flat#*Assets in the reference model}
# the CVV line named an asset of its own, classed secret, that says it must not be stored
echo "$res" | grep -qE '\+ card verification codes[^:]*\(secret\): [^+]*not[^+]*stored' \
  || fail "the CVV is not its own secret asset that must not be stored"
# card numbers stay restricted cardholder data, which no longer lists the CVV
echo "$res" | grep -qE '\+ cardholder data \(card numbers, expiry dates, cardholder names\) \(restricted\)' \
  || fail "cardholder data is not the restricted asset of card numbers, expiry dates and names"
exit 0
