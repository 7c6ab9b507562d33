# A duplicate key is one error, not a reason to stop: exercise.yaml's duplicate
# 'minutes' does not hide a misspelt key in the same file nor a bad severity in
# key.yaml; a syntax error in exercise.yaml does not hide key.yaml's errors.
# Content with any of them is still refused by validate, grade and learn.
# The cases edit a root of their own (one course, one module that takes one
# exercise), not a copy of the whole bundled content.
. "$(dirname "$0")/lib/common.sh"
make_exercise_root "$T/root"
E="$T/root/exercises/tiny-ex"
sed -n 5p "$E/exercise.yaml" | grep -q '^minutes: 15$' || fail "exercise line 5 changed"
sed -n 7p "$E/exercise.yaml" | grep -q '^diagram: diagram.txt$' || fail "exercise line 7 changed"
sed -n 7p "$E/key.yaml" | grep -q 'severity: critical' || fail "key line 7 changed"
printf -- '- unauthenticated calls create users\n' >"$T/sub.txt"

# a duplicate key alone: refused everywhere
sed -i 's/^minutes: 15$/minutes: 15\nminutes: 20/' "$E/exercise.yaml"
run validate "$T/root"; expect_rc 2
expect_err "exercise.yaml:6:1: duplicate key 'minutes' (first at line 5)"
expect_err "1 error"
run grade --key "$E" "$T/sub.txt"; expect_rc 2
expect_err "duplicate key 'minutes'"
run --content "$T/root" learn demo; [ "$rc" -ne 0 ] || fail "learn took content with errors"
expect_err "duplicate key 'minutes'"

# its other errors, in the file and in key.yaml, come too
sed -i 's/^diagram: diagram.txt$/diagramm: diagram.txt/' "$E/exercise.yaml"
sed -i '7s/severity: critical/severity: critcal/' "$E/key.yaml"
run validate "$T/root"; expect_rc 2
expect_err "exercise.yaml:6:1: duplicate key 'minutes' (first at line 5)"
expect_err "exercise.yaml:8:1: unknown key 'diagramm' in exercise; did you mean 'diagram'?"
expect_err "key.yaml:7:15: unknown severity 'critcal'; did you mean 'critical'?"
expect_err "3 errors"

# a syntax error stops exercise.yaml only: key.yaml is still checked. The
# syntax error is printed once: validating the root, it is reported in its file
# and the courses that refer to the exercise do not repeat it; validating one
# course, which does not show the exercise's own errors, the course points at
# them once
printf 'id: [\n' >>"$E/exercise.yaml"
run validate "$T/root"; expect_rc 2
expect_err "yaml syntax error"
expect_err "key.yaml:7:15: unknown severity 'critcal'; did you mean 'critical'?"
n=$(grep -c "yaml syntax error" "$T/err")
[ "$n" -eq 1 ] || fail "the syntax error printed $n times, not once"
course=$(grep -l "exercise: tiny-ex" "$T"/root/courses/*/*.yaml | head -1)
run validate "$(dirname "$course")"; expect_rc 2
n=$(grep -c "exercise 'tiny-ex' has errors" "$T/err")
[ "$n" -eq 1 ] || fail "the exercise's errors pointed at $n times, not once"
exit 0
