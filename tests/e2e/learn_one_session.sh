# Two learn sessions of the same learner side by side: the second is refused
# with a message naming the first (its process), nothing of it is stored, and
# the first goes on. Another learner is not held up; after the first quits (or
# its process dies) the learner can start again.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"
fifo="$T/fifo"
mkfifo "$fifo" || exit 77
command -v python3 >/dev/null 2>&1 || exit 77
holder() { python3 -c 'import sqlite3, sys
try: print(*[r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT pid FROM sessions")])
except sqlite3.Error: pass' "$db" 2>/dev/null; }
# wait_holder PID: up to 120 s (valgrind, a loaded machine) for PID to hold the session:
# the database is created a while before the session is claimed
wait_holder() {
  i=0
  while [ "$(holder)" != "$1" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
  [ "$(holder)" = "$1" ] || fail "process $1 does not hold the session"
}

"$TMDOJO" learn --seed 7 --learner kim tiny <"$fifo" >"$T/first.out" 2>&1 &
first=$!
exec 7>"$fifo"
wait_holder $first

IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim tiny
expect_rc 2
expect_err "learner 'kim' is already in a tmdojo session (process $first"
expect_err "quit that session first"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner other tiny
expect_rc 0

printf ':q\n' >&7
exec 7>&-
wait $first || fail "the first session failed: $(cat "$T/first.out")"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner kim tiny
expect_rc 0

# A session whose process died is taken over.
"$TMDOJO" learn --seed 7 --learner kim tiny <"$fifo" >/dev/null 2>&1 &
held=$!
exec 7>"$fifo"
wait_holder $held
kill -9 $held; wait $held 2>/dev/null
exec 7>&-
IN="$A/tiny-seed7-part2.txt" run learn --seed 7 --learner kim tiny
expect_rc 0
exit 0
