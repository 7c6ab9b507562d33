# A module file in a course directory that course.yaml's modules: does not list
# is not part of the course: validate (of the root or of the course) warns,
# naming the file, and still exits 0 when nothing else is wrong.
. "$(dirname "$0")/lib/common.sh"
# (a root of its own: make_exercise_root's course demo, not a copy of all the
# bundled content)
make_exercise_root "$T/root"
printf 'id: [\n' >"$T/root/courses/demo/07-new-module.yaml"
W="validate: $T/root/courses/demo/07-new-module.yaml: warning: module file '07-new-module.yaml' is not in course.yaml's 'modules:' list, so it is not part of the course and is not checked: add it to the list, or remove it"
for p in "$T/root" "$T/root/courses/demo"; do
  run validate "$p"; expect_rc 0
  expect_err "$W"
  expect_out "ok: all paths valid"
  grep -q "syntax error" "$T/err" && fail "the unlisted file was checked as a module"
  [ "$(grep -c warning "$T/err")" -eq 1 ] || fail "warned more than once"
done
run validate -q "$T/root"; expect_rc 0
[ -s "$T/err" ] && fail "-q printed the warning"

# with an error too: the error decides the exit status, the warning stays one
sed -i 's/^minutes: .*/minutes: 0/' "$T/root/courses/demo/course.yaml"
run validate "$T/root/courses/demo"; expect_rc 2
expect_err "$W"
expect_err "1 error"
# a *.yml module file (a listed one loads) is warned about as a *.yaml one is
sed -i 's/^minutes: 0/minutes: 20/' "$T/root/courses/demo/course.yaml"
rm "$T/root/courses/demo/07-new-module.yaml"
printf 'id: x\n' >"$T/root/courses/demo/08-other.yml"
run validate "$T/root/courses/demo"; expect_rc 0
expect_err "validate: $T/root/courses/demo/08-other.yml: warning: module file '08-other.yml' is not in course.yaml's 'modules:' list"
exit 0
