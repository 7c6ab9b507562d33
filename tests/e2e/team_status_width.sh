# `tmdojo team status` ignored COLUMNS and the terminal's width: its rules line
# took 144 columns and a session row 79, cut mid-word at 40 columns. Within a
# width they wrap at word boundaries now, a session row too wide taking two rows
# (the exercise, then its figures); piped without COLUMNS nothing changes.
. "$(dirname "$0")/lib/common.sh"
fits() { awk -v w="$1" 'length($0) > w { print; bad = 1 } END { exit bad }' "$2"; }
flat() { tr '\n' ' ' < "$1" | tr -s ' '; }
export TMDOJO_CONTENT="$SRC/tests/fixtures/cohort/content"
printf -- '- anyone can set role=admin in the request and become an admin\n- the endpoint is unauthenticated\n' >"$T/ch.txt"
run team record payments --exercise add-user-api "$T/ch.txt"; expect_rc 0
run team status; expect_rc 0
expect_out "rules: 3 sessions in a row with recall >= 0.8 (observation -> review: critical and high; review -> security-optional: critical, high and medium)"
expect_out "  #1    $(date +%Y-%m-%d)  add-user-api         score  70.0%  critical 1/1  high 1/1  medium 0/1"
for w in 40 60; do
  COLUMNS=$w run team status; expect_rc 0
  fits $w "$T/out" || fail "team status is wider than COLUMNS=$w"
  flat "$T/out" > "$T/flat"
  grep -qF "review -> security-optional: critical, high and medium)" "$T/flat" ||
    fail "the rules are not wrapped at word boundaries at $w columns"
  grep -qF "payments: observation (1 session; 1 of 3 in a row toward review)" "$T/flat" ||
    fail "the team's line is not wrapped at word boundaries at $w columns"
  grep -qF "medium 0/1" "$T/flat" || fail "a session's figures are lost at $w columns"
done
