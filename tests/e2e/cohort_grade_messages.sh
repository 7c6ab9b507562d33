# cohort grade says why a file is skipped as tmdojo grade says why it cannot
# be graded: PATH:LINE:COLUMN: text, every reason. It printed only the first
# reason's text (no place), and called a UTF-16 file a "binary file" (its
# binary check ran before the encoding check) where grade says to convert it.
. "$(dirname "$0")/lib/common.sh"
KEY="$SRC/exercises/credit-card-billing"
mkdir "$T/c"
printf '\377\376S\000Q\000L\000\n\000' > "$T/c/utf16.txt"
printf 'SQL injection\000 in login\n' > "$T/c/nul.txt"
printf 'threats:\n  - title: [unclosed\n' > "$T/c/syntax.yaml"
printf 'threats:\n  - title: Spoofed admin\n    stride: spofing\n  - title: x\n    severity: hgih\n' \
  > "$T/c/fields.yaml"
run cohort grade --exercise credit-card-billing --cohort c "$T/c"
expect_rc 2
cp "$T/err" "$T/cohort.err"
for f in utf16.txt nul.txt syntax.yaml fields.yaml; do
  run grade --key "$KEY" "$T/c/$f"; expect_rc 2
  [ -s "$T/err" ] || fail "grade said nothing about $f"
  first=1
  while IFS= read -r m; do
    if [ $first = 1 ]; then want="tmdojo cohort: skipped $m"; first=0
    else want="tmdojo cohort: $m"; fi
    grep -qxF -- "$want" "$T/cohort.err" ||
      { cp "$T/cohort.err" "$T/err"; fail "cohort grade lacks: $want"; }
  done < "$T/err"
done
grep -q "$T/c/utf16.txt:1:1: this is UTF-16 text: save the threat list as UTF-8" "$T/cohort.err" ||
  { cp "$T/cohort.err" "$T/err"; fail "no UTF-16 advice"; }
grep -q "fields.yaml:5:" "$T/cohort.err" ||
  { cp "$T/cohort.err" "$T/err"; fail "the second reason of fields.yaml is missing"; }
! grep -q "binary" "$T/cohort.err" || { cp "$T/cohort.err" "$T/err"; fail "called binary"; }
exit 0
