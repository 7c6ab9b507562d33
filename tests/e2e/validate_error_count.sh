#!/bin/sh
# validate keeps at most 1000 messages but counts every error: the total it
# prints is the true one, and a line says how many were not shown.
. "$TMDOJO_SRC/tests/e2e/lib/common.sh"

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
exit 0
