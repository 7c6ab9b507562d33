# End of input mid-course stops cleanly with the progress saved; the next run
# resumes at the very question, and a course can be started module by module.
. "$(dirname "$0")/lib/common.sh"
count() { grep -o -- "$1" "$T/out" | wc -l | tr -d ' '; }   # matches in stdout
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"

IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner rae tiny
expect_rc 0
expect_out "Question 4 of 8"
expect_out "Stopped. Your progress is saved; resume with:"; expect_out "  tmdojo learn --learner rae tiny"

run progress --learner rae --export
expect_rc 0
[ "$(count '"answer":')" -eq 3 ] || fail "expected 3 answers stored"
expect_out '"answer":"true"'

IN="$A/tiny-seed7-part2.txt" run learn --seed 7 --learner rae tiny
expect_rc 0
expect_out 'Welcome back: resuming "Tiny test course"'
expect_out "Question 4 of 8"
expect_no_out "Question 3 of 8"
expect_out "Quiz score: 7.5 of 8 points (94%)"   # one question right on its second try
# the exercise of module two scored below half of the key: named as below its pass mark
expect_out 'You finished "Tiny test course", but 1 module is below the pass mark'
expect_out "You have finished every course."
expect_no_out "Well done"

# One module only: it ends after that module and says what comes next.
printf 'c\n' > "$T/one.txt"
IN="$T/one.txt" run learn --seed 7 --learner sam tiny/two
expect_rc 0
expect_out "module 2 of 2: Threats and an exercise"
expect_no_out "module 1 of 2"

# A module taken out of order keeps the course's place: the course goes on at
# the question where it stopped, and "finished" waits for every item.
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner ola tiny
expect_out "Question 4 of 8"
"$TMDOJO" learn --seed 7 --solve tiny/two > "$T/two.txt"
IN="$T/two.txt" run learn --seed 7 --learner ola tiny/two
expect_rc 0
# wrapped at the width (80 when piped): read as one line
tr '\n' ' ' < "$T/out" | tr -s ' ' |
  grep -qF 'Module finished. 4 of 5 items of "Tiny test course" are done; next: Every question type: Question types' ||
  fail "stdout lacks the 'Module finished.' line"
expect_out "Continue with: tmdojo learn --learner ola tiny"
expect_no_out "You finished"
run learn --seed 7 --learner ola tiny
expect_out "Question 4 of 8"
expect_no_out "module 2 of 2"
run progress --learner ola
expect_out "4 of 5 items"

# A threat list graded before stopping comes back on resume, at the choice to
# add to it (the stop was there), and builds on.
printf 'Caller sets its own role\n.\nuser records\n.\nscope\n.\nSQL injection in the user name field\n.\n' > "$T/t1.txt"
IN="$T/t1.txt" run learn --seed 7 --learner kai tiny/two
expect_out "Score: 20%"
printf 'again\nCaller sets its own role and creates admin accounts\n.\n' > "$T/t2.txt"
IN="$T/t2.txt" run learn --seed 7 --learner kai tiny/two
expect_out "Your earlier lines are kept"
expect_out "[A03, medium] SQL injection in the user name field"
expect_out "Score: 60%"

# Unknown course or module: exit 2 and a pointer to the list.
run learn --learner sam nope
expect_rc 2
expect_err "no course 'nope'"
run learn --learner sam tiny/nope
expect_rc 2
expect_err "course 'tiny' has no module 'nope'"
exit 0
