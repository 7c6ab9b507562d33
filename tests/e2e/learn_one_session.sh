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

"$TMDOJO" learn --seed 7 --learner kim tiny <"$fifo" >"$T/first.out" 2>&1 &
first=$!
exec 7>"$fifo"
i=0; while [ ! -e "$db" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5

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
sleep 1
kill -9 $held; wait $held 2>/dev/null
exec 7>&-
IN="$A/tiny-seed7-part2.txt" run learn --seed 7 --learner kim tiny
expect_rc 0
exit 0
