# End-to-end: team record, status and status --json say the same about a
# session. For a key with no critical threats record printed "critical 0/0",
# status "critical -" and JSON "critical":1, which reads as a perfect score;
# and status marked medium "(below)" in observation, whose bar reads only
# critical and high. Now record and status print "-", JSON carries found and
# total per severity with a null recall, and only what the bar reads is marked.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
printf 'Anyone can submit the survey many times and skew the results\n' >"$T/cs.txt"
run team record survey -e customer-survey "$T/cs.txt"; expect_rc 0
expect_out "critical -, high 0/6, medium 1/8"
run team status; expect_rc 0
expect_out "critical -  high 0/6 (below)  medium 1/8"
expect_no_out "medium 1/8 (below)"
run team status --json; expect_rc 0
python3 - "$T/out" "$T/cs.txt" <<'PY' || fail "team status --json is not as expected"
import json, sys
e = json.load(open(sys.argv[1]))["teams"][0]["evidence"][0]
assert e["found"] == {"critical": 0, "high": 0, "medium": 1, "low": 0}, e
assert e["total"] == {"critical": 0, "high": 6, "medium": 8, "low": 1}, e
assert e["recall"]["critical"] is None and e["recall"]["high"] == 0, e
assert e["recall"]["medium"] == 0.125, e
assert e["submission"] == sys.argv[2] and len(e["date"]) == 10, e
assert e["judged"] == {"phase": "observation", "lowest": "high", "met": False}, e
PY
# in review the bar reads medium too: marked there
export TMDOJO_CONTENT="$SRC/tests/fixtures/cohort/content"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n' >"$T/ch.txt"
run team record payments -e add-user-api "$T/ch.txt"; expect_rc 0
run team record payments -e add-user-api --again "$T/ch.txt"; expect_rc 0
run team status --sessions 1; expect_rc 0
expect_out "payments: review (2 sessions; 0 of 1 in a row toward security-optional)"
grep -F "#3 " "$T/out" | grep -q "medium 0/1 (below)$" || fail "a session judged in review is not marked on medium"
exit 0
