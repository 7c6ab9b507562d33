#!/bin/sh
# Runs every tests/e2e/*.sh against the real binary ($TMDOJO, wrapped in $TMDOJO_WRAP
# when set) and prints "N passed, N failed". Each script exits 0 on success, 77 to skip.
# E2E_JOBS=N runs N scripts at a time (default 1; `make valgrind` runs one per core,
# where the pty scripts that type on a quiet moment skip). Each script's line is printed
# as it ends; the tails of skipped and failed scripts' output follow, in name order.
here=$(cd "$(dirname "$0")" && pwd)
: "${TMDOJO:?set TMDOJO to the tmdojo binary}"
export TMDOJO TMDOJO_WRAP
export TMDOJO_SRC="$(dirname "$here")"
jobs=${E2E_JOBS:-1}
case $jobs in ''|*[!0-9]*|0) echo "E2E_JOBS must be a positive number, not '$jobs'" >&2; exit 2 ;; esac
results=$(mktemp -d) || exit 2
trap 'rm -rf "$results"' EXIT
for s in "$here"/e2e/*.sh; do [ -f "$s" ] && printf '%s\n' "$s"; done |
  xargs -P "$jobs" -I{} sh "$here/run-e2e-one.sh" {} "$results"
passed=0; failed=0; skipped=0
for s in "$here"/e2e/*.sh; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .sh)
  rc=$(cat "$results/$name.rc" 2>/dev/null || echo missing)
  if [ "$rc" = 0 ]; then passed=$((passed + 1))
  elif [ "$rc" = 77 ]; then skipped=$((skipped + 1)); echo "skip $name:"; sed 's/^/    /' "$results/$name.out" | tail -3
  else failed=$((failed + 1)); echo "FAIL $name (exit $rc):"; sed 's/^/    /' "$results/$name.out" 2>/dev/null | tail -40
  fi
done
echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
