# import moodle-xml reads the stop words of the content root in use: a --content
# (or $TMDOJO_CONTENT) that is not a content root is refused as list refuses it
# (it imported, exit 0, keeping stop-word answers with no lexicon read); a
# lexicon with errors is printed and nothing is written (it imported without
# it); the bundled root without lexicon/ imports with a warning that stop-word
# answers were not checked. Where the root came from is decided once
# (tools_content_root_from()): --content wins over $TMDOJO_CONTENT, and an empty
# $TMDOJO_CONTENT chooses nothing.
. "$(dirname "$0")/lib/common.sh"
unset TMDOJO_CONTENT
X="$SRC/tests/fuzz/corpus/fuzz_import/stop-words.xml"

run --content "$T/nonexistent" import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 2
expect_err "tmdojo import moodle-xml: '$T/nonexistent' (given with --content): no such directory; give the directory that holds courses/, exercises/ and lexicon/"
[ ! -e "$T/m.yaml" ] || fail "a refused import wrote a file"
mkdir -p "$T/empty"
TMDOJO_CONTENT="$T/empty" run import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 2
expect_err "'$T/empty' (from \$TMDOJO_CONTENT): no courses found"
[ ! -e "$T/m.yaml" ] || fail "a refused import wrote a file"
TMDOJO_CONTENT="$T/empty" run --content "$T/nonexistent" import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 2
expect_err "'$T/nonexistent' (given with --content): no such directory"
grep -q "TMDOJO_CONTENT" "$T/err" && fail "blamed \$TMDOJO_CONTENT when --content was given"

# a lexicon with an error: printed, exit 2, nothing written
mkdir -p "$T/broken/courses"
cp -R "$SRC/lexicon" "$T/broken/lexicon"
printf 'id: [\n' > "$T/broken/lexicon/zz-broken.yaml"
run --content "$T/broken" import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 2
expect_err "zz-broken.yaml:2:1: yaml syntax error"
expect_err "the lexicon under '$T/broken' has errors"
[ ! -e "$T/m.yaml" ] || fail "an import with a broken lexicon wrote a file"

# a good root: the stop-word answer is dropped, no warning about the lexicon
mkdir -p "$T/good/courses"
cp -R "$SRC/lexicon" "$T/good/lexicon"
run --content "$T/good" import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 0
expect_err "answer 'the' has only words tmdojo's grader leaves out"
grep -q "no lexicon" "$T/err" && fail "warned about a lexicon that is there"
rm -f "$T/m.yaml"

# the bundled root (beside the program), with no lexicon/: imported, with a warning
mkdir -p "$T/b/build" "$T/b/courses"
cp "$TMDOJO" "$T/b/build/tmdojo"
TMDOJO="$T/b/build/tmdojo" run import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 0
expect_err "tmdojo import moodle-xml: warning: no lexicon in '"
expect_err "/b/lexicon': short answers of only stop words were not checked"
[ -e "$T/m.yaml" ] || fail "no module written"
rm -f "$T/m.yaml"
# an empty $TMDOJO_CONTENT chooses nothing: the bundled root again
TMDOJO_CONTENT= TMDOJO="$T/b/build/tmdojo" run import moodle-xml "$X" -o "$T/m.yaml"
expect_rc 0
expect_err "/b/lexicon': short answers of only stop words were not checked"
[ -e "$T/m.yaml" ] || fail "no module written with an empty \$TMDOJO_CONTENT"
exit 0
