#!/bin/sh
# Runs one end-to-end script for tests/run-e2e.sh: SCRIPT's output goes to
# RESULTS/NAME.out and its exit status to RESULTS/NAME.rc, and one line (ok, skip or
# FAIL, the name and the seconds it took, to find the slow ones in CI's log) is
# printed as it ends.
s=$1; results=$2
[ -f "$s" ] && [ -d "$results" ] || { echo "usage: run-e2e-one.sh SCRIPT RESULTS_DIR" >&2; exit 2; }
name=$(basename "$s" .sh)
start=$(date +%s)
sh "$s" >"$results/$name.out" 2>&1   # lib/common.sh gives each a fresh TMDOJO_HOME and HOME
rc=$?
took=$(( $(date +%s) - start ))
echo "$rc" >"$results/$name.rc"
case $rc in
  0) echo "ok   $name (${took} s)" ;;
  77) echo "skip $name (${took} s)" ;;
  *) echo "FAIL $name (${took} s)" ;;
esac
