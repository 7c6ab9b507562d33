# A read-only view (progress, --json, --export) of a progress.db its user
# cannot write leaves no -wal or -shm behind: SQLite would create them with the
# file's mode (444) and that user as owner, and learn would fail on them ever
# after. A -shm that cannot be written is named when learn refuses.
# Needs a user who is refused by file modes: as root it runs tmdojo as nobody
# (setpriv), and is skipped (exit 77) when that is not possible.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
H=$T/h
mkdir "$H"
chmod 755 "$T"
db="$H/progress.db"
TMDOJO_HOME=$H "$TMDOJO" learn --seed 7 --learner kim tiny <"$A/tiny-seed7-part1.txt" \
	>/dev/null 2>&1 || fail "learn did not store progress"
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$db-wal" "$db-shm"
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1 ||
	   ! setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		echo "skipped: running as root without setpriv to drop to nobody"
		exit 77
	fi
	chown -R 65534 "$H"
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_user() { "$@"; }
fi
view() {
	TMDOJO_HOME=$H as_user "$TMDOJO" "$@" >"$T/out" 2>"$T/err"; rc=$?
	expect_rc 0
	[ ! -e "$db-wal" ] && [ ! -e "$db-shm" ] ||
		fail "'$*' of a read-only file left: $(ls "$H")"
}
chmod 444 "$db"
view progress --learner kim
expect_out "Progress of kim"
view progress --learner kim --json
view progress --learner kim --export
chmod 644 "$db"
TMDOJO_HOME=$H as_user "$TMDOJO" learn --seed 7 --learner kim tiny </dev/null >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0
# a -shm that cannot be written (left by an older tmdojo) is named
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f "$db-wal" "$db-shm"
: >"$db-shm"
chmod 444 "$db-shm"
TMDOJO_HOME=$H as_user "$TMDOJO" learn --seed 7 --learner kim tiny </dev/null >"$T/out" 2>"$T/err"
rc=$?
expect_rc 2
expect_err "the progress database's file '$db-shm' cannot be written"
exit 0
