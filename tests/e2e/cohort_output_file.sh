# cohort report -o: an existing file the user cannot write is refused (the
# shell's '>' would refuse it; renaming over it replaced it), a replaced file
# keeps its mode, and a failure names the -o file (not the temporary file
# beside it) and says what is wrong: a missing directory, no space left.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
run cohort grade --exercise add-user-api --cohort c "$FIX/class"
expect_rc 1   # one binary file in the class is skipped

run cohort report --cohort c -o "$T/nonexistent/dir/r.txt"
expect_rc 2
expect_err "cannot write '$T/nonexistent/dir/r.txt': the directory '$T/nonexistent/dir' does not exist"
! grep -q "\.tmp" "$T/err" || fail "the message names the temporary file"

if [ -w /dev/full ]; then
  run cohort report --cohort c -o /dev/full
  expect_rc 2
  expect_err "cannot write '/dev/full': No space left on device; free some space"
fi

printf 'old\n' > "$T/kept.txt"
chmod 640 "$T/kept.txt"
run cohort report --cohort c -o "$T/kept.txt"
expect_rc 0
[ "$(stat -c %a "$T/kept.txt")" = 640 ] || fail "the report's mode changed to $(stat -c %a "$T/kept.txt")"
grep -q "old" "$T/kept.txt" && fail "the file was not replaced"

# a read-only file (as a user permissions bind; root writes anything, as its shell does)
if [ "$(id -u)" = 0 ]; then
  command -v runuser >/dev/null 2>&1 || exit 0
  chmod 755 "$T" "$TMDOJO_HOME"; chmod 644 "$TMDOJO_HOME/progress.db"
  mkdir -m 777 "$T/w"
  printf 'protected\n' > "$T/w/ro.txt"; chmod 444 "$T/w/ro.txt"; chown nobody "$T/w/ro.txt"
  cp "$TMDOJO" "$T/tmdojo-copy"; chmod 755 "$T/tmdojo-copy"
  runuser -u nobody -- env HOME=/tmp TMDOJO_HOME="$TMDOJO_HOME" TMDOJO_CONTENT="$TMDOJO_CONTENT" \
    "$T/tmdojo-copy" cohort report --cohort c -o "$T/w/ro.txt" </dev/null >"$T/out" 2>"$T/err"
  rc=$?
else
  printf 'protected\n' > "$T/ro.txt"; chmod 444 "$T/ro.txt"; mkdir -p "$T/w"; mv "$T/ro.txt" "$T/w/"
  run cohort report --cohort c -o "$T/w/ro.txt"
fi
expect_rc 2
expect_err "cannot write '$T/w/ro.txt': it is read-only to you"
[ "$(cat "$T/w/ro.txt")" = protected ] || fail "the read-only file was replaced"
exit 0
