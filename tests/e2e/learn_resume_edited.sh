# A quiz the author edited after the learner stopped partway: the resume asks
# the current questions not answered yet (matched by id, not by the stored
# question number) and counts only answers to questions the quiz still has.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_demo_root "$C"
cat > "$C/courses/demo/m.yaml" <<'X'
id: m
title: M
objectives: [Demo]
items:
  - quiz: Q
    questions:
      - {id: q1, type: true-false, prompt: One?, answer: true, explanation: E, points: 5}
      - {id: q2, type: true-false, prompt: Two?, answer: true, explanation: E}
      - {id: q3, type: true-false, prompt: Three?, answer: true, explanation: E}
summary: [S]
X
printf 'true\n:q\n' > "$T/in1"
IN="$T/in1" run --content "$C" learn --learner amy demo       # answers q1 only
expect_rc 0
expect_out "Question 2 of 3"

# q1 removed: both remaining questions are asked, and q1's 5 points are gone.
sed '/id: q1,/d' "$C/courses/demo/m.yaml" > "$T/m.yaml" && mv "$T/m.yaml" "$C/courses/demo/m.yaml"
run --content "$C" validate
expect_rc 0
printf 'true\ntrue\n' > "$T/in2"
IN="$T/in2" run --content "$C" learn --learner amy demo
expect_rc 0
expect_out "Question 1 of 2"
expect_out "Question 2 of 2"
expect_out "Quiz score: 2 of 2 points (100%)"
expect_no_out "6 of 6"

# The answer to the removed question stays in the store.
run progress --learner amy --export
[ "$(grep -o '"question":"q1"' "$T/out" | wc -l)" -eq 1 ] || fail "q1's answer should be kept"
