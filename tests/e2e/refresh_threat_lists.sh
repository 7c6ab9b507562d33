# A refresher leaves threat-list questions to `tmdojo learn`, but it said "no quiz
# question answered wrong yet" to a learner who had failed one (review of session
# 17). It now names them, with the command that retakes their module: after
# "Nothing to refresh", at the end of a refresher, and in --json (not_asked).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
W=intro/wrap-up
run learn --seed 7 --solve "$W"
expect_rc 0
n=$(grep -n '^Guessable' "$T/out" | head -1 | cut -d: -f1)
[ -n "$n" ] || fail "no threat list in the solved $W"
head -n $((n - 1)) "$T/out" > "$T/in"
printf 'Phishing emails\n.\n\n' >> "$T/in"
IN="$T/in" run learn --learner w --seed 7 "$W"
expect_rc 0
run refresh --learner w
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -q "no quiz question answered wrong yet" "$T/flat" && fail "said nothing was answered wrong"
grep -qF "Not asked here: 1 threat-list question you got wrong ($W); retake it with \`" "$T/flat" ||
  fail "the threat list answered wrong is not named"
grep -qF "learn --learner w $W\`." "$T/flat" || fail "no command to retake $W"
run refresh --learner w --json
expect_rc 0
expect_out '"not_asked":[{"course":"intro","module":"wrap-up",'
# with another question to ask: in the closing summary too
M=intro/you-already-threat-model
printf 'a\nd\nc\na c d\nfalse\nThe attack surface\nd a b e\nb\n' > "$T/first"
IN="$T/first" run learn --learner w --seed 7 "$M"
expect_rc 0
printf 'b\n' > "$T/answer"
IN="$T/answer" run refresh --learner w
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -qF "Refresher: 1 question you got wrong before." "$T/flat" || fail "no refresher asked"
grep -qF "Not asked here: 1 threat-list question you got wrong ($W)" "$T/flat" ||
  fail "the closing summary does not name the threat list"
# put right in learn: no longer named
run learn --seed 7 --solve "$W"
cp "$T/out" "$T/solved"
IN="$T/solved" run learn --learner w --seed 7 "$W"
expect_rc 0
expect_out "Quiz score"
run refresh --learner w --course intro --json
expect_no_out '"module":"wrap-up"'
exit 0
