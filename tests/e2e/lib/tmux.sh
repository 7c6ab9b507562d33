# Sourced after lib/common.sh by tests that drive tmdojo in a terminal under tmux
# (check `command -v tmux` first). Provides tmux_start, wait_screen and keys; the
# tmux server is killed on exit.
S="tmdojo-e2e-$(basename "$0" .sh)-$$"
trap 'tmux -L "$S" kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
# tmux_start COLS ROWS COMMAND: COMMAND (run by env: VAR=value ... tmdojo ARGS) in
# a fresh COLSxROWS session, then "TMDOJO-EXIT-<status>" on the screen
tmux_start() {
  tmux -L "$S" kill-server >/dev/null 2>&1
  tmux -u -L "$S" new-session -d -x "$1" -y "$2" -s main \
    "env $3; echo TMDOJO-EXIT-\$?; sleep 60"
}
# wait_screen TEXT: up to 30 s for TEXT on the screen (the screen is $T/out on failure)
wait_screen() {
  i=0
  while ! tmux -L "$S" capture-pane -p -t main 2>/dev/null | grep -qF -- "$1"; do
    i=$((i + 1))
    if [ $i -gt 300 ]; then
      tmux -L "$S" capture-pane -p -t main > "$T/out" 2>&1
      fail "timed out waiting for '$1' on the screen"
    fi
    sleep 0.1
  done
}
keys() { tmux -L "$S" send-keys -t main "$@"; }
