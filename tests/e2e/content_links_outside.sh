# A content file that is a symbolic link out of the content root is refused
# by every command that loads the content, at the field that names it: a link
# in a content pull request must not carry a trainer's files into what tmdojo
# shows or into an LMS package. A link that stays inside the root still works.
. "$(dirname "$0")/lib/common.sh"

mkdir "$T/c" "$T/outside"
cp -r "$SRC/courses" "$SRC/exercises" "$SRC/lexicon" "$T/c/"
echo secret-token-abc123 > "$T/outside/secret.txt"
ln -sf "$T/outside/secret.txt" "$T/c/exercises/customer-survey/design.md"
out=$(cd "$T/outside" && pwd -P)/secret.txt
msg="exercise.yaml:10:11: document 'design.md' resolves to $out, outside the content root; copy the file into the root"

run --content "$T/c" validate -q
expect_rc 2
expect_err "$msg"
run --content "$T/c" show --exercise customer-survey
expect_rc 2
expect_err "$msg"
expect_no_out secret-token
run --content "$T/c" export scorm --course foundations -o "$T/f.zip"
expect_rc 2
expect_err "$msg"
[ ! -e "$T/f.zip" ] || fail "export wrote a package with the outside file"
run --content "$T/c" list
expect_rc 2
expect_err "$msg"

# samples and module files alike, named where they are listed
cp "$SRC/exercises/customer-survey/design.md" "$T/c/exercises/customer-survey/design.md"
ln -s "$T/outside/secret.txt" "$T/c/exercises/customer-survey/samples/link.txt"
sed -i 's|^  - file: samples/strong-terse.txt|  - file: samples/link.txt|' \
  "$T/c/exercises/customer-survey/exercise.yaml"
printf 'id: lnk\n' > "$T/outside/lnk.yaml"
ln -s "$T/outside/lnk.yaml" "$T/c/courses/foundations/lnk.yaml"
sed -i 's|^  - 01-assets-and-data-classes.yaml|&\n  - lnk.yaml|' "$T/c/courses/foundations/course.yaml"
run --content "$T/c" validate -q
expect_rc 2
expect_err "sample file 'samples/link.txt' resolves to $out, outside the content root"
expect_err "course.yaml:23:5: module file 'lnk.yaml' resolves to $(dirname "$out")/lnk.yaml, outside the content root"
run --content "$T/c" keycheck customer-survey
expect_rc 2
expect_err "sample file 'samples/link.txt' resolves to $out"

# inside the root, a link is followed as before
rm -rf "$T/c"
mkdir "$T/c"
cp -r "$SRC/courses" "$SRC/exercises" "$SRC/lexicon" "$T/c/"
mv "$T/c/exercises/customer-survey/design.md" "$T/c/survey-design.md"
ln -s ../../survey-design.md "$T/c/exercises/customer-survey/design.md"
run --content "$T/c" validate -q
expect_rc 0
run --content "$T/c" show --exercise customer-survey
expect_rc 0
expect_out "$(sed -n 's/^# //p' "$T/c/survey-design.md" | head -n 1)"
exit 0
