# The read step asks nothing, so "?" never reached it and the exercise's read hints
# were never shown: they are printed after the design and diagram as "Reading tips",
# all of them and wrapped; the generic read hint only when the exercise has none.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
printf ':q\n' > "$T/in"
IN="$T/in" run learn --learner tips foundations/warm-up-survey
expect_rc 0
sed -n '/step 1 of 5: Read the design/,/step 2 of 5/p' "$T/out" > "$T/read"
grep -qF "Reading tips" "$T/read" || fail "the read step shows no reading tips"
# both of customer-survey's read hints (their first words), each on its own item
grep -qF -- "- The design is one page." "$T/read" || fail "first read hint missing"
grep -qF -- "- Reread the Costs and Logging sections." "$T/read" || fail "second read hint missing"
grep -qF "Read the design once for the story" "$T/read" &&
  fail "the generic read hint is shown although the exercise has its own"
# after the diagram, within the width
sed -n '/^Diagram/,$p' "$T/read" | grep -qF "Reading tips" || fail "tips come before the diagram"
sed -n '/^Reading tips/,$p' "$T/read" | awk 'length($0) > 80 { bad = 1 } END { exit bad }' ||
  fail "a reading tip is wider than 80"

# an exercise without read hints: the generic one
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
printf 'anyone can set role=admin in the request and become an admin\n.\n\n:q\n' > "$T/in"
IN="$T/in" run learn --seed 7 --learner tips tiny/two
expect_rc 0
sed -n '/step 1 of 6: Read the design/,/step 2 of 6/p' "$T/out" > "$T/read"
grep -qF "Reading tips" "$T/read" || fail "no reading tips for an exercise without read hints"
grep -qF -- "- Read the design once for the story" "$T/read" || fail "generic read hint missing"
exit 0
