# A Moodle wildcard answer survives import then export: the import writes it
# as a pattern of one exact form (^\s*...\s*$, '*' as .*), and export
# moodle-xml writes such a pattern back as the wildcard answer (it dropped
# every pattern and skipped a question with only patterns). Other patterns,
# even close ones, are still left out with a warning.
. "$(dirname "$0")/lib/common.sh"
mkdir -p "$T/root/courses/sec"
cp -r "$SRC/lexicon" "$T/root/"
cat > "$T/w.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="shortanswer"><name><text>CIA letter</text></name>
    <questiontext format="html"><text>Which property does disclosure break?</text></questiontext>
    <generalfeedback format="html"><text>Confidentiality.</text></generalfeedback>
    <usecase>0</usecase>
    <answer fraction="100"><text>confidential*</text></answer>
    <answer fraction="100"><text>secrecy</text></answer></question>
  <question type="shortanswer"><name><text>Wildcard</text></name>
    <questiontext format="html"><text>Name the threat where a user denies an action.</text></questiontext>
    <generalfeedback format="html"><text>Repudiation.</text></generalfeedback>
    <answer fraction="100"><text>*repudiat*</text></answer></question>
  <question type="shortanswer"><name><text>Odd</text></name>
    <questiontext format="html"><text>Name the 1.5 x factor, star included.</text></questiontext>
    <generalfeedback format="html"><text>A (1.5) \* star.</text></generalfeedback>
    <answer fraction="100"><text>a (1.5) \* star*</text></answer></question>
</quiz>
X
run import moodle-xml "$T/w.xml" -o "$T/root/courses/sec/bank.yaml"
expect_rc 0
printf 'id: sec\ntitle: Sec\npart: 4\nsummary: S.\nminutes: 5\nobjectives: [R]\nmodules: [bank.yaml, other.yaml]\n' \
  > "$T/root/courses/sec/course.yaml"
cat > "$T/root/courses/sec/other.yaml" <<'Y'
id: other
title: Other patterns
minutes: 5
objectives: [R]
items:
  - quiz: Q
    questions:
      - id: near
        type: short
        prompt: Name the property that disclosure breaks.
        explanation: Confidentiality is what disclosure breaks.
        accept: [secrecy]
        patterns: ['\bconfidential', '^\s*confidential\s*$', '^\s*conf.dential.*\s*$']
summary: [S]
Y
run --content "$T/root" validate
expect_rc 0
run --content "$T/root" export moodle-xml -o "$T/back.xml"
expect_rc 0
for a in 'confidential\*' 'secrecy' '\*repudiat\*' 'a (1\.5) \\\* star\*'; do
  grep -q "<text>$a</text>" "$T/back.xml" || fail "no answer $a in the export"
done
! grep -q "skipped: it has only patterns" "$T/err" || fail "the wildcard question was skipped"
expect_err "question 'wildcard': Moodle credits only the 1 wildcard answer(s) of its patterns"
expect_err "question 'near': Moodle credits only the 1 accepted answer(s) as written (any case), not tmdojo's fuzzy matching; its 3 pattern(s) are left out"
grep -qF 'conf.dential' "$T/back.xml" && fail "a pattern not in the import's form was exported"
# and back again: the same patterns
run import moodle-xml "$T/back.xml" -o "$T/again.yaml"
expect_rc 0
for p in '^\s*confidential.*\s*$' '^\s*.*repudiat.*\s*$' '^\s*a\s+\(1\.5\)\s+\*\s+star.*\s*$'; do
  grep -qF -- "- $p" "$T/again.yaml" || grep -qF -- "- '$p'" "$T/again.yaml" ||
    fail "pattern $p lost on the way back"
done
exit 0
