# Items are kept by key, not position: an author who inserts a lesson before a
# quiz the learner has started, or moves the quiz, leaves the learner's lesson
# done, the quiz's answers with the quiz, and the new lesson to do.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_demo_root "$C"
write_module() {   # $1: the items, in order
  { printf 'id: m\ntitle: M\nobjectives: [Demo]\nitems:\n'; printf '%s\n' "$@"
    printf 'summary: [S]\n'; } > "$C/courses/demo/m.yaml"
}
FIRST='  - {lesson: First, body: The first lesson.}'
NEW='  - {lesson: Inserted, body: A lesson the author added later.}'
QUIZ='  - quiz: Q
    questions:
      - {id: q1, type: true-false, prompt: One?, answer: true, explanation: E}
      - {id: q2, type: true-false, prompt: Two?, answer: true, explanation: E}'
write_module "$FIRST" "$QUIZ"
printf '\ntrue\n:q\n' > "$T/in1"
IN="$T/in1" run --content "$C" learn --learner amy demo     # the lesson, then q1 only
expect_rc 0
expect_out "Question 2 of 2"

# The author puts a new lesson first and the quiz before the old lesson.
write_module "$NEW" "$QUIZ" "$FIRST"
run --content "$C" validate
expect_rc 0
run --content "$C" progress --learner amy --json
expect_rc 0
expect_out '"done":1'
expect_out '"item":1'        # the position: the quiz, now second

printf '\ntrue\n' > "$T/in2"
IN="$T/in2" run --content "$C" learn --learner amy demo
expect_rc 0
expect_out "Inserted"          # the new lesson is not done
expect_out "Question 2 of 2"   # the quiz goes on where amy stopped
expect_no_out "Question 1 of 2"
expect_no_out "The first lesson."   # done before the move
expect_out "Quiz score: 2 of 2 points (100%)"
run --content "$C" progress --learner amy
expect_rc 0
expect_out "3/3"

# A renamed quiz is a new item, not done, whose questions keep their answers;
# it stays done when it keeps the key it had as its id.
QUIZ2=$(printf '%s\n' "$QUIZ" | sed 's/- quiz: Q$/- quiz: Renamed/')
write_module "$NEW" "$QUIZ2" "$FIRST"
run --content "$C" progress --learner amy
expect_out "2/3"
IN=/dev/null run --content "$C" learn --learner amy demo
expect_out "Quiz: Renamed"
expect_out "Quiz score: 2 of 2 points (100%)"
expect_no_out "Question 1 of 2"
run --content "$C" progress --learner amy
expect_out "3/3"
QUIZ3=$(printf '%s\n' "$QUIZ" | sed 's/- quiz: Q$/- quiz: Renamed again/')
write_module "$NEW" "$QUIZ3" "$FIRST"
run --content "$C" progress --learner amy
expect_out "2/3"
write_module "$NEW" "$QUIZ3
    id: 'quiz:Q'" "$FIRST"
run --content "$C" validate
expect_rc 0
run --content "$C" progress --learner amy
expect_out "3/3"

# Two items with one title would share progress: validate says what to do.
write_module "$FIRST" "$FIRST"
run --content "$C" validate
expect_rc 2
expect_err "m.yaml:6:5:"
expect_err "the item at line 5 has this title too; learners' progress is kept by title, so give one of the two an 'id:'"
# An id keeps them apart, and a bad id is refused where it is written.
write_module "$FIRST" '  - {lesson: First, id: first-again, body: Again.}'
run --content "$C" validate
expect_rc 0
write_module "$FIRST" '  - {lesson: First, id: Not An Id, body: Again.}'
run --content "$C" validate
expect_rc 2
expect_err "item id 'Not An Id' is not valid"
