# The cohort report's text format ignored COLUMNS and the terminal's width:
# threat rows and top-three lines up to 161 columns, cut mid-word at 40. Within
# a width titles and top-three lines now wrap at word boundaries, a row too wide
# takes two rows and the histogram's bars shrink; piped without COLUMNS, and
# written with -o, the report is as before.
. "$(dirname "$0")/lib/common.sh"
fits() { awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }' "$2"; }
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }
export TMDOJO_CONTENT="$SRC"
cp -r "$SRC/exercises/credit-card-billing/samples" "$T/subs"
run cohort grade --exercise credit-card-billing --cohort spring "$T/subs"; expect_rc 0
run cohort report --cohort spring; expect_rc 0
cp "$T/out" "$T/piped"
grep -q '^  B07    high       [ 0-9]* of [0-9]*  Checkout trusts the price and amount that the browser sends$' "$T/out" ||
  fail "piped threat rows changed"
grep -q '^  average-group  *[0-9.]*%  version ' "$T/out" || fail "piped group rows changed"
COLUMNS=40 run cohort report --cohort spring -o "$T/file.txt"; expect_rc 0
cmp -s "$T/piped" "$T/file.txt" || fail "the report written with -o follows COLUMNS"
for w in 40 60; do
  COLUMNS=$w run cohort report --cohort spring; expect_rc 0
  fits $w "$T/out" || fail "the report is wider than COLUMNS=$w"
  flat "$T/out" > "$T/flat"
  grep -qF "Payment gateway accepts charge and refund calls from anyone on the private network" "$T/flat" ||
    fail "a threat title is not wrapped at word boundaries at $w columns"
  grep -qF "1. Stolen cards tested on checkout. Criminals use the guest checkout to find out which stolen cards still work" "$T/flat" ||
    fail "a top-three line is not wrapped at word boundaries at $w columns"
  # -ge: a shrunk bar keeps at least one '#', so a narrow report can show a bar that
  # the full-width one (a bin's share of 40 columns) rounds away past 40 groups
  [ "$(grep -c '#' "$T/out")" -ge "$(grep -c '#' "$T/piped")" ] || fail "a histogram bar vanished at $w columns"
done
