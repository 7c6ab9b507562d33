# End-to-end: tmdojo eval groups by what a directory holds, not by its name or how
# it is written (a split holds systems, a system holds key.yaml, trailing slashes
# do not matter), and a malformed .lab line or an unknown threat id is an error
# (file:line:column, exit 2, no figures) instead of a warning with changed figures.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
for split in mysplit dev; do
  for sys in sys1 sys2; do
    mkdir -p "$C/$split/$sys"
    cat > "$C/$split/$sys/key.yaml" <<'YAML'
threats:
  - id: K01
    title: SQL injection in the search box
    stride: [tampering]
    severity: high
  - id: K02
    title: Passwords stored in plain text
    stride: [information-disclosure]
    severity: high
YAML
    printf 'K01\tSQL injection in the search box\n-\tthe logo is ugly\n' > "$C/$split/$sys/a.lab"
  done
done
mkdir -p "$C/notes"   # neither a split nor a system: not counted

# the header and one row per split, each with its two systems
rows() { grep -v '^split ' "$T/out" | awk '{ print $1, $2, $3 }' | tr '\n' ';'; }
run --content "$SRC" eval "$C"; expect_rc 0
[ "$(rows)" = "dev 2 2;mysplit 2 2;" ] || fail "corpus rows: $(rows)"
for d in "$C/mysplit" "$C/mysplit/" "$C/mysplit//"; do
  run --content "$SRC" eval "$d"; expect_rc 0
  [ "$(rows)" = "mysplit 2 2;" ] || fail "eval $d rows: $(rows)"
done
for d in "$C/dev" "$C/dev/"; do
  run --content "$SRC" eval "$d"; expect_rc 0
  [ "$(rows)" = "dev 2 2;" ] || fail "eval $d rows: $(rows)"
done
for d in "$C/dev/sys1" "$C/dev/sys1/"; do
  run --content "$SRC" eval "$d"; expect_rc 0
  [ "$(rows)" = "sys1 1 1;" ] || fail "eval $d rows: $(rows)"
done
( cd "$C/mysplit" && ${TMDOJO_WRAP:-} "$TMDOJO" --content "$SRC" eval . >"$T/out" 2>"$T/err" ) \
  || fail "eval . failed"
[ "$(rows)" = "mysplit 2 2;" ] || fail "eval . rows: $(rows)"
run --content "$SRC" eval "$C/notes"; expect_rc 2; expect_err "no key.yaml with *.lab"

# label errors: each named where it is (the real file line), exit 2, no figures
L="$C/dev/sys2/a.lab"
printf 'K01 , K02\tSQL injection and passwords in plain text\nthe logo\n\n-\tthe logo\nK09\tsomething\nK01,\tx\n-,K01\ty\nK01\t  \nK01\ta\tb\n' > "$L"
run --content "$SRC" eval "$C/dev"; expect_rc 2
expect_err "$L:2:1: no TAB: every line is IDS<TAB>text"
expect_err "$L:3:1: empty line"
expect_err "$L:5:1: unknown threat id 'K09'"
expect_err "$L:6:5: empty threat id"
expect_err "$L:7:1: '-' (no credit) cannot stand beside threat ids"
expect_err "$L:8:5: no text after the TAB"
expect_err "$L:9:6: a second TAB"
expect_no_out "dev "
expect_no_out "split"
# blanks around ids are no error: " K01 , K02 " labels the line with both threats, so
# its one credit (K01) is right and K02 is missed
printf ' K01 , K02 \tSQL injection in the search box\n' > "$L"
run --content "$SRC" eval "$C/dev/sys2"; expect_rc 0
awk '$1 == "sys2" { exit !($4 == 1 && $5 == "1.000" && $6 == "0.500") }' "$T/out" \
  || fail "ids with blanks: $(cat "$T/out")"

# -v: learner text with control characters is shown with '?', under its file line
printf -- '-\tthe logo\n-\tSQL injection in the search box \033[2J now\nK02\tthe \033[31mlogin page\n' > "$L"
run --content "$SRC" eval -v "$C/dev/sys2"; expect_rc 0
expect_out "wrong  $L:2 K01"
expect_out "?[2J now"
expect_out "line 3: the ?[31mlogin page"
if grep -q "$(printf '\033')" "$T/out"; then fail "eval -v printed an escape character"; fi
exit 0
