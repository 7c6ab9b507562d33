# cohort items on a cohort whose members have answered no quiz printed the
# header ("0 questions answered", the flag legend, the choice-order note) over
# nothing, which reads as a run that failed half way. It now says in one line
# that no member has answered a quiz yet and how they do; JSON keeps its empty
# list; once a member answers, the usual analysis follows.
. "$(dirname "$0")/lib/common.sh"
run cohort add c ana bob; expect_rc 0
run cohort items -c c; expect_rc 0
expect_out "cohort c: 2 members, none has answered a quiz yet: the analysis reads the members' first attempts ('tmdojo learn --learner NAME')"
expect_no_out "flags:"
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "more than the one line"
run cohort items -c c --json; expect_rc 0
expect_out '"questions":[]'
run learn --seed 7 --solve intro/you-already-threat-model; expect_rc 0
cp "$T/out" "$T/answers"
IN="$T/answers" run learn --seed 7 --learner ana intro/you-already-threat-model; expect_rc 0
run cohort items -c c; expect_rc 0
expect_no_out "none has answered"
expect_out "flags: too-easy"
exit 0
