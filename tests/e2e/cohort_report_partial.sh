# A group graded on an empty file (stored as 0%) or on a file cut at the
# 100000-line limit looked, in every report format, like a group that handed in
# a whole list: the 0% went into the mean, median and histogram with no note.
# The reports now say so: text and stderr a warning and the group's note, json
# and csv "lines", html a warning over the charts and the note column.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
mkdir -p "$T/class"
cp "$FIX/class/alpha.txt" "$T/class/"
: >"$T/class/empty.txt"
seq 1 100005 | sed 's/^/- threat /' >"$T/class/long.txt"
run cohort grade --exercise add-user-api --cohort c "$T/class"; expect_rc 0
run cohort report -c c; expect_rc 0
expect_out "warning: empty was graded on an empty file (counted in the mean and median as graded)"
expect_out "warning: long was graded on an input cut at 100000 lines"
grep -E "^  empty +0\.0%.*, empty file$" "$T/out" >/dev/null || fail "empty's row has no note"
grep -E "^  long .*, cut at 100000 lines$" "$T/out" >/dev/null || fail "long's row has no note"
grep -E "^  alpha .*(empty file|cut at)" "$T/out" >/dev/null && fail "alpha is a whole file"
run cohort report -c c -f json; expect_rc 0
expect_err "empty was graded on an empty file"
python3 - "$T/out" <<'PY' || fail "json lines"
import json, sys
subs = {s["name"]: s for s in json.load(open(sys.argv[1]))["submissions"]}
assert subs["empty"]["lines"] == 0, subs["empty"]
assert subs["long"]["lines"] == 100000, subs["long"]
assert subs["alpha"]["lines"] > 0, subs["alpha"]
PY
run cohort report -c c -f csv; expect_rc 0
python3 - "$T/out" <<'PY' || fail "csv lines"
import csv, sys
rows = {r["group"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert rows["empty"]["lines"] == "0", rows["empty"]
assert rows["long"]["lines"] == "100000", rows["long"]
PY
run cohort report -c c -f html; expect_rc 0
python3 - "$T/out" <<'PY' || fail "html notes"
import sys
from html.parser import HTMLParser
class Page(HTMLParser):
    def __init__(self):
        super().__init__(); self.warn = None; self.text = {}; self.row = []; self.cell = None
        self.intable = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "partial": self.warn = ""
        if a.get("id") == "groups": self.intable = True
        if self.intable and tag == "tr": self.row = []
        if self.intable and tag == "td": self.cell = ""
    def handle_endtag(self, tag):
        if tag == "p" and self.warn is not None and "done" not in self.text:
            self.text["done"] = self.warn
        if self.intable and tag == "td": self.row.append(self.cell); self.cell = None
        if self.intable and tag == "tr" and self.row: self.text[self.row[0]] = self.row[-1]
        if tag == "table": self.intable = False
    def handle_data(self, d):
        if self.warn is not None and "done" not in self.text: self.warn += d
        if self.cell is not None: self.cell += d
p = Page(); p.feed(open(sys.argv[1]).read())
w = p.text.get("done", "")
assert "empty (empty file)" in w and "long (cut at 100000 lines)" in w, w
assert p.text["empty"] == "empty file", p.text
assert p.text["long"] == "cut at 100000 lines", p.text
assert p.text["alpha"] == "", p.text
PY
exit 0
