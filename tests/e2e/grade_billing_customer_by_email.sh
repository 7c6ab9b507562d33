# The billing key lists the threat of design.md's "the API creates or finds the customer by
# email": a guest who types another customer's email at checkout changes that customer's
# record (their card, subscriptions, invoices, name and postcode). It is B30; before, the
# key did not list it and such lines earned nothing. Review of session 17.
. "$(dirname "$0")/lib/common.sh"
[ -f "$SRC/exercises/credit-card-billing/key.yaml" ] || { echo "no billing exercise"; exit 77; }
grade_one() {
  printf '%s\n' "$1" > "$T/sub.txt"
  run grade --key "$SRC/exercises/credit-card-billing" "$T/sub.txt"
  expect_rc 0
}
found() { grep -qE "^  $1 \[" "$T/out" || fail "expected $1 for: $(cat "$T/sub.txt")"; }
absent() { ! grep -qE "^  $1 \[" "$T/out" || fail "did not expect $1 for: $(cat "$T/sub.txt")"; }
for line in \
  "$(sed -n 16p "$SRC/exercises/credit-card-billing/samples/review-verbose.txt")" \
  "a stranger can check out with my email address and change my billing details" \
  "guest checkout overwrites an existing customer's name and postcode when someone types their email" \
  "the API matches guests to customers by email without verifying the address"
do
  grade_one "$line"; found B30
done
# signing in, email receipts and phishing are not this threat
for line in "phishing emails to our customers" "receipts are sent by email through MailKite"; do
  grade_one "$line"; absent B30
done
exit 0
