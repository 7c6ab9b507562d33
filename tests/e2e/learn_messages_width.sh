# Some of learn's messages were printed unwrapped, cut mid-word by a narrow
# terminal: "Module finished. N of M items ... next: ...", "Review the lessons,
# then retake ...", "You finished ...", the draft notice "The N lines you typed
# in this step are kept as a draft ..." and "Your earlier lines are kept; add
# more ...". They wrap at word boundaries within the width now.
. "$(dirname "$0")/lib/common.sh"
# fits WIDTH FILE: no line wider than WIDTH, but for the scripted-mode notice,
# the lines that end in a command (copied whole, never broken) and the stop
# notice
fits() { grep -v '^tmdojo: scripted mode\|^Continue with: \|^See your scores with: \|^  tmdojo learn \|^Stopped\. ' "$2" |
  awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }'; }
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }
make_demo_root "$T/c"
cat > "$T/c/courses/demo/course.yaml" <<'YAML'
id: demo
title: A demonstration course with a rather long title
part: demo
summary: Demo.
minutes: 5
objectives: [Demo]
modules: [m.yaml, n.yaml]
YAML
cat > "$T/c/courses/demo/m.yaml" <<'YAML'
id: m
title: The first module
objectives: [Demo]
items:
  - quiz: A quiz with a long enough title
    pass_mark: 100
    attempts: 1
    shuffle: false
    questions:
      - id: q1
        type: single
        prompt: Which category covers a forged login?
        explanation: Pretending to be another user is spoofing.
        choices: [{text: Spoofing, correct: true}, {text: Tampering}]
summary: [S]
YAML
cat > "$T/c/courses/demo/n.yaml" <<'YAML'
id: n
title: The second module of the course
objectives: [Demo]
items:
  - lesson: The lesson that comes next in the course
    body: |
      Text.
summary: [S]
YAML
export TMDOJO_CONTENT="$T/c"
printf 'b\n\n' > "$T/in"
IN="$T/in" COLUMNS=40 run learn --learner lee demo/m
expect_rc 0
fits 40 "$T/out" || fail "learn is wider than COLUMNS=40"
flat "$T/out" > "$T/flat"
grep -qF "Review the lessons, then retake this module with:" "$T/flat" || fail "no retake line"
grep -qF 'Module finished. 1 of 2 items of "A demonstration course with a rather long title" are done; next: The second module of the course: The lesson that comes next in the course' "$T/flat" ||
  fail "'Module finished' is not wrapped at word boundaries"
printf '\n\n\n' > "$T/in"
IN="$T/in" COLUMNS=40 run learn --learner lee demo
expect_rc 0
fits 40 "$T/out" || fail "learn is wider than COLUMNS=40"
flat "$T/out" | grep -qF 'You finished "A demonstration course with a rather long title", but 1 module is below the pass mark: "The first module"' ||
  fail "'You finished' is not wrapped at word boundaries"

# the draft notice and the resume's "earlier lines" line
export TMDOJO_CONTENT="$SRC"
printf 'card numbers (restricted)\n:q\n' > "$T/in"
IN="$T/in" COLUMNS=40 run learn --learner ana foundations/billing-exercise
expect_rc 0
sed -n '/^> :q/,$p' "$T/out" > "$T/tail"
fits 40 "$T/tail" || fail "the draft notice is wider than COLUMNS=40"
flat "$T/tail" | grep -qF "The 1 line you typed in this step is kept as a draft: you will see it when you resume." ||
  fail "the draft notice is not wrapped at word boundaries"
: > "$T/in"
IN="$T/in" COLUMNS=40 run learn --learner ana foundations/billing-exercise
grep -A2 "^Your earlier lines" "$T/out" > "$T/earlier"
fits 40 "$T/earlier" || fail "'Your earlier lines are kept' is wider than COLUMNS=40"
flat "$T/earlier" | grep -qF "Your earlier lines are kept; add more (or :edit to change them)." ||
  fail "'Your earlier lines are kept' is not wrapped at word boundaries"
