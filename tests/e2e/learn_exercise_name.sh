# `tmdojo learn` takes a course or COURSE/MODULE. Given an exercise's id (alone
# or as EXERCISE/x) it says which modules take the exercise and the command for
# each, or, when none does
# yet, that an exercise is taken inside a module; errors carry the command's
# prefix like its others.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
cp -r "$SRC/tests/fixtures/learn" "$C"

run --content "$C" learn --learner amy tiny-ex
expect_rc 2
expect_err "tmdojo learn: 'tiny-ex' is an exercise, not a course; it is taken in a course module:"
expect_err "  tmdojo --content $C learn --learner amy tiny/two"
! grep -qF "no course" "$T/err" || fail "an exercise id is not reported as an unknown course"

run --content "$C" learn --seed 7 --solve tiny-ex
expect_rc 2
expect_err "  tmdojo --content $C learn tiny/two"

# The command it gives works.
run --content "$C" learn --learner amy tiny/two
expect_rc 0
expect_out "Threats and an exercise"

# No module takes it as an exercise (a threat-list question still uses its key).
sed '/^  - exercise: tiny-ex$/d' "$C/courses/tiny/two.yaml" > "$T/two.yaml"
mv "$T/two.yaml" "$C/courses/tiny/two.yaml"
run --content "$C" validate
expect_rc 0
run --content "$C" learn --learner amy tiny-ex
expect_rc 2
expect_err "tmdojo learn: 'tiny-ex' is an exercise, not a course, and no course module takes it yet"
expect_err "docs/FORMAT.md"

# Neither a course nor an exercise: as before, with the prefix.
run --content "$C" learn --learner amy nope
expect_rc 2
expect_err "tmdojo learn: no course 'nope'"
expect_err "tmdojo: see 'tmdojo list' for the courses and modules"
run --content "$C" learn --learner amy tiny/nope
expect_rc 2
expect_err "tmdojo learn: course 'tiny' has no module 'nope'"

# EXERCISE/x (an exercise id where the course goes, with a module after it)
# gets the same hint as EXERCISE alone, not "no course" (module two takes it
# again).
cp "$SRC/tests/fixtures/learn/courses/tiny/two.yaml" "$C/courses/tiny/two.yaml"
run --content "$C" learn --learner amy tiny-ex/two
expect_rc 2
expect_err "tmdojo learn: 'tiny-ex' is an exercise, not a course; it is taken in a course module:"
expect_err "  tmdojo --content $C learn --learner amy tiny/two"
! grep -qF "no course" "$T/err" || fail "EXERCISE/x is reported as an unknown course"
run --content "$C" learn --seed 7 --solve tiny-ex/anything
expect_rc 2
expect_err "  tmdojo --content $C learn tiny/two"
