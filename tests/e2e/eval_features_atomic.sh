# End-to-end: `tmdojo eval --features FILE` writes FILE.tmp-PID beside FILE and renames
# it only when the run succeeds: a failed run (a malformed .lab line, an unknown threat
# id, a key missing a required key) leaves no FILE, no temporary, and an earlier FILE
# as it was. The corpus is a scratch copy in tests/eval/dev's format.
. "$(dirname "$0")/lib/common.sh"
C="$T/corpus"
mkdir -p "$C/dev/sys1" "$T/out_dir"
KEY='threats:
  - id: K01
    title: SQL injection in the search box
    stride: [tampering]
    severity: high
'
printf '%s' "$KEY" > "$C/dev/sys1/key.yaml"
GOOD='K01\tSQL injection in the search box\n-\tthe logo is ugly\n'
printf "$GOOD" > "$C/dev/sys1/a.lab"
F="$T/out_dir/features.tsv"
leftovers() { ls "$T/out_dir" | grep -c '\.tmp-' || true; }

# success: FILE holds the header and the pairs, no temporary is left
run --content "$SRC" eval --features "$F" "$C"; expect_rc 0
head -n 1 "$F" | grep -q '^split	file	line	threat	label' || fail "no header in $F"
[ "$(leftovers)" -eq 0 ] || fail "temporary left after success: $(ls "$T/out_dir")"
cp "$F" "$T/earlier"

# each failure: exit 2, no new FILE, no temporary, the earlier FILE intact
check_failure() {
  what=$1
  run --content "$SRC" eval --features "$T/out_dir/new.tsv" "$C"; expect_rc 2
  [ ! -e "$T/out_dir/new.tsv" ] || fail "$what: new.tsv exists after a failed run"
  run --content "$SRC" eval --features "$F" "$C"; expect_rc 2
  cmp -s "$F" "$T/earlier" || fail "$what: the earlier $F was changed"
  [ "$(leftovers)" -eq 0 ] || fail "$what: temporary left: $(ls "$T/out_dir")"
}
printf 'K01\tSQL injection in the search box\nno tab here\n' > "$C/dev/sys1/a.lab"
check_failure "bad .lab line"
expect_err "a.lab:2:1: no TAB"
printf 'K09\tsomething\n' > "$C/dev/sys1/a.lab"
check_failure "unknown id"
expect_err "unknown threat id 'K09'"
printf "$GOOD" > "$C/dev/sys1/a.lab"
printf 'threats:\n  - id: K01\n    stride: [tampering]\n    severity: high\n' > "$C/dev/sys1/key.yaml"
check_failure "key missing title"
expect_err "missing required key 'title'"

# written as cohort report -o writes: a link stays a link (its file gets the
# pairs), a FIFO is written directly, the mode is kept, a read-only file is
# refused (a link and a FIFO were replaced by regular files)
printf "$GOOD" > "$C/dev/sys1/a.lab"
printf '%s' "$KEY" > "$C/dev/sys1/key.yaml"
: > "$T/out_dir/real.tsv"; ln -s real.tsv "$T/out_dir/link.tsv"
run --content "$SRC" eval --features "$T/out_dir/link.tsv" "$C"; expect_rc 0
[ -L "$T/out_dir/link.tsv" ] || fail "the link was replaced"
head -n 1 "$T/out_dir/real.tsv" | grep -q '^split' || fail "the link's file lacks the pairs"
chmod 640 "$T/out_dir/real.tsv"
run --content "$SRC" eval --features "$T/out_dir/real.tsv" "$C"; expect_rc 0
[ "$(stat -c %a "$T/out_dir/real.tsv")" = 640 ] || fail "the mode was not kept"
mkfifo "$T/fifo"
cat "$T/fifo" > "$T/got" & reader=$!
run --content "$SRC" eval --features "$T/fifo" "$C"; expect_rc 0
wait $reader
[ -p "$T/fifo" ] || fail "the FIFO was replaced"
head -n 1 "$T/got" | grep -q '^split' || fail "the FIFO's reader got no pairs"
if [ "$(id -u)" -ne 0 ]; then
  chmod 444 "$T/out_dir/real.tsv"
  run --content "$SRC" eval --features "$T/out_dir/real.tsv" "$C"; expect_rc 2
  expect_err "tmdojo eval: cannot write '$T/out_dir/real.tsv': it is read-only to you"
  chmod 644 "$T/out_dir/real.tsv"
fi
rm -f "$T/out_dir/real.tsv" "$T/out_dir/link.tsv"

# nothing to grade is a failure too
run --content "$SRC" eval --features "$T/out_dir/new.tsv" "$T/out_dir"; expect_rc 2
[ ! -e "$T/out_dir/new.tsv" ] || fail "new.tsv exists after an empty run"
exit 0
