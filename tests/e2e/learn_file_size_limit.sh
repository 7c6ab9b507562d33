# Over a file size limit (ulimit -f) a write fails like on a full disk: learn
# says it could not save, that earlier progress is kept, and exits 2, instead
# of dying on SIGXFSZ without a word (exit 153). The progress stored before is
# still there.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim tiny
expect_rc 0
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(sqlite3 "$db" 'SELECT count(*) FROM answers')
[ "$before" -gt 0 ] || fail "part 1 stored no answers"
# the database is larger than the limit: the first write to the -wal past a
# few kilobytes fails
( ulimit -f 8 && exec "$TMDOJO" learn --seed 7 --learner kim tiny \
	<"$A/tiny-seed7-part2.txt" >"$T/out" 2>"$T/err" )
rc=$?
[ "$rc" -ne 153 ] || fail "killed by SIGXFSZ"
expect_rc 2
expect_err "the file size limit was reached (ulimit -f); earlier progress is kept"
run progress --learner kim
expect_rc 0
[ "$(sqlite3 "$db" 'SELECT count(*) FROM answers')" -ge "$before" ] ||
	fail "answers stored before were lost"
exit 0
