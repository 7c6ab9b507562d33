# End-to-end: team names. A typo in team record silently made a new team that
# nothing could remove; "payments " and "   " were accepted, and a decomposed
# accent printed like the precomposed name. record now says when it creates a
# team, with the closest name; refuses a blank name or one with leading or
# trailing blanks; warns about a combining accent; and team sessions / team
# remove list and remove one session or a whole team, refusing unknown ones.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/cohort/content"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n' >"$T/ch.txt"
printf -- '- the endpoint is unauthenticated\n' >"$T/weak.txt"

run team record payments -e add-user-api "$T/ch.txt"; expect_rc 0
expect_err "tmdojo team record: created the new team 'payments'; 'tmdojo team status' shows the teams"
run team record payments -e add-user-api "$T/weak.txt"; expect_rc 0
[ -s "$T/err" ] && fail "recording into a known team says something"
run team record paymnets -e add-user-api "$T/ch.txt"; expect_rc 0
expect_err "created the new team 'paymnets' (did you mean 'payments'?)"

run team record "payments " -e add-user-api "$T/ch.txt"; expect_rc 2
expect_err "tmdojo team record: the team name 'payments ' has trailing blanks; give it as 'payments'"
run team record " ops" -e add-user-api "$T/ch.txt"; expect_rc 2
expect_err "has leading blanks; give it as 'ops'"
run team record "   " -e add-user-api "$T/ch.txt"; expect_rc 2
expect_err "the team name '   ' is only blanks; give a name"
run team record "$(printf 'he\314\201ctor')" -e add-user-api "$T/ch.txt"; expect_rc 0
expect_err "warning: the team name"
expect_err "has a combining accent (U+0301"
run team record "$(printf 'h\303\251ctor')" -e add-user-api "$T/ch.txt"; expect_rc 0
expect_no_err() { ! grep -qF -- "$1" "$T/err" || fail "stderr should not contain: $1"; }
expect_no_err "combining accent"
run team status --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "refused names were stored"
import json, sys
names = sorted(t["team"] for t in json.load(open(sys.argv[1]))["teams"])
assert names == sorted(["he\u0301ctor", "h\u00e9ctor", "payments", "paymnets"]), names
PY

# sessions: every one of a team, with its number
run team sessions payments; expect_rc 0
expect_out "payments: observation (2 sessions; 0 of 3 in a row toward review)"
expect_out "  #1    "
expect_out "  #2    "
expect_no_out "#3 "
run team sessions paymnts; expect_rc 2
expect_err "tmdojo team sessions: no team 'paymnts' (did you mean 'payments'?); the teams are: "
run team sessions --json paymnets; expect_rc 0
python3 - "$T/out" <<'PY' || fail "team sessions --json is not as expected"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["team"] == "paymnets" and [s["id"] for s in d["sessions"]] == [3], d
PY

# remove: one session, or a whole team; unknown ones refused, nothing removed
run team remove --session 99; expect_rc 2
expect_err "tmdojo team remove: no team session #99; 'tmdojo team sessions TEAM' lists"
run team remove --session x1; expect_rc 2; expect_err "--session takes a session number"
run team remove --team paymnts; expect_rc 2
expect_err "tmdojo team remove: no team 'paymnts' (did you mean 'payments'?); the teams are: "
run team remove; expect_rc 2; expect_err "give one of --session ID (one session) or --team NAME"
run team remove --session 1 --team payments; expect_rc 2
run team status --json; expect_out '"sessions":2'
run team remove --team paymnets; expect_rc 0
expect_out "removed team 'paymnets' and its 1 session"
run team remove --session '#2'; expect_rc 0
expect_out "removed session #2 of team 'payments' (add-user-api, held "
run team sessions payments; expect_rc 0
expect_out "payments: observation (1 session; 1 of 3 in a row toward review)"
run team sessions paymnets; expect_rc 2
run team remove --session 2; expect_rc 2
# a failed output says the session was recorded all the same: a retry is
# refused as the same session, so the trainer must know it is stored
"$TMDOJO" team record failout -e add-user-api "$T/ch.txt" >/dev/full 2>"$T/err"; rc=$?
expect_rc 2; expect_err "cannot write the output"
expect_err "the session was recorded all the same ('tmdojo team sessions' lists it)"
exit 0
