# `tmdojo progress` ignored COLUMNS and the terminal's width: at 40 columns its
# course rows took 69 to 86 columns (id, bar, items, title) and its module rows
# 43, broken mid-word by the terminal. Within a width now the title wraps at word
# boundaries, the bar is dropped when it leaves the title no room, and a module
# row too wide takes two rows; piped without COLUMNS the layout is as before.
. "$(dirname "$0")/lib/common.sh"
# a terminal layout test (tens of seconds under valgrind): skipped there to keep
# CI's valgrind run short; make check runs it under ASan and UBSan
[ -z "${TMDOJO_WRAP:-}" ] || { echo "pty layout test: skipped under TMDOJO_WRAP (make check covers it)"; exit 77; }
fits() { awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }' "$2"; }
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }
export TMDOJO_CONTENT="$SRC"
printf 'a\n' > "$T/in"
IN="$T/in" run learn --learner pat intro/you-already-threat-model
run progress --learner pat
expect_rc 0
expect_out "intro [##------------------] 2 of 23 items  Part 1: Introduction to threat modeling"
grep -q '^  started  you-already-threat-model     2/3$' "$T/out" || fail "piped module rows changed"
for w in 40 50 70; do
  COLUMNS=$w run progress --learner pat
  expect_rc 0
  fits $w "$T/out" || fail "progress is wider than COLUMNS=$w"
  flat "$T/out" > "$T/flat"
  grep -qF "201: Threat modeling larger systems" "$T/flat" || fail "a course title is not whole at $w columns"
  grep -qF "answers recorded. done* = finished below a pass mark." "$T/flat" || fail "the last line is not whole at $w"
done
COLUMNS=40 run progress --learner pat
expect_out "you-already-threat-model"
expect_out "started, 2 of 3 items"
# the --reset confirmation on a 40-column terminal: wrapped at word boundaries
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: terminal not checked"; exit 0; }
python3 "$SRC/tests/e2e/lib/ptydrive.py" 40 30 \
  "exec ${TMDOJO_WRAP:-} $TMDOJO progress --reset --learner pat" '@confirm:' 'no\r' > "$T/screen" 2>"$T/err"
tr -d '\r' < "$T/screen" > "$T/out"
expect_out "Nothing was deleted."
fits 40 "$T/out" || fail "the reset prompt is wider than a 40-column terminal"
flat "$T/out" | grep -qF "Delete the progress of 'pat' in every course? This cannot be undone. Type yes to confirm: no" ||
  fail "the reset prompt is not wrapped at word boundaries"
