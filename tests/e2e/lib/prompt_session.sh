# Sourced after lib/common.sh, with LEARNER set, by tests of learn's prompts on a
# terminal: skips (77) without tmux; otherwise writes the prompt root of
# lib/prompts.sh to $T/c and sets TMDOJO_CONTENT to it, ENVS (the environment
# for tmux_start's command), screen (the pane into $T/out) and restart CMD (a
# fresh 100x30 session running CMD, once the old server is gone: tmux_start
# waits for that), besides lib/tmux.sh's helpers.
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
. "$SRC/tests/e2e/lib/prompts.sh"
. "$SRC/tests/e2e/lib/tmux.sh"
make_prompt_root "$T/c"
export TMDOJO_CONTENT="$T/c"
ENVS="TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$TMDOJO_CONTENT TMDOJO_LEARNER=$LEARNER TERM=xterm-256color"
screen() { tmux -L "$S" capture-pane -p -t main > "$T/out"; }
restart() { tmux_start 100 30 "$1"; }
