# tmdojo refresh: a learner answers a module with some wrong answers; refresh --json
# lists the questions to revisit (most recent first); refresh with piped answers asks
# them the way learn does (hints, feedback, explanation), sums up what is now right and
# what to re-read; progress --json, progress --export and cohort items are unchanged.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"

# nothing stored yet: the default learner has nothing to refresh; a named one is unknown
run refresh
expect_rc 0
expect_out "Nothing to refresh for"
[ ! -e "$TMDOJO_HOME/progress.db" ] || fail "refresh created the progress database"
run refresh --learner nobody
expect_rc 2
expect_err "no progress stored for learner 'nobody'"
expect_err "known learners: none yet"

IN="$A/tiny-seed7-one-some-wrong.txt" run learn --seed 7 --learner ann tiny/one
expect_rc 0
expect_out "Quiz score: 6 of 8 points"   # t-order: 0.5 at the first try, kept
# the course answers a minute back: a refresher answer in the same second as a
# wrong course answer does not make it rest (times are whole seconds)
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE answers SET time = time - 60"); db.commit()' \
  "$TMDOJO_HOME/progress.db" || fail "could not age the answers"

run refresh --learner ann --course tiny --json
expect_rc 0
expect_out '"learner":"ann","count":3,'
expect_out '{"course":"tiny","module":"one","item":1,"question":"t-order","type":"ordering","tags":[],"last_answer":"a b c d","last_correct":false,"when":"'
# most recent first: t-order, then t-tf (right at the second attempt), then t-single
grep -o '"question":"[a-z-]*"' "$T/out" | tr '\n' ' ' > "$T/order"
[ "$(cat "$T/order")" = '"question":"t-order" "question":"t-tf" "question":"t-single" ' ] ||
  fail "order: $(cat "$T/order")"
expect_no_out '"t-multiple"'
run refresh --learner ann --count 1 --json
expect_rc 0
expect_out '"count":1,'
run refresh --learner ann --course nope --json
expect_rc 2
expect_err "no course 'nope'"
run refresh --learner ann --count 0
expect_rc 2
expect_err "--count wants a whole number from 1 to 1000"
run refresh --learner ann --json --count 1e2
expect_rc 2
expect_err "not '1e2'"

run progress --learner ann --json
expect_rc 0
cp "$T/out" "$T/progress-before"
run progress --learner ann --export
cp "$T/out" "$T/export-before"
run cohort add class ann
expect_rc 0
run cohort items --cohort class --json
cp "$T/out" "$T/items-before"

IN="$A/tiny-seed7-refresh.txt" run refresh --learner ann
expect_rc 0
expect_out "scripted mode (stdin is not a terminal); learner 'ann'"
expect_out "Refresher: 3 questions you got wrong before."
expect_out "From: Tiny test course / Every question type / Question types"
expect_out "Question 1 of 3  (ordering, 1 point)"
expect_out "This question has no hint."
expect_out "Not quite. (0 of 4 in the right place)"
expect_out "Answer: a c b d"
expect_out "Why:"
expect_out "Decompose, find, prioritize, decide."
expect_out "Question 2 of 3  (true-false, 1 point)"
expect_out "answer true or false"            # the unreadable answer, asked again
expect_out "Integrity is the property."
expect_out "Question 3 of 3  (single, 1 point)"
expect_out "Hint: Think about identity."
expect_out "Hint: It starts with S."
expect_out "No more hints."
expect_out "Correct."
expect_out "Spoofing is about identity."
expect_out "Refresher: 1 of 3 questions now right."
expect_out "Re-read these lessons:"
expect_out "  - Tiny test course: Every question type (tmdojo show tiny/one)"
expect_out "Your course progress and scores are unchanged."
if grep -q "$(printf '\033')" "$T/out"; then fail "escape sequences in scripted output"; fi

run progress --learner ann --json
cmp -s "$T/out" "$T/progress-before" || fail "progress --json changed"
run progress --learner ann --export
# the export keeps the refresher's answers apart; everything else is as before
python3 - "$T/out" "$T/export-before" <<'PY' || fail "progress --export changed beyond the refresher's answers"
import json, sys
after, before = (json.load(open(p)) for p in sys.argv[1:3])
assert before["refresher_answers"] == [] and len(after["refresher_answers"]) > 0, "no refresher answers"
del after["refresher_answers"], before["refresher_answers"]
assert after == before
PY
run cohort items --cohort class --json
cmp -s "$T/out" "$T/items-before" || fail "cohort items changed"

# the question put right rests; --all asks it too
run refresh --learner ann --json
expect_rc 0
expect_out '"count":2,"rested":1,'
run refresh --learner ann --all --json
expect_rc 0
expect_out '"count":3,"rested":0,'

# the questions are still there next time; :q stops with a summary
printf ':q\n' > "$T/stop"
IN="$T/stop" run refresh --learner ann
expect_rc 0
expect_out "Refresher: stopped before the first question; nothing recorded."

# end of input stops as well
IN=/dev/null run refresh --learner ann --count 2
expect_rc 0
expect_out "Refresher: 2 questions you got wrong before."
expect_out "stopped before the first question; nothing recorded."

run help refresh
expect_rc 0
expect_out "usage: tmdojo refresh [--learner NAME] [--course ID] [--count N] [--all] [--json]"
expect_out "ask the resting questions too"

# a course name with an escape is shown safely
run refresh --learner ann --course "$(printf 'x\033[2Jy')"
expect_rc 2
expect_err "no course 'x?[2Jy'"
! grep -q "$(printf '\033')" "$T/err" || fail "an escape reached the terminal"

# every question put right: nothing to refresh, and why; --all still asks them.
# Most recent first: the refresher above answered t-order, t-tf, t-single in
# that order, within one second on a quick machine but not under valgrind, so
# its answers get one time here and the tie keeps t-order first
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE refresher_answers SET time = (SELECT max(time) FROM refresher_answers)"); db.commit()' \
  "$TMDOJO_HOME/progress.db" || fail "could not align the refresher answers"
printf 'a c b d\ntrue\n' > "$T/right"
IN="$T/right" run refresh --learner ann
expect_rc 0
expect_out "Refresher: 2 of 2 questions now right."
run refresh --learner ann
expect_rc 0
expect_out "Nothing to refresh for 'ann': you put right in a refresher every question you got wrong before (3; --all asks them again)."
IN=/dev/null run refresh --learner ann --all
expect_rc 0
expect_out "Refresher: 3 questions you got wrong before."
