# Group names from file names with invalid UTF-8 or bidirectional controls
# (U+202E makes "rtl<U+202E>gnp.exe" display as "rtlexe.png") are refused like
# every other name, with what to do; an answer holding a bidi control is graded,
# and every report format is valid UTF-8 and shows the control as a visible
# "<U+202E>"; the terminal never gets it.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
command -v iconv >/dev/null 2>&1 || exit 77
rlo=$(printf '\342\200\256')
mkdir -p "$T/sub"
cp "$FIX/class/alpha.txt" "$T/sub/$(printf 'bad\377\376name').txt"
cp "$FIX/class/alpha.txt" "$T/sub/rtl${rlo}gnp.exe.txt"
printf 'the endpoint is unauthenticated %sreversed\n' "$rlo" > "$T/sub/gamma.txt"
run cohort grade --exercise add-user-api --cohort c "$T/sub"
expect_rc 1
! grep -q "$rlo" "$T/out" "$T/err" || fail "a bidi control reached the terminal"
expect_err "skipped"
expect_err "rtl?gnp.exe' has a control character"
expect_err "bad??name' has a control character"
expect_out "graded 1 of 3"
for f in text csv json html; do
  run cohort report --cohort c --format $f -o "$T/r.$f"
  expect_rc 0
  iconv -f UTF-8 -t UTF-8 "$T/r.$f" >/dev/null 2>&1 || fail "the $f report is not valid UTF-8"
  ! grep -q "$rlo" "$T/r.$f" || fail "a bidi control in the $f report"
done
grep -q '<U+202E>reversed' "$T/r.csv" || fail "csv lacks the visible control"
grep -q '&lt;U+202E&gt;reversed' "$T/r.html" || fail "html lacks the visible control"
exit 0
