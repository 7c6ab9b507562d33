# Sourced by tests/e2e/*.sh. Provides run (captures out/err/rc), expect_rc, expect_out,
# expect_err, fail. Scripts run with `set -u` and exit non-zero on the first failure.
#
# A script runs alone as `sh tests/e2e/NAME.sh` from any directory, or under
# tests/run-e2e.sh. It accepts:
#   TMDOJO_SRC   the source tree (default: the tree the script is in)
#   TMDOJO       the binary under test (default: $TMDOJO_SRC/build/tmdojo, else
#                $TMDOJO_SRC/tmdojo)
#   TMDOJO_WRAP  a command that wraps every run (valgrind, timeout)
# It never touches real progress: TMDOJO_HOME, HOME and XDG_DATA_HOME are always
# set to fresh directories under the script's temporary directory $T.
# TMDOJO_CACHE, the lexicon cache, is a fresh $T/.e2e/cache: cold at the start of each
# script, warm from its second run on.
set -u
case $0 in
  */*) here_=$(dirname "$0") ;;
  *) here_=. ;;
esac
if [ -z "${TMDOJO_SRC:-}" ]; then
  TMDOJO_SRC=$(cd "$here_/../.." && pwd) || { echo "FAIL: cannot find the source tree from $0"; exit 1; }
fi
export TMDOJO_SRC
SRC=$TMDOJO_SRC
if [ -z "${TMDOJO:-}" ]; then
  if [ -x "$SRC/build/tmdojo" ]; then TMDOJO=$SRC/build/tmdojo
  else TMDOJO=$SRC/tmdojo
  fi
fi
case $TMDOJO in
  /*) ;;
  */*) TMDOJO=$(cd "$(dirname "$TMDOJO")" && pwd)/$(basename "$TMDOJO") ;;
esac
[ -x "$TMDOJO" ] || { echo "FAIL: no tmdojo binary at $TMDOJO: run make, or set TMDOJO"; exit 1; }
export TMDOJO
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# the store and every fallback for it: fresh, and removed with $T
mkdir -p "$T/.e2e/home/.local/share" "$T/.e2e/tmdojo"
HOME=$T/.e2e/home XDG_DATA_HOME=$T/.e2e/home/.local/share TMDOJO_HOME=$T/.e2e/tmdojo
export HOME XDG_DATA_HOME TMDOJO_HOME
TMDOJO_CACHE=$T/.e2e/cache
export TMDOJO_CACHE
unset TMDOJO_LEARNER TMDOJO_CONTENT XDG_CACHE_HOME here_
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$T/out" 2>/dev/null; echo "--- stderr"; cat "$T/err" 2>/dev/null; exit 1; }
# run ARGS...: runs tmdojo with stdin from /dev/null unless IN is set to a file
run() {
  ${TMDOJO_WRAP:-} "$TMDOJO" "$@" <"${IN:-/dev/null}" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -eq 99 ]; then fail "valgrind reported errors for: tmdojo $*"; fi
  return 0
}
expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc"; }
expect_out() { grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"; }
expect_err() { grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"; }
expect_no_out() { ! grep -qF -- "$1" "$T/out" || fail "stdout should not contain: $1"; }
# make_demo_root DIR: a content root with the bundled lexicon and one course,
# demo, whose only module is DIR/courses/demo/m.yaml (the script writes it)
make_demo_root() {
  mkdir -p "$1/courses/demo" "$1/exercises"
  cp -r "$SRC/lexicon" "$1/"
  printf 'id: demo\ntitle: Demo\npart: demo\nsummary: Demo.\nminutes: 5\nobjectives: [Demo]\nmodules: [m.yaml]\n' \
    > "$1/courses/demo/course.yaml"
}
# make_exercise_root DIR: make_demo_root DIR, whose module demo/m takes one exercise,
# the learn fixture's tiny-ex (copied to DIR/exercises/tiny-ex), as its only item
make_exercise_root() {
  make_demo_root "$1"
  cp -R "$SRC/tests/fixtures/learn/exercises/tiny-ex" "$1/exercises/"
  printf 'id: m\ntitle: M\nobjectives: [o]\nitems:\n  - exercise: tiny-ex\nsummary: [s]\n' \
    > "$1/courses/demo/m.yaml"
}
# wait_for TEXT FILE: up to 120 s (valgrind on a loaded machine is slow) for TEXT
# in FILE, which a tmdojo in the background writes; fails showing FILE
wait_for() {
  i=0
  while ! grep -qF -- "$1" "$2" 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 1200 ] && { cat "$2"; fail "timed out waiting for: $1"; }
    sleep 0.1
  done
}
