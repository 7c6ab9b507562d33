# A real terminal: tmdojo under tmux (100x30). The home screen, a paged lesson, a
# question with a hint and feedback, colour on a TTY, none with NO_COLOR, and q
# stopping with the progress saved. Skipped (77) without tmux.
. "$(dirname "$0")/lib/common.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
. "$(dirname "$0")/lib/tmux.sh"
ENVS="TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$TMDOJO_CONTENT TMDOJO_LEARNER=tess TERM=xterm-256color"

screen() { tmux -L "$S" capture-pane -p -t main > "$T/screen"; cat "$T/screen"; }
start() {   # start EXTRA_ENV ARGS...: tmdojo in a fresh 100x30 session
  extra=$1; shift
  tmux_stop
  tmux -u -L "$S" new-session -d -x 100 -y 30 -s main \
    "env $ENVS $extra ${TMDOJO_WRAP:-} $TMDOJO $*; echo TMDOJO-EXIT-\$?; sleep 60"
}

# The home screen, in colour on a TTY.
start "" ""
wait_screen "Next step: tmdojo learn tiny"
wait_screen "0%"
tmux -L "$S" capture-pane -p -e -t main > "$T/colour"
grep -q "$(printf '\033')\[1m" "$T/colour" || { cp "$T/colour" "$T/out"; fail "no colour on a TTY"; }

# NO_COLOR: no styles at all.
start "NO_COLOR=1" ""
wait_screen "Next step: tmdojo learn tiny"
wait_screen "Press Enter to continue with 'tiny' now, or q and Enter to quit:"
keys "q" Enter
wait_screen "TMDOJO-EXIT-0"
tmux -L "$S" capture-pane -p -e -t main > "$T/plain"
if grep -q "$(printf '\033')\[1m" "$T/plain"; then cp "$T/plain" "$T/out"; fail "colour despite NO_COLOR"; fi

# A lesson longer than the screen is paged; then a question with a hint.
start "" "learn --seed 7 tiny"
wait_screen "[Enter] start, q stops"
keys Enter
wait_screen "-- more: [Enter] next page, q stops --"
screen > /dev/null
grep -qF "The last line of the welcome lesson." "$T/screen" && fail "the pager showed everything at once"
keys Enter
wait_screen "The last line of the welcome lesson."
wait_last "[Enter] continue"   # keys sent before a prompt shows are thrown away
keys Enter
wait_screen "Question 1 of 8"
wait_screen "b) Spoofing"
wait_last ">"
keys "?" Enter
wait_screen "Hint: Think about identity."
wait_last ">"
keys "b" Enter
wait_screen "Correct."
wait_screen "Pretending to be another user is spoofing."
wait_last "[Enter] continue"
keys "q" Enter
wait_screen "Your progress is saved"
wait_screen "TMDOJO-EXIT-0"

# The answer given on the terminal is stored; the home screen moved on.
TMDOJO_LEARNER=tess run progress --export
expect_rc 0
expect_out '"answer":"b"'
start "" ""
wait_screen "next: Every question type: Question types"
# Enter on the home screen goes straight on where the learner stopped.
wait_screen "Press Enter to continue with 'tiny' now"
keys Enter
wait_screen "Question 2 of 8"

# :q at a page prompt stops (it does not skip the lesson and count it done)
start "TMDOJO_LEARNER=pia" "learn --seed 7 tiny"
wait_screen "[Enter] start, q stops"
keys Enter
wait_screen "-- more: [Enter] next page, q stops --"
keys ":q" Enter
wait_screen "Stopped. Your progress is saved"
wait_screen "TMDOJO-EXIT-0"
TMDOJO_LEARNER=pia run progress --json
expect_rc 0
expect_no_out '"done":1'

# Ctrl-C stops cleanly with the same line, and exits 130 (as after SIGINT: a script
# can tell the run was interrupted; q above exits 0)
start "TMDOJO_LEARNER=pia" "learn --seed 7 tiny"
wait_screen "[Enter] start, q stops"
keys C-c
wait_screen "Stopped. Your progress is saved"
wait_screen "TMDOJO-EXIT-130"
exit 0
