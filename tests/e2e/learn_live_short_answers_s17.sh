# Short answers of Part 3 that refused natural right answers (review of session 17):
# remed-review-date now credits "reconsideration date", "valid until date" and
# "recheck date" (as it did "revisit date", "expiry date", "sunset date") while a
# due date, a code review date or a sprint review stay refused; session-note-taker
# credits "recorder" and "the note-taking person", not the other session roles.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/verdicts.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/live/course.yaml" ] || { echo "no live course"; exit 77; }


m=live/remediation
rights $m 5 "reconsideration date" "valid until date" "recheck date" "a re-check date" \
            "the reconsideration date" "valid-until date" "revisit date" "expiry date" "sunset date"
wrongs $m 5 "due date" "code review date" "sprint review" "the sprint review date" \
            "the date it was rechecked" "the date of the last reconsideration"

m=live/running-the-session
rights $m 3 "recorder" "the recorder" "the note-taking person" "note-taking person" "note taker" "scribe"
wrongs $m 3 "facilitator" "security guide" "feature engineers"
exit 0
