# cohort grade and report pad the group column by characters, not bytes: a
# name with an accent ("héctor", 7 bytes) lined up one column short. A file
# named twice (the same path, another spelling of it, or named and in a
# directory named too) is graded once and is no error; it was "already taken
# by" itself, exit 1. Two different files of one group name still are.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
acc="h$(printf '\303\251')ctor"
mkdir "$T/c"
printf 'the office coffee machine is broken\n' > "$T/c/$acc.txt"
printf 'the office coffee machine is broken\n' > "$T/c/hector.txt"
run cohort grade --exercise add-user-api --cohort c "$T/c"
expect_rc 0
pad="                  "   # 24 - 6 characters
expect_out "$acc$pad   0.0%  0 of 4 threats"
expect_out "hector$pad   0.0%  0 of 4 threats"
run cohort report --cohort c
expect_rc 0
expect_out "  $acc$pad   0.0%  version"
expect_out "  hector$pad   0.0%  version"
# padded by the columns a terminal shows: a combining accent takes none, a CJK
# character two
dec="he$(printf '\314\201')ctor"
cjk="$(printf '\347\224\260\344\270\255')"
mkdir "$T/w"
printf 'the office coffee machine is broken\n' > "$T/w/$dec.txt"
printf 'the office coffee machine is broken\n' > "$T/w/$cjk.txt"
run cohort grade --exercise add-user-api --cohort w "$T/w"
expect_rc 0
expect_out "$dec$pad   0.0%  0 of 4 threats"
expect_out "$cjk                       0.0%  0 of 4 threats"   # 24 - 4 columns, then 3

cp "$FIX/class/alpha.txt" "$T/alpha.txt"
run cohort grade --exercise add-user-api --cohort r "$T/alpha.txt" "$T/alpha.txt" \
  "$T/c/../alpha.txt" "$T//alpha.txt"
expect_rc 0
expect_out "graded 1 of 1 submission of 'add-user-api' into cohort 'r'"
! grep -q "already taken" "$T/err" || fail "a file named twice was taken for another"
[ "$(grep -c '^alpha ' "$T/out")" -eq 1 ] || fail "alpha graded more than once"
mkdir "$T/d"; cp "$FIX/class/alpha.txt" "$T/d/alpha.txt"
run cohort grade --exercise add-user-api --cohort r "$T/d" "$T/d/alpha.txt"
expect_rc 0
expect_out "graded 1 of 1 submission"
# another file of the same group name is still refused
cp "$FIX/class/alpha.txt" "$T/d/alpha.md"
run cohort grade --exercise add-user-api --cohort r "$T/d/alpha.txt" "$T/d/alpha.md" "$T/d/alpha.txt"
expect_rc 1
expect_err "skipped '$T/d/alpha.md': group name 'alpha' is already taken by '$T/d/alpha.txt'"
expect_out "graded 1 of 2 submissions"
exit 0
