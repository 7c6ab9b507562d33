# Ctrl-Z and fg at an answer prompt with line editing: the line typed before
# Ctrl-Z comes back and is still edited (Home, Delete, End), instead of libedit
# reading a terminal the shell had put back in its own mode (keys echoed as
# "^[[1~", the answer garbled); on leaving, the terminal is the shell's again.
# Under tmux with an interactive bash (job control); skipped (77) without them.
. "$(dirname "$0")/lib/common.sh"
LEARNER=zed
. "$(dirname "$0")/lib/prompt_session.sh"
command -v bash >/dev/null 2>&1 || { echo "bash not installed"; exit 77; }
# under valgrind Ctrl-Z ends the blocked read instead of stopping the process
# (the getline() path stops at it the same way there): nothing to check
[ -z "${TMDOJO_WRAP:-}" ] || { echo "job control test: skipped under TMDOJO_WRAP"; exit 77; }
tmux_stop
tmux -u -L "$S" new-session -d -x 80 -y 30 -s main \
  "env $ENVS PS1='$ ' HISTFILE= bash --norc --noprofile -i"
wait_last '$'
keys "${TMDOJO_WRAP:-} $TMDOJO learn t" Enter
wait_last "[Enter] start, q stops"
keys Enter
wait_last "[Enter] continue, q stops"
keys Enter
wait_screen "Question 1 of 3"
wait_last ">"
keys "xya"
wait_last "> xya"   # read by the line editor before the suspend
keys C-z
wait_screen "Stopped"
wait_last '$'
keys fg Enter
wait_last "> xya"
keys Home Delete End b
wait_last "> yab"
keys C-u a Enter
wait_screen "Correct."
wait_last "[Enter] continue, q stops"
keys q Enter
wait_screen "Stopped. Your progress is saved"
wait_last '$'
# fg's status; the shell's terminal is in its own mode again
keys 'echo TMDOJO-EXIT-$?' Enter
wait_screen "TMDOJO-EXIT-0"
screen
expect_out "Stopped. Your progress is saved"
expect_no_out "^[["
# kill %1 on the stopped session (SIGTERM, then SIGCONT) ends it as at a
# prompt, with the progress saved: it did not stop again on setting the
# terminal's mode from the background
keys clear Enter
wait_last '$'
keys "${TMDOJO_WRAP:-} $TMDOJO learn t" Enter
wait_last ">"
keys "xya"
wait_last "> xya"   # read by the line editor before the suspend
keys C-z
wait_screen "Stopped"
wait_last '$'
keys 'kill %1' Enter
wait_screen "Stopped. Your progress is saved"
sleep 0.5
keys "jobs -s > $T/stopped; echo JOBS-LISTED" Enter
wait_screen "JOBS-LISTED"
[ -s "$T/stopped" ] && { cat "$T/stopped"; fail "the session is still stopped after kill %1"; }
exit 0
