# A session left behind can no longer lock the learner out for good:
# SIGTERM and SIGHUP stop learn as Ctrl-C does (the session row is released);
# a row from another host (a container or laptop renamed since) is refused with
# its last activity and the way out, taken over by --take-over, released by
# `progress --reset`, and expires after 12 hours without activity.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"

rows() { sqlite3 "$db" "SELECT count(*) FROM sessions"; }

for sig in TERM HUP; do
  case $sig in TERM) want=143 ;; HUP) want=129 ;; esac   # 128 + the signal (interrupt_status.sh)
  # no output of the run before (the shell opens first only once the fifo has a
  # writer, and a signal sent before tmdojo starts goes to that shell)
  rm -f "$T/in" "$T/first"; mkfifo "$T/in" || exit 77
  ${TMDOJO_WRAP:-} "$TMDOJO" learn --seed 7 --learner kim tiny <"$T/in" >"$T/first" 2>&1 &
  pid=$!
  exec 3>"$T/in"
  printf 'b\n' >&3
  wait_for "Question 2 of 8" "$T/first"
  [ "$(rows)" -eq 1 ] || fail "no session row while learn runs"
  kill -$sig "$pid"
  wait "$pid"; st=$?
  exec 3>&-
  [ "$st" -eq "$want" ] || { cat "$T/first"; fail "SIG$sig: exit $st, not $want"; }
  grep -qF "Stopped. Your progress is saved" "$T/first" || { cat "$T/first"; fail "SIG$sig: no Stopped line"; }
  [ "$(rows)" -eq 0 ] || fail "SIG$sig left the session row behind"
done

# a session held on another host, active a minute ago
id=$(sqlite3 "$db" "SELECT id FROM learners WHERE name = 'kim'")
hold() {   # hold SECONDS-AGO
  now=$(date +%s)
  sqlite3 "$db" "INSERT OR REPLACE INTO sessions (learner, pid, host, started, seen)
    VALUES ($id, 4242, 'container-1a2b', $((now - $1 - 60)), $((now - $1)))"
}
# ten minutes: a figure a slow run (valgrind) cannot move past a unit
hold 600
run learn --seed 7 --learner kim tiny
expect_rc 2
expect_err "on host 'container-1a2b'"
expect_err "last active 10 minutes ago"
expect_err "tmdojo learn --take-over"
! grep -q "tmdojo list" "$T/err" || fail "a refused session ends with the 'tmdojo list' hint"
run learn --seed 7 --learner kim tiny
expect_rc 2
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim --take-over tiny
expect_rc 0
expect_out "Question"
[ "$(rows)" -eq 0 ] || fail "the taken-over session was not released"

# an unknown course still gets the hint
run learn --seed 7 --learner kim nope
expect_rc 2
expect_err "see 'tmdojo list' for the courses and modules"

# progress --reset releases it
hold 60
run progress --learner kim --reset --yes
expect_rc 0
[ "$(rows)" -eq 0 ] || fail "progress --reset kept the session row"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim tiny
expect_rc 0

# inactive for more than 12 hours: expired, on any host
hold $((12 * 3600 + 60))
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim tiny
expect_rc 0
# a row from before migration 6 (seen 0): its start time counts
now=$(date +%s)
sqlite3 "$db" "INSERT INTO sessions (learner, pid, host, started, seen)
  VALUES ($id, 4242, 'container-1a2b', $((now - 13 * 3600)), 0)"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim tiny
expect_rc 0
exit 0
