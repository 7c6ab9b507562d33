# Sourced after lib/common.sh by tests of the prompts on a terminal: make_prompt_root
# DIR writes a content root whose course t has one module m: a one-line lesson, then
# a quiz of a single-choice question (answer a), a short answer (confidentiality)
# and a threat list on customer-survey.
make_prompt_root() {
  mkdir -p "$1/courses/t" "$1/exercises"
  cp -r "$SRC/lexicon" "$1/"
  cp -r "$SRC/exercises/customer-survey" "$1/exercises/"
  printf 'id: t\ntitle: Terminal test\npart: 1\nsummary: A test course.\nminutes: 5\nobjectives: [Test prompts]\nmodules: [m.yaml]\n' \
    > "$1/courses/t/course.yaml"
  cat > "$1/courses/t/m.yaml" <<'YAML'
id: m
title: Prompts
minutes: 5
objectives: [Answer things]
items:
  - lesson: Short lesson
    body: |
      One line of text.
  - quiz: Q
    pass_mark: 60
    attempts: 2
    shuffle: false
    questions:
      - id: q-single
        type: single
        prompt: Which category covers a forged login?
        explanation: Pretending to be another user is spoofing.
        choices:
          - text: Spoofing
            correct: true
          - text: Tampering
      - id: q-short
        type: short
        prompt: Which property does information disclosure violate?
        explanation: Disclosure breaks confidentiality.
        accept: [confidentiality]
      - id: q-tl
        type: threat-list
        exercise: customer-survey
        pass: 30
        points: 3
        prompt: List threats to Pulse.
        explanation: Many.
summary:
  - Done.
YAML
}
