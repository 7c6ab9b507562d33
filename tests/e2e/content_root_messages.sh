# Where the content is, said plainly: --content without a directory names what is
# missing (not "unknown option"); a content root with no content says where it came
# from (not "has errors; run 'tmdojo validate'"); keycheck takes an exercise directory
# outside any content root (it needs only the exercise and a lexicon).
. "$(dirname "$0")/lib/common.sh"
run --content; expect_rc 2; expect_err "--content needs a directory"
if grep -q "unknown option" "$T/err"; then fail "--content without a value is not unknown"; fi
run --content= list; expect_rc 2; expect_err "--content needs a directory"

TMDOJO_CONTENT="$T/nonexist" run list
expect_rc 2; expect_err "'$T/nonexist' (from \$TMDOJO_CONTENT): no such directory; set it to"
if grep -q "has errors" "$T/err"; then fail "missing content reported as errors in it"; fi
mkdir -p "$T/empty"
run --content "$T/empty" list
expect_rc 2; expect_err "'$T/empty' (given with --content): no courses found; give the directory"
if grep -q "has errors" "$T/err"; then fail "empty content reported as errors in it"; fi
# one message, which does not tell someone who gave --content to pass --content
# (it said "no content here; pass --content DIR or set TMDOJO_CONTENT", then
# "'DIR' was given with --content")
for dir in "$T/nonexist" "$T/empty"; do
  run --content "$dir" list
  expect_rc 2
  [ "$(wc -l < "$T/err")" -eq 1 ] || fail "more than one line for missing content"
  if grep -q "pass --content" "$T/err"; then fail "told to pass the --content it was given"; fi
done
TMDOJO_CONTENT="$T/nonexist" run list
if grep -q "set TMDOJO_CONTENT\|pass --content" "$T/err"; then fail "told to set the variable it set"; fi
# content with a real error still points at validate
mkdir -p "$T/broken/courses/c"
printf 'id: c\ntitle: [\n' > "$T/broken/courses/c/course.yaml"
run --content "$T/broken" list
expect_rc 2; expect_err "for the full list, run: tmdojo validate $T/broken"

# keycheck of an exercise directory that sits in no content root, under another name
# (the fixture's add-user-api: keycheck of customer-survey cost ~2 s of CPU under valgrind)
E=$SRC/tests/fixtures/content/exercises/add-user-api
cp -R "$E" "$T/ex"
cd "$T" || fail "cd"
export TMDOJO_CONTENT="$SRC"   # the lexicon
for arg in "$T/ex" "$T/ex/" "ex" "ex/exercise.yaml"; do
  run keycheck "$arg"
  n=$(grep -c '^  - file:' "$E/exercise.yaml")
  expect_rc 0; expect_out "keycheck add-user-api: $n sample(s), all as expected"
done
# a sample off its expectation is still a difference (exit 1)
sed 's/score: \[40, 100\]/score: [99, 100]/' "$E/exercise.yaml" > "$T/ex/exercise.yaml"
run keycheck "$T/ex"
expect_rc 1; expect_out "samples/good.txt: score"; expect_out "differences found"
# an id is still looked up in the content root
run keycheck customer-survey; expect_rc 0
run keycheck no-such-exercise; expect_rc 2; expect_err "no exercise 'no-such-exercise'"
run keycheck "$T/nothing-here/"; expect_rc 2; expect_err "not an exercise directory"
exit 0
