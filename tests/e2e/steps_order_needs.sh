# An exercise's steps run as listed, each working from those before it: validate
# refuses steps out of the order read, assets, scope, threats, top-three,
# remediation (remediation first showed the reference top three before the
# learner had read anything), a top-three without threats and a remediation
# without top-three, naming exercise.yaml:line:column and what to write. The
# bundled exercises and the fixtures' validate.
# The cases edit one exercise in a root of its own (one course, one module that
# takes it): validating the whole bundled content for each took minutes under valgrind.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_exercise_root "$C"
Y="$C/exercises/tiny-ex/exercise.yaml"
line=$(grep -n '^steps: \[read, assets, scope, threats, top-three, remediation\]$' "$Y" | cut -d: -f1)
[ -n "$line" ] || fail "steps line changed: $(grep '^steps' "$Y")"
run --content "$C" validate "$C"
expect_rc 0

steps() { sed -i "s/^steps: .*/steps: [$1]/" "$Y"; run --content "$C" validate "$C"; }

steps "remediation, read, assets, scope, threats, top-three"
expect_rc 2
expect_err "exercise.yaml:$line:22: steps out of order"
expect_err "write steps: [read, assets, scope, threats, top-three, remediation]"
expect_err "1 error"
(printf '\n\n\nfix it all\n.\n') > "$T/in"
IN="$T/in" run --content "$C" learn --learner x demo/m
expect_rc 2
grep -q "reference" "$T/out" && fail "learn showed the reference model"

steps "read, assets, threats, scope, top-three, remediation"
expect_rc 2
expect_err "exercise.yaml:$line:32: steps out of order"

steps "top-three, remediation"
expect_rc 2
expect_err "exercise.yaml:$line:9: step 'top-three' needs 'threats' before it"
grep -q "remediation' needs" "$T/err" && fail "remediation has its top three"

steps "read, threats, remediation"
expect_rc 2
expect_err "exercise.yaml:$line:24: step 'remediation' needs 'top-three' before it"

# a misspelt threats is the one error about it, not also "needs 'threats'"
steps "read, threat, top-three"
expect_rc 2
expect_err "unknown step 'threat'; did you mean 'threats'?"
grep -q "needs 'threats'" "$T/err" && fail "a follow-on error about threats"

# the orders a session allows, with steps left out
steps "read, threats"
grep -q "out of order\|needs '" "$T/err" && fail "read, threats refused"
steps "threats, top-three, remediation"
grep -q "out of order\|needs '" "$T/err" && fail "threats, top-three, remediation refused"

run validate "$SRC/exercises"
expect_rc 0
for d in tests/fixtures/content tests/fixtures/learn tests/fixtures/export tests/fixtures/cohort/content; do
  run --content "$SRC/$d" validate "$SRC/$d"
  grep -q "out of order\|needs '" "$T/err" && fail "$d: steps refused"
done
exit 0
