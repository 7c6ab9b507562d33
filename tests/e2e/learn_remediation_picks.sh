# The remediation step's result shows the fixes of the learner's own top three,
# in their order, each with the common default due window of its severity
# (the windows Part 3 teaches in courses/live/05-remediation.yaml), then the
# reference top three's not among them; after a resume at the step too (the
# top three is graded again from the stored answer), whose prompt lists the
# picks again. Before, it showed the
# reference top three only (the learner's B12 got nothing) and no window.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
[ -f "$SRC/courses/live/course.yaml" ] || { echo "no live course"; exit 77; }
A="Admin endpoints open to the internet, protected only by a header anyone can send"
C="Full card numbers and CVVs stored in the billing database"
B="Card testing with stolen card numbers through the guest checkout"
FIXES="Admin endpoints: block /admin/* at the load balancer - critical, within days"

# the remediation result, on one line: from its heading to the answer key
section() {
  sed -n '/^Remediation for your top/,/^Answer key:/p' "$T/out" | tr '\n' ' ' | tr -s ' '
}
# in_order TEXT S1 S2...: each S in TEXT, each after the one before
in_order() {
  text=$1
  shift
  for s in "$@"; do
    case $text in
      *"$s"*) text=${text#*"$s"} ;;
      *) fail "the remediation result lacks, or has out of order: $s" ;;
    esac
  done
}
# window SEVERITY: the common default window the course file teaches for it
window() {
  sed -n "s/^ *| $1 | \\([^|]*[^ |]\\) *|.*/\\1/p" "$SRC/courses/live/05-remediation.yaml"
}
billing_picks() {   # PICK1 PICK2 PICK3 [stop before remediation]
  printf '%s\n' "cardholder data" . scope . "$A" "$C" "$B" . "" "$1" "$2" "$3" . > "$T/in"
  [ "${4:-}" = stop ] && { echo :q >> "$T/in"; return; }
  printf '%s\n' "$FIXES" . :q >> "$T/in"
}
check_billing() {
  s=$(section)
  in_order "$s" "Remediation for your top three, in your order:" \
    "1. [B12, critical] $A" "fix: Do not expose /admin/* on the public load balancer" \
    "due: critical: $(window critical) (a common default window)" \
    "2. [B02, critical] $C" "due: critical:" "3. [B01, critical] $B" "due: critical:" \
    "The reference top three also includes:" "[B03, high] Request floods" \
    "due: high: $(window high) (a common default window)" \
    "The due windows are a common default: use your organization's policy"
  case $s in *"[B01, critical]"*"[B01, critical]"*) fail "B01 is shown twice" ;; esac
}

[ "$(window critical)" = "within days" ] || fail "cannot read the critical window from the course file"

# the reviewer's run: the learner's B12 first, with its fixes and window
billing_picks "$A" "$C" "$B"
IN="$T/in" run learn --seed 7 --learner ana foundations/billing-exercise
expect_rc 0
expect_no_out "Remediation in the reference model"
check_billing

# stopped at the remediation prompt, resumed, answered: the same
billing_picks "$A" "$C" "$B" stop
IN="$T/in" run learn --seed 7 --learner bo foundations/billing-exercise
expect_rc 0
expect_no_out "Remediation for your top"
printf '%s\n' "$FIXES" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner bo foundations/billing-exercise
expect_rc 0
expect_out "Welcome back"
check_billing
# the resumed prompt repeats the picks the fixes are for
asked=$(sed -n '/^For each of your top three/,/^(finish with/p' "$T/out" | tr '\n' ' ' | tr -s ' ')
in_order "$asked" "Your top three:" "1. $A" "2. $C" "3. $B"

# a pick the key credits nothing for is named; the reference's others follow
billing_picks "Our logo is the wrong colour" "$B" "$A"
IN="$T/in" run learn --seed 7 --learner cy foundations/billing-exercise
expect_rc 0
in_order "$(section)" \
  "1. \"Our logo is the wrong colour\" matched no threat of the key, so the key has no fix to compare yours with" \
  "2. [B01, critical]" "3. [B12, critical]" "The reference top three also includes:" \
  "[B02, critical]" "[B03, high]"

# Part 3's webhook practice: the same result, every severity's window
W13="Fixed 60-second retries for 72 hours amplify load when endpoints fail"
W02="Cloud metadata endpoint reached through a webhook URL, leaking worker role credentials"
W18="Huge response bodies read into memory crash dispatcher workers"
printf '%s\n' "signing secrets" . scope . "$W13" "$W02" "$W18" . "" "$W13" "$W02" "$W18" . \
  "Retries: backoff with jitter - medium" "Metadata: egress proxy - critical" \
  "Bodies: cap the size - low" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner di live/live-session-practice
expect_rc 0
in_order "$(section)" "Remediation for your top three, in your order:" \
  "1. [W13, medium]" "due: medium: $(window medium) (a common default window)" \
  "2. [W02, critical]" "due: critical: $(window critical) (a common default window)" \
  "3. [W18, low]" "due: low: $(window low) (a common default window)" \
  "The reference top three also includes:" \
  "[W05, high]" "due: high: $(window high) (a common default window)" "[W14, high]"

# A pick whose line accepts the risk (line i answers pick i; review of session 17):
# the accepted-risk record is checked (owner, review date, reasoning) instead of a
# due window, with the course's word on accepting a critical, and the key's first
# fix as the alternative. Before, it got the fixes and "due: critical: ...".
accepted() {   # LINE1 LINE2 LINE3: the remediation answer for W02, W05, W18
  printf '%s\n' data . scope . "$W02" "$W18" . "" "$W02" "Signing secrets readable by every support agent" "$W18" . \
    "$1" "$2" "$3" . :q > "$T/in"
  IN="$T/in" run learn --seed 7 --learner "$4" live/live-session-practice
  expect_rc 0
}
pick() {   # N: pick N's part of the remediation result, on one line
  section | sed "s/.*  *$1\. \[/[/; s/ [0-9]\. \[.*//; s/ The reference top three.*//"
}
accepted "accept the risk, owner Sam, review date end of Q3" "Secrets: KMS" \
  "Risk accepted by Dana because the workers restart on their own; review on 1 March" gil
p1=$(pick 1)
in_order "$p1" "[W02, critical]" \
  "accepted: you accept the risk. Your record has an owner (who accepts it and answers for it) and a review date (when it is looked at again); it lacks the reasoning (why the risk is acceptable)." \
  "note: accepting a critical threat does not fit its severity" \
  "if you fix it instead: Block the link-local range"
case $p1 in *"due:"*) fail "an accepted risk got a due window: $p1" ;; esac
in_order "$(pick 2)" "[W05, high]" "fix: " "due: high: $(window high) (a common default window)"
p3=$(pick 3)
in_order "$p3" "[W18, low]" \
  "Your record has an owner (who accepts it and answers for it), a review date (when it is looked at again) and the reasoning (why the risk is acceptable)." \
  "if you fix it instead:"
case $p3 in *"due:"*|*"lacks"*|*"note:"*) fail "pick 3 is a full low accepted risk: $p3" ;; esac
# "won't fix" alone: none of the record; a fix that mentions a review is no acceptance
accepted "Metadata: egress proxy, code review by Ana" "we won’t fix this" "Bodies: cap the size" hal
in_order "$(pick 1)" "[W02, critical]" "fix: " "due: critical: $(window critical)"
in_order "$(pick 2)" "[W05, high]" \
  "accepted: you accept the risk. An accepted risk is written down with an owner (who accepts it and answers for it), a review date (when it is looked at again) and the reasoning (why the risk is acceptable): your line has none of them." \
  "note: many policies want a director's or the security team's sign-off to accept a high risk" \
  "if you fix it instead:"
# Refusing the risk is no acceptance, "no owner" no owner, "code review" no review
# date (review of session 17: substring matches read each the other way)
accepted "We cannot accept the risk here: ticket to block the metadata range, due in 2 days" \
  "Secrets: KMS" "Risk accepted, no owner yet and no date; code review would catch misuse" nan
in_order "$(pick 1)" "[W02, critical]" "fix: " "due: critical: $(window critical)"
case $(pick 1) in *"accepted:"*) fail "a refused risk was read as accepted: $(pick 1)" ;; esac
in_order "$(pick 3)" "[W18, low]" \
  "accepted: you accept the risk. An accepted risk is written down with an owner (who accepts it and answers for it), a review date (when it is looked at again) and the reasoning (why the risk is acceptable): your line has none of them."

# The windows are data (policy.yaml at the content root, review of session 17):
# the bundled file holds the common default the course teaches, severity by severity
policy_window() {
  sed -n "s/^ *$1: *\(.*[^ ]\) *$/\1/p" "$SRC/policy.yaml"
}
for sev in critical high medium low; do
  [ -n "$(window $sev)" ] && [ "$(policy_window $sev)" = "$(window $sev)" ] ||
    fail "policy.yaml's $sev window '$(policy_window $sev)' is not the course's '$(window $sev)'"
done
grep -q '^  source: common-default' "$SRC/policy.yaml" || fail "policy.yaml is not the common default"

# an organization's own content root: its windows, said to be its policy (the
# root holds the live course and its exercises, not all the bundled content:
# validate of the whole of it cost ~28 s of CPU under valgrind)
O=$T/org
mkdir -p "$O/courses" "$O/exercises"
cp -R "$SRC/courses/live" "$O/courses/"
cp -R "$SRC/exercises/webhook-delivery" "$SRC/exercises/ci-cd-pipeline" "$O/exercises/"
cp -R "$SRC/lexicon" "$O/"
cat > "$O/policy.yaml" <<'YAML'
remediation:
  source: organization
  due:
    critical: within 24 hours
    high: within 7 days
    medium: within 30 days
    low: within 90 days
YAML
printf '%s\n' "signing secrets" . scope . "$W13" "$W02" "$W18" . "" "$W13" "$W02" "$W18" . \
  "Retries: backoff with jitter" "Metadata: egress proxy" "Bodies: cap the size" . :q > "$T/in"
IN="$T/in" run --content "$O" learn --seed 7 --learner ed live/live-session-practice
expect_rc 0
in_order "$(section)" "1. [W13, medium]" "due: medium: within 30 days (your organization's policy)" \
  "2. [W02, critical]" "due: critical: within 24 hours (your organization's policy)" \
  "3. [W18, low]" "due: low: within 90 days (your organization's policy)" \
  "[W05, high]" "due: high: within 7 days (your organization's policy)" \
  "The due windows are your organization's remediation policy."
expect_no_out "a common default"

# a policy file with mistakes: refused at file:line:column, by validate and learn
cat > "$O/policy.yaml" <<'YAML'
remediation:
  source: organisation
  due:
    critical: within 24 hours
    hihg: within 7 days
    medium: within 30 days
    low: within 90 days
    urgent: now
YAML
run validate "$O/policy.yaml"
expect_rc 2
expect_err "$O/policy.yaml:2:11: unknown source 'organisation'; did you mean 'organization'?"
expect_err "$O/policy.yaml:5:5: unknown key 'hihg' in due; did you mean 'high'?"
expect_err "$O/policy.yaml:8:5: unknown key 'urgent' in due"
run validate "$O"
expect_rc 2
expect_err "$O/policy.yaml:2:11: unknown source"
IN="$T/in" run --content "$O" learn --seed 7 --learner ed live/live-session-practice
[ "$rc" -ne 0 ] || fail "learn ran with a broken policy.yaml"
expect_err "$O/policy.yaml:2:11: unknown source"
# without the file: the common default, said to be one
rm "$O/policy.yaml"
IN="$T/in" run --content "$O" learn --seed 7 --learner fi live/live-session-practice
expect_rc 0
in_order "$(section)" "due: medium: $(window medium) (a common default window)" \
  "The due windows are a common default: use your organization's policy"
exit 0
