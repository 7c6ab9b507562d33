# A learner who labels threats with STRIDE categories or severities is told,
# under each threat found, where the key files or rates it otherwise: sorting
# and rating threats is what the lessons teach. Agreeing labels get no note,
# and a list grouped under STRIDE headings is labelled by them.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
export TMDOJO_HOME="$T/home"
list='## Spoofing\n- CVV is kept in the database after the payment (critical)\n## Information disclosure\n- Support console displays full, unmasked card numbers to every agent (low)\n- [D] request floods run up the per-call fees of the card-network API (high)\n'

printf "card numbers\n\nout: SSO\n\n$list\n\n:q\n" > "$T/in"
IN="$T/in" run learn --learner ana foundations/billing-exercise
expect_rc 0
expect_out "  + [B02, critical] Full card numbers and CVVs stored"
expect_out "you labelled it spoofing; the key files it under information-disclosure"
expect_out "you rated it low; the key rates it high"
# B02's severity and B03's category and severity agree: no note for them
[ "$(grep -c 'you labelled it' "$T/out")" -eq 1 ] || fail "a note for a label that agrees"
[ "$(grep -c 'you rated it' "$T/out")" -eq 1 ] || fail "a note for a rating that agrees"
