# A key's stride: accepts names, letters and short forms (dos, eop,
# disclosure, ...: grader_stride_parse); two entries of one threat that mean
# the same category ('dos' and 'Denial Of Service') get a warning naming both,
# at the later one's line:column, from validate only: grade takes the key.
# The key is the learn fixture's tiny-ex's, in a root of its own.
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
make_exercise_root "$C"
K="$C/exercises/tiny-ex/key.yaml"
line=$(grep -n -m1 '^    stride: ' "$K" | cut -d: -f1)
[ -n "$line" ] || fail "no stride line in $K"
sed -i "${line}s/^    stride: .*/    stride: [dos, s, EoP, info disclosure, Denial Of Service, t, tampering]/" "$K"
run --content "$C" validate "$C/exercises/tiny-ex"
expect_rc 0
expect_err "key.yaml:$line:44: warning: 'dos' and 'Denial Of Service' both mean denial of service (first at line $line); delete one"
expect_err "key.yaml:$line:66: warning: 't' and 'tampering' both mean tampering"
[ "$(grep -c 'both mean' "$T/err")" -eq 2 ] || fail "expected two warnings"
# the same category written the same way twice
sed -i "${line}s/^    stride: .*/    stride: [spoofing, Spoofing]/" "$K"
run --content "$C" validate "$C/exercises/tiny-ex"
expect_rc 0
expect_err "key.yaml:$line:24: warning: 'spoofing' and 'Spoofing' both mean spoofing"
# the short forms, each once: no warning
sed -i "${line}s/^    stride: .*/    stride: [s, T, repudiation, info disclosure, dos, EoP]/" "$K"
run --content "$C" validate "$C/exercises/tiny-ex"
expect_rc 0
grep -q "warning" "$T/err" && fail "warned about distinct categories"
# grade takes a key with a repeat (a warning is for authors)
sed -i "${line}s/^    stride: .*/    stride: [dos, denial-of-service]/" "$K"
printf 'card numbers are stored in the database\n' > "$T/sub.txt"
run grade --key "$K" "$T/sub.txt"
[ "$rc" -le 1 ] || fail "grade refused the key"
grep -q "both mean" "$T/err" && fail "grade printed an author warning"
exit 0
