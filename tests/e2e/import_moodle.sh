# tmdojo import moodle-xml: a Moodle XML bank becomes a module that validates in a
# course and can be taken with learn (scripted); warnings name the line of each
# question skipped; entity declarations (billion laughs, external entities) and XML
# that is not well-formed are refused with file:line:column and exit 2, writing
# nothing; an existing file is replaced only with --force; nothing importable is
# exit 2 with no file.
. "$(dirname "$0")/lib/common.sh"
F="$SRC/tests/fixtures/moodle"
mkdir -p "$T/root/courses/imported"
cat > "$T/root/courses/imported/course.yaml" <<'YAML'
id: imported
title: Imported
part: refresher
summary: Questions imported from Moodle.
minutes: 10
objectives: [Answer the imported questions]
modules: [bank.yaml]
YAML
M="$T/root/courses/imported/bank.yaml"

run import moodle-xml "$F/bank.xml" -o "$M" --id stride-bank
expect_rc 0
expect_err "bank.xml:223:1: warning: question 'Explain your model': type 'essay' has no tmdojo equivalent: skipped"
expect_err "bank.xml:232:1: warning: question 'Cloze': type 'multianswer'"
expect_err "bank.xml:241:1: warning: question 'Spoofing: stolen session cookie': the question text: an image"
expect_err "wrote 8 questions to"
grep -q '^id: stride-bank$' "$M" || fail "module id"
grep -q '^title: STRIDE basics$' "$M" || fail "title from the category"
run --content "$T/root" validate
expect_rc 0

# the module can be taken: scripted learn through every type
export TMDOJO_HOME="$T/home"
printf 'a\na c\ntrue\ndenial of service\n6\nc a\na b d c\nb\n' > "$T/answers"
IN="$T/answers" run --content "$T/root" learn --seed 7 --learner ann imported
expect_rc 0
expect_out "Correct. (matched an accepted pattern)"
expect_out "Correct. (4 of 4 in the right place)"
expect_out "Quiz score: 11 of 11 points (100%)"

# an existing file is kept unless --force
cp "$M" "$T/before"
run import moodle-xml "$F/edge.xml" -o "$M"
expect_rc 2
expect_err "exists: give --force to replace it"
cmp -s "$M" "$T/before" || fail "the existing module was changed without --force"
run import moodle-xml "$F/edge.xml" -o "$M" --force --id stride-bank --title "Edge cases"
expect_rc 0
grep -q '^title: Edge cases$' "$M" || fail "--title"
run --content "$T/root" validate
expect_rc 0

# a symbolic link to an existing file is an existing file
ln -s "$M" "$T/link.yaml"
run import moodle-xml "$F/bank.xml" -o "$T/link.yaml"
expect_rc 2
expect_err "exists: give --force to replace it"

# the input cap: 16 MiB
head -c 16777217 /dev/zero | tr '\0' ' ' > "$T/big.xml"
run import moodle-xml "$T/big.xml" -o "$T/big.yaml"
expect_rc 2
expect_err "over the 16777216-byte limit"
[ ! -e "$T/big.yaml" ] || fail "big: a module was written"
rm -f "$T/big.xml"

# entities: refused at the declaration, nothing expanded, no file read, nothing written
for f in laughs xxe xxe-param; do
  run import moodle-xml "$F/$f.xml" -o "$T/$f.yaml"
  expect_rc 2
  expect_err "$f.xml:3:1: the document declares the entity"
  [ ! -e "$T/$f.yaml" ] || fail "$f: a module was written"
done
# xxe.xml names file:///etc/hostname: its content shows nowhere
h=$(head -n 1 /etc/hostname 2>/dev/null)
if [ -n "$h" ]; then
  run import moodle-xml "$F/xxe.xml" -o "$T/x.yaml"
  ! grep -qF -- "$h" "$T/err" "$T/out" || fail "the external entity's file was read"
fi
# a DOCTYPE naming an external DTD (never fetched), an undeclared entity
# (&xxe; vanished without a word, exit 0): refused where they are, no file
run import moodle-xml "$F/external-dtd.xml" -o "$T/ext.yaml"
expect_rc 2
expect_err "external-dtd.xml:2:1: the DOCTYPE names an external DTD ('http://example.invalid/quiz.dtd')"
[ ! -e "$T/ext.yaml" ] || fail "external DTD: a module was written"
for f in "undeclared-entity 8 46 xxe" "undeclared-entity-attr 9 23 hundred"; do
  set -- $f; name=$1 line=$2 col=$3 ent=$4
  run import moodle-xml "$F/$name.xml" -o "$T/$name.yaml"
  expect_rc 2
  expect_err "$name.xml:$line:$col: the entity reference '&$ent;' names no entity XML knows"
  [ ! -e "$T/$name.yaml" ] || fail "$name: a module was written"
done
# a missing file: said after the command's name, as every error of it is
run import moodle-xml "$T/no-such.xml" -o "$T/none.yaml"
expect_rc 2
expect_err "tmdojo import moodle-xml: $T/no-such.xml: cannot open: No such file or directory"
run import moodle-xml "$F/broken.xml" -o "$T/broken.yaml"
expect_rc 2
expect_err "broken.xml:5:14: not well-formed XML: opening and ending tag mismatch"
[ ! -e "$T/broken.yaml" ] || fail "broken: a module was written"
# a bank saved again in the system's encoding (Windows-1252 here), and nesting
# past libxml2's depth: said in plain words with what to do (libxml2's own
# words were "input is not proper UTF-8, indicate encoding !?" and "use
# XML_PARSE_HUGE option"); with its encoding declared, the same bank imports
printf '<?xml version="1.0"?>\n<quiz>\n<question type="truefalse"><name><text>caf\351 x</text></name><questiontext format="html"><text>Is it?</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>\n' > "$T/cp1252.xml"
run import moodle-xml "$T/cp1252.xml" -o "$T/cp1252.yaml"
expect_rc 2
expect_err "cp1252.xml:3:43: the text is not UTF-8 here (bytes 0xE9 0x20 0x78 0x3C) and the XML declaration names no other encoding: save the file as UTF-8"
[ ! -e "$T/cp1252.yaml" ] || fail "cp1252: a module was written"
sed 's/version="1.0"/version="1.0" encoding="windows-1252"/' "$T/cp1252.xml" > "$T/declared.xml"
run import moodle-xml "$T/declared.xml" -o "$T/declared.yaml"
expect_rc 0
grep -q 'id: cafe-x' "$T/declared.yaml" || fail "the declared encoding was not read"
python3 -c 'print("<quiz>" + "<a>" * 300 + "</a>" * 300 + "</quiz>")' > "$T/deep.xml"
run import moodle-xml "$T/deep.xml" -o "$T/deep.yaml"
expect_rc 2
expect_err "deep.xml:1:"
expect_err ": elements are nested deeper than the import reads (Moodle's export nests a few)"
[ ! -e "$T/deep.yaml" ] || fail "deep: a module was written"

# nothing importable: exit 2, no file
run import moodle-xml "$F/unsupported.xml" -o "$T/none.yaml"
expect_rc 2
expect_err "unsupported.xml:4:1: warning: question 'Essay': type 'essay'"
expect_err "none of its 3 questions could be imported"
[ ! -e "$T/none.yaml" ] || fail "a module was written with no question"

# a '/' in a module title comes back: the export writes it "//" in the category
# path (Moodle's escape) and the default title reads it back as one slash
cp -R "$SRC/tests/fixtures/export" "$T/slash"
sed -i 's|^title: Every type$|title: Mod / with x|' "$T/slash/courses/exp/types.yaml"
run export moodle-xml --content "$T/slash" -o "$T/slash.xml"
expect_rc 0
grep -qF '$course$/top/Threats // controls/Mod // with x' "$T/slash.xml" ||
  fail "the category path escapes '/' as '//'"
run import moodle-xml "$T/slash.xml" -o "$T/slash.yaml"
expect_rc 0
grep -q '^title: Mod / with x$' "$T/slash.yaml" || fail "title with a slash: $(grep '^title' "$T/slash.yaml")"

# standard input, usage errors, a bad id
IN="$F/bank.xml" run import moodle-xml - -o "$T/stdin.yaml"
expect_rc 0
grep -q '^id: moodle-import$' "$T/stdin.yaml" || fail "id for standard input"
run import moodle-xml "$F/bank.xml"
expect_rc 2
expect_err "-o MODULE.yaml is required"
run import moodle-xml "$F/bank.xml" -o "$T/bad.yaml" --id "Bad Id"
expect_rc 2
expect_err "module id 'Bad Id' is not an id"
run import gift "$F/bank.xml"
expect_rc 2
expect_err "unknown subcommand 'gift'"
run help import
expect_rc 0
expect_out "usage: tmdojo import moodle-xml"
expect_out "--force"

# names that are not UTF-8: a --title is refused, a file name is shown with '?'
run import moodle-xml "$F/bank.xml" -o "$T/latin1.yaml" --title "$(printf 'Caf\351')"
expect_rc 2
expect_err "the title is not UTF-8 (byte 4)"
[ ! -e "$T/latin1.yaml" ] || fail "a refused import wrote a file"
cp "$F/bank.xml" "$T/$(printf 'b\351').xml"
run import moodle-xml "$T/$(printf 'b\351').xml" -o "$T/latin1.yaml"
expect_rc 0
grep -q "Imported from b?" "$T/latin1.yaml" || fail "the file name is not shown with '?'"
# a short answer of only stop words ("the"), which validate refuses, is dropped
# with a warning (the stop words of the content root in use); a question left
# with no answer is skipped, and the module validates in a root with that lexicon
mkdir -p "$T/stop/courses/imported"
cp -R "$SRC/lexicon" "$T/stop/lexicon"
sed 's/bank.yaml/stop.yaml/' "$T/root/courses/imported/course.yaml" > "$T/stop/courses/imported/course.yaml"
cat > "$T/stop.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="shortanswer"><name><text>Article</text></name>
    <questiontext><text>Which word?</text></questiontext>
    <answer fraction="100"><text>the</text></answer></question>
  <question type="shortanswer"><name><text>Mixed</text></name>
    <questiontext><text>Name the S in STRIDE</text></questiontext>
    <answer fraction="100"><text>the</text></answer>
    <answer fraction="100"><text>spoofing</text></answer></question>
</quiz>
XML
run --content "$T/stop" import moodle-xml "$T/stop.xml" -o "$T/stop/courses/imported/stop.yaml"
expect_rc 0
expect_err "stop.xml:3:1: warning: question 'Article': answer 'the' has only words tmdojo's grader leaves out (stop words), so no answer could match it: dropped"
expect_err "stop.xml:3:1: warning: question 'Article': no accepted answer is left: skipped"
expect_err "stop.xml:6:1: warning: question 'Mixed': answer 'the' has only words"
expect_err "wrote 1 question to"
run --content "$T/stop" validate
expect_rc 0

# A title too long to keep learners' progress under gets the module id as the
# quiz's id, so the module still validates.
LONG=$(printf 'Threat modeling review %.0s' 1 2 3 4 5 6 7 8 9 10 11 12)
run --content "$T/stop" import moodle-xml "$T/stop.xml" -o "$T/stop/courses/imported/stop.yaml" \
  --force --id stop --title "$LONG"
expect_rc 0
grep -q '^  id: stop$' "$T/stop/courses/imported/stop.yaml" || fail "the long-titled quiz needs an id"
run --content "$T/stop" validate
expect_rc 0
exit 0
