# End-to-end: a grade stored before key versions were kept (empty key_hash: its
# key version is unknown) is never said to be re-graded against a changed key;
# re-grading it says "(unchanged)" or the old score by content and score only.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"
mkdir "$T/class"
printf 'account creation flood exhausts the database\nSQL injection in the user name field\n' >"$T/class/lynx.txt"
printf 'SQL injection in the user name field\n' >"$T/class/wolves.txt"
run cohort grade --exercise add-user-api --cohort k "$T/class"; expect_rc 0
sqlite3 "$db" "UPDATE gb_submissions SET key_hash = ''" || exit 77
# wolves: same content, same key: unchanged; lynx: new content, another score
printf 'SQL injection in the user name field\n' >"$T/class/lynx.txt"
run cohort grade --exercise add-user-api --cohort k "$T/class"; expect_rc 0
expect_no_out "key changed"
grep '^wolves' "$T/out" | grep -qF "(unchanged)" || fail "wolves is unchanged"
grep '^lynx' "$T/out" | grep -qF "(was " || fail "lynx's old score"
exit 0
