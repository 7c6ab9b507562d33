# The answer key at the end of an exercise listed every threat alike, so a
# learner told "below half of the key: read the key closely" could not tell
# which of the key's threats their list had missed. It now marks each threat as the
# assets and scope steps mark the reference: + found by the learner's threat
# list, - not, after a resume too (the list read back from the store).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
export TMDOJO_HOME="$T/home"
list='CVV is kept in the database after the payment\nSupport console displays full, unmasked card numbers to every agent\n'
picks='Card testing with stolen card numbers through the guest checkout\nFull card numbers and CVVs stored in the billing database\nRequest floods run up the per-call fees of the card-network API\n'

# in one run
printf "card numbers\n\nout: SSO\n\n$list\n\n$picks\nfix them within days\n\n\n:q\n" > "$T/in"
IN="$T/in" run learn --learner ana foundations/billing-exercise
expect_rc 0
expect_out "(+ where your threat list found the threat, - where it did not)"
expect_out "  + [B02, critical] Full card numbers and CVVs stored"
expect_out "  + [B15, high] Support console displays"
expect_out "  - [B01, critical] Card testing"
expect_out "  - [B12, critical] Admin endpoints"
# the key's own marks (the threats step's result marks found ones the same way):
# two found, every other threat of the key missed (how many the key holds, as
# the grader reads it: found plus missed of a line that matches nothing)
sed -n '/^Answer key:/,$p' "$T/out" > "$T/key"
echo "zzz" > "$T/nothing.txt"
run grade --key "$SRC/exercises/credit-card-billing/key.yaml" --json "$T/nothing.txt"
total=$(python3 -c 'import json, sys; j = json.load(sys.stdin); print(len(j["found"]) + len(j["missed"]))' < "$T/out") ||
  fail "cannot count the key's threats"
[ "$total" -gt 2 ] || fail "the key holds $total threats"
[ "$(grep -c '^  + \[B' "$T/key")" -eq 2 ] || fail "not two threats marked found in the key"
[ "$(grep -c '^  - \[B' "$T/key")" -eq $((total - 2)) ] ||
  fail "not $((total - 2)) threats (the key's $total less 2) marked missed in the key"

# stopped at the remediation step, the key is marked on the resume (the list
# read back from the store)
printf "card numbers\n\nout: SSO\n\n$list\n\n$picks\n:q\n" > "$T/in"
IN="$T/in" run learn --learner bo foundations/billing-exercise
expect_rc 0
expect_no_out "Answer key:"
printf 'fix them within days\n\n:q\n' > "$T/in"
IN="$T/in" run learn --learner bo foundations/billing-exercise
expect_rc 0
expect_out "Answer key:"
expect_out "  + [B02, critical] Full card numbers and CVVs stored"
expect_out "  - [B01, critical] Card testing"
