# "Threats, most missed first" broke ties by key order, so among threats no
# group found a medium one (B06) came before a high one (B08) and critical
# B12 after them. Ties now go by severity, critical first, then key order: in
# the text, the JSON and the HTML discovery chart and threat table alike.
. "$(dirname "$0")/lib/common.sh"
K="$SRC/exercises/credit-card-billing"
run cohort grade -e credit-card-billing -c spring "$K/samples/weak-group.txt" \
  "$K/samples/average-group.txt"; expect_rc 0
run cohort report -c spring -f json; expect_rc 0; cp "$T/out" "$T/r.json"
run cohort report -c spring -f html; expect_rc 0; cp "$T/out" "$T/r.html"
COLUMNS=200 run cohort report -c spring; expect_rc 0; cp "$T/out" "$T/r.txt"
python3 - "$T/r.json" "$T/r.html" "$T/r.txt" "$K/key.yaml" <<'PY' || fail "threats out of order"
import json, re, sys
from html.parser import HTMLParser
rep = json.load(open(sys.argv[1]))
key_ids = re.findall(r"^\s*- id: (\S+)", open(sys.argv[4]).read(), re.M)
sev = {"critical": 0, "high": 1, "medium": 2, "low": 3}
got = [t["threat"] for t in rep["threats"]]
want = [t["threat"] for t in sorted(rep["threats"], key=lambda t: (t["found_by"],
        sev[t["severity"]], key_ids.index(t["threat"])))]
assert got == want, ("json", got, want)
# the ties this data has: several severities among the threats nobody found
nobody = [t for t in rep["threats"] if t["found_by"] == 0]
assert len({t["severity"] for t in nobody}) >= 3, nobody
assert got[:2] == ["B01", "B12"], got[:2]

class Page(HTMLParser):
    def __init__(self):
        super().__init__(); self.where = None; self.chart = []; self.table = []
        self.cell = 0; self.text = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "discovery-rate": self.where = "chart"
        elif a.get("id") == "threats": self.where = "table"
        elif tag == "svg" and self.where == "chart": pass
        if tag == "text" and self.where == "chart": self.text = ""
        if tag == "tr" and self.where == "table": self.cell = 0
        if tag == "td" and self.where == "table": self.cell += 1; self.text = ""
    def handle_endtag(self, tag):
        if tag == "svg" and self.where == "chart": self.where = None
        if tag == "table" and self.where == "table": self.where = None
        if tag == "text" and self.text is not None:
            m = re.match(r"(B\d\d) ", self.text)
            if m: self.chart.append(m.group(1))
            self.text = None
        if tag == "td" and self.text is not None:
            if self.cell == 1: self.table.append(self.text)
            self.text = None
    def handle_data(self, d):
        if self.text is not None: self.text += d
p = Page(); p.feed(open(sys.argv[2]).read())
assert p.chart == want, ("chart", p.chart, want)
assert p.table == want, ("table", p.table, want)
txt = open(sys.argv[3]).read().split("threats, most missed first", 1)[1]
order = [m for m in re.findall(r"^\s*(B\d\d)\b", txt, re.M)]
assert order[:len(want)] == want, ("text", order, want)
PY
exit 0
