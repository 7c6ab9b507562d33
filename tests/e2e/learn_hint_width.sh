# "Hint: " lines were wrapped at the terminal width without counting the 6-column
# prefix, so they reached 85 columns at 80. They wrap with a hanging indent under
# the text, within the width (exercise steps and questions alike).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
printf '?\n?\n?\n:q\n' > "$T/in"
IN="$T/in" run learn --learner hintw foundations/warm-up-survey
expect_rc 0
expect_out "Hint: The last section of the design lists the team's assets."
sed -n '/step 2 of 5/,$p' "$T/out" | grep -a '^Hint: \|^      ' > "$T/hints"
awk 'length($0) > 80 { print; bad = 1 } END { exit bad }' "$T/hints" ||
  fail "a hint line is wider than 80 columns"
# continuation lines hang under the text after "Hint: "
grep -q '^      four data classes' "$T/hints" || fail "no hanging indent under the hint"
# a narrower terminal: within its width too
IN="$T/in" COLUMNS=50 run learn --learner hintw2 foundations/warm-up-survey
expect_rc 0
sed -n '/step 2 of 5/,$p' "$T/out" | grep -a '^Hint: \|^      ' |
  awk 'length($0) > 50 { print; bad = 1 } END { exit bad }' || fail "a hint line is wider than 50 columns"
exit 0
