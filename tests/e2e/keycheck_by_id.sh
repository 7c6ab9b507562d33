# keycheck by id loads exercises/ID/ alone: an error in a course does not stop it
# (it said "the content under ... has errors"), and a content root without
# lexicon/ is warned about on stderr, as grade does (it graded silently without
# it, so an author saw false differences with no clue why); help documents exit 2.
. "$(dirname "$0")/lib/common.sh"
mkdir -p "$T/c"
cp -R "$SRC/courses" "$SRC/exercises" "$SRC/lexicon" "$T/c/"
sed -i 's/^minutes: [0-9]*/minutes: eighty/' "$T/c/courses/intro/course.yaml"
grep -q '^minutes: eighty' "$T/c/courses/intro/course.yaml" || fail "the course was not broken"
run --content "$T/c" keycheck credit-card-billing
expect_rc 0; expect_out "keycheck credit-card-billing:"; expect_out "all as expected"
if grep -q "has errors" "$T/err"; then fail "keycheck refused a clean exercise for a course's error"; fi
if grep -q "warning: no lexicon" "$T/err"; then fail "warned of a lexicon that is there"; fi
# the broken exercise itself is still refused, with its position
sed -i 's/^minutes: .*/minutes: lots/' "$T/c/exercises/customer-survey/exercise.yaml"
run --content "$T/c" keycheck customer-survey
expect_rc 2; expect_err "customer-survey/exercise.yaml:"; expect_err "'minutes'"
# an id names the exercise of that directory, and never a path outside exercises/
cp -R "$T/c/exercises/webhook-delivery" "$T/c/exercises/renamed"
run --content "$T/c" keycheck renamed
expect_rc 2; expect_err "exercise id 'webhook-delivery' must match its directory name 'renamed'"
run --content "$T/c" keycheck ..; expect_rc 2
run --content "$T/c" keycheck ../; expect_rc 2
# an id with trailing slashes (as a shell completes a directory name) is the id
# (it said "customer-survey: not an exercise directory"), from any directory
for arg in credit-card-billing/ credit-card-billing//; do
  (cd "$T" && run --content "$T/c" keycheck "$arg" && expect_rc 0 &&
    expect_out "keycheck credit-card-billing:" && expect_out "all as expected") || exit 1
done
run --content "$T/c" keycheck Credit-Card-Billing/; expect_rc 2
expect_err "no exercise 'Credit-Card-Billing/'"
run --content "$T/c" keycheck Credit-Card-Billing; expect_rc 2; expect_err "no exercise 'Credit-Card-Billing'"

# no lexicon/: warned on stderr, by id and by directory, as grade warns
mkdir -p "$T/x"
cp -R "$SRC/courses" "$SRC/exercises" "$T/x/"
run --content "$T/x" keycheck credit-card-billing
expect_err "warning: no lexicon in '$T/x/lexicon'; grading without abbreviations and synonyms"
expect_no_out "warning: no lexicon"; expect_out "(graded without a lexicon: see the warning)"
run --content "$T/x" keycheck "$T/x/exercises/credit-card-billing"
expect_err "warning: no lexicon in '$T/x/lexicon'"
run --content "$T/x" grade --key "$T/x/exercises/credit-card-billing" \
  "$SRC/exercises/credit-card-billing/samples/strong-group.txt"
expect_err "warning: no lexicon in '$T/x/lexicon'"

run help keycheck
expect_rc 0; expect_out "Exit status"; expect_out "2 usage, an exercise that cannot be loaded or"
expect_out "a sample that cannot be read or graded"
exit 0
