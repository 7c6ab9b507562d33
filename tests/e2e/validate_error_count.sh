#!/bin/sh
# validate keeps at most 1000 messages but counts every error: the total it
# prints is the true one, and a line says how many were not shown. Warnings
# past the cap are not counted as errors (1003 unlisted-module warnings made
# "3 errors" and exit 2).
. "$(dirname "$0")/lib/common.sh"

# two keys, 600 and 500 threats, each threat with one error (a misspelt severity)
for n in 600 500; do
  i=0
  echo 'threats:' > "$T/k$n.yaml"
  while [ "$i" -lt "$n" ]; do
    printf '  - id: T%d\n    title: threat number %d\n    stride: [spoofing]\n    severity: hihg\n' \
      "$i" "$i"
    i=$((i + 1))
  done >> "$T/k$n.yaml"
done

run validate "$T/k600.yaml" "$T/k500.yaml"
expect_rc 2
expect_err "100 more errors not shown (the list stops at 1000): fix these and run validate again"
expect_err "1100 errors"
[ "$(grep -c "unknown severity 'hihg'" "$T/err")" -eq 1000 ] || fail "1000 messages expected"

# under the cap nothing is said about it
run validate "$T/k500.yaml"
expect_rc 2
expect_err "500 errors"
grep -q "not shown" "$T/err" && fail "a list under the cap said it was cut"
# only warnings, more than the cap: clean, and the line names what was cut
mkdir -p "$T/root"
cp -R "$TMDOJO_SRC/tests/fixtures/content/courses" "$TMDOJO_SRC/tests/fixtures/content/exercises" \
  "$T/root/"
i=0
while [ "$i" -lt 1003 ]; do
  printf 'id: extra-%d\n' "$i" > "$T/root/courses/sample/extra-$i.yaml"
  i=$((i + 1))
done
run --content "$T/root" validate "$T/root/courses/sample"
expect_rc 0
expect_err "3 more messages not shown (0 errors, 3 warnings; the list stops at 1000)"
grep -q "errors\?$" "$T/err" && fail "warnings past the cap were counted as errors"
[ "$(grep -c "is not in course.yaml's 'modules:' list" "$T/err")" -eq 1000 ] ||
  fail "1000 warnings expected"
run --content "$T/root" validate -q "$T/root/courses/sample"
expect_rc 0
[ -s "$T/err" ] && fail "validate -q printed: $(cat "$T/err")"
exit 0
