# q at the "Quiz score" pause (under tmux, 100x30) stops, and the quiz's score
# is already recorded: progress and progress --json show it passed. Skipped (77)
# without tmux.
. "$(dirname "$0")/lib/common.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
. "$(dirname "$0")/lib/tmux.sh"
ENVS="TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$TMDOJO_CONTENT TMDOJO_LEARNER=quin TERM=xterm-256color"


tmux -u -L "$S" new-session -d -x 100 -y 30 -s main \
  "env $ENVS ${TMDOJO_WRAP:-} $TMDOJO learn --seed 7 tiny; echo TMDOJO-EXIT-\$?; sleep 60"
# each key is sent once its prompt is the last line: the text before a prompt shows
# while the prompt is not read yet, and keys sent then are thrown away as type-ahead
wait_last "[Enter] start"
keys Enter
wait_last "-- more"
keys Enter
wait_screen "The last line of the welcome lesson."
wait_last "[Enter] continue"
keys Enter
n=0
for a in b "a c" true confidentiality "a c b d" "b c" 6 "an asset"; do
  n=$((n + 1))
  wait_screen "Question $n of 8"
  wait_last ">"
  keys "$a" Enter
  # the feedback's pause is the last line on the screen before we go on
  wait_last "[Enter] continue"
  keys Enter
done
wait_screen "Quiz score: 8 of 8 points (100%)"
wait_last "q stops"
keys q Enter
wait_screen "Stopped. Your progress is saved"
wait_screen "TMDOJO-EXIT-0"

TMDOJO_LEARNER=quin run progress
expect_rc 0
grep -q '^  done  *one  *2/2  quiz 8/8 (100%)' "$T/out" || fail "progress does not show the quiz score"
TMDOJO_LEARNER=quin run progress --json
expect_rc 0
expect_out '{"id":"one","items":2,"done":2,"score":8,"max":8,"passed":true,"exercises":[]}'
exit 0
