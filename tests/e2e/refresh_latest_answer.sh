# tmdojo refresh goes by each question's latest answer, in the course or in a
# refresher: a question right at first and wrong in a retake is picked, and
# --json's last answer (and the order) is the refresher's when it came later.
. "$(dirname "$0")/lib/common.sh"
M=intro/you-already-threat-model

run learn --seed 7 --solve "$M"
expect_rc 0
cp "$T/out" "$T/solved"
IN="$T/solved" run learn --seed 7 "$M"
expect_rc 0
expect_out "Quiz score: 7 of 7 points"
# a retake: the third question wrong twice, then stop
printf 'd\nc\nb\nb\n:q\n' > "$T/retake"
IN="$T/retake" run learn --seed 7 "$M"
expect_rc 0
expect_out "Stopped. Your progress is saved"
run refresh --json
expect_rc 0
expect_out '"count":1,'
expect_out '"question":"attack-surface-reduction","type":"multiple"'
expect_out '"last_answer":"b","last_correct":false,'
# the course answers a minute back: a refresher answer in the same second as a
# wrong course answer does not make it rest (times are whole seconds)
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE answers SET time = time - 60"); db.commit()' \
  "$TMDOJO_HOME/progress.db" || fail "could not age the answers"
printf 'a c d\n' > "$T/right"
IN="$T/right" run refresh
expect_rc 0
expect_out "Refresher: 1 of 1 question now right."
run refresh --json
expect_rc 0
expect_out '"count":0,"rested":1,'

# another learner: the first question wrong, then right; wrong in a refresher
printf 'a\nd\nc\na c d\nfalse\nThe attack surface\nd a b e\nb\n' > "$T/first"
IN="$T/first" run learn --learner bo --seed 7 "$M"
expect_rc 0
run refresh --learner bo --json
expect_rc 0
expect_out '"question":"everyday-four-questions"'
expect_out '"last_answer":"d","last_correct":true,'
printf 'a\n' > "$T/wrong"
IN="$T/wrong" run refresh --learner bo
expect_rc 0
expect_out "Refresher: 0 of 1 question now right."
run refresh --learner bo --json
expect_rc 0
expect_out '"question":"everyday-four-questions"'
expect_out '"last_answer":"a","last_correct":false,'
exit 0
