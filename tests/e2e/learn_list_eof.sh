# Ctrl-D on a terminal stops without grading, in a threat list too: the lines
# typed so far are kept as a draft (as Ctrl-C keeps them) instead of being
# submitted as the answer (an attempt used, "Partly right"), and what follows
# starts on a line of its own. The same after progress --reset's question.
# Under tmux; skipped (77) without it. (A script's end of input ends a list:
# learn_drafts.sh.)
. "$(dirname "$0")/lib/common.sh"
LEARNER=dee
. "$(dirname "$0")/lib/prompt_session.sh"
tmux_start 100 30 "$ENVS ${TMDOJO_WRAP:-} $TMDOJO learn t"
wait_last "[Enter] start, q stops"
keys Enter
wait_screen "One line of text."
wait_last "[Enter] continue, q stops"
keys Enter
for a in a confidentiality; do
  wait_last ">"
  keys "$a" Enter
  wait_last "[Enter] continue, q stops"
  keys Enter
done
wait_screen "Question 3 of 3"
wait_last ">"
keys "survey answers can be read by anyone" Enter
keys "votes can be forged" Enter
sleep 0.3
keys C-d
wait_screen "TMDOJO-EXIT-0"
screen
expect_out "The 2 lines you typed in this step are kept as a draft"
expect_out "Stopped. Your progress is saved"
expect_no_out "Partly right"
expect_no_out "Try again"
# resumed: the same question, attempt 1, the lines shown back
restart "$ENVS ${TMDOJO_WRAP:-} $TMDOJO learn t"
wait_screen "Your earlier lines are kept"
wait_screen "votes can be forged"
wait_last ">"
keys ":q" Enter
wait_screen "TMDOJO-EXIT-0"

restart "$ENVS ${TMDOJO_WRAP:-} $TMDOJO progress --reset"
wait_screen "Type yes to confirm:"
keys C-d
wait_screen "TMDOJO-EXIT-0"
screen
grep -q '^Nothing was deleted\.' "$T/out" || fail "the answer to --reset is not on a line of its own"
exit 0
