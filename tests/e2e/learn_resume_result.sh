# A learner who stops (:q) at "Type 'again' ... or press Enter to go on" after
# grading their threats comes back to that choice: the result is shown again,
# Enter goes on to the top three and no second attempt is stored; 'again' lets
# them add lines to the list.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
mkdir -p "$C/courses/t" "$C/exercises"
cp -r "$SRC/lexicon" "$C/"
cp -r "$SRC/exercises/customer-survey" "$C/exercises/"
printf 'id: t\ntitle: T\npart: 9\nsummary: T.\nminutes: 5\nobjectives: [T]\nmodules: [m.yaml]\n' \
  > "$C/courses/t/course.yaml"
printf 'id: m\ntitle: M\nobjectives: [T]\nitems:\n  - exercise: customer-survey\nsummary: [Done.]\n' \
  > "$C/courses/t/m.yaml"
again="Type 'again' to add threats and grade once more, or press Enter to go on"

for who in ana bo; do
  printf 'customer emails\n.\nthe survey tool\n.\nSequential invitation ids let anyone answer as other customers\n.\n:q\n' \
    > "$T/in1"
  IN="$T/in1" run --content "$C" learn --learner "$who" t
  expect_rc 0
  expect_out "$again"
done

# ana presses Enter: on to the top three, the list graded once.
printf '\n:q\n' > "$T/in2"
IN="$T/in2" run --content "$C" learn --learner ana t
expect_rc 0
expect_out "Welcome back"
expect_out "Guessable survey links"
expect_out "$again"
expect_out "step 5 of 5: Pick your top three"
expect_no_out "Your earlier lines are kept"
run progress --learner ana --export
expect_rc 0
[ "$(grep -o '"question":"exercise:threats"' "$T/out" | wc -l)" -eq 1 ] ||
  fail "the threats list should be stored once"

# bo types 'again' and adds a line: graded as the second attempt.
printf 'again\nAdmins can export all answers without audit\n.\n:q\n' > "$T/in3"
IN="$T/in3" run --content "$C" learn --learner bo t
expect_rc 0
expect_out "Your earlier lines are kept"
expect_out "No record of who created"
run progress --learner bo --export
expect_rc 0
[ "$(grep -o '"question":"exercise:threats","attempt":2' "$T/out" | wc -l)" -eq 1 ] ||
  fail "the longer list should be the second attempt"
