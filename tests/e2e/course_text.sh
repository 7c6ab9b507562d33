#!/bin/sh
# Course text and answer keys agree with each other (review-journey "Course text
# issues", and the same kinds of problems found in Part 1 03-06 and Part 2 03-04).
# Each check names the text it guards; it fails on the text as it was before the fix.
. "$(dirname "$0")/lib/common.sh"

C="$SRC/courses"
no_text() { ! grep -qF -- "$2" "$1" || fail "$1 still says: $2"; }
has_text() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }

# B15 and B20 expose restricted data of every customer to people who need no special
# access; the data-class lesson rates such threats high, so the key must too.
for pair in "B15:support staff can see full PAN" "B20:no ownership check on invoices"; do
  id=${pair%%:*}
  printf '%s\n' "${pair#*:}" > "$T/line.txt"
  run grade --json --key "$SRC/exercises/credit-card-billing" "$T/line.txt"
  expect_rc 0
  tr -d ' \n' < "$T/out" | grep -qF "\"threat\":\"$id\",\"severity\":\"high\"" ||
    fail "$id is not graded as a high-severity threat"
done

# The typical top three do not come from three different STRIDE letters: the key tags
# card testing (B01) with spoofing and denial of service, like the floods (B03).
run show foundations/billing-exercise
expect_rc 0
expect_no_out "each from a different"
expect_out "card testing is spoofing and denial of service at once"

# The supermarket lesson names how often you go as the exposure, as its quiz does.
f="$C/intro/01-you-already-threat-model.yaml"
no_text "$f" "Crowds and long visits"
no_text "$f" "(the number of"
has_text "$f" "how often you go"

# The four questions come from module 1 (the supermarket and the house), not the house.
f="$C/intro/02-the-four-steps.yaml"
no_text "$f" "questions from the house"
# The matching quiz no longer spells out the fill-in answer "out of scope".
awk '/- id: step-matching/,/- id: why-design-time/' "$f" > "$T/matching"
! grep -qi 'out of scope' "$T/matching" || fail "step-matching gives away 'out of scope'"

# The ordering question's "merges duplicates" step is taught in the lesson.
run show foundations/diverse-teams
expect_rc 0
expect_out "merge the duplicates into one list"

# Assets that are not data: the lesson says how to class them, as the keys' asset
# lists do (money and availability are confidential in credit-card-billing).
run show foundations/assets-and-data-classes
expect_rc 0
expect_out "An asset that is not data takes the class of the company's records about it."

# intro/03: the short answer on repudiation's property is not the matching answer
# "Non-repudiation" shown just before it in the same quiz.
f="$C/intro/03-stride-s-t-r.yaml"
awk '/- id: repudiation-property/,/- id: audit-log-good-practice/' "$f" > "$T/short"
! grep -q "non\[- \]?repudiation" "$T/short" || fail "repudiation-property still accepts the matching answer"

# intro/05: the lesson counts four elements and three flows; the quiz asks for both.
f="$C/intro/05-questions-on-a-diagram.yaml"
no_text "$f" "How many elements do you walk through?"
no_text "$f" "email quota"

# foundations/03: tmdojo has no setting for remediation windows.
no_text "$C/foundations/03-workflow-reviewed.yaml" "tmdojo lets trainers configure"
no_text "$C/foundations/03-workflow-reviewed.yaml" "tmdojo keeps them configurable"

run validate
expect_rc 0
exit 0
