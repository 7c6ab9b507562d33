# The HTML discovery chart cut threat titles at 52 bytes ("%.52s"), which could
# split a UTF-8 character (the page then showed U+FFFD). It now cuts at a
# character boundary, as the heat map's group names are, with an ellipsis,
# and keeps the full title on hover.
. "$(dirname "$0")/lib/common.sh"
cp -r "$SRC/tests/fixtures/cohort/content" "$T/content"
export TMDOJO_CONTENT="$T/content"
# 51 ASCII bytes, then a two-byte e-acute across bytes 52 and 53
long="Caller sets its own role and creates admin accounts$(printf '\303\251') via the API"
python3 - "$T/content/exercises/add-user-api/key.yaml" "$long" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = s.replace("title: Caller sets its own role and creates admin accounts", "title: " + sys.argv[2], 1)
open(p, "w", encoding="utf-8").write(s)
PY
grep -q "via the API" "$T/content/exercises/add-user-api/key.yaml" || fail "key not changed"
printf -- '- anyone can set role=admin in the request\n' > "$T/alpha.txt"
run cohort grade -e add-user-api -c c "$T/alpha.txt"; expect_rc 0
run cohort report -c c -f html -o "$T/r.html"; expect_rc 0
python3 - "$T/r.html" "$long" <<'PY' || fail "the chart label is not cut at a character"
import re, sys
from html.parser import HTMLParser
page = open(sys.argv[1], "rb").read()
page.decode("utf-8")            # strict: a split character raises
long = sys.argv[2]
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.on = False; s.t = None; s.labels = []; s.titles = []; s.tt = None
    def handle_starttag(s, tag, a):
        if dict(a).get("id") == "discovery-rate": s.on = True
        if s.on and tag == "text": s.t = ""
        if s.on and tag == "title" and s.t is not None: s.tt = ""
    def handle_endtag(s, tag):
        if tag == "svg": s.on = False
        if tag == "title" and s.tt is not None: s.titles.append(s.tt); s.tt = None
        elif tag == "text" and s.t is not None: s.labels.append(s.t); s.t = None
    def handle_data(s, d):
        if s.tt is not None: s.tt += d
        elif s.t is not None: s.t += d
p = P(); p.feed(page.decode("utf-8"))
a01 = [l for l in p.labels if l.startswith("A01 ")]
assert a01 == ["A01 " + long[:52] + "\u2026"], a01
assert "\ufffd" not in page.decode("utf-8")
assert long in p.titles, p.titles
PY
exit 0
