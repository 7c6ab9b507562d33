# Lines typed in a multi-line step survive :q (kept as a draft, shown on
# resume); end of input after new lines in the "again" round submits them as
# in round 1; the top three wants three lines; the "again" prompt re-asks on
# anything else; the remediation step names no windows before it is answered.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
export TMDOJO_HOME="$T/home"

# :q mid-list keeps the lines as a draft
printf 'card numbers (restricted)\nMeridian API key (secret)\n:q\n' > "$T/in1"
IN="$T/in1" run learn --learner ana foundations/billing-exercise
expect_rc 0
expect_out "The 2 lines you typed in this step are kept as a draft"
: > "$T/empty"
IN="$T/empty" run learn --learner ana foundations/billing-exercise
expect_out "Your earlier lines are kept"
expect_out "card numbers (restricted)"
expect_out "Meridian API key (secret)"
# a second stop counts the whole draft, not only this run's lines (it said 1)
printf 'customer emails\n:q\n' > "$T/in1c"
IN="$T/in1c" run learn --learner ana foundations/billing-exercise
expect_out "The 3 lines you typed in this step are kept as a draft"
IN="$T/empty" run learn --learner ana foundations/billing-exercise
expect_out "customer emails"
# answering spends the draft
printf '\n' > "$T/in1b"
IN="$T/in1b" run learn --learner ana foundations/billing-exercise
expect_out "Assets in the reference model"

# Ctrl-D in the "again" round submits the new lines
printf 'card numbers\n\nout: SSO\n\nA bot floods checkout to drain the Meridian budget\n\nagain\nSupport agents read full card numbers in the console\n' > "$T/in2"
IN="$T/in2" run learn --learner bob foundations/billing-exercise
expect_rc 0
grep -c "Score:" "$T/out" | grep -qx 2 || fail "the again round was not graded"

# the again prompt re-asks; top three needs three lines (two are kept, a third
# completes them); the remediation step
# asks for the organization's policy and names no windows of its own (its
# result, after the answer, shows the common default ones: learn_remediation_picks.sh)
printf 'card numbers\n\nout: SSO\n\nA bot floods checkout\n\nclear\n\none\ntwo\n\nthree\n\n:q\n' > "$T/in3"
IN="$T/in3" run learn --learner cy foundations/billing-exercise
expect_out "Type again, press Enter to go on, or :q to stop."
expect_out "give exactly three threats, one per line (you gave 2)"
tr '\n' ' ' < "$T/out" | grep -qF "when your organization's policy says it is due" ||
  fail "the remediation step does not ask for the policy's due date"   # wrapped at 80
expect_no_out "days, weeks, a quarter"
expect_no_out "within days"
expect_no_out "common default"
