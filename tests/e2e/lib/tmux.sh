# Sourced after lib/common.sh by tests that drive tmdojo in a terminal under tmux
# (check `command -v tmux` first). Provides tmux_start, tmux_stop, wait_screen, wait_last and keys; the
# tmux server is killed on exit.
S="tmdojo-e2e-$(basename "$0" .sh)-$$"
trap 'tmux -L "$S" kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
# tmux_stop: the server killed and gone (up to 120 s): a new session started at once
# can race the old server's shutdown
tmux_stop() {
  tmux -L "$S" kill-server >/dev/null 2>&1
  i=0
  while tmux -L "$S" list-sessions >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 1200 ] && fail "the tmux server did not stop"
    sleep 0.1
  done
}
# tmux_start COLS ROWS COMMAND: COMMAND (run by env: VAR=value ... tmdojo ARGS) in
# a fresh COLSxROWS session, then "TMDOJO-EXIT-<status>" on the screen
tmux_start() {
  tmux_stop
  tmux -u -L "$S" new-session -d -x "$1" -y "$2" -s main \
    "env $3; echo TMDOJO-EXIT-\$?; sleep 60"
}
# wait_screen TEXT: up to 120 s (valgrind on a loaded machine) for TEXT on the screen
# (the screen is $T/out on failure)
wait_screen() {
  i=0
  while ! tmux -L "$S" capture-pane -p -t main 2>/dev/null | grep -qF -- "$1"; do
    i=$((i + 1))
    if [ $i -gt 1200 ]; then
      tmux -L "$S" capture-pane -p -t main > "$T/out" 2>&1
      fail "timed out waiting for '$1' on the screen"
    fi
    sleep 0.1
  done
}
keys() { tmux -L "$S" send-keys -t main "$@"; }
# wait_last TEXT: up to 120 s (valgrind on a loaded machine) for TEXT on the last
# line of the screen that is not empty (the prompt waiting for input: keys sent
# before it shows are thrown away as type-ahead); wait_last ">" waits for an empty
# answer prompt (tmux drops the space after it)
wait_last() {
  i=0
  if [ "$1" = ">" ]; then set -- ">" -x; else set -- "$1" ""; fi
  while ! tmux -L "$S" capture-pane -p -t main 2>/dev/null | grep -v '^$' | tail -1 | grep -qF $2 -- "$1"; do
    i=$((i + 1))
    if [ $i -gt 1200 ]; then
      tmux -L "$S" capture-pane -p -t main > "$T/out" 2>&1
      fail "timed out waiting for '$1' on the last line"
    fi
    sleep 0.1
  done
}
