# cohort grade on a directory holding only subdirectories: each one is named as
# not searched, and nothing graded at all is an error (exit 2); it said
# "graded 0 of 0" and exited 0.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
mkdir -p "$T/class/sub" "$T/class/other"
cp "$FIX/class/alpha.txt" "$T/class/sub/"
run cohort grade --exercise add-user-api --cohort c "$T/class"
expect_rc 2
expect_err "skipped '$T/class/sub': a directory (subdirectories are not searched"
expect_err "skipped '$T/class/other': a directory"
# with a file beside them: graded, the subdirectories still named
cp "$FIX/class/alpha.txt" "$T/class/"
run cohort grade --exercise add-user-api --cohort c "$T/class"
expect_rc 0
expect_out "graded 1 of 1 submission"
expect_err "skipped '$T/class/sub': a directory"
# only files that cannot be graded: nothing graded, exit 2
mkdir -p "$T/bin"; printf 'a\0b\0c\0' > "$T/bin/x.txt"
run cohort grade --exercise add-user-api --cohort c "$T/bin"
expect_rc 2
exit 0
