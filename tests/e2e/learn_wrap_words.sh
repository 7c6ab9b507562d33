# Text that was printed without wrapping was cut mid-word by a narrow terminal:
# the retry nudge ("Not quite. Hint: ..." rendered as if at column 0), an exercise
# step's ask, a matching question's input error ("options a to c"), and the home
# screen's prompt ("Press Enter to continue with 'intro'" / "now," / "or q and
# Enter to quit:"). They wrap at word boundaries within the width now.
. "$(dirname "$0")/lib/common.sh"
# fits WIDTH FILE: no line of FILE wider than WIDTH
fits() { awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }' "$2"; }
# flat FILE: FILE's lines joined by single spaces (a word cut at the edge of the
# line would come back with a space inside it)
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }

make_demo_root "$T/c"
cat > "$T/c/courses/demo/m.yaml" <<'YAML'
id: m
title: M
objectives: [Demo]
items:
  - quiz: Q
    attempts: 3
    questions:
      - id: m1
        type: multiple
        prompt: Which are right?
        explanation: Four are right.
        hints: ["Think of every letter of STRIDE when you decide which of these choices are right, and read each choice slowly"]
        choices: [{text: A, correct: true}, {text: B, correct: true}, {text: C, correct: true}, {text: D, correct: true}, {text: E}]
      - id: t-match
        type: matching
        prompt: Match each threat to its category.
        explanation: Each maps to one letter.
        pairs:
          - {left: Forged session cookie, right: Spoofing}
          - {left: Edited invoice total, right: Tampering}
        distractors: [Repudiation]
summary: [S]
YAML
export TMDOJO_CONTENT="$T/c"
printf 'c\n:q\n' > "$T/in"   # c) is E, a wrong choice (seed 7)
IN="$T/in" COLUMNS=40 run learn --seed 7 --learner narrow demo
expect_rc 0
sed -n '/^> c$/,/^Question 1 of 2/p' "$T/out" | sed '1d;$d' > "$T/nudge"
fits 40 "$T/nudge" || fail "the retry nudge is wider than 40 columns"
flat "$T/nudge" > "$T/nudge.flat"
grep -qF "Hint: Think of every letter of STRIDE when you decide which of these choices are right, and read each choice slowly" "$T/nudge.flat" ||
  fail "the hint is not wrapped at word boundaries"
grep -qF "Try again (a right answer now earns 50% of the points)." "$T/nudge.flat" ||
  fail "the nudge's last sentence is not wrapped at word boundaries"
grep -q '^Try again' "$T/nudge" || fail "'Try again' does not start a line"

# the matching question's input error (engine/quiz.c's message, wrapped here)
printf 'a b d e\nzz\n:q\n' > "$T/in"
IN="$T/in" COLUMNS=40 run learn --seed 7 --learner narrow2 demo
expect_rc 0
sed -n '/^> zz/,/^> :q/p' "$T/out" | sed '1d;$d' > "$T/err40"
[ -s "$T/err40" ] || fail "no message for an unreadable matching answer"
fits 40 "$T/err40" || fail "the input error is wider than 40 columns"
flat "$T/err40" > "$T/err40.flat"
grep -qF 'give one option letter for each numbered item, in order, such as "b a c" or "1b 2a 3c"; options a to c' "$T/err40.flat" ||
  fail "the input error is not wrapped at word boundaries"

# an exercise step's ask and how to finish
export TMDOJO_CONTENT="$SRC"
printf 'survey answers\n\n:q\n' > "$T/in"
IN="$T/in" COLUMNS=40 run learn --learner narrow3 foundations/warm-up-survey
expect_rc 0
sed -n '/step 3 of 5: Agree on the scope/,/^> /p' "$T/out" | sed '$d' > "$T/ask"
fits 40 "$T/ask" || fail "the scope step's ask is wider than 40 columns"
flat "$T/ask" > "$T/ask.flat"
grep -qF 'What is in scope? One item per line; start out-of-scope items with "out:" (or list them under "Out of scope:"). (finish with an empty line or "."; ? for a hint; :design shows the design again)' "$T/ask.flat" ||
  fail "the step's ask is not wrapped at word boundaries"

# the home screen's prompt at 40 columns, in a terminal (tmux)
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: home prompt not checked"; exit 0; }
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
. "$(dirname "$0")/lib/tmux.sh"
tmux_start 40 30 "TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$TMDOJO_CONTENT TMDOJO_LEARNER=tess NO_COLOR=1 ${TMDOJO_WRAP:-} $TMDOJO"
wait_screen "quit:"
tmux -L "$S" capture-pane -p -t main > "$T/screen"
keys q Enter
sed -n '/^Press Enter/,/quit:/p' "$T/screen" > "$T/prompt"
cp "$T/screen" "$T/out"
[ "$(flat "$T/prompt" | sed 's/ $//')" = "Press Enter to continue with 'tiny' now, or q and Enter to quit:" ] ||
  fail "the home prompt is not wrapped at word boundaries"
grep -q "^now,$" "$T/prompt" && fail "the home prompt leaves 'now,' on a line of its own"
fits 40 "$T/prompt" || fail "the home prompt is wider than 40 columns"
exit 0
