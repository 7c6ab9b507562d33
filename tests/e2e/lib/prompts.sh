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
# wait_last TEXT: up to 30 s for TEXT on the last line of the screen that is not
# empty (the prompt waiting for input: keys sent before it shows are thrown away
# as type-ahead); wait_last ">" waits for an empty answer prompt (tmux drops the
# space after it)
wait_last() {
  i=0
  if [ "$1" = ">" ]; then set -- ">" -x; else set -- "$1" ""; fi
  while ! tmux -L "$S" capture-pane -p -t main 2>/dev/null | grep -v '^$' | tail -1 | grep -qF $2 -- "$1"; do
    i=$((i + 1))
    if [ $i -gt 300 ]; then
      tmux -L "$S" capture-pane -p -t main > "$T/out" 2>&1
      fail "timed out waiting for '$1' on the last line"
    fi
    sleep 0.1
  done
}
