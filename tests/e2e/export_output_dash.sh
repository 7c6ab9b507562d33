# export moodle-xml -o - and export scorm -o - write to standard output, as
# without -o (they wrote a file named '-'); -o ./- still names that file; a
# zip is refused on a terminal either way (checked where script(1) gives one).
. "$(dirname "$0")/lib/common.sh"
cd "$T" || fail "cd $T"
run --content "$SRC/tests/fixtures/export" export moodle-xml -o -
expect_rc 0
expect_out "<quiz>"
[ ! -e "$T/-" ] || fail "moodle-xml -o - wrote a file named '-'"
run --content "$SRC/tests/fixtures/export" export moodle-xml -o ./-
expect_rc 0
grep -q "<quiz>" "$T/-" || fail "-o ./- did not write the file '-'"
rm -f "$T/-"
run --content "$SRC/tests/fixtures/export" export scorm --course exp -o -
expect_rc 0
[ ! -e "$T/-" ] || fail "scorm -o - wrote a file named '-'"
head -c 2 "$T/out" | grep -q PK || fail "scorm -o - did not write the zip to standard output"
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "$TMDOJO --content $SRC/tests/fixtures/export export scorm --course exp -o - </dev/null; echo rc=\$?" /dev/null >"$T/tty" 2>&1
  grep -q "a zip is not for the terminal" "$T/tty" || { cat "$T/tty"; fail "a zip on a terminal with -o -"; }
  grep -q "rc=2" "$T/tty" || fail "exit status on a terminal"
  [ ! -e "$T/-" ] || fail "scorm -o - on a terminal wrote a file named '-'"
fi
exit 0
