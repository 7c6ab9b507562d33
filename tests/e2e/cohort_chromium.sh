# End-to-end: the HTML cohort report rendered in headless Chromium, with group
# names and lines carrying HTML and script payloads. The rendered DOM must hold
# the charts and the payloads as text, with no script element and no onerror
# attribute, and the screenshot must be a PNG. Skips (77) without chromium.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
command -v chromium >/dev/null 2>&1 || { echo "chromium not installed"; exit 77; }

run cohort grade --exercise add-user-api --cohort xss "$FIX/class/alpha.txt" "$FIX/class/bravo.md" "$FIX/payloads"
expect_rc 0
run cohort report --cohort xss --format html -o "$T/report.html"; expect_rc 0

chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d -p "$T")" "$@"
}
chrome --dump-dom "file://$T/report.html" >"$T/dom.html" 2>"$T/chrome.err" || fail "chromium --dump-dom failed"
chrome --screenshot="$T/shot.png" --window-size=1200,2000 "file://$T/report.html" >/dev/null 2>&1 \
  || fail "chromium --screenshot failed"
[ -s "$T/shot.png" ] || fail "no screenshot"
[ "$(head -c 8 "$T/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "screenshot is not a PNG"

python3 - "$T/dom.html" <<'PY' || fail "rendered DOM check failed"
import sys
from html.parser import HTMLParser

class Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.ids = [], [], [], set()
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append(k)
            if k == "id":
                self.ids.add(v)
    def handle_data(self, data):
        self.text.append(data)

s = Scan()
s.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(s.text)
assert "script" not in s.tags, "a script element was created"
assert "img" not in s.tags and "iframe" not in s.tags, "an img or iframe element was created"
assert not [a for a in s.attrs if a.startswith("on")], "an event-handler attribute was created"
assert {"score-histogram", "discovery-rate", "stride-heatmap", "top-three", "groups"} <= s.ids, s.ids
assert s.tags.count("svg") == 3
# the payloads are there, as text
assert "<script>alert(1)<%2Fscript>" in text, "script payload group name missing"
assert '"><img src=x onerror=alert(1)>' in text, "img payload missing"
assert "</td></tr></table><script>alert(2)</script>" in text, "table-breaking payload missing"
assert "Cohort xss: The add-user API" in text
PY
exit 0
