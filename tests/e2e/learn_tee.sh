# `tmdojo learn | tee session.log`: stdin is a terminal, stdout a pipe. The
# first line says so truly (not "scripted mode (stdin is not a terminal)"), a
# typed answer is not echoed a second time (the terminal echoes it), and at
# Ctrl-C, which stops tee too, "Stopped ... resume with" goes to stderr, where
# it is seen, instead of being lost in the closed pipe. Under tmux; skipped (77)
# without it.
. "$(dirname "$0")/lib/common.sh"
LEARNER=tee
. "$(dirname "$0")/lib/prompt_session.sh"
tmux_start 100 30 "$ENVS ${TMDOJO_WRAP:-} $TMDOJO learn t | tee $T/log"
wait_screen "Question 1 of 3"
wait_last ">"
keys "a" Enter
wait_screen "Question 2 of 3"
wait_last ">"
keys C-c
wait_screen "TMDOJO-EXIT-"
tmux -L "$S" capture-pane -p -t main > "$T/screen"
cp "$T/log" "$T/out"
expect_out "tmdojo: output is not a terminal: no pauses or paging; learner 'tee'"
expect_no_out "scripted mode"
grep -q '^> a$' "$T/out" && fail "the typed answer is echoed into the output"
cp "$T/screen" "$T/out"
expect_out "Stopped. Your progress is saved; resume with:"
expect_no_out "Broken pipe"
exit 0
