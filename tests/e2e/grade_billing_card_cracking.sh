# The billing key tells card cracking (OWASP OAT-010: guessing the missing expiry date
# or CVV of a card number the attacker already has) from card testing (OAT-001: trying
# stolen cards to see which work), as Part 2's quiz teaches. Cracking earns its own
# threat, B29, not B01; card testing still earns B01. Review of session 17 (before: the
# cracking line earned B01 through an alias).
. "$(dirname "$0")/lib/common.sh"
[ -f "$SRC/exercises/credit-card-billing/key.yaml" ] || { echo "no billing exercise"; exit 77; }
# grade_one LINE: tmdojo grade's output for the one-line submission LINE
grade_one() {
  printf '%s\n' "$1" > "$T/sub.txt"
  run grade --key "$SRC/exercises/credit-card-billing" "$T/sub.txt"
  expect_rc 0
}
# found ID: the line was credited with threat ID
found() { grep -qE "^  $1 \[" "$T/out" || fail "expected $1 for: $(cat "$T/sub.txt")"; }
absent() { ! grep -qE "^  $1 \[" "$T/out" || fail "did not expect $1 for: $(cat "$T/sub.txt")"; }

for line in \
  "Attackers brute-force the CVV and expiry date of a card number they already have on the payment form" \
  "card cracking: bots guess the missing CVV of stolen card numbers at checkout" \
  "someone with a card number tries every expiry date on the checkout until one is approved" \
  "enumerating security codes for a known card number through the guest checkout"
do
  grade_one "$line"; found B29; absent B01
done
for line in \
  "a botnet tries stolen credit cards one by one on our checkout" \
  "card testing: fraudsters use the guest checkout to check which stolen cards still work"
do
  grade_one "$line"; found B01; absent B29
done
exit 0
