# A wrong first answer gets a nudge only (its feedback would give the answer
# away); once the question is done, the feedback says why that first choice
# was wrong, beside the verdict: it was never shown before. The earlier answer
# is read back from the progress store when the learner stopped between tries.
# A try given to another version of the question (a choice added since) is not
# explained with the feedback of the choice its label names now.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
export TMDOJO_HOME="$T/home"

# within one run (tiny/one, seed 7: a is Tampering, b Spoofing)
printf '%s\n' a b :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner amy tiny/one
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -qF "> a Not quite. Hint: Think about identity." "$T/flat" || fail "no nudge after the wrong answer"
grep -c "Tampering changes data" "$T/out" | grep -qx 1 || fail "the wrong choice's feedback is not shown once"
grep -qF "> b Correct. Spoofing is about identity. Your first answer (a): Tampering changes data." "$T/flat" ||
  fail "the right answer does not say why the first one was wrong"

# stopped between the tries, resumed, then right
printf '%s\n' a :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner bo tiny/one
expect_rc 0
expect_no_out "Tampering changes data"
printf '%s\n' b :q > "$T/in"
IN="$T/in" run learn --learner bo tiny/one
expect_rc 0
expect_out "Your first answer (a): Tampering changes data."

# a choice added while the learner was away (another version of the question):
# the stored "a" named Tampering, and "a" is now the new choice; its feedback
# would explain an answer the learner never gave, so none is shown
C="$T/c"
cp -r "$SRC/tests/fixtures/learn" "$C"
printf '%s\n' a :q > "$T/in"
IN="$T/in" run --content "$C" learn --seed 7 --learner cy tiny/one
expect_rc 0
awk '/^          - text: Tampering$/ { print "          - text: Denial of service"
  print "            feedback: Flooding is denial of service." } { print }' \
  "$SRC/tests/fixtures/learn/courses/tiny/one.yaml" > "$C/courses/tiny/one.yaml"
printf '%s\n' b :q > "$T/in"
IN="$T/in" run --content "$C" learn --learner cy tiny/one
expect_rc 0
expect_out "a) Denial of service"
expect_out "attempt 2 of 2"
expect_out "Correct."
expect_no_out "Your first answer"
expect_no_out "Flooding is denial of service"
exit 0
