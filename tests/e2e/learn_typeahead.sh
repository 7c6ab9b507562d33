# On a terminal, lines typed or pasted before a question is shown do not answer
# it: three lines pasted at the first question answer it, and the other two are
# thrown away at the next prompt (the pause) instead of one being taken as Enter
# and the next graded as question 2 unseen. The lines of one threat list may be
# pasted at once. Under tmux; skipped (77) without it.
. "$(dirname "$0")/lib/common.sh"
LEARNER=tia
. "$(dirname "$0")/lib/prompt_session.sh"
tmux_start 100 30 "$ENVS ${TMDOJO_WRAP:-} $TMDOJO learn t"
wait_last "[Enter] start, q stops"
keys Enter
wait_screen "One line of text."
wait_last "[Enter] continue, q stops"
keys Enter
wait_screen "Question 1 of 3"
wait_last ">"
# one paste: the answer, then two lines typed ahead (paste-buffer sends LF as CR)
printf 'a\nconfidentiality\nthird line\n' | tmux -L "$S" load-buffer -
tmux -L "$S" paste-buffer -t main
wait_screen "Pretending to be another user is spoofing."
sleep 0.5
tmux -L "$S" capture-pane -p -t main > "$T/out"
grep -q "Question 2 of 3" "$T/out" && fail "a line typed ahead went past the pause"
wait_last "[Enter] continue, q stops"
keys Enter
wait_screen "Question 2 of 3"
sleep 0.5
tmux -L "$S" capture-pane -p -t main > "$T/out"
grep -q "Not quite" "$T/out" && fail "a line typed ahead answered question 2"
wait_last ">"
keys confidentiality Enter
wait_screen "Disclosure breaks confidentiality."
wait_last "[Enter] continue, q stops"
keys Enter
wait_screen "Question 3 of 3"
wait_last ">"
printf 'survey answers read by anyone\nforged votes\n' | tmux -L "$S" load-buffer -
tmux -L "$S" paste-buffer -t main
sleep 0.5
keys ":q" Enter
wait_screen "The 2 lines you typed in this step are kept as a draft"
wait_screen "TMDOJO-EXIT-0"
TMDOJO_LEARNER=tia run refresh --json
expect_rc 0
expect_out '"count":0'
expect_no_out 'third line'
exit 0
