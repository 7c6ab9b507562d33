# tmdojo export scorm: courses/intro as a SCORM 1.2
# zip, checked with python3's zipfile: the manifest lists one item and one SCO per
# module of course.yaml, and every file it lists is in the zip, each a regular
# file of mode 644; standard output
# when it is not a terminal; bad options and a failed write leave no file.
. "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
run export scorm --course intro -o "$T/intro.zip"; expect_rc 0
python3 - "$T/intro.zip" "$SRC/courses/intro/course.yaml" <<'PY' || fail "the package"
import sys, zipfile, xml.etree.ElementTree as ET
import yaml
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADL = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
# regular files, rw-r--r--: libzip's default rw-rw-rw- is what unzip(1)
# restores, world-writable files on an LMS that unpacks packages with it
modes = {i.filename: oct(i.external_attr >> 16) for i in z.infolist()}
assert set(modes.values()) == {"0o100644"}, modes
names = set(z.namelist())
course = yaml.safe_load(open(sys.argv[2]))
root = ET.fromstring(z.read("imsmanifest.xml"))
assert root.tag == CP + "manifest", root.tag
assert root.find(CP + "metadata/" + CP + "schemaversion").text == "1.2"
orgs = root.find(CP + "organizations")
org = orgs.find(CP + "organization")
assert orgs.get("default") == org.get("identifier")
assert org.find(CP + "title").text == course["title"]
items = org.findall(CP + "item")
assert len(items) == len(course["modules"]), (len(items), len(course["modules"]))
res = {r.get("identifier"): r for r in root.find(CP + "resources").findall(CP + "resource")}
listed = {"imsmanifest.xml"}
for it in items:
    r = res[it.get("identifierref")]
    assert r.get(ADL + "scormtype") == "sco"
    assert it.find(ADL + "masteryscore").text == "80"
    files = [f.get("href") for f in r.findall(CP + "file")]
    assert r.get("href") in files
    for f in files:
        assert f in names, f
        listed.add(f)
    page = z.read(r.get("href")).decode("utf-8")
    assert '<script src="tmdojo-scorm.js"></script>' in page
assert listed == names, names - listed
assert b"LMSFinish" in z.read("tmdojo-scorm.js")
PY
# what a screen reader needs: each question's group is named by its prompt
# (the fieldsets had no name: a choice was read without its question), and
# the verdicts, the page's score and the LMS banner are announced when a
# check or the LMS writes them
python3 - "$T/intro.zip" <<'PY' || fail "the pages' accessible names and live regions"
import sys, zipfile
from html.parser import HTMLParser
class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.groups, self.live, self.cls = {}, [], {}, {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = a.get("class")
        if tag == "fieldset" and a.get("class") == "tm-q":
            self.groups.append(a.get("aria-labelledby"))
        for c in ("tm-result", "tm-score", "tm-lms"):
            if a.get("class", "").split()[:1] == [c]:
                self.cls[c] = self.cls.get(c, 0) + 1
                if a.get("aria-live") == "polite" or a.get("role") == "status":
                    self.live[c] = self.live.get(c, 0) + 1
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if not n.endswith(".html"):
        continue
    p = Page()
    p.feed(z.read(n).decode("utf-8"))
    assert p.groups, n + ": no question"
    for g in p.groups:
        assert g is not None and p.ids.get(g) == "tm-prompt", (n, g)
    assert len(set(p.groups)) == len(p.groups), n + ": two groups name one prompt"
    assert p.cls == p.live and set(p.cls) == {"tm-result", "tm-score", "tm-lms"}, (n, p.cls, p.live)
PY
# standard output when it is not a terminal; --pass sets the mastery score
# (this and the unwritable -o below take the fixture course: building intro's
# package again costs ~20 s under valgrind)
run --content "$SRC/tests/fixtures/learn" export scorm --course tiny --pass 65; expect_rc 0
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert b"<adlcp:masteryscore>65<" in z.read("imsmanifest.xml")' "$T/out" ||
  fail "the zip on standard output"
# the fixture course: the warnings name the module file, line and column of
# the question or item
run --content "$SRC/tests/fixtures/learn" export scorm --course tiny -o "$T/tiny.zip"; expect_rc 0
expect_err "one.yaml:88:9: warning: question 't-short'"
expect_err "two.yaml:15:9: warning: question 't-threats': threat lists are not scored"
expect_err "two.yaml:21:5: warning: exercise 'tiny-ex' is in the package as reading only"
run export scorm --content "$SRC/tests/fixtures/learn" --course tiny -o "$T/tiny2.zip"; expect_rc 0
# bad input: exit 2, a message that says what to do, no file
run export scorm -o "$T/none.zip"; expect_rc 2; expect_err "--course ID"
run export scorm --course nosuch -o "$T/none.zip"; expect_rc 2; expect_err "no course 'nosuch'"
run export scorm --course intro --pass 101 -o "$T/none.zip"; expect_rc 2
expect_err "--pass takes a whole percent from 0 to 100"
run export scorm --course intro --pass 7.5 -o "$T/none.zip"; expect_rc 2
run export scorm --course intro extra -o "$T/none.zip"; expect_rc 2; expect_err "unexpected argument"
[ ! -e "$T/none.zip" ] || fail "a file was left by a refused run"
run --content "$SRC/tests/fixtures/learn" export scorm --course tiny -o "$T/missing/dir/x.zip"
expect_rc 2; expect_err "x.zip"
# a zip is refused on a terminal, when script(1) can give one
if command -v script >/dev/null 2>&1; then
  script -qec "$TMDOJO export scorm --course intro" /dev/null > "$T/tty" 2>&1 </dev/null
  grep -q "give -o FILE.zip" "$T/tty" || { cat "$T/tty"; fail "a zip on a terminal"; }
fi
run export scorm --help; expect_rc 0; expect_out "usage: tmdojo export scorm"
exit 0
