# keycheck by id loads exercises/ID/ alone: an error in a course does not stop it
# (it said "the content under ... has errors"), and a content root without
# lexicon/ is warned about on stderr, as grade does (it graded silently without
# it, so an author saw false differences with no clue why); help documents exit 2.
# The root is one course whose module takes the learn fixture's tiny-ex
# (make_exercise_root), with copies of tiny-ex beside it, not a copy of the whole
# bundled content: keycheck of the billing exercise cost ~16 s under valgrind.
. "$(dirname "$0")/lib/common.sh"
make_exercise_root "$T/c"
for x in other-ex renamed; do cp -R "$T/c/exercises/tiny-ex" "$T/c/exercises/$x"; done
sed -i 's/^id: tiny-ex$/id: other-ex/' "$T/c/exercises/other-ex/exercise.yaml"
sed -i 's/^exercise: tiny-ex$/exercise: other-ex/' "$T/c/exercises/other-ex/key.yaml"
sed -i 's/^minutes: [0-9]*/minutes: eighty/' "$T/c/courses/demo/course.yaml"
grep -q '^minutes: eighty' "$T/c/courses/demo/course.yaml" || fail "the course was not broken"
run --content "$T/c" keycheck tiny-ex
expect_rc 0; expect_out "keycheck tiny-ex:"; expect_out "all as expected"
if grep -q "has errors" "$T/err"; then fail "keycheck refused a clean exercise for a course's error"; fi
if grep -q "warning: no lexicon" "$T/err"; then fail "warned of a lexicon that is there"; fi
# the broken exercise itself is still refused, with its position
sed -i 's/^minutes: .*/minutes: lots/' "$T/c/exercises/other-ex/exercise.yaml"
run --content "$T/c" keycheck other-ex
expect_rc 2; expect_err "other-ex/exercise.yaml:"; expect_err "'minutes'"
# an id names the exercise of that directory, and never a path outside exercises/
run --content "$T/c" keycheck renamed
expect_rc 2; expect_err "exercise id 'tiny-ex' must match its directory name 'renamed'"
run --content "$T/c" keycheck ..; expect_rc 2
run --content "$T/c" keycheck ../; expect_rc 2
# an id with trailing slashes (as a shell completes a directory name) is the id
# (it said "customer-survey: not an exercise directory"), from any directory
for arg in tiny-ex/ tiny-ex//; do
  (cd "$T" && run --content "$T/c" keycheck "$arg" && expect_rc 0 &&
    expect_out "keycheck tiny-ex:" && expect_out "all as expected") || exit 1
done
run --content "$T/c" keycheck Tiny-Ex/; expect_rc 2
expect_err "no exercise 'Tiny-Ex/'"
run --content "$T/c" keycheck Tiny-Ex; expect_rc 2; expect_err "no exercise 'Tiny-Ex'"

# no lexicon/: warned on stderr, by id and by directory, as grade warns
# (tiny-ex there gains a sample that only the lexicon's 'sqli' makes A03)
make_exercise_root "$T/x"
rm -r "$T/x/lexicon"
printf -- '- sqli\n' > "$T/x/exercises/tiny-ex/samples/lex.txt"
printf '  - file: samples/lex.txt\n    expect:\n      found: [A03]\n      score: [0, 100]\n' >> "$T/x/exercises/tiny-ex/exercise.yaml"
run --content "$T/x" keycheck tiny-ex
expect_err "warning: no lexicon in '$T/x/lexicon'; grading without abbreviations and synonyms"
expect_no_out "warning: no lexicon"; expect_out "(graded without a lexicon: see the warning)"
run --content "$T/x" keycheck "$T/x/exercises/tiny-ex"
expect_err "warning: no lexicon in '$T/x/lexicon'"
run --content "$T/x" grade --key "$T/x/exercises/tiny-ex" "$T/x/exercises/tiny-ex/samples/good.txt"
expect_err "warning: no lexicon in '$T/x/lexicon'"

run help keycheck
expect_rc 0; expect_out "Exit status"; expect_out "2 usage, an exercise that cannot be loaded or"
expect_out "a sample that cannot be read or graded"
exit 0
