# A quiz started in a module run and reached later in a course run goes on
# from its stored answers: the answered question is not asked again.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_demo_root "$C"
sed -i 's/modules: \[m.yaml\]/modules: [a.yaml, m.yaml]/' "$C/courses/demo/course.yaml"
printf 'id: a\ntitle: A\nobjectives: [Demo]\nitems:\n  - {lesson: Start, body: The start.}\nsummary: [S]\n' \
  > "$C/courses/demo/a.yaml"
cat > "$C/courses/demo/m.yaml" <<'X'
id: m
title: M
objectives: [Demo]
items:
  - quiz: Q
    questions:
      - {id: q1, type: true-false, prompt: One?, answer: true, explanation: E}
      - {id: q2, type: true-false, prompt: Two?, answer: true, explanation: E}
summary: [S]
X
run --content "$C" validate
expect_rc 0
printf 'true\n:q\n' > "$T/in1"
IN="$T/in1" run --content "$C" learn --learner amy demo/m      # module m first: q1 only
expect_rc 0
expect_out "Question 2 of 2"

printf '\n\n\n\n\ntrue\n\n\n' > "$T/in2"
IN="$T/in2" run --content "$C" learn --learner amy demo        # the course from its start
expect_rc 0
expect_out "The start."
expect_out "Question 2 of 2"
expect_no_out "Question 1 of 2"
expect_out "Quiz score: 2 of 2 points (100%)"
run --content "$C" progress --learner amy --export
[ "$(grep -o '"question":"q1"' "$T/out" | wc -l)" -eq 1 ] || fail "q1 should be answered once"
