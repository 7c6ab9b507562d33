# A step written in the wrong case in steps ("READ") is the one error, not also a
# follow-on error about that step's hints; hints for a step that steps really does
# not list are still reported, beside the typo.
. "$(dirname "$0")/lib/common.sh"
mkdir -p "$T/x"
cp -R "$SRC/exercises/customer-survey" "$T/x/"
Y="$T/x/customer-survey/exercise.yaml"
grep -q '^steps: \[read, assets, scope, threats, top-three\]$' "$Y" || fail "steps line changed: $(grep '^steps' "$Y")"
grep -q '^  read:$' "$Y" || fail "no hints for read in $Y"

sed -i 's/^steps: \[read,/steps: [READ,/' "$Y"
run validate "$T/x/customer-survey"; expect_rc 2
expect_err "exercise.yaml:18:9: unknown step 'READ'; did you mean 'read'?"
expect_err "1 error"
grep -q "hints for step" "$T/err" && fail "a follow-on error about the hints"

# scope dropped from steps too: its hints are a real error, reported
sed -i 's/^steps: \[READ, assets, scope,/steps: [READ, assets,/' "$Y"
run validate "$T/x/customer-survey"; expect_rc 2
expect_err "unknown step 'READ'; did you mean 'read'?"
expect_err "hints for step 'scope', which 'steps' does not list"
grep -q "hints for step 'read'" "$T/err" && fail "a follow-on error about read's hints"
exit 0
