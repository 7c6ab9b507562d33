# A course finished with a module below its pass mark (progress's done*): the end
# of learn said 'You finished "Part 3..."' and the home screen "next: finished"
# (review of session 17). Both now say how many modules are below the pass mark,
# name them and give the command that retakes each.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/live/course.yaml" ] || { echo "no live course"; exit 77; }
run learn --seed 7 --solve live
expect_rc 0
cp "$T/out" "$T/solved"
# the first quiz (blameless-sessions): its first three answers wrong
first=$(sed -n 1p "$T/solved" | tr -d ' ')
wrong1=a; [ "$first" = a ] && wrong1=b
second=$(sed -n 2p "$T/solved" | tr -d ' ')
wrong2=true; [ "$second" = true ] && wrong2=false
{ printf '%s\n%s\nb\n' "$wrong1" "$wrong2"; tail -n +4 "$T/solved"; } > "$T/in"
IN="$T/in" run learn --learner p --seed 7 live
expect_rc 0
expect_out "pass mark 70%: not yet passed"
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -qF 'You finished "Part 3: Live threat modeling", but 1 module is below the pass mark: "Empathy first - running a blameless session" (retake with ' "$T/flat" ||
  fail "the end of learn does not say a module is below the pass mark"
grep -qF 'learn --learner p live/blameless-sessions).' "$T/flat" || fail "no retake command"
run progress --learner p
expect_out "done*    blameless-sessions"
TMDOJO_LEARNER=p run
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -qF 'next: finished, but 1 module is below the pass mark: "Empathy first - running a blameless session" (retake with ' "$T/flat" ||
  fail "the home screen calls the course finished without the module below its pass mark"
grep -qF 'learn live/blameless-sessions)' "$T/flat" || fail "the home screen gives no retake command"
# a learner who passed everything: finished as before
IN="$T/solved" run learn --learner q --seed 7 live
expect_rc 0
expect_out 'You finished "Part 3: Live threat modeling".'
TMDOJO_LEARNER=q run
expect_out "next: finished; revisit any module with"
exit 0
