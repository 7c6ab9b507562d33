# End-to-end: a renamed group's old grade is named when its directory is
# graded again, and cohort remove drops it (all or none).
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$TMDOJO_HOME/progress.db" "$1"; }
mkdir "$T/c"
printf 'SQL injection in the user name field\n' >"$T/c/otters.txt"
printf 'the endpoint is unauthenticated\n' >"$T/c/herons.txt"
run cohort grade --exercise add-user-api --cohort r "$T/c"; expect_rc 0
expect_no_out "not in this run"
mv "$T/c/otters.txt" "$T/c/sea-otters.txt"
run cohort grade --exercise add-user-api --cohort r "$T/c"; expect_rc 0
expect_out "1 group in the gradebook was not in this run: otters; remove with 'tmdojo cohort remove --cohort r --exercise add-user-api GROUP...'"
# files named one by one: no such note (the trainer chose a subset)
run cohort grade --exercise add-user-api --cohort r "$T/c/herons.txt"; expect_rc 0
expect_no_out "not in this run"

# a name with no grade removes nothing, not even the good names before it
run cohort remove --cohort r --exercise add-user-api otters ottterz; expect_rc 2
expect_err "tmdojo cohort remove: cohort 'r' has no grade for group 'ottterz' on 'add-user-api'; nothing was removed"
[ "$(count "select count(*) from gb_submissions where cohort = 'r'")" = 3 ] || fail "a failed remove removed"
run cohort remove --cohort r; expect_rc 2; expect_err "give at least one GROUP"
run cohort remove otters; expect_rc 2; expect_err "--cohort is required"

# a group named twice is removed once (it said "has no grade"; nothing removed)
run cohort remove --cohort r --exercise add-user-api otters otters; expect_rc 0
expect_out "cohort 'r': 1 grade removed, 2 left on 'add-user-api'"
[ "$(count "select count(*) from gb_found f left join gb_submissions s on s.id = f.submission where s.id is null")" = 0 ] \
  || fail "found threats of the removed group were left behind"
run cohort report --cohort r; expect_rc 0; expect_out "2 groups"
run cohort grade --exercise add-user-api --cohort r "$T/c"; expect_rc 0; expect_no_out "not in this run"
exit 0
