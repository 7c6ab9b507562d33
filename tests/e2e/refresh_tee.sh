# `tmdojo refresh | tee log`: stdin is a terminal, only stdout is a pipe. Its
# first line said "scripted mode (stdin is not a terminal)", untrue there; it
# says "output is not a terminal: no pauses or paging" now, as learn does (see
# learn_tee.sh); piped answers still say scripted mode. At Ctrl-C its summary
# goes to stderr, as learn's stop message does. Under tmux; the terminal part is
# skipped (77) without it.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/prompts.sh"
make_prompt_root "$T/c"
export TMDOJO_CONTENT="$T/c" TMDOJO_LEARNER=tee
# a wrong first answer to q-single, so that the refresher has something to ask
printf 'b\na\n' > "$T/in"
IN="$T/in" run learn t
printf 'a\n' > "$T/in"
IN="$T/in" run refresh
expect_rc 0
expect_out "tmdojo: scripted mode (stdin is not a terminal); learner 'tee'"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
. "$(dirname "$0")/lib/tmux.sh"
ENVS="TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$TMDOJO_CONTENT TMDOJO_LEARNER=tee TERM=xterm-256color"
tmux_start 100 30 "$ENVS ${TMDOJO_WRAP:-} $TMDOJO refresh --all | tee $T/log"
wait_screen "Question 1 of"
wait_last ">"
keys :q Enter
wait_screen "TMDOJO-EXIT-0"
cp "$T/log" "$T/out"
expect_out "tmdojo: output is not a terminal: no pauses or paging; learner 'tee'"
expect_no_out "scripted mode"
# at Ctrl-C, which stops tee too, the closing summary goes to stderr, where it is
# seen, as learn's stop message does (learn_tee.sh); it was lost in the closed pipe
# (the old server gone first: starting one at once can race its shutdown; the
# session's shell traps Ctrl-C, else it may end with tee and take the screen along)
tmux_stop
tmux -u -L "$S" new-session -d -x 100 -y 30 -s main \
  "trap : INT; env $ENVS ${TMDOJO_WRAP:-} $TMDOJO refresh --all | tee $T/log; echo TMDOJO-EXIT-\$?; sleep 60"
wait_screen "Question 1 of"
wait_last ">"
keys C-c
wait_screen "TMDOJO-EXIT-"
tmux -L "$S" capture-pane -p -t main > "$T/out"
expect_out "Refresher: stopped before the first question; nothing recorded."
expect_no_out "Broken pipe"
grep -q "nothing recorded" "$T/log" && fail "the summary went to the closed pipe"
exit 0
