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
# the SCORM page grades such a pattern as a glob: the question with only a
# wildcard pattern is scored, other patterns stay unchecked
run --content "$T/root" export scorm --course sec -o "$T/sec.zip"
expect_rc 0
expect_err "question 'wildcard': short answers in the package must match an accepted answer exactly (case, blanks, quotes, end punctuation and a plural s aside) or a pattern of a Moodle wildcard answer"
expect_err "question 'near': short answers in the package must match an accepted answer exactly (case, blanks, quotes, end punctuation and a plural s aside): tmdojo's fuzzy matching and its patterns are not in the package"
! grep -q "question 'wildcard' has only patterns" "$T/err" || fail "the wildcard question is unscored"
if command -v node >/dev/null 2>&1; then
  python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
open(sys.argv[2], "wb").write(z.read("01-w.html"))
open(sys.argv[3], "wb").write(z.read("tmdojo-scorm.js"))' "$T/sec.zip" "$T/page.html" "$T/rt.js" ||
    fail "unzipping the package"
  node -e 'const fs = require("fs");
const rt = require(process.argv[1]), dom = require(process.argv[2]);
const doc = dom.parse(fs.readFileSync(process.argv[3], "utf8"));
const q = doc.querySelectorAll("fieldset.tm-q").find((f) => f.getAttribute("data-qid") === "wildcard");
const model = rt.readQuestion(q);
const ok = rt.isScored(model) && rt.grade(model, "Non-repudiation").correct &&
  !rt.grade(model, "spoofing").correct;
process.exit(ok ? 0 : 1);' "$T/rt.js" "$SRC/tests/js/minidom.js" "$T/page.html" ||
    fail "the page does not grade the wildcard question by its wildcard"
fi
# and back again: the same patterns
run import moodle-xml "$T/back.xml" -o "$T/again.yaml"
expect_rc 0
for p in '^\s*confidential.*\s*$' '^\s*.*repudiat.*\s*$' '^\s*a\s+\(1\.5\)\s+\*\s+star.*\s*$'; do
  grep -qF -- "- $p" "$T/again.yaml" || grep -qF -- "- '$p'" "$T/again.yaml" ||
    fail "pattern $p lost on the way back"
done
exit 0
