# Every pattern of a bundled key has a sample line (or its threat's own words)
# that it matches: keycheck warns "matched nothing" about none of them. Such a
# pattern is untested: nothing would tell if it stopped matching what it is
# for (22 did in session 18; samples/review-s18-patterns*.txt exercise them).
# Authors' keys may still have such patterns for a while (the warning leaves
# keycheck's exit status alone); the bundled ones are examples and may not.
. "$(dirname "$0")/lib/common.sh"
n=0
for d in "$SRC"/exercises/*/; do
  [ -f "$d/exercise.yaml" ] || continue
  run keycheck "$d"
  expect_rc 0
  if grep -F "matched nothing" "$T/err"; then
    fail "a pattern of $(basename "$d") matches no sample line: add a line it is meant for"
  fi
  n=$((n + 1))
done
[ "$n" -ge 4 ] || fail "found only $n bundled exercises under $SRC/exercises"
exit 0
