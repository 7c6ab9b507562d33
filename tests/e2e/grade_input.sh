#!/bin/sh
# tmdojo grade: submissions that are not plain UTF-8 lists (YAML in another key
# order, byte order marks, UTF-16, NUL bytes, binary junk, CR line ends, control
# characters, duplicate keys, empty items), label forms, and what a KEY path may be.
. "$(dirname "$0")/lib/common.sh"
K="$SRC/exercises/credit-card-billing"
G="--content $SRC grade --key $K"

# YAML whose first key is not threats: is still YAML, not text
printf 'exercise: credit-card-billing\nthreats:\n  - title: Card testing on the guest checkout\n    stride: [spoofing]\n    severity: critical\n' > "$T/order.yaml"
run $G --json "$T/order.yaml"
expect_rc 0
expect_out '"answer":"Card testing on the guest checkout"'
expect_out '"labels":{"stride_labelled":1'
expect_no_out 'exercise: credit-card-billing'

# so is YAML behind a UTF-8 byte order mark
printf '\357\273\277threats:\n  - title: Card testing on the guest checkout\n' > "$T/bom.yaml"
run $G --json "$T/bom.yaml"
expect_rc 0
expect_out '"answer":"Card testing on the guest checkout"'
expect_no_out '"answer":"threats:'

# a text list whose first line is a STRIDE label stays text
printf 'Spoofing: card testing on the guest checkout\nCVV stored after authorization\n' > "$T/labels.txt"
run $G --json "$T/labels.txt"
expect_rc 0
expect_out '"answer":"card testing on the guest checkout"'

# UTF-16, NUL bytes and binary junk are refused with where and what to do
printf '\377\376c\000a\000r\000d\000\n\000' > "$T/u16.txt"
run $G "$T/u16.txt"
expect_rc 2
expect_err "u16.txt:1:1: this is UTF-16 text: save the threat list as UTF-8"
printf 'card testing on the checkout\nCVV\000 and card numbers stored\n' > "$T/nul.txt"
run $G "$T/nul.txt"
expect_rc 2
expect_err "nul.txt:2:4: a NUL byte: this is not a text file"
printf 'caf\351 \351t\351 \340 \351cole card testing\n' > "$T/latin1.txt"
run $G "$T/latin1.txt"
expect_rc 2
expect_err "latin1.txt:1:4: not UTF-8 text (5 invalid bytes, the first here)"
# one stray byte in a long list is replaced, not refused
{ cat "$K/samples/strong-group.txt"; printf 'stray \377 byte in a line about card testing\n'; } > "$T/stray.txt"
run $G "$T/stray.txt"
expect_rc 0

# a pipe the user names is read like standard input ("<(make-list)")
if command -v mkfifo >/dev/null 2>&1; then
  mkfifo "$T/pipe"
  cat "$K/samples/strong-group.txt" > "$T/pipe" &
  run $G "$T/pipe"
  expect_rc 0
  expect_out "pipe: "
  expect_out "found ("
  wait
fi

# old Mac line ends (a lone CR) end lines too
head -5 "$K/samples/strong-group.txt" | tr '\n' '\r' > "$T/cr.txt"
head -5 "$K/samples/strong-group.txt" > "$T/lf.txt"
run $G "$T/lf.txt"
expect_rc 0
want=$(head -1 "$T/out")
run $G "$T/cr.txt"
expect_rc 0
[ "$(head -1 "$T/out" | sed 's/cr.txt/lf.txt/')" = "$want" ] || fail "CR-only lines graded differently: $(head -1 "$T/out") vs $want"

# YAML mistakes a learner must hear about
printf 'threats:\n  - title: Card testing\n    title: CVV stored\n' > "$T/dup.yaml"
run $G "$T/dup.yaml"
expect_rc 2
expect_err "dup.yaml:3:5: duplicate key 'title' (first at line 2)"
printf 'threats:\n  - title: Card testing on the guest checkout\n    stride: []\n' > "$T/nostride.yaml"
run $G "$T/nostride.yaml"
expect_rc 2
expect_err "nostride.yaml:3:13: 'stride' is an empty list"
printf 'threats:\n  - title: "  "\n' > "$T/blank.yaml"
run $G "$T/blank.yaml"
expect_rc 2
expect_err "blank.yaml:2:12: the title is empty"
printf 'threats:\n  - ""\n' > "$T/blank2.yaml"
run $G "$T/blank2.yaml"
expect_rc 2
expect_err "blank2.yaml:2:5: an empty threat"

# control characters never reach the terminal, from text or YAML
printf 'threats:\n  - title: "card testing \\e]0;pwned\\a\\e[2J\\e[31mRED \\u009b2J"\n' > "$T/esc.yaml"
run $G "$T/esc.yaml"
expect_rc 0
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then fail "an escape reached the output"; fi
if grep -q "$(printf '\302\233')" "$T/out"; then fail "a C1 control reached the output"; fi
expect_out "card testing"

# label forms: "[severity: high]" and hyphenated STRIDE names
printf 'card data in logs [severity: high]\nDenial-of-service: flooding the checkout runs up the per-call fees\nInformation-disclosure - CVV stored in the cards table\nre-used tokens: replayed\n' > "$T/forms.txt"
run $G --json "$T/forms.txt"
expect_rc 0
expect_out '"stride_labelled":2'
expect_out '"severity_labelled":1'
expect_out '"answer":"card data in logs"'
expect_out '"answer":"flooding the checkout runs up the per-call fees"'
expect_out '"answer":"CVV stored in the cards table"'
expect_out 're-used tokens: replayed'

# a list grouped under STRIDE headings: each heading labels the lines under it,
# and the agreement with the key is reported (a stored CVV is disclosure, not
# spoofing); the headings are no threats
printf '# Our threats\n\n## Spoofing\n- fraudsters test stolen card numbers on the guest checkout\n- CVV stored in the cards table\n\n## Denial of service\n- flooding the checkout runs up the per-call fees\n' > "$T/sections.md"
run $G "$T/sections.md"
expect_rc 0
expect_out 'your labels on threats found agree with the key: STRIDE on 2 of 3'
expect_no_out 'severity on'
expect_no_out 'line 3:'

# KEY: a key file whose name ends in exercise.yaml is a key file; a directory
# with only key.yaml is a key; a directory with neither says so
printf 'threats:\n  - id: A1\n    title: SQL injection in the login form\n    stride: [tampering]\n    severity: high\n' > "$T/sql-exercise.yaml"
printf 'sql injection in the login form\n' > "$T/sub.txt"
run --content "$SRC" grade --key "$T/sql-exercise.yaml" "$T/sub.txt"
expect_rc 0
expect_out "100.0% (3 of 3 points)"
mkdir -p "$T/keyonly" "$T/empty"
cp "$T/sql-exercise.yaml" "$T/keyonly/key.yaml"
run --content "$SRC" grade --key "$T/keyonly" "$T/sub.txt"
expect_rc 0
expect_out "100.0% (3 of 3 points)"
run --content "$SRC" grade --key "$T/empty" "$T/sub.txt"
expect_rc 2
expect_err "empty: not an exercise directory: it holds neither exercise.yaml nor key.yaml"

# a pattern that can match nothing would credit every line: validate refuses it
printf 'threats:\n  - id: A1\n    title: SQL injection in the login form\n    stride: [tampering]\n    severity: high\n    patterns: ["cvv|"]\n' > "$T/empty-pattern.yaml"
run --content "$SRC" validate "$T/empty-pattern.yaml"
expect_rc 2
expect_err "empty-pattern.yaml:6:16: pattern 'cvv|': pattern can match an empty text"

# a pattern that backtracks without end on some line counts as no match there:
# validate finds it and says so (grading does not probe: it would cost time)
printf 'threats:\n  - id: A1\n    title: SQL injection in the login form\n    stride: [tampering]\n    severity: high\n    patterns: ["\\\\bsqli\\\\b", "(a+)+b"]\n' > "$T/nested.yaml"
run --content "$SRC" validate "$T/nested.yaml"
expect_rc 2
expect_err "nested.yaml:6:30: pattern '(a+)+b' hits the match limit on a line like 'aaaa"
expect_err "1 error"

# an empty expansion in a key's lexicon says what is wrong
printf 'threats:\n  - id: A1\n    title: SQL injection\n    stride: [tampering]\n    severity: high\nlexicon:\n  expansions: {gamma: ""}\n' > "$T/exp.yaml"
run --content "$SRC" validate "$T/exp.yaml"
expect_rc 2
expect_err "exp.yaml:7:23: the expansion of 'gamma' is empty"

# a title of stop words only could never be earned by its words
printf 'threats:\n  - id: A1\n    title: "the"\n    stride: [tampering]\n    severity: high\n' > "$T/stop.yaml"
run --content "$SRC" validate "$T/stop.yaml"
expect_rc 2
expect_err "stop.yaml:3:12: the title has no word the grader compares"

# a sample cannot expect one threat both found and absent
cp -R "$SRC/tests/fixtures/content" "$T/both"
sed 's/      absent: \[A03\]/      absent: [A03, A01]/' "$SRC/tests/fixtures/content/exercises/add-user-api/exercise.yaml" > "$T/both/exercises/add-user-api/exercise.yaml"
run validate "$T/both"
expect_rc 2
expect_err "exercise.yaml:28:21: 'A01' is both found (line 27) and absent"

# keycheck says a sample could not be graded, not "differences found"
cp -R "$SRC/tests/fixtures/content" "$T/content"
printf 'threats:\n  - title: Admin user created without a check\n    stride: []\n' > "$T/content/exercises/add-user-api/samples/good.txt"
run --content "$T/content" keycheck add-user-api
expect_rc 2
expect_err "good.txt:3:13: 'stride' is an empty list"
expect_out "1 sample(s), 1 could not be graded (see above)"
exit 0
