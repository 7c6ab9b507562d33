# End-to-end: team record --date. Sessions were walked in the order typed in,
# so a weak session back-filled as the oldest broke the streak of those held
# after it, and no listing showed a date. Sessions count by the day held now,
# shown in text and JSON; a malformed or future day is refused; a file from
# before the held column shows and keeps the day each session was recorded.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/cohort/content"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n' >"$T/ch.txt"
printf -- '- the endpoint is unauthenticated\n' >"$T/weak.txt"

run team record infra -e add-user-api --date 2026-03-10 "$T/ch.txt"; expect_rc 0
expect_out "recorded a session of team 'infra' on 'add-user-api' (#1, held 2026-03-10): score 70.0%"
run team record infra -e add-user-api --again -d 2026-03-12 "$T/ch.txt"; expect_rc 0
run team record infra -e add-user-api --date 2026-03-01 "$T/weak.txt"; expect_rc 0
run team status; expect_rc 0
expect_out "infra: observation (3 sessions; 2 of 3 in a row toward review)"
expect_out "  #3    2026-03-01  add-user-api         score"
grep -n '#' "$T/out" | sed -n 2p | grep -qF '#1    2026-03-10' || fail "the sessions are not in the order held"
run team status --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "team status --json lacks the days held"
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["teams"][0]["evidence"]
assert [(e["id"], e["date"]) for e in ev] == [(3, "2026-03-01"), (1, "2026-03-10"), (2, "2026-03-12")], ev
PY

# today as tmdojo saw it: the day before or after its run (a run may cross midnight)
before=$(date +%Y-%m-%d)
for bad in 2026-3-10 2026-02-30 2026-13-01 yesterday 9999-01-01; do
  run team record infra -e add-user-api --again --date "$bad" "$T/ch.txt"; expect_rc 2
  expect_err "tmdojo team record: --date: the session date"
done
after=$(date +%Y-%m-%d)
grep -qF "is in the future (today is $before); give the day the session was held" "$T/err" ||
  expect_err "is in the future (today is $after); give the day the session was held"
run team record infra -e add-user-api --again --date 2026-3-10 "$T/ch.txt"
expect_err "'2026-3-10' is not a day as YYYY-MM-DD"
run team status; expect_out "(3 sessions;"

# a file from before the held column: status reads it as it is, a write migrates it
# and both show the local day each session was recorded (recorded at a fixed time,
# 2026-03-05 12:00 UTC: the day "now" is changes when a run crosses midnight)
TMDOJO_HOME=$T/old; mkdir "$TMDOJO_HOME"
db="$TMDOJO_HOME/progress.db"
run team record old -e add-user-api "$T/weak.txt"; expect_rc 0
sqlite3 "$db" "DROP INDEX team_sessions_by_held; ALTER TABLE team_sessions DROP COLUMN held;
  ALTER TABLE answers DROP COLUMN question_version; ALTER TABLE gb_top DROP COLUMN closest;
  ALTER TABLE gb_top DROP COLUMN similarity; ALTER TABLE gb_submissions DROP COLUMN top_given;
  UPDATE team_sessions SET recorded = 1772712000; PRAGMA user_version=10" || exit 77
day=$(python3 -c 'import time; print(time.strftime("%Y-%m-%d", time.localtime(1772712000)))')
cp "$db" "$T/orig"
run team status; expect_rc 0
expect_out "#1    $day  add-user-api"
cmp -s "$db" "$T/orig" || fail "team status changed the schema-10 file"
run team record old -e add-user-api --date 2026-03-20 "$T/ch.txt"; expect_rc 0
run team status --json; expect_rc 0
python3 - "$T/out" "$day" <<'PY' || fail "the migrated sessions lost their days"
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["team"]: x for x in d["teams"]}
assert [e["date"] for e in t["old"]["evidence"]] == [sys.argv[2], "2026-03-20"], t["old"]
PY
exit 0
