# tmdojo export moodle-xml: the bundled content as one well-formed Moodle XML file
# (xmllint when installed, else Python's XML parser) with every quiz question either
# exported or named in a "skipped" warning; --course and its unknown-id error; -o
# writes atomically (a failing run leaves an existing file as it was); content with a control
# character XML 1.0 cannot hold is refused by the loader at its file:line:column.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures"

# well-formed: xmllint (libxml2-utils, not among tools/install-deps.sh's
# packages) when installed, else Python's expat (python3 is a test dependency)
well_formed() {
  if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$1" || fail "xmllint refuses $1"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" \
      || fail "not well-formed: $1"
  else
    echo "note: neither xmllint nor python3: well-formedness not checked"
  fi
}

run export moodle-xml; expect_rc 0
cp "$T/out" "$T/all.xml"; cp "$T/err" "$T/all.err"
well_formed "$T/all.xml"
head -1 "$T/all.xml" | grep -qF '<?xml version="1.0" encoding="UTF-8"?>' || fail "no XML declaration"
# every quiz question of every course: exported, or skipped with a warning
courses=$("$TMDOJO" list | awk '/^Courses/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^  [^ ]/ { print $1 }')
[ -n "$courses" ] || fail "no courses listed"
want=0
for c in $courses; do
  n=$("$TMDOJO" show "$c" | sed -n 's/.*(\([0-9][0-9]*\) questions;.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
  want=$((want + n))
done
all=$(grep -c '<question type=' "$T/all.xml")
cats=$(grep -c '<question type="category">' "$T/all.xml")
skipped=$(grep -c ': warning: question .*: skipped: ' "$T/all.err")
[ $((all - cats + skipped)) -eq "$want" ] \
  || fail "$((all - cats)) exported + $skipped skipped, but the courses hold $want questions"
[ "$want" -gt 100 ] || fail "only $want questions counted"
# warnings name the question's file:line:column; threat lists become essays
grep -q '^tmdojo export moodle-xml: /.*courses/.*\.yaml:[0-9]*:[0-9]*: warning: question ' "$T/all.err" ||
  fail "warnings not located"
grep -q "cannot grade a threat list" "$T/all.err" || fail "no threat-list warning"
grep -q '<question type="essay">' "$T/all.xml" || fail "no essay"
grep -q '<question type="ordering">' "$T/all.xml" || fail "no ordering question"
grep -q '<idnumber>intro/' "$T/all.xml" || fail "no id numbers"

# --course: only that course's categories; unknown ids list the known ones
run export moodle-xml --course intro; expect_rc 0
grep -q 'top/Part 1' "$T/out" || fail "no intro category"
! grep -q 'top/Part 2' "$T/out" || fail "--course intro exported foundations"
run export moodle-xml --course intro --course nope; expect_rc 2
expect_err "no course 'nope'; the courses are: "
expect_err "intro"
[ ! -s "$T/out" ] || fail "output on an error"

# --content after the subcommand, as 'tmdojo --content' before it
run export moodle-xml --content "$FIX/export"; expect_rc 0
expect_out 'top/Threats // controls/Every type'
expect_err "warning: question 'short-patterns': skipped"

# -o: replaced only by a run that succeeds
printf 'old\n' > "$T/bank.xml"
run export moodle-xml --course nope -o "$T/bank.xml"; expect_rc 2
[ "$(cat "$T/bank.xml")" = old ] || fail "a failed run changed the -o file"
run --content "$FIX/export-bad" export moodle-xml -o "$T/bank.xml"; expect_rc 2
expect_err "courses/bad/m.yaml:19:19: this text holds the control character U+0007"
[ "$(cat "$T/bank.xml")" = old ] || fail "a refused export changed the -o file"
ls "$T" | grep -q 'bank.xml.tmp' && fail "a temporary file was left"
run export moodle-xml -o "$T/bank.xml"; expect_rc 0
[ ! -s "$T/out" ] || fail "-o also wrote to stdout"
cmp -s "$T/bank.xml" "$T/all.xml" || fail "-o wrote something else than stdout"
run export moodle-xml -o "$T/missing/dir/bank.xml"; expect_rc 2
expect_err "cannot write '$T/missing/dir/bank.xml'"

# usage
run export moodle-xml extra; expect_rc 2
expect_err "unexpected argument 'extra'"
run export; expect_rc 2
run help export; expect_rc 0
expect_out "--course ID"
expect_out "Importing it again adds copies"
# the man page agrees with the help and docs/EXPORT.md: importing again adds
# copies, it does not update (it said "so that importing it again updates it")
tr '\n' ' ' <"$SRC/docs/tmdojo.1" >"$T/man"
! grep -q "importing it again updates" "$T/man" || fail "man page: importing again updates"
grep -q "Importing the file again does not update the questions: Moodle adds a copy" "$T/man" \
  || fail "man page: importing again adds copies"
exit 0
