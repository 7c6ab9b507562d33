# The name rule applies when a learner is created: a learner stored by an older
# tmdojo under a name now refused (a bidi control, an escape) can still be
# resumed, shown, exported and reset under its stored name, shown through its
# printable form; a new learner with such a name is still refused.
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"
rlo=$(printf 'ana\342\200\256x')
esc=$(printf 'ev\033[2Jil')
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner old1 tiny; expect_rc 0
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner old2 tiny; expect_rc 0
sqlite3 "$db" "UPDATE learners SET name = 'ana' || char(8238) || 'x' WHERE name = 'old1';
  UPDATE learners SET name = 'ev' || char(27) || '[2Jil' WHERE name = 'old2'" || exit 77
noesc() { ! grep -q "$(printf '\033')" "$T/out" "$T/err" || fail "an escape reached the terminal: $*"; }

for L in "$rlo" "$esc"; do
  run progress --learner "$L"; expect_rc 0
  expect_out "Progress of"; noesc "progress"
  run progress --learner "$L" --json; expect_rc 0
  run progress --learner "$L" --export; expect_rc 0
  expect_out '"answer":'
  IN="$A/tiny-seed7-part2.txt" run learn --seed 7 --learner "$L" tiny; expect_rc 0
  expect_out "Welcome back"; noesc "learn"
  run progress --learner "$L" --reset --yes; expect_rc 0
  expect_out "reset"; noesc "reset"
done
expect_out "Progress of 'ev?[2Jil' reset"
[ "$(sqlite3 "$db" "SELECT count(*) FROM answers")" -eq 0 ] || fail "reset kept answers"

# a new learner under such a name is refused, as before, and nothing is stored
n=$(sqlite3 "$db" "SELECT count(*) FROM learners")
run learn --seed 7 --learner "$(printf 'new\342\200\256x')" tiny; expect_rc 2
expect_err "the learner name 'new?x' has a control character"
run progress --learner "$(printf 'new\033x')"; expect_rc 2
expect_err "the learner name 'new?x' has a control character"
[ "$(sqlite3 "$db" "SELECT count(*) FROM learners")" -eq "$n" ] || fail "a new bad name was stored"
exit 0
