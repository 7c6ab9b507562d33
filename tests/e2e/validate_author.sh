#!/bin/sh
# The content author's workflow through the real binary: validate reports every
# error of a file at file:line:column with what to do (empty texts and accepted
# answers, YAML syntax, tabs, encodings, an exercise that does not load, a key
# that names another exercise), and grade reports every error of a YAML
# submission, in line order.
. "$(dirname "$0")/lib/common.sh"

# an accepted short answer with no words, and empty required text
mkdir -p "$T/c/courses/c1" "$T/c/exercises"
printf 'id: c1\ntitle: " "\npart: "Part One"\nsummary: S\nminutes: 5\nobjectives: [o]\nmodules: [m.yaml]\n' > "$T/c/courses/c1/course.yaml"
printf 'id: m\ntitle: M\nobjectives: [o]\nitems:\n  - quiz: Q\n    questions:\n      - id: q1\n        type: short\n        prompt: P?\n        explanation: E.\n        accept: ["", "!!!"]\nsummary: [s]\n' > "$T/c/courses/c1/m.yaml"
run --content "$T/c" validate
expect_rc 2
expect_err "course.yaml:2:8: 'title' is empty: write it"
expect_err "course.yaml:3:7: 'part' must be a whole number from 1 to 999"
expect_err "m.yaml:11:18: an item of 'accept' is empty: write it, or delete it"
expect_err "m.yaml:11:22: accepted answer '!!!' has no words in it"
expect_err "4 errors"

# an exercise whose exercise.yaml does not parse: the course says so, not "unknown"
# (a root of its own: course demo takes tiny-ex, and the learn fixture's course
# tiny beside it; not a copy of the whole bundled content)
R="$T/r"
make_exercise_root "$R"
cp -R "$SRC/tests/fixtures/learn/courses/tiny" "$R/courses/"
X="$R/exercises/tiny-ex"
sed -n 5p "$X/exercise.yaml" | grep -q '^minutes: 15$' || fail "exercise line 5 changed"
sed -i 's/^minutes: 15$/minutes: [15/' "$X/exercise.yaml"
run --content "$R" validate "$R/courses/demo"
expect_rc 2
expect_err "exercise 'tiny-ex' has errors, the first at"
expect_err "exercise.yaml:6:9: yaml syntax error: expected ',' or ']'"
grep -q "unknown exercise" "$T/err" && fail "a broken exercise reported as unknown"
cp "$SRC/tests/fixtures/learn/exercises/tiny-ex/exercise.yaml" "$X/"

# a directory of courses validates each; a sample answer is a submission
run --content "$R" validate "$R/courses"
expect_rc 0
run --content "$R" validate "$X/samples/good.txt"
expect_rc 0

# a key that names another exercise: validate and grade say so at its line
sed -i 's/^exercise: tiny-ex/exercise: webhook-delivery/' "$X/key.yaml"
line=$(grep -n '^exercise:' "$X/key.yaml" | cut -d: -f1)
printf 'card numbers in the logs\n' > "$T/sub.txt"
run --content "$R" grade --key "$X" --json "$T/sub.txt"
expect_rc 2
expect_err "key.yaml:$line:11: this key says it is for exercise 'webhook-delivery', but exercise 'tiny-ex' uses it"
cp "$SRC/tests/fixtures/learn/exercises/tiny-ex/key.yaml" "$X/"

# a YAML submission: every error, in line order
printf 'threats:\n  - title: ""\n  - title: x y\n    stride: []\n  - title: file name traversal\n    stride: [tamperin]\n    severity: severe\n' > "$T/s.yaml"
run --content "$SRC" grade --key "$SRC/exercises/credit-card-billing" "$T/s.yaml"
expect_rc 2
expect_err "s.yaml:2:12: the title is empty"
expect_err "s.yaml:4:13: 'stride' is an empty list"
expect_err "s.yaml:6:14: unknown STRIDE category 'tamperin': did you mean 'tampering'?"
expect_err "s.yaml:7:15: unknown severity 'severe': use critical, high, medium or low"
grep -n 's.yaml' "$T/err" | cut -d: -f3 | tr '\n' ' ' | grep -q '^2 4 6 7 $' ||
  fail "submission errors not in line order"

# YAML layer: every tab, an anchor and its alias, advice for syntax errors
printf 'id: m\ntitle: M\nobjectives: [o]\nitems:\n  - lesson: L\n\t  body: B\n  - lesson: K\n\t  body: C\nsummary: [s]\n' > "$T/tabs.yaml"
run validate "$T/tabs.yaml"
expect_rc 2
expect_err "tabs.yaml:6:1: tab character where YAML expects spaces"
expect_err "tabs.yaml:8:1: tab character where YAML expects spaces"
printf 'id: m\ntitle: &t M\nobjectives: [*t]\n' > "$T/anchor.yaml"
run validate "$T/anchor.yaml"
expect_rc 2
expect_err "anchor.yaml:2:8: anchors ('&t') are not supported"
expect_err "anchor.yaml:3:14: aliases ('*t') are not supported"
printf 'id: m\nitems:\n  - a: 1\n    b: 2\n   c: 3\n' > "$T/indent.yaml"
run validate "$T/indent.yaml"
expect_rc 2
expect_err "indent.yaml:5:4: yaml syntax error: expected a '- ' item or the end of the list (in the list that starts at 3:3): check the indentation of this line against the lines above it"

# encodings: the Latin-1 byte itself, with what to do; UTF-16 refused
printf 'id: intro\ntitle: caf\351 au lait\n' > "$T/lat.yaml"
run validate "$T/lat.yaml"
expect_rc 2
expect_err "lat.yaml:2:11: not UTF-8 text (byte 0xe9 here): save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)"
printf 'threats:\n  - id: A1\n    title: SQL injection\n    stride: [tampering]\n    severity: high\n' |
  iconv -f utf-8 -t utf-16 > "$T/u16.yaml" || exit 77
run validate "$T/u16.yaml"
expect_rc 2
expect_err "u16.yaml:1:1: this is UTF-16 text"
exit 0
