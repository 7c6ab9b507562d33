# End-to-end: tmdojo team record, status (text and JSON) and config: teams start
# in observation, move to review and to security-optional after N sessions in a
# row at the recall bar; the rules are printed, overridable and stored.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n' >"$T/ch.txt"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n- SQL injection in the user name field\n' >"$T/chm.txt"
printf -- '- the endpoint is unauthenticated\n' >"$T/weak.txt"

run team status; expect_rc 0
expect_out "rules: 3 sessions in a row with recall >= 0.8 "
expect_out "no sessions recorded yet"

run team record payments --exercise add-user-api "$T/ch.txt"; expect_rc 0
expect_out "recorded a session of team 'payments' on 'add-user-api' (#1, held $(date +%Y-%m-%d)): score 70.0%, critical 1/1, high 1/1, medium 0/1"
run team record payments --exercise add-user-api "$T/weak.txt"; expect_rc 0
# the same content again is refused unless --again says it is a new session
run team record payments --exercise add-user-api "$T/ch.txt"; expect_rc 2
expect_err "tmdojo team record: $T/ch.txt: team 'payments' already has this session of 'add-user-api'"
run team record payments --exercise add-user-api --again "$T/ch.txt"; expect_rc 0
run team record payments --exercise add-user-api "$T/ch.txt" --again; expect_rc 0
run team record mobile --exercise add-user-api "$T/weak.txt"; expect_rc 0

run team status --sessions 2; expect_rc 0
expect_out "rules: 2 sessions in a row with recall >= 0.8 "
expect_out "payments: review (4 sessions; 0 of 2 in a row toward security-optional)"
expect_out "mobile: observation (1 session; 0 of 2 in a row toward review)"
# all judged in observation, whose bar reads critical and high: medium unmarked
expect_out "critical 1/1  high 1/1  medium 0/1"
expect_no_out "medium 0/1 (below)"
expect_out "critical 0/1 (below)  high 1/1  medium 0/1"
run team status; expect_rc 0
expect_out "payments: observation (4 sessions; 2 of 3 in a row toward review)"

run team config --sessions 2 --recall 0.9; expect_rc 0
expect_out "team rules: 2 sessions in a row, recall >= 0.9 (saved)"
run team record payments --exercise add-user-api "$T/chm.txt"; expect_rc 0
IN="$T/chm.txt" run team record payments --exercise add-user-api --again -; expect_rc 0
run team status --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "team status json is not as expected"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rules"] == {"sessions": 2, "recall": 0.9}, d["rules"]
t = {x["team"]: x for x in d["teams"]}
assert t["payments"]["phase"] == "security-optional", t["payments"]
assert t["payments"]["sessions"] == 6
ev = t["payments"]["evidence"]
assert len(ev) == 2 and all(e["recall"]["medium"] == 1 for e in ev), ev
assert t["mobile"]["phase"] == "observation"
assert t["mobile"]["evidence"][0]["recall"]["critical"] == 0
PY

# the threshold is printed as stored, never rounded (0.751 is not 0.75); one session
run team config --recall 0.751 --sessions 1; expect_rc 0
expect_out "team rules: 1 session in a row, recall >= 0.751 (saved)"
run team status; expect_rc 0
expect_out "rules: 1 session in a row with recall >= 0.751 ("
expect_no_out "0.75 "
run team config --recall 0.9 --sessions 2; expect_rc 0

run team config --recall 2; expect_rc 2; expect_err "--recall must be between 0 and 1"
run team status --sessions 0; expect_rc 2; expect_err "--sessions must be a whole number"
run team record payments "$T/ch.txt"; expect_rc 2; expect_err "--exercise is required"
run team record payments --exercise add-user-api "$T/nope.txt"; expect_rc 2
run team record payments --exercise nosuch "$T/ch.txt"; expect_rc 2; expect_err "no exercise 'nosuch'"

# '-' reads standard input
IN="$T/weak.txt" run team record stdin-team --exercise add-user-api -; expect_rc 0
expect_out "recorded a session of team 'stdin-team'"
# an empty list is refused: a 0% session would break the streak
: >"$T/empty.txt"
run team record payments --exercise add-user-api "$T/empty.txt"; expect_rc 2
expect_err "no threats found in the submission; nothing recorded"
# control characters: refused in a new team name
run team record "$(printf 'x\033]0;owned\007')" --exercise add-user-api "$T/weak.txt"; expect_rc 2
expect_err "the team name 'x?]0;owned?' has a control character or a byte that is not UTF-8 (byte 2)"
# and a byte that is not UTF-8 (the engine's one rule for names, as learn's)
run team record "$(printf 'caf\351')" --exercise add-user-api "$T/weak.txt"; expect_rc 2
expect_err "the team name 'caf?' has a control character or a byte that is not UTF-8 (byte 4)"
run team status --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "a refused session was stored"
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["team"]: x for x in d["teams"]}
assert t["payments"]["sessions"] == 6, t["payments"]
assert set(t) == {"payments", "mobile", "stdin-team"}, set(t)
PY
# names stored before the check are still kept off the terminal
python3 -c "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute(\"update team_sessions set team = 'old\x1b[31m' where team = 'mobile'\"); db.commit()" "$TMDOJO_HOME/progress.db"
run team status; expect_rc 0
! grep -q "$(printf '\033')" "$T/out" || fail "an escape character in team status"
expect_out "old?[31m: observation"
${TMDOJO_WRAP:-} "$TMDOJO" team status >/dev/full 2>"$T/err"; rc=$?
expect_rc 2; expect_err "cannot write the output: No space left on device"
# a team name follows the gradebook's rule for names, with its messages
run team record "" --exercise add-user-api "$T/ch.txt"; expect_rc 2
expect_err "the team name is empty"
run team record "$(printf '%01001d' 0)" --exercise add-user-api "$T/ch.txt"; expect_rc 2
expect_err "the team name is too long (over 1000 bytes)"
exit 0
