#!/bin/sh
# Runs every tests/e2e/*.sh against the real binary ($TMDOJO, wrapped in $TMDOJO_WRAP
# when set) and prints "N passed, N failed". Each script exits 0 on success, 77 to skip.
here=$(cd "$(dirname "$0")" && pwd)
: "${TMDOJO:?set TMDOJO to the tmdojo binary}"
export TMDOJO TMDOJO_WRAP
export TMDOJO_SRC="$(dirname "$here")"
passed=0; failed=0; skipped=0
for s in "$here"/e2e/*.sh; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .sh)
  out=$(mktemp)
  sh "$s" >"$out" 2>&1   # lib/common.sh gives each a fresh TMDOJO_HOME and HOME
  rc=$?
  if [ $rc -eq 0 ]; then passed=$((passed + 1)); echo "ok   $name"
  elif [ $rc -eq 77 ]; then skipped=$((skipped + 1)); echo "skip $name"; sed 's/^/    /' "$out" | tail -3
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$out" | tail -40
  fi
  rm -f "$out"
done
echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
