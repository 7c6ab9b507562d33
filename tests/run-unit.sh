#!/bin/sh
# Runs each cmocka test binary given as an argument (wrapped in $VALGRIND when set),
# lets each print its own summary, and ends with one total line.
passed=0; failed=0; failures=""
# the programs that load content keep their lexicon cache here, not in your home
TMDOJO_CACHE=$(mktemp -d) || exit 1
export TMDOJO_CACHE
trap 'rm -rf "$TMDOJO_CACHE"' EXIT
for t in "$@"; do
  if $VALGRIND "$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures="$failures $(basename "$t")"
  fi
done
echo "unit test programs: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "failing:$failures"; exit 1; }
