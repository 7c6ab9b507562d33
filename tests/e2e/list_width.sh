# `tmdojo list` ignored the terminal's width (rows up to 136 columns, broken
# mid-word by a 40-column terminal) and its minutes column zig-zagged: '%s/%-30s'
# padded only the module id, not "course/module". Titles now wrap at word
# boundaries within the width of a terminal or COLUMNS; too narrow for the row,
# each record takes two rows; piped without COLUMNS each record stays one line,
# the minutes in one column.
. "$(dirname "$0")/lib/common.sh"
# a terminal layout test (tens of seconds under valgrind): skipped there to keep
# CI's valgrind run short; make check runs it under ASan and UBSan
[ -z "${TMDOJO_WRAP:-}" ] || { echo "pty layout test: skipped under TMDOJO_WRAP (make check covers it)"; exit 77; }
fits() { awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }' "$2"; }
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }
export TMDOJO_CONTENT="$SRC"
run list
expect_rc 0
expect_out "STRIDE, part two: information disclosure, denial of service, elevation of privilege"
# every module row's "min" starts in the same column
grep '^    [a-z0-9-]*/' "$T/out" | awk '{ print index($0, " min ") }' | sort -u > "$T/cols"
[ "$(wc -l < "$T/cols")" -eq 1 ] || fail "the minutes column zig-zags: $(tr '\n' ' ' < "$T/cols")"
for w in 40 60 80; do
  COLUMNS=$w run list
  expect_rc 0
  fits $w "$T/out" || fail "list is wider than COLUMNS=$w"
  flat "$T/out" > "$T/flat"
  grep -qF "STRIDE, part two: information disclosure, denial of service, elevation of privilege" "$T/flat" ||
    fail "a title is not wrapped at word boundaries at $w columns"
  grep -qF "(30 threats in the key)" "$T/flat" || fail "an exercise's threat count is lost at $w columns"
done
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: terminal not checked"; exit 0; }
python3 "$SRC/tests/e2e/lib/ptydrive.py" 40 30 "exec ${TMDOJO_WRAP:-} $TMDOJO list" > "$T/screen" 2>"$T/err"
tr -d '\r' < "$T/screen" > "$T/out"
expect_out "intro/stride-i-d-e"
fits 40 "$T/out" || fail "list is wider than a 40-column terminal"
