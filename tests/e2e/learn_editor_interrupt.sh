# Ctrl-C while $EDITOR runs belongs to the editor (vim ignores it): tmdojo does
# not give up on the editor, the editor's text is graded, the session goes on,
# and the temporary file is removed. It said "the editor failed" at once, the
# editor's lines ended in a leftover /tmp/tmdojo-answer-*, and the session stopped.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"

wait_for_file() {   # up to 120 s (valgrind on a loaded machine is slow)
  i=0
  while [ ! -e "$1" ]; do
    i=$((i + 1))
    [ $i -gt 1200 ] && fail "timed out waiting for $1"
    sleep 0.1
  done
}

cat > "$T/editor.sh" <<ED
#!/bin/sh
# A stand-in editor that ignores Ctrl-C, as vim does: says where it is, waits
# for the test's go, then appends two threats.
trap '' INT
printf '%s\n' "\$1" > "$T/editing"
i=0; while [ ! -e "$T/go" ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
printf 'anyone can set role=admin in the request and become an admin\n' >> "\$1"
printf 'the endpoint is unauthenticated\n' >> "\$1"
ED
chmod +x "$T/editor.sh"
printf -- '- SQL injection in the user name field\n' > "$T/threats.txt"

mkfifo "$T/in" || exit 77
VISUAL= EDITOR="$T/editor.sh" ${TMDOJO_WRAP:-} "$TMDOJO" learn --seed 7 --learner ed tiny/two \
  <"$T/in" >"$T/out" 2>"$T/err" &
pid=$!
exec 3>"$T/in"
printf ':edit\n' >&3
wait_for_file "$T/editing"
kill -INT "$pid"
sleep 0.5
grep -q "editor failed" "$T/err" && { touch "$T/go"; fail "gave up on the editor at Ctrl-C"; }
touch "$T/go"
printf 'user records\n.\nthe endpoint\n.\n:file %s\n' "$T/threats.txt" >&3
exec 3>&-
wait "$pid"; rc=$?
expect_rc 0
expect_out "threat list scored 70%"
expect_out "Stopped. Your progress is saved"
[ ! -e "$(cat "$T/editing")" ] || fail "the editor's file was left behind"
exit 0
