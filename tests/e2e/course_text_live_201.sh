#!/bin/sh
# Course text of live and 201 (review of session 13): questions that tmdojo refresh
# asks alone carry what they need; the trust-boundary definition and the template
# agree with 201; practice groups follow Part 2's size. Each check fails on the text
# as it was before the fix.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
C="$SRC/courses"

# wrong_then_refresh COURSE/MODULE LINE: takes the module with the --solve answers but
# a wrong choice on LINE, then lets refresh ask that one question again (answer "x")
wrong_then_refresh() {
  export TMDOJO_HOME="$T/home-$(echo "$1" | tr / _)"
  run learn --seed 7 --solve "$1"
  expect_rc 0
  awk -v n="$2" 'NR == n { print ($1 == "a" ? "b" : "a"); next } { print }' "$T/out" > "$T/in"
  IN="$T/in" run learn --seed 7 "$1"
  expect_rc 0
  printf ':q\n' > "$T/in"
  IN="$T/in" run refresh --course "${1%%/*}" --count 1
}
# tree-mitigation-choice shows its tree; prio-grid shows its grid
wrong_then_refresh 201-advanced/attack-trees 4
expect_out "A control that makes step a1 impossible"
expect_out "a1: 200"
expect_no_out "previous question"
wrong_then_refresh live/prioritizing 1
expect_out "What severity does the grid give it?"
expect_out "High         medium       high            critical"
# no question of live or 201 points at another question or at the lesson
for f in "$C"/live/*.yaml "$C"/201-advanced/*.yaml; do
  awk '/^  - quiz:/ { q = 1 } /^  - (lesson|exercise):|^summary:/ { q = 0 } q' "$f" > "$T/quiz"
  ! grep -qiE "previous question|from the lesson|in the first lesson|from this module" "$T/quiz" ||
    fail "$f: a question leans on text it does not show"
done

# a trust boundary is where trust changes, privilege levels included, in the lesson
# and in the template; the template file and the lesson's copy stay identical
run show live/the-pre-read
expect_rc 0
expect_out "level of trust changes"
expect_out "privilege levels"
awk '/^      ```$/ { n++; next } n == 1 { sub(/^      /, ""); print }' \
  "$C/live/02-the-pre-read.yaml" > "$T/lesson-template"
grep -q "^## Threat model" "$T/lesson-template" || fail "no template block in the pre-read lesson"
cmp -s "$T/lesson-template" "$C/live/template.md" ||
  fail "the pre-read lesson's template differs from courses/live/template.md"
run show --template
expect_rc 0
expect_out "between privilege levels"

# practice groups: four to six, within Part 2's four to eight
run show live/live-session-practice
expect_rc 0
expect_no_out "three to six"
expect_out "groups of four to six people"
exit 0
