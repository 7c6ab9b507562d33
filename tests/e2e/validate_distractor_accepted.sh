# A short question's distractor that the question itself accepts (its pattern, or the
# lexicon's abbreviation or synonym of an accepted answer) fails every learner who
# types it: validate refuses it at the distractor's place and says what to do
# (fixture tests/fixtures/distractors, with the bundled lexicon); the bundled courses,
# whose distractors are all other options, still validate.
. "$(dirname "$0")/lib/common.sh"

mkdir -p "$T/root"
cp -R "$SRC/tests/fixtures/distractors/courses" "$SRC/lexicon" "$T/root/"
m=$T/root/courses/stride/m.yaml
run --content "$T/root" validate
expect_rc 2
expect_err "$m:14:33: distractor 'EOP' is graded right as an answer (matched an accepted pattern): a learner who types it fails; move it under 'accept:', or remove it"
expect_err "$m:22:47: distractor 'EoP' is graded right as an answer (100% like an accepted answer"
expect_err "$m:22:52: distractor 'privilege escalation' is graded right as an answer ("
expect_err "3 errors"
# the other distractors, and the sound question's, are no answer
grep -c "^$m:" "$T/err" | grep -qx 3 || fail "not three errors in m.yaml"
grep -q "distractor '\(spoofing\|tampering\|information disclosure\|repudiation\|elevation of privilege\)'" "$T/err" &&
  fail "a distractor that is another option refused"

# a learner typing the pattern's answer was refused for naming the distractor: moved
# under accept (the pattern already takes it), the question validates
sed -i 's/distractors: \[spoofing, EOP, tampering\]/distractors: [spoofing, tampering]/' "$m"
sed -i 's/distractors: \[information disclosure, EoP, privilege escalation\]/distractors: [information disclosure]/' "$m"
run --content "$T/root" validate
expect_rc 0

# the bundled courses hold every bundled distractor (validate of the whole bundled
# content, exercises too, cost ~31 s of CPU under valgrind; cli_basics runs it)
run --content "$SRC" validate "$SRC/courses"
expect_rc 0
echo "ok"
