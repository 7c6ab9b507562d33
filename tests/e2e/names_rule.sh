# End-to-end: one rule for the names people give (the engine's tm_name_check: no
# control character, valid UTF-8), whichever command brings the name in: learn and
# progress (--learner), cohort add (learners), cohort grade (the group a file name
# names, and --cohort), team record (the team). Each refusal names the byte.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"
bad=$(printf 'ev\033[2Jil')
msg="has a control character or a byte that is not UTF-8 (byte 3); use letters, digits and punctuation"

run learn --learner "$bad"; expect_rc 2
expect_err "tmdojo learn: the learner name 'ev?[2Jil' $msg"
run progress --learner "$bad"; expect_rc 2
expect_err "tmdojo progress: the learner name 'ev?[2Jil' $msg"
run cohort add c1 ana "$bad"; expect_rc 2
expect_err "the learner name 'ev?[2Jil' $msg (argument 3); nothing was added"
run cohort grade --exercise add-user-api --cohort "$(printf 'c\377')" "$FIX/class"; expect_rc 2
expect_err "the cohort name 'c?' has a control character or a byte that is not UTF-8 (byte 2)"

# a group whose file name cannot be shown is skipped, the others graded
mkdir -p "$T/class"
cp "$FIX/class/alpha.txt" "$T/class/alpha.txt"
cp "$FIX/class/alpha.txt" "$T/class/$bad.txt"
run cohort grade --exercise add-user-api --cohort c2 "$T/class"; expect_rc 1
expect_out "graded 1 of 2 submissions"
expect_err "the submission name 'ev?[2Jil' $msg"
if grep -q "$(printf '\033')" "$T/err"; then fail "an escape character reached the terminal"; fi
n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM gb_submissions WHERE name <> 'alpha'\").fetchone()[0])" "$db")
[ "$n" -eq 0 ] || fail "the bad group name was stored"

run team record "$bad" --exercise add-user-api "$FIX/class/alpha.txt"; expect_rc 2
expect_err "the team name 'ev?[2Jil' $msg"
exit 0
