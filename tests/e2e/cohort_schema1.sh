# The trainer's read-only commands on a progress database from before the
# gradebook (schema 1): nothing is graded yet, said as such, and the file is not
# upgraded or changed (they said "has no gradebook (schema 1)" and stopped).
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner ann tiny
sqlite3 "$db" "DROP TABLE IF EXISTS refresher_answers; DROP TABLE IF EXISTS sessions; DROP TABLE IF EXISTS drafts; DROP TABLE gb_found; DROP TABLE gb_top;
  DROP TABLE gb_submissions; DROP TABLE cohort_members; DROP TABLE team_sessions;
  DROP TABLE settings; PRAGMA user_version=1" || exit 77
cp "$db" "$T/orig"
run cohort report --cohort c
expect_rc 2
expect_err "no cohort 'c'; the gradebook has no cohorts yet"
run cohort items --cohort c
expect_err "no cohort 'c'; the gradebook has no cohorts yet"
run team status
expect_rc 0
! grep -q "no gradebook" "$T/err" || fail "still 'no gradebook'"
cmp -s "$db" "$T/orig" || fail "a read-only command changed the schema-1 file"
# a writer upgrades it, keeping the learner's progress
run progress --learner ann
expect_rc 0
IN="$A/tiny-seed7-part2.txt" run learn --seed 7 --learner ann tiny
expect_rc 0
[ "$(sqlite3 "$db" 'PRAGMA user_version')" -ge 3 ] || fail "not upgraded"
exit 0
