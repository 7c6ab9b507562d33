# cohort grade of an empty directory: stderr says it held no submission files,
# exit 2, and the stored groups are not listed as "not in this run" (it printed
# "graded 0 of 0", then every stored group to remove, and nothing on stderr).
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
mkdir -p "$T/class" "$T/empty"
cp "$FIX/class/alpha.txt" "$T/class/"
run cohort grade --exercise add-user-api --cohort c "$T/class"; expect_rc 0
run cohort grade --exercise add-user-api --cohort c "$T/empty"
expect_rc 2
expect_err "'$T/empty' holds no submission files"
expect_no_out "not in this run"
# a directory with files but none graded: no "not in this run" either
mkdir -p "$T/bin"; printf 'a\0b\0c\0' > "$T/bin/x.txt"
run cohort grade --exercise add-user-api --cohort c "$T/bin"
expect_rc 2
expect_no_out "not in this run"
! grep -q "holds no submission files" "$T/err" || fail "x.txt is a submission file"
# a whole directory without alpha still lists it
printf 'SQL injection in the user name field\n' >"$T/empty/beta.txt"
run cohort grade --exercise add-user-api --cohort c "$T/empty"
expect_rc 0
expect_out "1 group in the gradebook was not in this run: alpha"
# help says both exits and the skipped-name rule, as the man page does
run help cohort; expect_rc 0
expect_out "exit 2 when nothing is graded"
expect_out "whose name has a control character"
exit 0
