# A course.yaml whose 'modules:' list names a directory (or a FIFO) where a
# module file belongs: the error is at that entry (course.yaml:LINE:COL) and says
# what to do, for validate and for the commands that load the content (it was
# "DIR/courses/sample/basics: is a directory where a file is expected", with
# no line, nothing about course.yaml).
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
C="$T/c"
mkdir "$C/courses/sample/basics"
mkfifo "$C/courses/sample/pipe.yaml"
sed -i 's/^  - basics.yaml$/  - basics\n  - pipe.yaml/' "$C/courses/sample/course.yaml"
run validate "$C"; expect_rc 2
expect_err "$C/courses/sample/course.yaml:9:5: module file 'basics' is a directory; list a module's YAML file in $C/courses/sample instead, or remove the entry"
expect_err "$C/courses/sample/course.yaml:10:5: module file 'pipe.yaml' is not a regular file (a FIFO, socket or device); list a module's YAML file in $C/courses/sample instead"
grep -q "is a directory where a file is expected" "$T/err" && fail "the directory reported without its listing"
for cmd in list "show sample"; do
  run --content "$C" $cmd; expect_rc 2
  expect_err "course.yaml:9:5: module file 'basics' is a directory"
done
exit 0
