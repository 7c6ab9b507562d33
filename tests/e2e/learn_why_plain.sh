# learn showed a credited line's "why" as the grader writes it for authors: the
# raw PCRE2 pattern ("(pattern '^(?!.*\b(log\w*|...' matched)"), code that was
# also wrapped mid-token. learn now gives a plain reason for a pattern and keeps
# the alias text for an alias; tmdojo grade still names the pattern, whole.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
printf 'cardholder data\n\nout: SSO\n\nour CVV codes are stored in the billing database\ninsider fraud through refunds\n\n:q\n' > "$T/in"
IN="$T/in" run learn --learner why foundations/billing-exercise
expect_rc 0
sed -n '/^Found:/,/^Missed/p' "$T/out" > "$T/found"
grep -qF '[B02, critical]' "$T/found" || fail "the CVV line is not credited with B02"
grep -qF "(matched a phrase the key's author listed for this threat)" "$T/found" ||
  fail "no plain reason for a pattern match"
grep -qF "pattern '" "$T/found" && fail "learn shows the raw pattern"
grep -qF '\b' "$T/found" && fail "learn shows regex syntax"
grep -qF "(alias 'insider fraud through refunds'; shared: fraud, insider, refunds)" "$T/found" ||
  fail "the alias that fired is not named"

# the grade report (for trainers) keeps the pattern, on one line
printf 'our CVV codes are stored in the billing database\n' > "$T/sub.txt"
run grade --key "$SRC/exercises/credit-card-billing" "$T/sub.txt"
expect_rc 0
grep -q "why: pattern '.*' matched$" "$T/out" || fail "tmdojo grade no longer names the pattern"
exit 0
