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
# the picks end where the label's section does: a list line under a later
# heading or lead-in is no pick (it lost its threat as one), nor counted as given
printf '## Threats\n- Full PAN and CVV stored in plain text in the cards table\n\n## Top three\n1. Full PAN and CVV stored in plain text in the cards table\n\n## Found later\n- anyone on the VPN can call paygate /refund, no caller authentication\n' >"$T/c/section.md"
printf '## Top three\n1. Full PAN and CVV stored in plain text in the cards table\nMore threats:\n- anyone on the VPN can call paygate /refund, no caller authentication\n- PAN and CVV in the DB\n' >"$T/c/lead-in.md"
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
assert sorted(f["threat"] for f in subs["section"]["found"]) == ["B02", "B04"], subs["section"]["found"]
assert top["section"] == ["B02"] and subs["section"]["top_given"] == 1, (top["section"], subs["section"]["top_given"])
assert top["lead-in"] == ["B02"] and subs["lead-in"]["top_given"] == 1, (top["lead-in"], subs["lead-in"]["top_given"])
assert sorted(f["threat"] for f in subs["lead-in"]["found"]) == ["B02", "B04"], subs["lead-in"]["found"]
PY
exit 0
