# Command-line contracts: learn --seed refuses what is not a number from 1 to
# 4294967295 (it ran unseeded or wrapped); team config --json names the option it
# refuses; `tmdojo help help` helps; --help and --version that cannot be written exit 2
# like every command; learner names with control characters are refused and never
# echoed raw; show --template takes no other argument.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"

for bad in abc 1x 4294967296 4294967297 -1 0 "" " 5"; do
  run learn --seed "$bad" --solve tiny
  expect_rc 2; expect_err "--seed wants a whole number from 1 to 4294967295, not '$bad'"
  IN=/dev/null run learn --seed "$bad" --learner ann tiny
  expect_rc 2
done
run learn --seed 4294967295 --solve tiny; expect_rc 0
run learn --seed 7 --solve tiny; expect_rc 0
cp "$T/out" "$T/seven"
run learn --seed 07 --solve tiny; expect_rc 0
cmp -s "$T/out" "$T/seven" || fail "--seed 07 is not --seed 7"

run team config --json
expect_rc 2; expect_err "--json is for 'team status'"

run help help; expect_rc 0; expect_out "usage: tmdojo help [COMMAND]"
if grep -q "unknown command" "$T/err"; then fail "help help: $(cat "$T/err")"; fi
run help list extra; expect_rc 2

if [ -w /dev/full ]; then
  for args in "--help" "--version" "help" "help list"; do
    ${TMDOJO_WRAP:-} "$TMDOJO" $args >/dev/full 2>"$T/err"; rc=$?
    expect_rc 2; expect_err "cannot write the output"
  done
fi

evil="$(printf 'ev\033[2Jil')"
for cmd in "learn tiny" "progress"; do
  run $cmd --learner "$evil"
  expect_rc 2; expect_err "the learner name 'ev?[2Jil' has a control character"
  if grep -q "$(printf '\033')" "$T/out" "$T/err"; then fail "$cmd echoed an escape"; fi
done
TMDOJO_LEARNER="$(printf 'ev\302\233il')" run progress
expect_rc 2; expect_err "the learner name 'ev??il'"
run cohort add spring ann "$evil"
expect_rc 2; expect_err "the learner name 'ev?[2Jil'"; expect_err "nothing was added"
# a name stored before the rule is listed with '?' among the known learners
if command -v sqlite3 >/dev/null 2>&1; then
  IN=/dev/null run learn --learner ann tiny; expect_rc 0
  sqlite3 "$TMDOJO_HOME/progress.db" "INSERT INTO learners (name, created) VALUES ('old$(printf '\033')[31m', 0)" \
    || fail "sqlite3 insert"
  run progress --learner nobody-here
  expect_rc 2; expect_err "known learners"; expect_err "old?[31m"
  if grep -q "$(printf '\033')" "$T/err"; then fail "known learners echoed an escape"; fi
fi

export TMDOJO_CONTENT="$SRC"
run show --template; expect_rc 0; expect_out "## Threat model"
run show --template extra; expect_rc 2; expect_err "unexpected argument 'extra'"
run show --template --bogus; expect_rc 2
run show --template --exercise credit-card-billing; expect_rc 2; expect_err "give only one of"
exit 0
