# End-to-end: a group's "Top three" picks restate its list. A pick earns only
# the threat it is closest to, and only when the list did not earn it: one
# worded as an alias of a threat the list found took that threat from the
# list's own line (which then read as unmatched), and one whose closest threat
# was taken earned the next closest (B29 for "PAN and CVV in the DB").
. "$(dirname "$0")/lib/common.sh"
mkdir "$T/c"
printf '## Threats\n- Full PAN and CVV stored in plain text in the cards table\n' >"$T/c/once.md"
printf '## Threats\n- Full PAN and CVV stored in plain text in the cards table\n\n## Top three\n1. PAN and CVV in the DB\n' >"$T/c/restate.md"
printf '## Threats\n- anyone on the VPN can call paygate /refund, no caller authentication\n\n## Top three\n1. paygate has no authentication\n' >"$T/c/closer.md"
printf '## Threats\n- anyone on the VPN can call paygate /refund, no caller authentication\n' >"$T/c/closer-once.md"
# a pick the list lacks still earns its threat
printf '## Threats\n- anyone on the VPN can call paygate /refund, no caller authentication\n\n## Top three\n1. Full PAN and CVV stored in plain text in the cards table\n' >"$T/c/new-pick.md"
run cohort grade --exercise credit-card-billing --cohort t "$T/c"; expect_rc 0
run cohort report --cohort t --format json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "restated picks earned threats"
import json, sys
d = json.load(open(sys.argv[1]))
subs = {s["name"]: s for s in d["submissions"]}
top = {n: [t["threat"] for t in s["top_three"]] for n, s in subs.items()}
assert subs["restate"]["score"] == subs["once"]["score"], (subs["restate"]["score"], subs["once"]["score"])
assert top["restate"] == ["B02"], top
assert subs["closer"]["score"] == subs["closer-once"]["score"], (subs["closer"]["score"], subs["closer-once"]["score"])
assert top["closer"] == ["B04"], top
assert subs["closer"]["found"] == [{"threat": "B04", "line": 2}], subs["closer"]["found"]
assert subs["new-pick"]["score"] > subs["closer-once"]["score"], subs["new-pick"]["score"]
assert top["new-pick"] == ["B02"], top
PY
exit 0
