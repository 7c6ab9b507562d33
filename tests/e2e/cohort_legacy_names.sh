# Cohorts, groups and learners stored by an older tmdojo under names the name
# rule now refuses (invalid UTF-8, a bidi control) stay usable under their
# stored names: re-graded, listed as "not in this run", removed, added to. The
# rule applies when a name is created. (They were refused: stranded.)
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"
cafe=$(printf 'caf\351')          # Latin-1 e-acute: not UTF-8
rlo=$(printf 'rtl\342\200\256x')  # a bidi control
mkdir -p "$T/class"
cp "$FIX/class/alpha.txt" "$T/class/alpha.txt"
cp "$FIX/class/alpha.txt" "$T/class/legacy.txt"
run cohort grade --exercise add-user-api --cohort spring "$T/class"; expect_rc 0
sqlite3 "$db" "UPDATE gb_submissions SET cohort = CAST(X'636166E9' AS TEXT);
  UPDATE gb_submissions SET name = CAST(X'72746CE280AE78' AS TEXT) WHERE name = 'legacy';
  INSERT INTO learners (name, created) VALUES (CAST(X'616E61E280AE78' AS TEXT), 0)" || exit 77
mv "$T/class/legacy.txt" "$T/class/$rlo.txt"

# the stored cohort and group are re-graded (not skipped, old grade not kept)
run cohort grade --exercise add-user-api --cohort "$cafe" "$T/class"; expect_rc 0
expect_out "graded 2 of 2 submissions"
expect_out "(unchanged)"
! grep -q "skipped" "$T/err" || fail "a stored name was skipped"
! grep -q "$rlo" "$T/out" "$T/err" || fail "a bidi control reached the terminal"
# missing from a whole-directory run: listed
mv "$T/class/$rlo.txt" "$T/legacy.txt"
run cohort grade --exercise add-user-api --cohort "$cafe" "$T/class"; expect_rc 0
expect_out "1 group in the gradebook was not in this run: rtl?x"
# a new group with such a name is still refused
cp "$FIX/class/alpha.txt" "$T/class/$(printf 'new\342\200\256y').txt"
run cohort grade --exercise add-user-api --cohort "$cafe" "$T/class"; expect_rc 1
expect_err "the submission name 'new?y' has a control character"
rm "$T/class/$(printf 'new\342\200\256y').txt"
# the stored learner and cohort take members; a new bad learner is refused
run cohort add "$cafe" "$(printf 'ana\342\200\256x')"; expect_rc 0
expect_out "1 added, 1 member"
run cohort add "$cafe" "$(printf 'bob\342\200\256x')"; expect_rc 2
expect_err "the learner name 'bob?x' has a control character"
# removed under its stored name
run cohort remove --cohort "$cafe" --exercise add-user-api "$rlo"; expect_rc 0
expect_out "1 grade removed, 1 left"
run cohort report --cohort "$cafe"; expect_rc 0
# a new cohort with such a name is still refused, nothing stored
run cohort grade --exercise add-user-api --cohort "$(printf 'new\351')" "$T/class"; expect_rc 2
expect_err "the cohort name 'new?' has a control character"
exit 0
