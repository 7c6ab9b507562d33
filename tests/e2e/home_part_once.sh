# The home screen names a course's part once: a title that says it already
# ("Part 1: Introduction to threat modeling", "201: Threat modeling larger
# systems") gets no "(part 1, ...)" after it, as it did; one that does not
# ("Tiny test course", part 1) still gets it.
. "$(dirname "$0")/lib/common.sh"
[ -f "$SRC/courses/intro/course.yaml" ] || { echo "no bundled courses"; exit 77; }
export TMDOJO_HOME="$T/home"

COLUMNS=120 TMDOJO_CONTENT="$SRC" run
expect_rc 0
expect_out "Part 1: Introduction to threat modeling (about "
expect_out "Part 2: Foundations (about "
expect_out "201: Threat modeling larger systems (about "
expect_no_out "(part "

COLUMNS=120 TMDOJO_CONTENT="$SRC/tests/fixtures/learn" run
expect_rc 0
expect_out "Tiny test course (part 1, about "
exit 0
