# Without colour (piped, NO_COLOR) headings were marked by colour alone: a
# lesson title, a "Quiz:" title and a ### heading inside a lesson were bare
# lines running into the text under them (only # and ## got a =/- underline).
# Every heading is underlined now: titles in learn with '=', a lesson's ###
# (and below) with '~', in learn and in show on a terminal, each underline as
# wide as its heading.
. "$(dirname "$0")/lib/common.sh"
make_demo_root "$T/c"
cat > "$T/c/courses/demo/m.yaml" <<'YAML'
id: m
title: Headings long enough to wrap at forty columns
objectives: [Read]
items:
  - lesson: A lesson title
    body: |
      Opening text.

      ### A third-level heading

      Text under it.
  - quiz: Warm-up quiz
    questions:
      - id: q1
        type: true-false
        prompt: Spoofing is pretending to be someone else.
        answer: true
        explanation: It is.
summary: [S]
YAML
export TMDOJO_CONTENT="$T/c"
# under_of FILE LINE CHAR: the line after the first line LINE is LINE's width of CHAR
under_of() {
  want=$(printf '%s' "$2" | sed "s/./$3/g")
  grep -A1 -xF -- "$2" "$1" | sed -n 2p | grep -qxF -- "$want" ||
    fail "'$2' is not underlined with '$3': $(grep -A1 -xF -- "$2" "$1" | tr '\n' '|')"
}
printf 't\n' > "$T/in"
IN="$T/in" run learn --learner ann demo
expect_rc 0
under_of "$T/out" "A lesson title" "="
under_of "$T/out" "A third-level heading" "~"
under_of "$T/out" "Quiz: Warm-up quiz" "="
under_of "$T/out" "What to remember: Headings long enough to wrap at forty columns" "="
# a wrapped title: the underline as wide as its widest line, not wider
IN="$T/in" COLUMNS=40 run learn --learner bob demo
expect_rc 0
grep -A2 -x 'Demo, module 1 of 1: Headings long' "$T/out" > "$T/head"
[ "$(sed -n 2p "$T/head")" = "enough to wrap at forty columns" ] || fail "the title is not wrapped: $(cat "$T/head")"
sed -n 3p "$T/head" | grep -qx '=\{34\}' || fail "the wrapped title's underline: $(cat "$T/head")"
# NO_COLOR learn with TMDOJO_PLAIN: the same marks
IN="$T/in" TMDOJO_PLAIN=1 run learn --learner cat demo
under_of "$T/out" "A lesson title" "="
# show on a terminal without colour: the lesson title (###) and its heading (####)
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: terminal not checked"; exit 0; }
python3 "$SRC/tests/e2e/lib/ptydrive.py" 80 60 \
  "NO_COLOR=1 exec ${TMDOJO_WRAP:-} $TMDOJO show demo/m" > "$T/screen" 2>"$T/err"
tr -d '\r' < "$T/screen" > "$T/show"
under_of "$T/show" "Headings long enough to wrap at forty columns" "-"
under_of "$T/show" "A lesson title" "~"
under_of "$T/show" "A third-level heading" "~"
under_of "$T/show" "Quiz: Warm-up quiz (1 question; take it with 'tmdojo learn')" "~"
exit 0
