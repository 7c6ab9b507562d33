# A pattern that matches an off-topic line ('\S' matches "x"; 'e' matches "I
# have no idea") would credit nearly any answer. validate refused it, but learn,
# grade and keycheck loaded the content without that check: `echo cheese |
# learn` said Correct, and grade --key gave 100% to "the UI is ugly". Every
# load now refuses it with validate's file:line:column message and exit 2
# (keycheck too: bad input, not 1 "differences found").
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
M="$T/c/courses/sample/basics.yaml"
X="$T/c/exercises/add-user-api"
sed -i "s/patterns: \['\\\\bconfidential'\]/patterns: ['\\\\bconfidential', '\\\\S']/" "$M"
grep -qF "patterns: ['\\bconfidential', '\\S']" "$M" || fail "fixture module not rewritten"
sed -i "s/    patterns: \['\\\\bunauthenticated\\\\b'\]/    patterns: ['\\\\bunauthenticated\\\\b', 'e']/" "$X/key.yaml"
grep -qF "patterns: ['\\bunauthenticated\\b', 'e']" "$X/key.yaml" || fail "fixture key not rewritten"
QMSG="$M:65:38: pattern '\\S' matches the off-topic line 'x', so it would credit nearly any answer: make it require the words that say what is right (such as '\\bcsrf\\b')"
KMSG="$X/key.yaml:14:39: pattern 'e' matches the off-topic line 'I have no idea', so it would credit nearly any line: make it require the words that say what is right (such as '\\bcsrf\\b')"

run validate "$T/c"
expect_rc 2
expect_err "$QMSG"
expect_err "$KMSG"

printf 'cheese\n' > "$T/answer"
run learn --content "$T/c" sample < "$T/answer"
expect_rc 2
expect_err "$QMSG"
expect_err "$KMSG"
if grep -q "Correct" "$T/out"; then fail "learn graded with a refused pattern"; fi

printf 'the UI is ugly\n' > "$T/ugly.txt"
run grade --key "$X/key.yaml" "$T/ugly.txt"
expect_rc 2
expect_err "$KMSG"
[ ! -s "$T/out" ] || fail "grade printed a report for a refused key"

run keycheck "$X"
expect_rc 2
expect_err "$KMSG"

# the same content without them loads and grades as before
cp "$SRC/tests/fixtures/content/courses/sample/basics.yaml" "$M"
cp "$SRC/tests/fixtures/content/exercises/add-user-api/key.yaml" "$X/key.yaml"
run grade --key "$X/key.yaml" "$T/ugly.txt"
expect_rc 0
run keycheck "$X"
expect_rc 0
