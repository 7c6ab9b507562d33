# A session taken over by `learn --take-over` (or released by `progress
# --reset`) writes nothing more: its next answer is refused, learn stops with
# exit 2 naming the process that took over and the command that continues
# here, and the answer is not stored. A reset is refused while a live session
# holds the learner.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
db="$TMDOJO_HOME/progress.db"
mkfifo "$T/old.in" "$T/new.in" || exit 77
holder() { sqlite3 "$db" "SELECT pid FROM sessions" 2>/dev/null; }
# wait_holder PID: up to 120 s (valgrind, a loaded machine) for PID to hold the session
wait_holder() {
	i=0
	while [ "$(holder)" != "$1" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(holder)" = "$1" ] || fail "process $1 does not hold the session"
}

"$TMDOJO" learn --seed 7 --learner kim tiny <"$T/old.in" >"$T/old.out" 2>"$T/old.err" &
old=$!
exec 7>"$T/old.in"
wait_holder $old

# a reset while the session is live is refused, naming it; nothing is reset
run progress --learner kim --reset --yes
expect_rc 2
expect_err "cannot reset progress: learner 'kim' is in a tmdojo session (process $old"
expect_err "kill $old"
[ "$(holder)" = "$old" ] || fail "the refused reset released the session"

"$TMDOJO" learn --take-over --seed 7 --learner kim tiny <"$T/new.in" >"$T/new.out" 2>&1 &
new=$!
exec 8>"$T/new.in"
wait_holder $new

printf 'b\n' >&7
wait $old
rc=$?
exec 7>&-
[ "$rc" -eq 2 ] || fail "the old session exited $rc: $(cat "$T/old.err")"
grep -qF "this learn session was taken over by process $new" "$T/old.err" ||
	fail "old session: $(cat "$T/old.err")"
grep -qF "learn --learner kim --take-over tiny" "$T/old.err" ||
	fail "old session: no command to continue: $(cat "$T/old.err")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM answers")" = 0 ] ||
	fail "the old session stored an answer after the take-over"

printf ':q\n' >&8
exec 8>&-
wait $new || fail "the session that took over failed: $(cat "$T/new.out")"
[ -z "$(holder)" ] || fail "the session row was left behind"
run progress --learner kim --reset --yes
expect_rc 0
exit 0
