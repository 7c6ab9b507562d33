# A group name with a combining accent (NFD, as macOS zip archives write
# "he\xcc\x81ctor") is graded with a warning that names the file and says that
# the same name typed precomposed ("h\xc3\xa9ctor") counts as a different group
# and that renaming the file avoids it; a precomposed name gets no warning.
# Before, the two spellings silently became two groups.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
nfd="he$(printf '\314\201')ctor"
nfc="h$(printf '\303\251')ctor"
mkdir "$T/nfd" "$T/nfc"
cp "$FIX/class/alpha.txt" "$T/nfd/$nfd.txt"
cp "$FIX/class/alpha.txt" "$T/nfc/$nfc.txt"

run cohort grade --exercise add-user-api --cohort c "$T/nfd"
expect_rc 0
expect_out "graded 1 of 1"
expect_err "warning: '$T/nfd/$nfd.txt': the group name has a combining accent (U+0301"
expect_err "typed elsewhere with precomposed characters counts as a different group"
expect_err "rename the file with the accented letters precomposed"

run cohort grade --exercise add-user-api --cohort c "$T/nfc"
expect_rc 0
expect_out "graded 1 of 1"
! grep -q "combining" "$T/err" || fail "a precomposed name was warned about"

# U+036F, the last combining mark, is caught too; U+0370 (Greek) is not one
printf 'x\n' > "$T/nfc/a$(printf '\315\257').txt"
printf 'x\n' > "$T/nfc/b$(printf '\315\260').txt"
run cohort grade --exercise add-user-api --cohort c "$T/nfc"
expect_err "a$(printf '\315\257').txt': the group name has a combining accent (U+036F"
[ "$(grep -c combining "$T/err")" -eq 1 ] || fail "expected one warning"
exit 0
