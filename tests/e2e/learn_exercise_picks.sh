# The top-three step reads the learner's picks back in their order, says how
# many are in the reference top three and names a pick the key credits nothing
# for (before: "Your picks match: B01 B02 B12", in key order, reading as
# agreement).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
A="Admin endpoints open to the internet, protected only by a header anyone can send"
C="Full card numbers and CVVs stored in the billing database"
B="Card testing with stolen card numbers through the guest checkout"

# assets, scope, threats (Enter: on), then the top three PICK1 PICK2 PICK3
picks() {
  printf '%s\n' "cardholder data" . scope . "$A" "$C" "$B" . "" "$1" "$2" "$3" . :q > "$T/in"
}
flat() { tr '\n' ' ' < "$T/out" | tr -s ' '; }

picks "$A" "$C" "$B"
IN="$T/in" run learn --seed 7 --learner ana foundations/billing-exercise
expect_rc 0
flat | grep -qF "Your top three, in your order: B12, B02, B01 - 2 of 3 are in the reference top three." \
  || fail "the picks are not read back in the learner's order"
expect_no_out "Your picks match"
expect_no_out "matched no threat of the key"

picks "Our logo is the wrong colour" "$B" "$A"
IN="$T/in" run learn --seed 7 --learner ben foundations/billing-exercise
expect_rc 0
flat | grep -qF "Your top three, in your order: (no match), B01, B12 - 1 of 3 is in the reference top three." \
  || fail "an unmatched pick is not named as such"
flat | grep -qF "? pick 1 matched no threat of the key: \"Our logo is the wrong colour\"" \
  || fail "the unmatched pick's words are not shown"
exit 0
