#!/bin/sh
# An exercise's top_three holds at most three entries, each threat once: a
# threat listed twice is an error at the later entry naming the first one's
# line, a fourth entry is an error at that entry (learn showed five "reference
# top three" entries, one twice, and learn --solve typed the duplicate).
# Each entry needs its 'why:' (docs/FORMAT.md).
. "$(dirname "$0")/lib/common.sh"

mkdir -p "$T/c/exercises"
cp -R "$SRC/exercises/customer-survey" "$T/c/exercises/"
cp -R "$SRC/lexicon" "$T/c/"
ex="$T/c/exercises/customer-survey"
y="$ex/exercise.yaml"

run validate "$ex"
expect_rc 0

# two more entries in front of the three: S01 and T02 again
top=$(grep -n '^top_three:$' "$y" | cut -d: -f1)
[ -n "$top" ] || fail "no top_three in $y"
sed -i "${top}a\\
  - threat: S01\\
    why: Said twice.\\
  - threat: T02\\
    why: Said twice too." "$y"
s01=$((top + 1)); t02=$((top + 3))
s01_again=$(grep -n '^  - threat: S01$' "$y" | sed -n 2p | cut -d: -f1)
t02_again=$(grep -n '^  - threat: T02$' "$y" | sed -n 2p | cut -d: -f1)
fourth=$t02_again   # the originals follow: S01, T02, I04; T02 is the fourth entry

run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:$s01_again:13: top-three threat 'S01' is listed twice (first at line $s01)"
expect_err "exercise.yaml:$t02_again:13: top-three threat 'T02' is listed twice (first at line $t02)"
expect_err "exercise.yaml:$fourth:5: top_three has 5 entries: keep the three most important threats"
expect_err "3 errors"

# keycheck refuses the exercise too
run keycheck "$ex"
expect_rc 2
expect_err "top-three threat 'S01' is listed twice"

# three entries, one a duplicate: only the duplicate is reported
cp "$SRC/exercises/customer-survey/exercise.yaml" "$y"
sed -i "$((top + 6))s/^  - threat: T02\$/  - threat: S01/" "$y"
grep -q "^  - threat: S01$" "$y" && [ "$(grep -c '^  - threat: S01$' "$y")" = 2 ] ||
  fail "the second entry is not T02 at line $((top + 6)) of $y"
run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:$((top + 6)):13: top-three threat 'S01' is listed twice (first at line $s01)"
expect_err "1 error"

# an entry without 'why:' is an error, as FORMAT.md says
cp "$SRC/exercises/customer-survey/exercise.yaml" "$y"
sed -i "${top}a\\
  - threat: S01" "$y"
run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:$s01:5: top-three entry is missing required key 'why'"
exit 0
