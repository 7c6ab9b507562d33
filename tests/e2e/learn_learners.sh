# Two learners on one machine never see each other's progress; --export holds every
# answer with its time; --reset asks first (refuses in a script without --yes) and
# touches one learner only.
. "$(dirname "$0")/lib/common.sh"
count() { grep -o -- "$1" "$T/out" | wc -l | tr -d ' '; }   # matches in stdout
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"

IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner ann tiny
expect_rc 0
printf 'a\n' > "$T/bob.txt"
IN="$T/bob.txt" run learn --seed 7 --learner bob tiny
expect_rc 0

run progress --learner bob --export
expect_rc 0
expect_out '"learner":"bob"'
[ "$(count '"answer":')" -eq 1 ] || fail "bob should have exactly one answer"
expect_no_out '"answer":"a c"'

run progress --learner ann --export
expect_rc 0
expect_out '"learner":"ann"'
expect_out '"answer":"a c"'
expect_out '"time":"20'
expect_no_out 'bob'

# A learner with nothing stored (a typo, say) is an error naming the known
# learners, and viewing does not create them.
run progress --learner carol --json
expect_rc 2
expect_err "no progress stored for learner 'carol'"
expect_err "known learners: 'ann', 'bob'"
run progress --learner carol --export
expect_rc 2
if command -v sqlite3 >/dev/null 2>&1; then
  [ -z "$(sqlite3 "$TMDOJO_HOME/progress.db" "select name from learners where name = 'carol'")" ] ||
    fail "viewing created learner carol"
fi

# --reset in a script without --yes: refused, nothing deleted.
run progress --learner ann --reset
expect_rc 2
expect_err "add --yes"
run progress --learner ann --export
expect_out '"answer":"a c"'

# An unknown course: an error naming it, with the near miss, and nothing reset.
run progress --learner ann --reset --course tiny-typo --yes
expect_rc 2
expect_err "no course 'tiny-typo' (did you mean 'tiny'?)"
run progress --learner nobody-here --reset --yes
expect_rc 2
expect_err "known learners: 'ann', 'bob'"
run progress --learner ann --export
expect_out '"answer":"a c"'

run progress --learner ann --reset --course tiny --yes
expect_rc 0
expect_out "reset"
run progress --learner ann --export
expect_out '"answers":[]'
run progress --learner bob --export
[ "$(count '"answer":')" -eq 1 ] || fail "bob's answer must survive ann's reset"

run progress --course tiny
expect_rc 2
exit 0
