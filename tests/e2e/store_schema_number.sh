# A progress database whose schema number no tmdojo writes (negative) is refused
# by every command, read-only or not, and keeps every byte; a read-only command
# never creates a progress database.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"

# Views of a fresh home create nothing.
run progress --learner ann
[ ! -e "$db" ] || fail "progress created the progress database"
run cohort report --cohort c
[ ! -e "$db" ] || fail "cohort report created the progress database"

IN="$A/tiny-seed7-part1.txt" run learn --learner ann tiny
[ -e "$db" ] || fail "learn stored nothing"
for v in -1 -5; do
  sqlite3 "$db" "PRAGMA user_version=$v"
  cp "$db" "$T/orig"
  run progress --learner ann
  expect_rc 2
  expect_err "left untouched"
  cmp -s "$db" "$T/orig" || fail "progress changed the file (user_version $v)"
  IN="$A/tiny-seed7-part1.txt" run learn --learner ann tiny
  expect_rc 2
  expect_err "damaged or not a tmdojo database"
  cmp -s "$db" "$T/orig" || fail "learn changed the file (user_version $v)"
  run cohort report --cohort c
  expect_rc 2
  cmp -s "$db" "$T/orig" || fail "cohort report changed the file (user_version $v)"
done
exit 0
