# The SCORM page accepts the trivial variants of a short answer that learn
# accepts: an end full stop, quotes around it, a plural s, and the short forms
# of an accepted answer that learn credits, graded at export with the content's
# lexicon ("EoP" through it; not "E", nor "ID" for information disclosure,
# which learn refuses). The page refused them all.
. "$(dirname "$0")/lib/common.sh"
command -v node >/dev/null 2>&1 || { echo "node not installed (apt-get install nodejs)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
make_demo_root "$T/root"
cat > "$T/root/courses/demo/m.yaml" <<'Y'
id: m
title: Categories
minutes: 5
objectives: [Name a STRIDE category]
items:
  - quiz: Q
    questions:
      - id: eop
        type: short
        prompt: Which STRIDE category is an ordinary user becoming an administrator?
        explanation: Gaining rights one was not given is elevation of privilege.
        accept: [elevation of privilege]
        distractors: [spoofing, tampering, repudiation, information disclosure, denial of service]
      - id: id
        type: short
        prompt: Which STRIDE category is a leaked customer list?
        explanation: Data reaching those not allowed to read it is information disclosure.
        accept: [information disclosure]
summary: [Categories]
Y
run --content "$T/root" validate
expect_rc 0
run --content "$T/root" export scorm --course demo -o "$T/demo.zip"
expect_rc 0
python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
page = [n for n in z.namelist() if n.endswith(".html")][0]
open(sys.argv[2], "wb").write(z.read(page))
open(sys.argv[3], "wb").write(z.read("tmdojo-scorm.js"))' "$T/demo.zip" "$T/page.html" "$T/rt.js" ||
  fail "unzipping the package"
node -e 'const fs = require("fs");
const rt = require(process.argv[1]), dom = require(process.argv[2]);
const doc = dom.parse(fs.readFileSync(process.argv[3], "utf8"));
const q = (id) => rt.readQuestion(doc.querySelectorAll("fieldset.tm-q")
	.find((f) => f.getAttribute("data-qid") === id));
const want = [["eop", "EoP", true], ["eop", "\"Elevation of privilege.\"", true],
	      ["eop", "elevation of privileges", true], ["eop", "eop.", true],
	      ["eop", "E", false], ["eop", "privilege", false],
	      ["id", "Information disclosure.", true], ["id", "ID", false], ["id", "I", false]];
let bad = 0;
for (const [id, ans, right] of want) {
	if (rt.grade(q(id), ans).correct !== right) {
		console.log("FAIL: " + id + ": " + JSON.stringify(ans) + " should be " + (right ? "right" : "wrong"));
		bad++;
	}
}
process.exit(bad ? 1 : 0);' "$T/rt.js" "$SRC/tests/js/minidom.js" "$T/page.html" ||
  fail "the page grades short answers otherwise than learn"
exit 0
