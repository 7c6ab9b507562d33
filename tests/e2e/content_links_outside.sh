# A content file that is a symbolic link out of the content root is refused
# by every command that loads the content, at the field that names it: a link
# in a content pull request must not carry a trainer's files into what tmdojo
# shows or into an LMS package. A link that stays inside the root still works.
# The cases use a root of their own (one course, one module that takes the
# learn fixture's tiny-ex), not a copy of the whole bundled content.
. "$(dirname "$0")/lib/common.sh"

mkdir "$T/outside"
make_exercise_root "$T/c"
E="$T/c/exercises/tiny-ex"
sed -n 6p "$E/exercise.yaml" | grep -q '^document: design.md$' || fail "exercise line 6 changed"
echo secret-token-abc123 > "$T/outside/secret.txt"
ln -sf "$T/outside/secret.txt" "$E/design.md"
out=$(cd "$T/outside" && pwd -P)/secret.txt
msg="exercise.yaml:6:11: document 'design.md' resolves to $out, outside the content root; copy the file into the root"

run --content "$T/c" validate -q
expect_rc 2
expect_err "$msg"
run --content "$T/c" show --exercise tiny-ex
expect_rc 2
expect_err "$msg"
expect_no_out secret-token
run --content "$T/c" export scorm --course demo -o "$T/f.zip"
expect_rc 2
expect_err "$msg"
[ ! -e "$T/f.zip" ] || fail "export wrote a package with the outside file"
run --content "$T/c" list
expect_rc 2
expect_err "$msg"

# samples and module files alike, named where they are listed
cp "$SRC/tests/fixtures/learn/exercises/tiny-ex/design.md" "$E/design.md"
ln -s "$T/outside/secret.txt" "$E/samples/link.txt"
sed -i 's|^  - file: samples/good.txt|  - file: samples/link.txt|' "$E/exercise.yaml"
printf 'id: lnk\n' > "$T/outside/lnk.yaml"
ln -s "$T/outside/lnk.yaml" "$T/c/courses/demo/lnk.yaml"
sed -i 's|^modules: \[m.yaml\]$|modules: [m.yaml, lnk.yaml]|' "$T/c/courses/demo/course.yaml"
run --content "$T/c" validate -q
expect_rc 2
expect_err "sample file 'samples/link.txt' resolves to $out, outside the content root"
expect_err "course.yaml:7:19: module file 'lnk.yaml' resolves to $(dirname "$out")/lnk.yaml, outside the content root"
run --content "$T/c" keycheck tiny-ex
expect_rc 2
expect_err "sample file 'samples/link.txt' resolves to $out"

# inside the root, a link is followed as before
rm -rf "$T/c"
make_exercise_root "$T/c"
mv "$T/c/exercises/tiny-ex/design.md" "$T/c/tiny-design.md"
ln -s ../../tiny-design.md "$T/c/exercises/tiny-ex/design.md"
run --content "$T/c" validate -q
expect_rc 0
run --content "$T/c" show --exercise tiny-ex
expect_rc 0
expect_out "$(sed -n 's/^# //p' "$T/c/tiny-design.md" | head -n 1)"
exit 0
