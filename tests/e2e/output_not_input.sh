# An output file (-o of export moodle-xml, export scorm, import moodle-xml,
# cohort report; --features of eval) that is one of the files the command reads
# is refused with exit 2, naming both, in any spelling (a link, "./"): export
# replaced a module with XML or a zip, eval a .lab file with its TSV, import
# its own input, all with exit 0. A file beside them is still written.
# The content is a copy of the learn fixture's (course tiny, exercise tiny-ex),
# not of the whole bundled content, with other-ex, a copy of tiny-ex that no
# module takes: a command reads every exercise's key, not only its course's.
. "$(dirname "$0")/lib/common.sh"
C="$T/content"
cp -R "$SRC/tests/fixtures/learn" "$C"
cp -R "$C/exercises/tiny-ex" "$C/exercises/other-ex"
sed -i 's/^id: tiny-ex$/id: other-ex/' "$C/exercises/other-ex/exercise.yaml"
sed -i 's/^exercise: tiny-ex$/exercise: other-ex/' "$C/exercises/other-ex/key.yaml"
MOD="$C/courses/tiny/one.yaml"
cp "$MOD" "$T/module.orig"
KEY_FILE="$C/exercises/other-ex/key.yaml"
cp "$KEY_FILE" "$T/key.orig"
LEX=$(ls "$C"/lexicon/*.yaml | head -n 1)
cp "$LEX" "$T/lex.orig"
ln -s "$MOD" "$T/link.yaml"

# refused PATH INPUT: exit 2, the message names both, the input is as it was
refused() {
  expect_rc 2
  expect_err "refusing to write '$1': it is '"
  expect_err "$2', which this command reads"
  expect_err "choose another"
  cmp -s "$MOD" "$T/module.orig" || fail "the module was changed"
  cmp -s "$KEY_FILE" "$T/key.orig" || fail "the key was changed"
  cmp -s "$LEX" "$T/lex.orig" || fail "the lexicon was changed"
  ls "$C/courses/tiny" | grep -q 'tmp-' && fail "a temporary file was left"
  true
}

run --content "$C" export moodle-xml --course tiny -o "$MOD"
refused "$MOD" "one.yaml"
run --content "$C" export moodle-xml -o "$T/link.yaml"
refused "$T/link.yaml" "one.yaml"
run --content "$C" export moodle-xml --course tiny -o "$KEY_FILE"
refused "$KEY_FILE" "other-ex/key.yaml"
run --content "$C" export scorm --course tiny -o "$C/courses/tiny/./one.yaml"
refused "$C/courses/tiny/./one.yaml" "one.yaml"
run --content "$C" export scorm --course tiny -o "$LEX"
refused "$LEX" "$(basename "$LEX")"
( cd "$C" && "$TMDOJO" --content . export scorm --course tiny \
  -o courses/tiny/one.yaml ) >"$T/out" 2>"$T/err" </dev/null
rc=$?
refused "courses/tiny/one.yaml" "one.yaml"

# cohort report reads the content too
run --content "$C" cohort grade --exercise tiny-ex --cohort c \
  "$C/exercises/tiny-ex/samples/good.txt"
expect_rc 0
run --content "$C" cohort report --cohort c --format html -o "$MOD"
refused "$MOD" "one.yaml"

# eval: every file under DIR, and the lexicon
E="$T/corpus"
mkdir -p "$E/dev/sys1"
printf 'threats:\n  - id: K01\n    title: SQL injection in the search box\n    stride: [tampering]\n    severity: high\n' > "$E/dev/sys1/key.yaml"
printf 'K01\tSQL injection in the search box\n' > "$E/dev/sys1/a.lab"
cp "$E/dev/sys1/a.lab" "$T/lab.orig"
run --content "$C" eval --features "$E/dev/sys1/a.lab" "$E"
refused "$E/dev/sys1/a.lab" "a.lab"
cmp -s "$E/dev/sys1/a.lab" "$T/lab.orig" || fail "eval changed its .lab file"
run --content "$C" eval --features "$LEX" "$E"
refused "$LEX" "$(basename "$LEX")"

# import: its input file, named or as standard input
printf '<?xml version="1.0"?><quiz><question type="truefalse"><name><text>q</text></name><questiontext format="html"><text>Q?</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>\n' > "$T/bank.xml"
cp "$T/bank.xml" "$T/bank.orig"
run --content "$C" import moodle-xml "$T/bank.xml" -o "$T/bank.xml" --force
refused "$T/bank.xml" "bank.xml"
cmp -s "$T/bank.xml" "$T/bank.orig" || fail "import replaced its input"
"$TMDOJO" --content "$C" import moodle-xml - -o "$T/bank.xml" --force \
  <"$T/bank.xml" >"$T/out" 2>"$T/err"
rc=$?
refused "$T/bank.xml" "standard input"
cmp -s "$T/bank.xml" "$T/bank.orig" || fail "import replaced its standard input"

# other files are still written, in the content too
run --content "$C" export moodle-xml --course tiny -o "$C/courses/tiny/bank.xml"
expect_rc 0
grep -q "<quiz" "$C/courses/tiny/bank.xml" || fail "the export was not written"
run --content "$C" export moodle-xml --course tiny -o "$C/courses/tiny/bank.xml"
expect_rc 0
run --content "$C" eval --features "$E/features.tsv" "$E"
expect_rc 0
run --content "$C" import moodle-xml "$T/bank.xml" -o "$T/module.yaml"
expect_rc 0

# links that loop inside the content are walked once: three links back to their own
# directory made the walk visit 3^32 directories (it never ended); an input reached
# through them is still found
X="$C/exercises/tiny-ex"
for l in a b c; do ln -s . "$X/$l"; done
echo old > "$T/out.xml"
timeout 20 "$TMDOJO" --content "$C" export moodle-xml --course tiny -o "$T/out.xml" \
  >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 124 ] && fail "the input guard did not finish in 20 s over looping links"
expect_rc 0
grep -q "<quiz" "$T/out.xml" || fail "the export was not written beside looping links"
cp "$X/key.yaml" "$T/x-key.orig"
timeout 20 "$TMDOJO" --content "$C" export moodle-xml --course tiny -o "$X/a/b/c/key.yaml" \
  >"$T/out" 2>"$T/err"
rc=$?
refused "$X/a/b/c/key.yaml" "key.yaml"
cmp -s "$X/key.yaml" "$T/x-key.orig" || fail "an export replaced the key through looping links"
exit 0
