# At 40 columns the exercise results, the reference top three and the answer key
# wrap to the width, with continuation lines indented under their text (multi-line
# YAML values included), as lesson headings do.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
run learn --seed 3 --solve foundations
expect_rc 0
cp "$T/out" "$T/answers"
COLUMNS=40 IN="$T/answers" run learn --seed 3 --learner narrow foundations
expect_rc 0
expect_out "The reference top three:"
expect_out "Answer key: "
python3 - "$T/out" <<'PY' || fail "exercise output is wider than 40 columns"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
heads = ("The reference top three:", "Answer key: ", "Assets in the reference model",
         "Found:", "Remediation in the reference model:", "Remediation for your top")
lead_ins = ("Your threats score", "Your top three, in your order", "The reference top three:",
            "The due windows are")
inside, after_head, bad, seen = False, False, [], 0
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if line.startswith(heads):
        inside, after_head = True, True
        seen += 1
    elif inside and line != "" and not line.startswith(" "):
        if not (after_head or line.startswith(lead_ins)):
            inside = False
            continue
    elif line.startswith(" "):
        after_head = False
    if inside and width(line) > 40:
        bad.append(line)
for b in bad[:10]:
    print("too wide:", b)
sys.exit(1 if bad or seen < 4 else 0)
PY

# a wrong answer's "Answer: ..." line and a module's objectives wrap too
run learn --seed 3 --solve intro
expect_rc 0
sed 's/^a *$/b/; t; s/^[b-d] *$/a/' "$T/out" > "$T/wrong"
COLUMNS=40 IN="$T/wrong" run learn --seed 3 --learner narrow2 intro
expect_out "You will learn to:"
expect_out "Answer: "
python3 - "$T/out" <<'PY' || fail "answer or objective lines are wider than 40 columns"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
bad, inside = [], False
for line in lines:
    if line.startswith("Answer: ") or line == "You will learn to:":
        inside = True
    elif inside and not line.startswith(" "):
        inside = False
    if inside and len(line) > 40:
        bad.append(line)
for b in bad[:10]:
    print("too wide:", b)
sys.exit(1 if bad else 0)
PY
exit 0
