#!/bin/sh
# What validate checks a path against: a course file, a course directory or a
# directory of courses inside a content root resolves its exercise references
# against that root (they were resolved against the bundled content); --content,
# when given, still wins. A file in an exercise's samples/ is a submission.
. "$(dirname "$0")/lib/common.sh"

# a root where customer-survey is called survey2: the intro course, which takes
# it, and the exercise (not a copy of all the bundled content: validate of the
# whole of it cost ~28 s under valgrind)
mkdir -p "$T/c2/courses" "$T/c2/exercises"
cp -R "$SRC/courses/intro" "$T/c2/courses/"
cp -R "$SRC/exercises/customer-survey" "$T/c2/exercises/"
cp -R "$SRC/lexicon" "$T/c2/"
mv "$T/c2/exercises/customer-survey" "$T/c2/exercises/survey2"
sed -i 's/^id: customer-survey/id: survey2/' "$T/c2/exercises/survey2/exercise.yaml"
sed -i 's/^exercise: customer-survey/exercise: survey2/' "$T/c2/exercises/survey2/key.yaml"
grep -rl customer-survey "$T/c2/courses" | xargs sed -i 's/customer-survey/survey2/g'
module=$(grep -rl 'survey2' "$T/c2/courses" | grep -v course.yaml | head -1)
course=$(dirname "$module")

run --content "$T/c2" validate -q
expect_rc 0
for p in "$T/c2/courses" "$course" "$course/course.yaml" "$module"; do
  run validate -q "$p"
  expect_rc 0
done
# relative paths, from inside the root
(cd "$T/c2/courses" && "$TMDOJO" validate -q . "$(basename "$course")") >"$T/out" 2>"$T/err" ||
  fail "relative paths inside a content root not checked against it"

# an exercise's samples are submissions: valid ones pass (text, Markdown and
# YAML alike; a YAML sample was checked as a key), broken ones are reported at
# their line:column, and no file of the directory is skipped
samples="$SRC/exercises/customer-survey/samples"
run validate "$samples"
expect_rc 0
run validate "$samples"/*
expect_rc 0
s="$T/c2/exercises/survey2/samples"
printf 'threats:\n  - title: ""\n    stride: [tamperin]\n' > "$s/broken.yaml"
printf 'a\377\n' > "$s/latin1.txt"
printf 'x\0y\n' > "$s/nul.md"
run validate "$s"
expect_rc 2
expect_err "broken.yaml:2:12: the title is empty"
expect_err "broken.yaml:3:14: unknown STRIDE category 'tamperin'"
expect_err "latin1.txt:1:2: not UTF-8 text"
expect_err "nul.md:1:"
expect_err "4 errors"
run validate "$s/broken.yaml"
expect_rc 2
expect_err "2 errors"
grep -q "missing required key" "$T/err" && fail "a YAML sample checked as a key"
rm "$s/broken.yaml" "$s/latin1.txt" "$s/nul.md"

# --content wins: the bundled content has no survey2
run --content "$SRC" validate "$T/c2/courses"
expect_rc 2
expect_err "unknown exercise 'survey2'"
exit 0
