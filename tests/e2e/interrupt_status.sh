# learn and refresh stopped by a signal exit 128 plus its number, as a shell reports
# a process the signal ended: 130 after Ctrl-C (SIGINT), 143 after SIGTERM, 129 after
# SIGHUP, so that a script driving tmdojo can tell the run was interrupted; progress
# is saved all the same and the stop message says so. :q is a normal stop (0).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"

# stopped SIG WANT ARGS...: tmdojo ARGS reading a fifo, sent SIG at its first
# question; its exit status must be WANT
stopped() {
  sig=$1 want=$2; shift 2
  # no output of the run before: the shell opens out only once the fifo has a
  # writer, and a signal sent before tmdojo starts goes to that shell
  rm -f "$T/in" "$T/out" "$T/err"; mkfifo "$T/in" || exit 77
  ${TMDOJO_WRAP:-} "$TMDOJO" "$@" <"$T/in" >"$T/out" 2>"$T/err" &
  pid=$!
  exec 3>"$T/in"
  wait_for "Question 1 of" "$T/out"
  kill -"$sig" "$pid"
  wait "$pid"; rc=$?
  exec 3>&-
  [ "$rc" -eq "$want" ] || fail "tmdojo $* stopped by SIG$sig: exit $rc, not $want"
}

stopped INT 130 learn --seed 7 --learner kim tiny
expect_err "Stopped. Your progress is saved; resume with:"   # the output is no terminal
stopped TERM 143 learn --seed 7 --learner kim tiny
stopped HUP 129 learn --seed 7 --learner kim tiny
# :q is a normal stop
printf ':q\n' > "$T/q"
IN="$T/q" run learn --seed 7 --learner kim tiny
expect_rc 0
expect_out "Stopped. Your progress is saved; resume with:"

# refresh: something to ask (answered wrong a minute back), then the same
IN="$A/tiny-seed7-one-some-wrong.txt" run learn --seed 7 --learner ann tiny/one
expect_rc 0
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE answers SET time = time - 60"); db.commit()' \
  "$TMDOJO_HOME/progress.db" || fail "could not age the answers"
stopped INT 130 refresh --learner ann
expect_err "Refresher: stopped before the first question; nothing recorded."
stopped TERM 143 refresh --learner ann
IN="$T/q" run refresh --learner ann
expect_rc 0
expect_out "Refresher: stopped before the first question; nothing recorded."
exit 0
