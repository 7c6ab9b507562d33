# progress --export is everything stored for the learner: each answer carries
# the version of the question it was given to (migration 12; item analysis
# counts choices only from answers to today's version), and it changes when
# the author edits the choices.
. "$(dirname "$0")/lib/common.sh"

make_demo_root "$T/c"
module() {
  cat > "$T/c/courses/demo/m.yaml" <<YAML
id: m
title: M
objectives: [Demo]
items:
  - quiz: Q
    questions:
      - id: c1
        type: single
        prompt: Which letter of STRIDE is about denying an action?
        explanation: Repudiation.
        choices: [{text: Repudiation, correct: true}, {text: $1}]
summary: [S]
YAML
}
# answer_version: answers c1 (choice a), exports the progress and prints the
# version stored with the answer
answer_version() {
  printf 'a\n:q\n' > "$T/in"
  IN="$T/in" run learn --seed 1 --learner ver demo
  expect_rc 0
  run progress --learner ver --export
  expect_rc 0
  grep -o '"question":"c1"[^}]*"question_version":"[0-9a-f]*"' "$T/out" |
    sed 's/.*"question_version":"//; s/"$//'
}
export TMDOJO_CONTENT="$T/c"
module Tampering
v1=$(answer_version)
[ "${#v1}" -eq 16 ] || fail "the answer lacks its question's version (got '$v1')"

# the author swaps a choice's text: an answer now carries another version
module Spoofing
run progress --learner ver --reset --yes
expect_rc 0
v2=$(answer_version)
[ "${#v2}" -eq 16 ] || fail "the second answer lacks its question's version (got '$v2')"
[ "$v1" != "$v2" ] || fail "editing the choices did not change the version"
echo ok
