# The html report's STRIDE heatmap gave its numbers only as hover text: on a
# printed page or a PDF handed to a manager, 1 found of 12 and none were two
# near-white shades. Each cell now shows "found/total" as text, the same
# numbers as its hover title; a category the key lacks stays a grey cell.
. "$(dirname "$0")/lib/common.sh"
K="$SRC/exercises/credit-card-billing"
run cohort grade -e credit-card-billing -c spring "$K/samples/weak-group.txt" \
  "$K/samples/average-group.txt"; expect_rc 0
run cohort report -c spring -f html; expect_rc 0
python3 - "$T/out" <<'PY' || fail "heatmap cells"
import re, sys
from html.parser import HTMLParser
class Page(HTMLParser):
    def __init__(self):
        super().__init__(); self.on = False; self.titles = []; self.cells = []
        self.where = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "stride-heatmap": self.on = True
        if not self.on: return
        if tag == "rect": self.where = "rect"
        if tag == "text" and a.get("class") == "cell": self.where = "cell"; self.cells.append("")
    def handle_endtag(self, tag):
        if tag == "svg": self.on = False
        if tag in ("rect", "text"): self.where = None
    def handle_data(self, d):
        if self.where == "rect": self.titles.append(d)
        elif self.where == "cell": self.cells[-1] += d
p = Page(); p.feed(open(sys.argv[1]).read())
want = []
for t in p.titles:
    m = re.fullmatch(r"[STRIDE]: (\d+) of (\d+) found", t)
    if m: want.append("%s/%s" % m.groups())
assert len(p.titles) == 12, p.titles          # 2 groups x 6 categories
assert want and p.cells == want, (p.cells, want)
assert any(not c.startswith("0/") for c in p.cells), p.cells
PY
exit 0
