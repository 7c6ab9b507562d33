# TMDOJO_HOME too long for the system (a path over PATH_MAX, a name over
# NAME_MAX) or for SQLite (a database path over 512 bytes with its -journal):
# one whole line that says so, with the path's middle elided, and what to do (a
# 5,000-byte TMDOJO_HOME gave a message cut at 4,096 bytes, no end of line, no
# advice; one of 493 to 4,083 bytes was told to check permissions, and learn
# left its directories behind).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
# the message is one line, short, ending in its advice
expect_one_line() {
  [ "$(wc -l < "$T/err")" -eq 1 ] || fail "expected one line on stderr"
  [ "$(wc -c < "$T/err")" -lt 1024 ] || fail "expected the path elided, not $(wc -c < "$T/err") bytes"
  tail -n 1 "$T/err" | grep -q "set TMDOJO_HOME to a $1\$" || fail "the message does not end in its advice"
}
name_5000="/tmp/$(repeat a 5000)"
short_names="$T/$(repeat d123456789/ 500)"
for home in "$name_5000" "$short_names"; do
  for cmd in "progress" "learn tiny"; do
    TMDOJO_HOME="$home" run $cmd --learner ann
    expect_rc 2
    expect_err "is too long for this system: the progress database's path would be"
    expect_err "and a path must be shorter than 4096 (PATH_MAX); set TMDOJO_HOME to a shorter path"
    expect_err "..."
    expect_err "/progress.db: TMDOJO_HOME ($(printf '%s' "$home" | cut -c1-40)"
    expect_one_line "shorter path"
  done
done
[ ! -e "$T/d123456789" ] || fail "a directory was made under the too-long TMDOJO_HOME"
TMDOJO_HOME="$T/$(repeat b 300)" run progress --learner ann
expect_rc 2
expect_err "is too long for this system: a name in it is longer than its file system allows"
expect_one_line "path with shorter names"
# SQLite's limit: TMDOJO_HOME/progress.db plus "-journal" may take 512 bytes
home_of() { h=$T/s; while [ ${#h} -lt "$1" ]; do h=$h/d; done; printf '%s' "$h" | cut -c1-"$1"; }
home=$(home_of 493)
TMDOJO_HOME="$home" run learn tiny --learner ann < /dev/null
expect_rc 2
expect_err "TMDOJO_HOME is too long for the progress database: its path would be 505 bytes"
expect_err "takes at most 512; set TMDOJO_HOME to a shorter path"
expect_one_line "shorter path"
[ ! -e "$T/s" ] || fail "learn made directories for a TMDOJO_HOME SQLite cannot use"
printf 'x\n' > "$T/answers"
TMDOJO_HOME=$(home_of 492) run learn tiny --learner ann < "$T/answers"
expect_rc 0
exit 0
