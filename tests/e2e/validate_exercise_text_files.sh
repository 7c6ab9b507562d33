#!/bin/sh
# An exercise's design document and diagram, named to validate on their own,
# point at validating the exercise directory (they said "not a tmdojo file");
# one over the 1 MiB limit says so in MiB, for that kind of file, and what to
# do (it said "over the 1048576-byte limit; split it").
. "$(dirname "$0")/lib/common.sh"

mkdir -p "$T/c/exercises"
cp -R "$SRC/exercises/customer-survey" "$T/c/exercises/"
cp -R "$SRC/lexicon" "$T/c/"
ex="$T/c/exercises/customer-survey"
y="$ex/exercise.yaml"
doc=$(sed -n 's/^document: *//p' "$y")
diagram=$(sed -n 's/^diagram: *//p' "$y")
[ -n "$doc" ] && [ -n "$diagram" ] || fail "no document or diagram in $y"

for f in "$doc" "$diagram"; do
  run validate "$ex/$f"
  expect_rc 2
  expect_err "$f:1:1: a text file of an exercise (its design document or diagram) is checked with the exercise: validate its directory, tmdojo validate $ex"
done
(cd "$ex" && run validate "$doc" && expect_rc 2 && expect_err "tmdojo validate ." ) || exit 1
# a text file elsewhere is still no tmdojo file
printf 'notes\n' > "$T/c/notes.md"
run validate "$T/c/notes.md"
expect_rc 2
expect_err "notes.md:1:1: not a tmdojo file"

line=$(grep -n '^document:' "$y" | cut -d: -f1)
dline=$(grep -n '^diagram:' "$y" | cut -d: -f1)
head -c 1100000 /dev/zero | tr '\0' 'a' | fold -w 70 >> "$ex/$doc"
size=$(wc -c < "$ex/$doc")
run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:$line:11: design document '$doc' is $size bytes, over the 1 MiB limit of a design document: it is one file a learner reads in one sitting; shorten it to what the exercise needs"
expect_err "1 error"
cp "$SRC/exercises/customer-survey/$doc" "$ex/$doc"
head -c 1100000 /dev/zero | tr '\0' '-' | fold -w 70 >> "$ex/$diagram"
run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:$dline:10: diagram '$diagram' is $(wc -c < "$ex/$diagram") bytes, over the 1 MiB limit of a diagram"
exit 0
