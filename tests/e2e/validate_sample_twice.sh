#!/bin/sh
# A sample file listed twice under 'samples:' (by any spelling of its path) is
# an error at the later listing naming the first one's line, as a module, an
# item or a distractor listed twice is: its two sets of expectations cannot
# both hold, and keycheck reported "differences found" for one of them.
. "$(dirname "$0")/lib/common.sh"

mkdir -p "$T/c/exercises"
cp -R "$SRC/exercises/customer-survey" "$T/c/exercises/"
cp -R "$SRC/lexicon" "$T/c/"
ex="$T/c/exercises/customer-survey"
y="$ex/exercise.yaml"

first=$(grep -n '^  - file: samples/strong-terse.txt$' "$y" | cut -d: -f1)
second=$(grep -n '^  - file: samples/verbose-group.txt$' "$y" | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] || fail "the samples this script lists again are gone from $y"
end=$(wc -l < "$y")
# 'samples:' is the file's last key: the entries go at its end
cat >> "$y" <<'YAML'
  - file: samples/strong-terse.txt
    expect:
      absent: [S01]
      score: [0, 10]
  - file: ./samples//verbose-group.txt
    expect:
      score: [0, 100]
YAML

run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:$((end + 1)):11: sample file 'samples/strong-terse.txt' is listed twice (first at line $first): keep one entry"
expect_err "exercise.yaml:$((end + 5)):11: sample file './samples//verbose-group.txt' is listed twice (first at line $second, as 'samples/verbose-group.txt')"
expect_err "2 errors"

# keycheck refuses the exercise instead of grading one listing against the other
run keycheck "$ex"
expect_rc 2
expect_err "sample file 'samples/strong-terse.txt' is listed twice (first at line $first)"
exit 0
