# A mistyped cohort name was taken at its word: 'cohort grade -c sprng' made a
# new cohort without a word, 'cohort report -c sprnig' said it had no graded
# submissions, 'cohort items -c sprin' that it had no members, and nothing
# listed the cohorts. grade and add now say when they create a cohort (with
# the closest existing name), report/items/remove refuse an unknown cohort
# naming the known ones, and 'cohort list' lists them.
. "$(dirname "$0")/lib/common.sh"
K="$SRC/exercises/credit-card-billing"
run cohort list; expect_rc 0; expect_out "no cohorts yet"
run cohort list --json; expect_rc 0; expect_out '{"cohorts":[]}'
run cohort grade -e credit-card-billing -c spring "$K/samples/weak-group.txt"; expect_rc 0
expect_err "tmdojo cohort grade: created the new cohort 'spring'; 'tmdojo cohort list' shows"
run cohort grade -e credit-card-billing -c spring "$K/samples/average-group.txt"; expect_rc 0
! grep -q "created" "$T/err" || fail "an existing cohort called new"
run cohort grade -e credit-card-billing -c sprng "$K/samples/weak-group.txt"; expect_rc 0
expect_err "tmdojo cohort grade: created the new cohort 'sprng' (did you mean 'spring'?)"
run cohort add spring ana; expect_rc 0
! grep -q "created" "$T/err" || fail "an existing cohort called new by add"
run cohort add autunm bo; expect_rc 0
expect_err "tmdojo cohort add: created the new cohort 'autunm'"
# unknown cohorts: exit 2, the closest name and the known ones
run cohort report -c sprnig; expect_rc 2
expect_err "tmdojo cohort report: no cohort 'sprnig' (did you mean 'spring'?); the cohorts are: 'autunm', 'spring', 'sprng'"
run cohort items -c sprin; expect_rc 2
expect_err "tmdojo cohort items: no cohort 'sprin' (did you mean 'spring'?); the cohorts are:"
run cohort remove -c sprinng weak-group; expect_rc 2
expect_err "tmdojo cohort remove: no cohort 'sprinng' (did you mean 'spring'?)"
run cohort add sprig bo; expect_rc 0
expect_err "tmdojo cohort add: created the new cohort 'sprig' (did you mean 'spring'?)"
# list, text and JSON
run cohort list; expect_rc 0
expect_out "spring                   2 grades on 1 exercise, 1 member"
expect_out "autunm                   0 grades on 0 exercises, 1 member"
expect_out "sprng                    1 grade on 1 exercise, 0 members"
[ "$(wc -l < "$T/out")" -eq 4 ] || fail "expected 4 cohorts"
run cohort list --json; expect_rc 0
expect_out '{"cohorts":[{"name":"autunm","grades":0,"exercises":0,"members":1},{"name":"sprig","grades":0,"exercises":0,"members":1},{"name":"spring","grades":2,"exercises":1,"members":1},{"name":"sprng","grades":1,"exercises":1,"members":0}]}'
run cohort list extra; expect_rc 2; expect_err "tmdojo cohort list: unexpected argument"
run help cohort; expect_rc 0; expect_out "tmdojo cohort list [--json]"
exit 0
