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

# the remediation step's notes point at the policy lesson the same way
b01='Card testing with stolen card numbers through the guest checkout'
b02='Full card numbers and CVVs stored in the billing database'
b03='Request floods run up the per-call fees of the card-network API'
printf 'card numbers\n\nout: SSO\n\nA bot floods checkout\n\n\n%s\n%s\n%s\n\nwe accept the risk of card testing\n\n:q\n' \
  "$b01" "$b02" "$b03" > "$T/remedy"
IN="$T/remedy" rel learn --learner ana foundations/billing-exercise
# both notes (accepting a critical threat; the due windows), rows joined
n=$(tr -s '\n ' '  ' < "$T/out" | grep -o '(\./tmdojo show live/remediation)' | wc -l)
[ "$n" -eq 2 ] || fail "$n of the 2 remediation notes name ./tmdojo"
