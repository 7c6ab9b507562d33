# On a terminal an answer is typed with line editing (libedit): Home, End and
# Delete work, Left moves the cursor back and a word typed there lands in
# place, Up recalls the line typed before, a line longer than the 80-column
# screen wraps and is redrawn whole, and Ctrl-C at such a prompt still stops
# with the lines kept as a draft, the one typed without Enter among them. The saved lines hold no escape bytes (the
# terminal's own editing took Left as "^[[D" into the answer). History stays
# in memory: no file is written. Under tmux; skipped (77) without it.
. "$(dirname "$0")/lib/common.sh"
LEARNER=eda
. "$(dirname "$0")/lib/prompt_session.sh"
tmux_start 80 30 "$ENVS ${TMDOJO_WRAP:-} $TMDOJO learn t"
wait_last "[Enter] start, q stops"
keys Enter
wait_last "[Enter] continue, q stops"
keys Enter
wait_screen "Question 1 of 3"
wait_last ">"
# Home, Delete and End as xterm and tmux send them ("\e[1~", "\e[3~", "\e[4~")
keys xa Home Delete End Enter
wait_last "[Enter] continue, q stops"
screen
grep -qx "> a" "$T/out" || fail "Home, Delete, End did not edit the line"
expect_out "Correct."
keys Enter
wait_screen "Question 2 of 3"
wait_last ">"
# a letter left out, put back after moving left over "ntiality"
keys "confidntiality"
keys Left Left Left Left Left Left Left Left
keys e Enter
wait_last "[Enter] continue, q stops"
screen
expect_out "> confidentiality"
expect_out "Correct."
keys Enter
wait_screen "Question 3 of 3"
wait_last ">"
# longer than the screen: wraps; "simple " goes in before the last word
long="votes can be forged by anyone who replays the survey link many times from a"
keys "$long script"
keys Left Left Left Left Left Left
keys "simple " Enter
wait_last ">"
# Up brings the line back to add to it
keys Up
i=0
until [ "$(tmux -L "$S" capture-pane -p -J -t main | grep -c "simple script *$")" -eq 2 ]; do
  i=$((i + 1))
  [ $i -gt 300 ] && { tmux -L "$S" capture-pane -p -J -t main > "$T/out"; fail "Up did not bring back the line"; }
  sleep 0.1
done
keys " again" Enter
wait_last ">"
keys "not finished"
sleep 0.3
keys C-c
wait_screen "TMDOJO-EXIT-130"   # 128 + SIGINT (interrupt_status.sh)
tmux -L "$S" capture-pane -p -J -t main | sed 's/ *$//' > "$T/out"
# the wrapped lines, joined again, are the lines as edited: nothing overwritten
grep -qxF "> $long simple script" "$T/out" || fail "the edited line is not on the screen"
grep -qxF "> $long simple script again" "$T/out" || fail "the recalled line is not on the screen"
# the line typed without Enter at Ctrl-C is kept too (it was dropped silently)
expect_out "The 3 lines you typed in this step are kept as a draft"
expect_out "Stopped. Your progress is saved"
run progress --learner eda --export
expect_rc 0
expect_out '"answer":"confidentiality","score":1.0'
expect_out "\"text\":\"$long simple script\\n$long simple script again\\nnot finished\\n\""
grep -q 'u001b\|\[D\|\[A' "$T/out" && fail "escape bytes in the saved answers"
# no history file: the home holds what the test made, and the store
find "$HOME" -type f > "$T/files"
[ -s "$T/files" ] && { cat "$T/files"; fail "files written under HOME"; }
exit 0
