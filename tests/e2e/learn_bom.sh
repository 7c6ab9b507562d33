# Piped answers saved by Windows Notepad start with a UTF-8 byte order mark: it
# is not part of the first answer, which is graded as typed (it failed "give
# every item once, in order" and shifted every later answer).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/intro/course.yaml" ] || { echo "no intro course"; exit 77; }
run learn --seed 7 --solve intro/the-four-steps
expect_rc 0
cp "$T/out" "$T/answers"
{ printf '\357\273\277'; cat "$T/answers"; } > "$T/bom"
IN="$T/bom" run learn --learner bom --seed 7 intro/the-four-steps
expect_rc 0
expect_no_out "give every item once"
expect_no_out "Not quite"
expect_out "Module finished."
IN="$T/answers" run learn --learner plain --seed 7 intro/the-four-steps
expect_rc 0
cp "$T/out" "$T/plain"
IN="$T/bom" run learn --learner bom2 --seed 7 intro/the-four-steps
sed "s/learner 'bom2'/learner 'plain'/; s/--learner bom2/--learner plain/" "$T/out" > "$T/bom-out"
cmp -s "$T/plain" "$T/bom-out" || { diff "$T/plain" "$T/bom-out" > "$T/err"; fail "a BOM changed the session"; }
exit 0
