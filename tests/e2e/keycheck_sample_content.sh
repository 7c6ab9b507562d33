#!/bin/sh
# An empty sample (no threat line: nothing, blanks, or only headings) tests
# nothing: validate and keycheck both refuse it, at the sample, with what to
# do. A sample with lines over 2,000 bytes is graded with the warnings grade
# prints (the lines are cut), not in silence.
. "$(dirname "$0")/lib/common.sh"

cp -R "$SRC/tests/fixtures/content/exercises/add-user-api" "$T/add-user-api"
ex="$T/add-user-api"
cat >> "$ex/exercise.yaml" <<'YAML'
  - file: samples/empty.txt
    expect:
      score: [0, 100]
  - file: samples/headings.md
    expect:
      score: [0, 100]
YAML
: > "$ex/samples/empty.txt"
printf '# Group 9\n\n## Threats\n' > "$ex/samples/headings.md"

empty="the sample is empty: write the group's threats or remove it from samples:"
run validate "$ex"
expect_rc 2
expect_err "samples/empty.txt:1:1: $empty"
expect_err "samples/headings.md:1:1: $empty"
expect_err "2 errors"
run validate "$ex/samples"
expect_rc 2
expect_err "2 errors"
run keycheck "$ex"
expect_rc 2
expect_err "samples/empty.txt:1:1: $empty"
expect_err "samples/headings.md:1:1: $empty"
expect_out "3 sample(s), 2 could not be graded"
expect_no_out "all as expected"

# a line over 2,000 bytes: graded, with grade's warning
mkdir "$T/long" && cp -R "$SRC/tests/fixtures/content/exercises/add-user-api" "$T/long/"
{
  printf -- '- the endpoint is unauthenticated\n'
  printf -- '- anyone can set role=admin in the request and become an admin'
  i=0
  while [ "$i" -lt 300 ]; do printf ', really'; i=$((i + 1)); done
  printf '\n'
} > "$T/long/add-user-api/samples/good.txt"
run grade --key "$T/long/add-user-api/key.yaml" "$T/long/add-user-api/samples/good.txt"
grep -F "warning: 1 line(s) longer than 2000 bytes were truncated" "$T/err" > "$T/grade-warning" ||
  fail "grade does not warn about the long line"
run keycheck "$T/long/add-user-api"
expect_out "1 sample(s), all as expected"
expect_err "samples/good.txt: warning: 1 line(s) longer than 2000 bytes were truncated"
grep -qF -- "$(cat "$T/grade-warning")" "$T/err" || fail "keycheck's warning is not grade's"
exit 0
