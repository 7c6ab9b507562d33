# A retake of a finished module stopped at a question resumes at that question,
# with the answers given in it kept, as a first pass does (the resume command
# it prints must not start the module over and record answers twice).
. "$(dirname "$0")/lib/common.sh"
count() { grep -o -- "$1" "$T/out" | wc -l | tr -d ' '; }   # matches in stdout
M=intro/you-already-threat-model

run learn --seed 7 --solve "$M"
expect_rc 0
cp "$T/out" "$T/solved"
IN="$T/solved" run learn --seed 7 "$M"
expect_rc 0
expect_out "Quiz score: 7 of 7 points"
run progress --export
expect_out '"again":false'
# the retake: the third question wrong twice, stopped at the fourth
printf 'd\nc\nb\nb\n:q\n' > "$T/retake"
IN="$T/retake" run learn --seed 7 "$M"
expect_rc 0
expect_out "Question 4 of 7"
expect_out "Stopped. Your progress is saved; resume with:"
expect_out "tmdojo learn $M"
# the export holds that the position is a retake's (schema 9's positions.again)
run progress --export
expect_rc 0
expect_out '"again":true'

printf 'false\nThe attack surface\nd a b e\nb\n' > "$T/rest"
IN="$T/rest" run learn "$M"
expect_rc 0
expect_out "Welcome back: resuming"
expect_out "Question 4 of 7"
expect_no_out "Question 1 of 7"
expect_no_out "Question 3 of 7"
expect_out "Quiz score: 6 of 7 points"     # the retake's: the third question missed
run progress --export
expect_rc 0
[ "$(count '"answer":')" -eq 15 ] || fail "expected 15 answers (7, then 8 in the retake)"
expect_out '"again":true'

# gone through to the end, the next retake starts over
printf ':q\n' > "$T/stop"
IN="$T/stop" run learn "$M"
expect_rc 0
expect_out "Question 1 of 7"
exit 0
