# Commands the output tells the learner to run name tmdojo the way it was
# started: ./tmdojo from a source tree (not on PATH, as the README runs it),
# plain tmdojo when it came through PATH or by an absolute path.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
export TMDOJO_HOME="$T/home"
mkdir -p "$T/bin"
ln -s "$(readlink -f "$TMDOJO")" "$T/bin/tmdojo"
# rel ARGS...: runs ./tmdojo from $T/bin with input $IN
rel() { (cd "$T/bin" && ${TMDOJO_WRAP:-} ./tmdojo "$@" <"${IN:-/dev/null}" >"$T/out" 2>"$T/err"); rc=$?; }

printf 'q\n' > "$T/q"
IN="$T/q" rel
expect_rc 0
expect_out "Next step: ./tmdojo learn intro"
expect_out "./tmdojo progress (your scores)"
printf 'a\n:q\n' > "$T/stop"
IN="$T/stop" rel learn intro
expect_out "resume with:"
expect_out "  ./tmdojo learn intro"
# through PATH, and by an absolute path: plain tmdojo
(cd "$T" && PATH="$T/bin:$PATH" tmdojo <"$T/q" >"$T/out" 2>"$T/err")
expect_out "Next step: tmdojo learn intro"
expect_no_out "./tmdojo"
IN="$T/q" run
expect_out "Next step: tmdojo learn intro"
expect_no_out "./tmdojo"
