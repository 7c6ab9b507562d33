# Sourced by tests/e2e/*.sh. Provides run (captures out/err/rc), expect_rc, expect_out,
# expect_err, fail. Scripts run with `set -u` and exit non-zero on the first failure.
set -u
SRC=${TMDOJO_SRC:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
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
