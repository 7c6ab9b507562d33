# The home screen's "Press Enter to continue" starts the course on Enter or yes
# only: :q and quit stop as at every prompt, no does not start, and any other
# text is asked again (it started the course on anything not starting with q,
# and a long line ran over into learn's first prompt). Under tmux; skipped (77)
# without it.
. "$(dirname "$0")/lib/common.sh"
LEARNER=hal
. "$(dirname "$0")/lib/prompt_session.sh"
for answer in ":q" "quit" "no"; do
  restart "$ENVS ${TMDOJO_WRAP:-} $TMDOJO"
  wait_last "Press Enter to continue with 't' now"
  keys "$answer" Enter
  wait_screen "TMDOJO-EXIT-0"
  tmux -L "$S" capture-pane -p -t main > "$T/out"
  expect_no_out "[Enter] start"
done
restart "$ENVS ${TMDOJO_WRAP:-} $TMDOJO"
wait_last "Press Enter to continue with 't' now"
keys "abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij xyz" Enter
wait_screen "Press Enter to start, or q and Enter to quit."
wait_last "Press Enter to continue with 't' now"
tmux -L "$S" capture-pane -p -t main > "$T/out"
expect_no_out "[Enter] start"
keys Enter
wait_last "[Enter] start, q stops"
keys q Enter
wait_screen "TMDOJO-EXIT-0"
exit 0
