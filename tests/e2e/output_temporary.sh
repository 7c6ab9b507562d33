# The temporary file an output is written through (TARGET.tmp-PID, renamed into
# place) is created with O_EXCL: a file or a symbolic link already of that name
# was truncated and written through (the link's file replaced by the output).
# Now another name is used and the existing one is left alone. And a SIGTERM,
# SIGHUP or SIGINT during the write removes the temporary before the process
# dies of the signal: it was left behind.
. "$(dirname "$0")/lib/common.sh"
mkdir "$T/o"
echo victim > "$T/victim"
# exec keeps the PID: the temporary's name is known before tmdojo starts
sh -c 'ln -s "$1/victim" "$1/o/out.xml.tmp-$$"; echo planted > "$1/o/out.xml.tmp-$$-1"
       exec "$2" export moodle-xml --course intro -o "$1/o/out.xml"' sh "$T" "$TMDOJO" \
  >"$T/out" 2>"$T/err" </dev/null
rc=$?
expect_rc 0
[ "$(cat "$T/victim")" = victim ] || fail "the file behind the planted link was written"
grep -q '<quiz' "$T/o/out.xml" || fail "the export was not written"
[ "$(cat "$T/o"/out.xml.tmp-*-1)" = planted ] || fail "the planted file was changed"
[ "$(ls "$T/o" | grep -c 'tmp-')" -eq 2 ] || fail "a temporary was left: $(ls "$T/o")"
rm -f "$T/o"/out.xml.tmp-*

# a signal mid-write: eval --features holds its temporary for the whole run
C="$T/corpus"
mkdir -p "$C/dev/sys1"
cp "$SRC/exercises/credit-card-billing/key.yaml" "$C/dev/sys1/key.yaml"
awk 'BEGIN { for (i = 0; i < 300; i++)
  printf "-\tthe attacker could tamper with request number %d and read card data\n", i }' \
  > "$C/dev/sys1/a.lab"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29; do
  cp "$C/dev/sys1/a.lab" "$C/dev/sys1/a$i.lab"
done
# (not INT: sh starts a background job with SIGINT ignored)
rm -f "$T/o/out.xml"
for sig in TERM HUP; do
  "$TMDOJO" --content "$SRC" eval --features "$T/o/f.tsv" "$C" >/dev/null 2>&1 </dev/null &
  pid=$!
  n=0
  while ! ls "$T/o" | grep -q 'tmp-' && [ $n -lt 200 ]; do sleep 0.02; n=$((n + 1)); done
  if ! ls "$T/o" | grep -q 'tmp-'; then
    wait $pid; echo "SKIP: eval ended before its temporary was seen"; exit 77
  fi
  kill -$sig $pid
  wait $pid
  rc=$?
  [ $rc -gt 128 ] || { echo "SKIP: eval ended (exit $rc) before SIG$sig"; exit 77; }
  [ -z "$(ls "$T/o")" ] || fail "SIG$sig left: $(ls "$T/o")"
done
exit 0
