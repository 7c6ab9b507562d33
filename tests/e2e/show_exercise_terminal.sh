# `show --exercise` on a terminal dumped the raw Markdown unpaged and unwrapped
# (284 lines for credit-card-billing, 197 wider than 40 columns on a 40-column
# terminal), while learn renders, wraps and pages the same design document. On a
# terminal it is rendered, wrapped at the width and paged now, the diagram as
# drawn after a "Diagram" heading; piped it stays the plain Markdown.
. "$(dirname "$0")/lib/common.sh"
# a terminal layout test (tens of seconds under valgrind): skipped there to keep
# CI's valgrind run short; make check runs it under ASan and UBSan
[ -z "${TMDOJO_WRAP:-}" ] || { echo "pty layout test: skipped under TMDOJO_WRAP (make check covers it)"; exit 77; }
export TMDOJO_CONTENT="$SRC"
run show --exercise credit-card-billing
expect_rc 0
head -1 "$T/out" | grep -q '^# Group exercise: credit-card billing' || fail "piped output is not Markdown"
expect_out "# Design: direct card billing"
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: terminal not checked"; exit 0; }
python3 "$SRC/tests/e2e/lib/ptydrive.py" 40 30 \
  "NO_COLOR=1 exec ${TMDOJO_WRAP:-} $TMDOJO show --exercise credit-card-billing" \
  '@-- more' '\r' '@-- more' '\r' '@-- more' 'q\r' > "$T/screen" 2>"$T/err"
tr -d '\r' < "$T/screen" > "$T/out"
grep -qF -- "-- more: [Enter] next page, q stops --" "$T/out" || fail "not paged on a terminal"
expect_out "Group exercise: credit-card billing for"
grep -q '^#' "$T/out" && fail "Markdown heading marks on a terminal"
grep -qF '**' "$T/out" && fail "Markdown emphasis marks on a terminal"
# stopped at the third page, before the diagram: every line fits 40 columns
awk 'length($0) > 40 { print; bad = 1 } END { exit bad }' "$T/out" || fail "lines wider than 40 columns"
# the whole document on a tall screen: the diagram comes last, under its heading
python3 "$SRC/tests/e2e/lib/ptydrive.py" 40 2000 \
  "NO_COLOR=1 exec ${TMDOJO_WRAP:-} $TMDOJO show --exercise credit-card-billing" q > "$T/screen" 2>"$T/err"
tr -d '\r' < "$T/screen" > "$T/out"
grep -A1 '^Diagram$' "$T/out" | grep -q '^-------$' || fail "no Diagram heading before the diagram"
sed '/^Diagram$/,$d' "$T/out" | awk 'length($0) > 40 { print; bad = 1 } END { exit bad }' ||
  fail "document lines wider than 40 columns"
expect_out "+--------------------------------+"
