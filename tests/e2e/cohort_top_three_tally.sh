# End-to-end: what cohort report says of the groups' top three. A pick that
# matches no threat showed a bare [-]: now its closest threat and similarity;
# a fourth pick was dropped silently: now "4 picks given, the first 3 read";
# three picks of one threat were not flagged: now ", repeat"; csv held only
# the picks' text: now top1_threat..top3_threat; and a tally says how many
# groups picked each threat and how many picks match none.
. "$(dirname "$0")/lib/common.sh"
cd "$SRC" || fail "cannot cd to $SRC"
mkdir "$T/class"
cat > "$T/class/otters.txt" <<'E'
- CVV stored in the database
- card testing through guest checkout

## Top three
1. CVV stored in the database
2. the office coffee machine is broken
3. card testing through guest checkout
4. admin endpoints open to the internet
E
cat > "$T/class/foxes.txt" <<'E'
- CVV stored in the database
## Top three
- CVV stored in the database
- CVV stored in the database
- CVV stored in the database
E
run cohort grade -e credit-card-billing -c t "$T/class"; expect_rc 0
run cohort report -c t; expect_rc 0
expect_out "2. CVV stored in the database [B02, repeat]"
grep -q "the office coffee machine is broken \[-, closest B[0-9]* 0\.[0-9][0-9]\]" "$T/out" \
  || fail "an unmatched pick has no closest threat"
expect_out "(4 picks given, the first 3 read)"
expect_out "picks across groups (* reference): B02* picked by 2 groups"
expect_out "; 1 pick matches no threat"
run cohort report -c t -f csv; expect_rc 0
head -n 1 "$T/out" | grep -q '"top1_threat","top2_threat","top3_threat","top_given"' \
  || fail "csv lacks the pick threats"
grep -q '^"foxes",.*,"B02","B02","B02",3' "$T/out" || fail "csv: foxes' pick threats"
run cohort report -c t -f json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "json top three is not as expected"
import json, sys
d = json.load(open(sys.argv[1]))
tally = {x["threat"]: x for x in d["top_tally"]}
assert tally["B02"]["groups"] == 2 and tally["B02"]["reference"], tally
assert d["top_unmatched"] == 1, d["top_unmatched"]
s = {x["name"]: x for x in d["submissions"]}
assert s["otters"]["top_given"] == 4, s["otters"]
coffee = s["otters"]["top_three"][1]
assert coffee["threat"] is None and coffee["closest"] and coffee["similarity"] is not None, coffee
assert [p["repeat"] for p in s["foxes"]["top_three"]] == [False, True, True], s["foxes"]
PY
run cohort report -c t -f html; expect_rc 0
expect_out 'id="top-tally"'
expect_out "4 picks given, the first 3 read"
exit 0
