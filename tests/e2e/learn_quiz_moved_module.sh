# A quiz the author moves to another module keeps its answers (question ids
# are unique in a course): learn does not ask them again, the refresher still
# finds a wrong one, and cohort item analysis lists each question once, where
# it is now.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_demo_root "$C"
sed -i 's/modules: \[m.yaml\]/modules: [m.yaml, m2.yaml]/' "$C/courses/demo/course.yaml"
QA='  - quiz: QA
    questions:
      - {id: qa1, type: true-false, prompt: QA one?, answer: true, explanation: E}
      - {id: qa2, type: true-false, prompt: QA two?, answer: true, explanation: E}'
mod() {   # $1 file and id, then the items
  f=$1; shift
  { printf 'id: %s\ntitle: %s\nobjectives: [Demo]\nitems:\n' "$f" "$f"; printf '%s\n' "$@"
    printf 'summary: [S]\n'; } > "$C/courses/demo/$f.yaml"
}
mod m '  - {lesson: L1, body: one.}' "$QA"
mod m2 '  - {lesson: L2, body: two.}'
printf '\nfalse\n:q\n' > "$T/in"
IN="$T/in" run --content "$C" learn --learner amy demo/m     # qa1 wrong, then stop
expect_rc 0
printf '\ntrue\n:q\n' > "$T/in"
IN="$T/in" run --content "$C" learn --learner bob demo/m
expect_rc 0
run --content "$C" cohort add c1 amy bob
expect_rc 0

mod m '  - {lesson: L1, body: one.}'
mod m2 '  - {lesson: L2, body: two.}' "$QA"
run --content "$C" validate
expect_rc 0
run --content "$C" refresh --learner amy --json
expect_rc 0
expect_out '"count":1'
expect_out '"qa1"'
run --content "$C" cohort items --cohort c1
expect_rc 0
expect_out "demo/m2"
expect_no_out "demo/m#"
[ "$(grep -c 'qa1' "$T/out")" -eq 1 ] || fail "qa1 should be listed once"

printf '\ntrue\n' > "$T/in"
IN="$T/in" run --content "$C" learn --learner amy demo/m2
expect_rc 0
expect_out "Quiz: QA"
expect_out "Question 2 of 2"
expect_no_out "Question 1 of 2"
expect_out "Quiz score: 1 of 2 points (50%)"

# Item ids: digits are an id, not a position; a key clash says why.
mod m '  - {lesson: L1, body: one.}' '  - {lesson: L9, id: "3", body: x.}'
run --content "$C" validate
expect_rc 0
mod m '  - {lesson: Check, body: b.}' '  - {lesson: Other, id: "lesson:Check", body: c.}'
run --content "$C" validate
expect_rc 2
expect_err "item key 'lesson:Check' is the key of the item at line 5 too"
