# validate prints its messages in the sorted order (by file, then line), each
# as an error or a warning: a warning of a file that sorts before an error's
# comes first, one that sorts after it comes after. print_report() once split
# the list in two and printed every warning before every error.
. "$(dirname "$0")/lib/common.sh"
# (a root of its own: make_exercise_root's course demo, not a copy of all the
# bundled content)
make_exercise_root "$T/root"
C="$T/root/courses/demo"
printf 'id: [\n' >"$C/00-first.yaml"
printf 'id: [\n' >"$C/zz-last.yaml"
sed -i 's/^minutes: .*/minutes: 0/' "$C/course.yaml"
run validate "$C"; expect_rc 2
expect_err "1 error"
order=$(sed -n 's/^.*\(00-first\.yaml: warning\|course\.yaml:[0-9]*:[0-9]*: \|zz-last\.yaml: warning\).*$/\1/p' "$T/err" | tr '\n' '|')
case "$order" in
  "00-first.yaml: warning|course.yaml:"*": |zz-last.yaml: warning|") ;;
  *) fail "messages out of order: $order" ;;
esac
run validate -q "$C"; expect_rc 2
grep -q warning "$T/err" && fail "-q printed a warning"
expect_err "1 error"
exit 0
