# An author pattern that matched only once the line's typos were corrected says
# which corrections it took: grade names them after the pattern, and learn,
# which gives a plain reason instead of the pattern, keeps them for the
# learner to see ("exposd -> exposed"). Before, the typo kept the pattern
# from matching at all and the line earned nothing.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
printf 'cardholder data\n\nout: SSO\n\nadmin endpoints exposd to internet\n\n:q\n' > "$T/in"
IN="$T/in" run learn --learner typo foundations/billing-exercise
expect_rc 0
sed -n '/^Found:/,/^Missed/p' "$T/out" | tr -s ' \n' '  ' > "$T/found"
grep -qF '[B12, critical]' "$T/found" || fail "the typo line is not credited with B12"
grep -qF "(matched a phrase the key's author listed for this threat after typo corrections: exposd -> exposed)" "$T/found" ||
  fail "learn does not show the typo corrections"
grep -qF "pattern '" "$T/found" && fail "learn shows the raw pattern"

printf 'admin endpoints exposd to internet\n' > "$T/sub.txt"
run grade --key "$SRC/exercises/credit-card-billing" "$T/sub.txt"
expect_rc 0
grep -q "why: pattern '.*' matched after typo corrections: exposd -> exposed$" "$T/out" ||
  fail "tmdojo grade does not name the corrections"
exit 0
