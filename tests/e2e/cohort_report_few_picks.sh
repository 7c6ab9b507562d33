# A group that gave fewer than three top-three picks (two under its label, or
# a label with none under it) showed as much in the text and html reports as a
# group whose picks were lost: nothing. The text now says "(only 2 picks
# given)" or "(no picks under its top-three label)", the html fills the empty
# cells with the same words; an empty file's cells stay empty (noted under
# Groups), and a group with three picks gets no such note.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
mkdir -p "$T/class"
cp "$FIX/class/alpha.txt" "$T/class/"
printf -- '- SQL injection in the user name field\n- No authentication on the endpoint\n- Account creation flood\n\n## Top three\n- No authentication on the endpoint\n- SQL injection in the user name field\n' >"$T/class/two.txt"
printf -- '## Top three\n\n## Threats\n- SQL injection in the user name field\n- No authentication on the endpoint\n' >"$T/class/none.txt"
: >"$T/class/empty.txt"
run cohort grade --exercise add-user-api --cohort c "$T/class"; expect_rc 0
run cohort report -c c; expect_rc 0
awk '/^  two /{f=1;next} /^  [^ ]/{f=0} f' "$T/out" >"$T/two"
grep -qx "    (only 2 picks given)" "$T/two" || fail "two: no note of its 2 picks"
awk '/^  none /{f=1;next} /^  [^ ]/{f=0} f' "$T/out" >"$T/none"
grep -qx "    (no picks under its top-three label)" "$T/none" || fail "none: no note"
awk '/^  (alpha|empty) /{f=1;next} /^  [^ ]/{f=0} f' "$T/out" | grep -q "pick" &&
  fail "alpha (3 picks) or empty (an empty file) has a picks note"
run cohort report -c c -f html; expect_rc 0
python3 - "$T/out" <<'PY' || fail "html top-three cells"
import sys
from html.parser import HTMLParser
class Page(HTMLParser):
    def __init__(self):
        super().__init__(); self.on = False; self.rows = {}; self.row = None; self.cell = None
    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == "top-three": self.on = True
        if self.on and tag == "tr": self.row = []
        if self.on and tag == "td": self.cell = ""
    def handle_endtag(self, tag):
        if self.on and tag == "td": self.row.append(self.cell); self.cell = None
        if self.on and tag == "tr" and self.row: self.rows[self.row[0]] = self.row[1:]
        if tag == "table": self.on = False
    def handle_data(self, d):
        if self.cell is not None: self.cell += d
p = Page(); p.feed(open(sys.argv[1]).read())
assert p.rows["two"][2] == "no pick #3 (2 given)", p.rows["two"]
assert p.rows["none"] == ["no picks under its top-three label", "", ""], p.rows["none"]
assert p.rows["empty"] == ["", "", ""], p.rows["empty"]
assert all("no pick" not in c for c in p.rows["alpha"]), p.rows["alpha"]
PY
exit 0
