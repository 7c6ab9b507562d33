# A threat-list question inside a quiz shows what the grading saw, as the
# exercise's threats step does: the threats found (with the learner's line),
# the missed ones as hints only (never their titles: the learner may try
# again, and retake the quiz later), and the lines not matched. Its next
# attempt, in the same run or after a resume, starts from the last list with
# a line saying to add to it.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
# tiny/two: a quiz of one threat-list question (unlimited attempts, 40% passes)
# graded by the key of tiny-ex (A01 critical, A02 high, A03 medium, A04 low)
printf '%s\n' "SQL injection in the user name field" "the logo is the wrong colour" . \
  "caller sets its own role" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner amy tiny/two
expect_rc 0
sed -n '/^Question 1 of 1/,/^Exercise: /p' "$T/out" > "$T/quiz"
[ -s "$T/quiz" ] || fail "no quiz in the output"
sed -n '1,/^Partly right/p' "$T/quiz" > "$T/first"
sed -n '/^Partly right/,$p' "$T/quiz" | sed -n '2,$p' > "$T/second"
tr '\n' ' ' < "$T/first" | tr -s ' ' > "$T/first.flat"

# attempt 1, before the retry: found, missed as hints, not matched, the score
grep -qF "Found:" "$T/first" || fail "attempt 1 does not list the threats found"
grep -qF "+ [A03, medium] SQL injection in the user name field" "$T/first" ||
  fail "attempt 1 does not name the threat found"
grep -qF 'your line: "SQL injection in the user name field"' "$T/first" ||
  fail "attempt 1 does not quote the line that found it"
grep -qF "Missed: 3 threats. Hints:" "$T/first" || fail "attempt 1 does not count the missed threats"
grep -qF "Look at which request fields the service trusts." "$T/first.flat" ||
  fail "attempt 1 does not give the missed threat's hint"
grep -qF "Ask who is allowed to call the endpoint." "$T/first" || fail "attempt 1 lacks a hint"
grep -qF "Not matched to the key" "$T/first" || fail "attempt 1 does not list the lines not matched"
grep -qF '? "the logo is the wrong colour"' "$T/first" || fail "attempt 1 does not quote the unmatched line"
grep -qF "Partly right. (threat list scored 20% (40% passes)) Try again" "$T/first.flat" ||
  fail "the nudge does not say how far the list is from passing"
# the missed threats' titles are never shown in the quiz
for title in "Caller sets its own role" "No authentication on the endpoint" \
  "Account creation flood"; do
  ! grep -qF "$title" "$T/first" || fail "attempt 1 gives away the missed threat '$title'"
done

# attempt 2 starts from the first list, says to add to it, and is graded in full
grep -qF "Your earlier lines are kept; add more" "$T/second" ||
  fail "attempt 2 does not say to add to the earlier list"
grep -qxF "  SQL injection in the user name field" "$T/second" ||
  fail "attempt 2 does not offer the first list again"
grep -qF "Passed. (threat list scored 60% (40% passes))" "$T/second" ||
  fail "attempt 2 does not pass with both lists' lines"
grep -qF "+ [A01, critical] Caller sets its own role and creates admin accounts" "$T/second" ||
  fail "attempt 2 does not list the threat it added"
grep -qF "Missed: 2 threats. Hints:" "$T/second" || fail "attempt 2 does not list what it missed"
! grep -qF "No authentication on the endpoint" "$T/second" ||
  fail "attempt 2 gives away a missed threat's title"

# a learner who stops before attempt 2 gets the list back on resuming
printf '%s\n' "SQL injection in the user name field" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ben tiny/two
expect_rc 0
printf '%s\n' "caller sets its own role" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ben tiny/two
expect_rc 0
expect_out "attempt 2)"
expect_out "Your earlier lines are kept; add more"
grep -qxF "  SQL injection in the user name field" "$T/out" ||
  fail "a resumed attempt 2 does not offer the first list again"
expect_out "Passed. (threat list scored 60% (40% passes))"
exit 0
