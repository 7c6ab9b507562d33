# An author who raises a quiz's attempts after the learner stopped does not
# reopen a question whose answer (and the right one) was already shown: q2,
# wrong on its only attempt, stays done at 0; q1, stopped between its tries,
# goes on at its next attempt.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
mkdir -p "$C/courses/t"
cp -r "$SRC/lexicon" "$C/"
printf 'id: t\ntitle: T\npart: 9\nsummary: T.\nminutes: 5\nobjectives: [T]\nmodules: [m.yaml]\n' \
  > "$C/courses/t/course.yaml"
q() { printf '      - id: %s\n        type: single\n        prompt: Pick %s.\n        explanation: %s is right.\n        choices:\n          - {text: A, correct: %s}\n          - {text: B, correct: %s}\n          - {text: C}\n          - {text: D}\n' "$1" "$2" "$2" "$3" "$4"; }
quiz() {
  { printf 'id: m\ntitle: M\nobjectives: [T]\nitems:\n  - quiz: Q\n    attempts: %s\n    shuffle: false\n    questions:\n' "$1"
    q q1 A true false; q q2 B false true; q q3 A true false; printf 'summary: [Done.]\n'; } \
    > "$C/courses/t/m.yaml"
}

for limit in 3 0; do
  quiz 1
  printf 'a\na\n:q\n' > "$T/in1"
  IN="$T/in1" run --content "$C" learn --learner "ana$limit" t
  expect_rc 0
  expect_out "Answer: b) B"
  quiz "$limit"                          # 3 attempts, then any number
  printf 'a\n' > "$T/in2"
  IN="$T/in2" run --content "$C" learn --learner "ana$limit" t
  expect_rc 0
  expect_out "Question 3 of 3"
  expect_no_out "Question 2 of 3"
  expect_out "Quiz score: 2 of 3 points"
done

# Stopped between the tries of q1 (two allowed), then three: q1 is asked again.
quiz 2
printf 'b\n:q\n' > "$T/in3"
IN="$T/in3" run --content "$C" learn --learner bo t
expect_rc 0
quiz 3
printf 'a\nb\na\n' > "$T/in4"
IN="$T/in4" run --content "$C" learn --learner bo t
expect_rc 0
expect_out "Question 1 of 3"
expect_out "attempt 2 of 3"
expect_out "Quiz score: 2.5 of 3 points"
