# A FIFO where a file is expected is refused at once, not read (opening it
# would wait for a writer forever): in the content tree and as `:file PATH`.
. "$(dirname "$0")/lib/common.sh"
command -v timeout >/dev/null 2>&1 || { echo "no timeout(1)"; exit 77; }

mkdir "$T/c"
cp -r "$SRC/tests/fixtures/learn/courses" "$SRC/tests/fixtures/learn/exercises" "$T/c/"
rm "$T/c/courses/tiny/two.yaml"
mkfifo "$T/c/courses/tiny/two.yaml"
TMDOJO_WRAP="timeout 60 ${TMDOJO_WRAP:-}" run --content "$T/c" list
[ "$rc" -ne 124 ] || fail "list waited on the FIFO"
expect_rc 2
expect_err "course.yaml:10:5: module file 'two.yaml' is not a regular file (a FIFO, socket or device)"
TMDOJO_WRAP="timeout 60 ${TMDOJO_WRAP:-}" run validate "$T/c"
[ "$rc" -ne 124 ] || fail "validate waited on the FIFO"
expect_rc 2
expect_err "course.yaml:10:5: module file 'two.yaml' is not a regular file (a FIFO, socket or device)"

mkfifo "$T/threats.fifo"
printf ':file %s\n' "$T/threats.fifo" > "$T/in"
TMDOJO_CONTENT="$SRC/tests/fixtures/learn" IN="$T/in" TMDOJO_WRAP="timeout 60 ${TMDOJO_WRAP:-}" \
  run learn --seed 7 --learner fifo tiny/two
[ "$rc" -ne 124 ] || fail ":file waited on the FIFO"
expect_rc 0
expect_err "threats.fifo: not a regular file"
exit 0
