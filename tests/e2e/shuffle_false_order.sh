# shuffle: false keeps the author's order of single and multiple choices only:
# an ordering question's items and a matching question's options are always
# shown shuffled (else "a b c d" would always be right), in learn, refresh and
# the SCORM page; validate warns when shuffle: false is on a quiz with no
# choices to keep in order.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_demo_root "$C"
module() {
  { printf 'id: m\ntitle: M\nobjectives: [T]\nitems:\n  - quiz: Q\n    shuffle: false\n    questions:\n'
    printf '      - id: q-order\n        type: ordering\n        prompt: Put them in order.\n        explanation: Alpha first.\n'
    printf '        order: [Alpha step, Bravo step, Charlie step, Delta step, Echo step]\n'
    printf '      - id: q-match\n        type: matching\n        prompt: Match them.\n        explanation: As paired.\n'
    printf '        pairs:\n          - {left: Forged cookie, right: Spoofing}\n          - {left: Edited total, right: Tampering}\n'
    printf '          - {left: Flooded API, right: Denial of service}\n          - {left: Leaked card, right: Information disclosure}\n'
    if [ "$1" = choices ]; then
      printf '      - id: q-single\n        type: single\n        prompt: Pick A.\n        explanation: A.\n'
      printf '        choices:\n          - {text: Choice A, correct: true}\n          - {text: Choice B}\n          - {text: Choice C}\n'
    fi
    printf 'summary: [Done.]\n'; } > "$C/courses/demo/m.yaml"
}

# Only ordering and matching: shuffle: false does nothing, and validate says so.
module none
run --content "$C" validate "$C"
expect_rc 0
expect_err "m.yaml:6:14: warning: 'shuffle: false' does nothing in this quiz"
# a warning for authors only: learn takes the module
printf ':q\n' > "$T/in"
IN="$T/in" run --content "$C" learn --learner w demo
expect_rc 0
expect_out "Put them in order."
module choices
run --content "$C" validate "$C"
expect_rc 0
[ -s "$T/err" ] && fail "no warning when the quiz has choices"

# author order lines: "  a) Alpha step" then "  b) Bravo step" ...
author_order() {
  grep -qE '^  a\) Alpha step' "$T/out" && grep -qE '^  b\) Bravo step' "$T/out" &&
    grep -qE '^  c\) Charlie step' "$T/out"
}
for seed in 1 2 3 7 42; do
  printf 'a b c d e\n:q\n' > "$T/in"
  IN="$T/in" run --content "$C" learn --seed "$seed" --learner "l$seed" demo
  expect_rc 0
  author_order && fail "seed $seed: ordering items shown in the author's order"
  grep -q "^Correct" "$T/out" && fail "seed $seed: 'a b c d e' was right"
done
# the single choice question keeps its order
printf 'a b c d e\na a a a\na\n' > "$T/in"
IN="$T/in" run --content "$C" learn --seed 5 --learner s demo
expect_rc 0
grep -qE '^  a\) Choice A' "$T/out" || fail "single choices not in the author's order"
# the matching options are not in the pairs' order
grep -A12 'Match them' "$T/out" > "$T/match"
grep -qE 'a\) Spoofing' "$T/match" && grep -qE 'b\) Tampering' "$T/match" &&
  grep -qE 'c\) Denial of service' "$T/match" && fail "matching options in the author's order"

# refresh shows the ordering question (answered wrong) shuffled too
printf 'a a a a\n:q\n' > "$T/in"
IN="$T/in" run --content "$C" refresh --learner s --course demo
expect_rc 0
expect_out "Put them in order."
grep -qE '^  a\) Alpha step' "$T/out" && grep -qE '^  b\) Bravo step' "$T/out" &&
  fail "refresh shows ordering items in the author's order"

# SCORM: the page lists ordering items and matching options shuffled
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
run --content "$C" export scorm --course demo -o "$T/demo.zip"
expect_rc 0
python3 - "$T/demo.zip" <<'PY' || fail "the SCORM page shows the author's order"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
page = next(z.read(n).decode() for n in z.namelist() if n.endswith(".html"))
pos = [int(v) for v in re.findall(r'data-pos="(\d+)"', page)]
assert sorted(pos) == [0, 1, 2, 3, 4], pos
assert pos != [0, 1, 2, 3, 4], pos
match = page[page.index("Forged cookie"):]
sel = match[:match.index("</select>")]
vals = [int(v) for v in re.findall(r'<option value="(\d+)"', sel)]
assert sorted(vals) == [0, 1, 2, 3] and vals != [0, 1, 2, 3], vals
PY
exit 0
