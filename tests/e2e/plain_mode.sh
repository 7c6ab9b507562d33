# TMDOJO_PLAIN=1, for screen readers: the home screen and progress drew a
# 20-cell bar ("[█████·····]", read out as a run of "full block") beside the
# same fact in words, and cohort grade redrew "\r[####---] 3/25" on stderr for
# every file. With TMDOJO_PLAIN set: no bar, no redrawn line, no colour; the
# words (percentages, "N of M items", "graded N of M") stay. Piped, then on a
# terminal (under tmux and script; those parts are skipped without them).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/prompts.sh"
make_prompt_root "$T/c"
export TMDOJO_CONTENT="$T/c" TMDOJO_LEARNER=pia
printf 'a\n' > "$T/in"
IN="$T/in" run learn t
bars() { grep -e '\[[#-]*\]' -e '█' -e '·' "$1"; }

# piped: the bar is "[#####---...]" without TMDOJO_PLAIN, none with it
run
expect_out "[##"
TMDOJO_PLAIN=1 run
expect_rc 0
bars "$T/out" && fail "a progress bar on the home screen with TMDOJO_PLAIN"
expect_out "%  Terminal test"
TMDOJO_PLAIN=0 run
expect_out "[##"   # 0 is off
TMDOJO_PLAIN=1 run progress
expect_rc 0
bars "$T/out" && fail "a progress bar in progress with TMDOJO_PLAIN"
expect_out "t 1 of 2 items  Terminal test"

# cohort grade on a terminal: no redrawn bar, one line per group, the total
FIX="$SRC/tests/fixtures/cohort"
if command -v script >/dev/null 2>&1; then
  TMDOJO_CONTENT="$FIX/content" TMDOJO_PLAIN=1 script -qec "${TMDOJO_WRAP:-} '$TMDOJO' cohort grade --exercise add-user-api --cohort tty '$FIX/class/alpha.txt' '$FIX/class/bravo.md'" "$T/tty.log" >/dev/null 2>&1
  grep -q "graded 2 of 2" "$T/tty.log" || fail "no summary on a terminal: $(cat "$T/tty.log")"
  python3 - "$T/tty.log" <<'PY' || fail "a redrawn progress line with TMDOJO_PLAIN: $(cat -A "$T/tty.log")"
import re, sys
data = open(sys.argv[1], "rb").read()
sys.exit(1 if re.search(rb"\r(?!\n)", data) or b"[#" in data or b"\x1b[" in data else 0)
PY
  grep -q "^alpha" "$T/tty.log" || fail "no line for the group alpha"
fi

# the home screen and progress on a terminal: no bar glyphs, no colour
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: terminal not checked"; exit 0; }
. "$(dirname "$0")/lib/tmux.sh"
ENVS="TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$TMDOJO_CONTENT TMDOJO_LEARNER=pia TERM=xterm-256color"
# a new server once the last one has gone (one started at once can find it exiting)
restart() { tmux_start 100 30 "$1"; }
tmux_start 100 30 "$ENVS TMDOJO_PLAIN=1 ${TMDOJO_WRAP:-} $TMDOJO"
wait_last "Press Enter to continue with 't' now"
tmux -L "$S" capture-pane -e -p -t main > "$T/screen"
cp "$T/screen" "$T/out"
expect_out "50%  Terminal test"
bars "$T/screen" && fail "a progress bar on the home screen on a terminal"
grep -q "$(printf '\033')\[" "$T/screen" && fail "colour on the home screen with TMDOJO_PLAIN"
keys q Enter
wait_screen "TMDOJO-EXIT-0"
restart "$ENVS TMDOJO_PLAIN=1 ${TMDOJO_WRAP:-} $TMDOJO progress"
wait_screen "TMDOJO-EXIT-0"
tmux -L "$S" capture-pane -e -p -t main > "$T/screen"
cp "$T/screen" "$T/out"
expect_out "t 1 of 2 items  Terminal test"
bars "$T/screen" && fail "a progress bar in progress on a terminal"
grep -q "$(printf '\033')\[" "$T/screen" && fail "colour in progress with TMDOJO_PLAIN"
# without TMDOJO_PLAIN the terminal has its bar (what the checks above look for)
restart "$ENVS ${TMDOJO_WRAP:-} $TMDOJO progress"
wait_screen "TMDOJO-EXIT-0"
tmux -L "$S" capture-pane -p -t main > "$T/out"
expect_out "█"
exit 0
