# End-to-end: Markdown layouts a learner writes are read as threats, not lines.
# A list item wrapped onto indented lines was split into separate threats (a
# threat lost its credit: 8.1% against 12.2% for the same list on one line
# each); a table's header row was graded as a threat and each row with its
# pipes, rank and severity cells. A wrapped item is one threat at its first
# line now, and a table row is its threat cell with the labels of its other
# cells.
. "$(dirname "$0")/lib/common.sh"
K="$SRC/exercises/credit-card-billing"
printf '%s\n' \
  '1. Traffic between the billing API and paygate is sent over plain HTTP, so anyone inside can read the card numbers.' \
  '2. The webhook endpoint accepts events without checking a signature, so anyone can forge a payment succeeded event.' \
  '3. Support agents can issue refunds of any amount to any card number they type.' >"$T/one.md"
printf '%s\n' \
  '1. Traffic between the billing API and paygate is sent over' \
  '   plain HTTP, so anyone inside can read the card numbers.' \
  '2. The webhook endpoint accepts events without checking' \
  '   a signature, so anyone can forge a payment succeeded event.' \
  '3. Support agents can issue refunds of any' \
  '   amount to any card number they type.' >"$T/wrapped.md"
run grade --key "$K" "$T/one.md" "$T/wrapped.md"; expect_rc 0
expect_out "$T/one.md: 11.4% (9 of 79 points)"
expect_out "$T/wrapped.md: 11.4% (9 of 79 points)"
run grade --key "$K" --json "$T/wrapped.md"; expect_rc 0
python3 - "$T/out" <<'PY' || fail "wrapped items not read as one threat each"
import json, sys
d = json.load(open(sys.argv[1]))
found = sorted((f["line"], f["threat"]) for f in d["found"])
assert found == [(1, "B05"), (3, "B10"), (5, "B14")], found
assert d["unmatched"] == [], d["unmatched"]
assert d["found"][0]["answer"].endswith("over plain HTTP, so anyone inside can read the card numbers."), d["found"][0]
PY

printf '%s\n' '# Our threats' '' \
  '| Rank | Threat | Severity |' \
  '|------|--------|----------|' \
  '| 1 | Card testing with stolen cards | critical |' \
  '| 2 | Webhook events accepted without checking a signature | high |' \
  '| 3 | Support agents can refund any amount to any card | high |' >"$T/table.md"
run grade --key "$K" --json "$T/table.md"; expect_rc 0
python3 - "$T/out" <<'PY' || fail "table rows not read from their threat cells"
import json, sys
d = json.load(open(sys.argv[1]))
found = sorted((f["line"], f["threat"], f["answer"]) for f in d["found"])
assert found == [(5, "B01", "Card testing with stolen cards"),
                 (6, "B10", "Webhook events accepted without checking a signature"),
                 (7, "B14", "Support agents can refund any amount to any card")], found
# the header row is no threat
assert d["unmatched"] == [], d["unmatched"]
PY
exit 0
