# grade's text report wrapped hints at 100 columns whatever COLUMNS said, and
# printed the learner's lines, matched titles and "why" unwrapped, cut mid-word
# on a narrow terminal. With a terminal or COLUMNS they wrap at word boundaries
# within its width now; piped without COLUMNS the report is as before (hints and
# descriptions at 100, the rest a line each).
. "$(dirname "$0")/lib/common.sh"
fits() { awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }' "$2"; }
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }
export TMDOJO_CONTENT="$SRC"
cd "$SRC/exercises/credit-card-billing/samples" || fail "no samples"
run grade --key .. average-group.txt; expect_rc 0
expect_out "average-group.txt: 30.4% (24 of 79 points) against credit-card-billing"
awk 'length($0) > 60' "$T/out" | grep -q hint: || fail "piped hints are no longer wrapped at 100"
for reveal in "" --reveal; do
  for w in 40 60; do
    COLUMNS=$w run grade $reveal --key .. average-group.txt; expect_rc 0
    fits $w "$T/out" || fail "the report ($reveal) is wider than COLUMNS=$w"
    flat "$T/out" > "$T/flat"
    grep -qF "average-group.txt: 30.4% (24 of 79 points) against credit-card-billing" "$T/flat" ||
      fail "the heading is not wrapped at word boundaries at $w"
    grep -qF "someone could steal the database and get all the credit card numbers" "$T/flat" ||
      fail "a learner's line is not wrapped at word boundaries at $w"
  done
done
COLUMNS=40 run grade --key .. average-group.txt
flat "$T/out" > "$T/flat"
grep -qF "[low] hint: Besides whose invoice it is, what can an invoice number [3] itself tell an outsider?" "$T/flat" ||
  fail "a hint is not wrapped at word boundaries at 40"
