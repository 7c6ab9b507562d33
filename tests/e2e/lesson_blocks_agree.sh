# The terminal (learn, plain) and the SCORM page lay out a lesson with the same
# blocks (engine/blocks.c): headings, paragraphs, bulleted and numbered items,
# a fence and a call-out, in the same order with the same text. "+ item",
# "3) item" and "#nospace" are paragraph text in both (docs/FORMAT.md lists
# '-' and '1.' items and '# ' headings); the terminal made the first two list
# items and the SCORM page made the third a heading. A table needs its
# separator line second and a call-out "> " (docs/FORMAT.md): "|x| is ..." and
# ">=3 retries" are paragraph text in both; both made them a table and a
# call-out ("> =3 retries" in the terminal). A paragraph or a call-out over
# several lines is one text that each lays out to its width: the page kept
# the author's line ends (a <br> each, one box per call-out line), ragged on
# any screen narrower or wider than the YAML.
. "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
mkdir -p "$T/c/courses/blk"
cat > "$T/c/courses/blk/course.yaml" <<'EOF'
id: blk
title: Blocks
part: 1
summary: One lesson with every kind of block.
minutes: 5
objectives:
  - Read
modules:
  - lesson.yaml
EOF
cat > "$T/c/courses/blk/lesson.yaml" <<'EOF'
id: lesson
title: Blocks
minutes: 5
objectives:
  - Read
items:
  - lesson: Every block
    body: |
      # Heading one

      Intro paragraph with **strong** text,
      wrapped where the author's editor wrapped it.

      + plus item
      3) paren item
      #nospace

      - dash item
        continued
      * star item
      1. numbered item

      ```sh
      echo hi
      ```

      ## Heading two

      > A call-out
      > on two lines

      |x| is the absolute value of x.
      >=3 retries are allowed.

      | Letter | Property |
      |---|---|
      | S | authenticity |
summary:
  - Nothing.
EOF
export TMDOJO_CONTENT="$T/c"
printf '\n\n\n' > "$T/in"
IN="$T/in" run learn --learner ann blk
expect_rc 0
cp "$T/out" "$T/term.txt"
run export scorm --course blk -o "$T/blk.zip"
expect_rc 0
python3 - "$T/term.txt" "$T/blk.zip" > "$T/out" 2>&1 <<'EOF' || fail "the terminal and the SCORM page disagree"
import re, sys, zipfile
from html.parser import HTMLParser

def norm(s):
    return " ".join(s.split())

def terminal(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    lines = lines[lines.index("Every block") + 1:]
    if lines and re.fullmatch(r"=+", lines[0]):
        lines = lines[1:]   # the lesson title's underline
    lines = lines[:next(i for i, l in enumerate(lines) if l.startswith("What to remember"))]
    out, i = [], 0
    while i < len(lines):
        l = lines[i]
        if not l.strip():
            i += 1
        elif i + 1 < len(lines) and re.fullmatch(r"  -+", lines[i + 1]):
            rows = [l]; i += 2
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                rows.append(lines[i]); i += 1
            out.append(("table", " / ".join(norm(r) for r in rows)))
        elif i + 1 < len(lines) and re.fullmatch(r"=+|-+|~+", lines[i + 1]):
            out.append(("h", norm(l))); i += 2
        elif l.startswith("    "):
            code = []
            while i < len(lines) and lines[i].startswith("    "):
                code.append(lines[i][4:]); i += 1
            out.append(("pre", norm(" ".join(code))))
        elif l.startswith("  > "):
            out.append(("quote", norm(l[4:]))); i += 1
        elif re.match(r"  (- |\d+\. )", l):
            kind = "ul" if l.startswith("  - ") else "ol"
            text = [l.split(" ", 3)[3]]; i += 1
            # wrapped on: lines under the text, up to the next blank or item
            while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
                text.append(lines[i]); i += 1
            out.append((kind, norm(" ".join(text))))
        else:
            text = []
            while i < len(lines) and lines[i].strip():
                text.append(lines[i]); i += 1
            out.append(("p", norm(" ".join(text))))
    return out

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.stack, self.text, self.inside = [], [], None, False
    def handle_starttag(self, tag, attrs):
        if tag == "section" and ("class", "tm-lesson") in attrs:
            self.inside = True
        if not self.inside:
            return
        self.stack.append(tag)
        if tag in ("h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote") and self.text is None:
            kind = {"li": None, "blockquote": "quote"}.get(tag, tag)
            if kind in ("h3", "h4", "h5", "h6"):
                kind = "h"
            if kind is None:
                kind = [t for t in self.stack if t in ("ul", "ol")][-1]
            self.text, self.kind, self.tag = [], kind, tag
        elif tag == "br" and self.text is not None:
            self.text.append(" ")
    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "section":
            self.inside = False
            return
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if self.text is not None and tag == self.tag:
            text = "".join(self.text)
            if self.kind == "pre" and text.lstrip().startswith("|"):
                rows = [r for r in text.strip().split("\n")
                        if not re.fullmatch(r"[|:\-\s]*", r)]
                self.out.append(("table", " / ".join(
                    " ".join(c.strip() for c in r.split("|") if c.strip()) for r in rows)))
            else:
                self.out.append((self.kind, norm(text)))
            self.text = None
    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

z = zipfile.ZipFile(sys.argv[2])
page = Page()
html = z.read([n for n in z.namelist() if n.endswith(".html")][0]).decode("utf-8")
page.feed(html)
term = terminal(sys.argv[1])
want = [("h", "Heading one"),
        ("p", "Intro paragraph with strong text, wrapped where the author's editor wrapped it."),
        ("p", "+ plus item 3) paren item #nospace"), ("ul", "dash item continued"),
        ("ul", "star item"), ("ol", "numbered item"), ("pre", "echo hi"),
        ("h", "Heading two"), ("quote", "A call-out on two lines"),
        ("p", "|x| is the absolute value of x. >=3 retries are allowed."),
        ("table", "Letter Property / S authenticity")]
ok = True
for name, got in (("terminal", term), ("scorm", page.out)):
    if got != want:
        print(name, "blocks:", got)
        ok = False
lesson = html[html.index('<section class="tm-lesson">'):]
if "<br" in lesson[:lesson.index("</section>")]:
    print("scorm: the lesson breaks lines where the YAML does (<br>)")
    ok = False
if not ok:
    print("expected:", want)
sys.exit(0 if ok else 1)
EOF
exit 0
