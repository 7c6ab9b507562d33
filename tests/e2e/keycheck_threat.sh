# keycheck --threat ID limits --show to that threat (repeatable; implies --show): the
# threat's block is the same as in the full --show, no other threat is printed, and an
# id the key lacks is an error (exit 2, nothing graded or shown) with "did you mean".
. "$(dirname "$0")/lib/common.sh"
X="$SRC/tests/fixtures/content/exercises/add-user-api"
heads() { grep -E '^A[0-9]+ \[' "$T/out" | awk '{ print $1 }' | tr '\n' ' '; }
block() { awk -v id="$1" '$1 == id && /\[/ { on = 1 } on && (/^$/ || /^keycheck /) { exit } on { print }' "$2"; }

run keycheck --show "$X"; expect_rc 0
cp "$T/out" "$T/all"
[ "$(heads)" = "A01 A02 A03 A04 " ] || fail "full --show threats: $(heads)"

run keycheck --threat A03 "$X"; expect_rc 0
[ "$(heads)" = "A03 " ] || fail "--threat A03 shows: $(heads)"
block A03 "$T/all" > "$T/want"; block A03 "$T/out" > "$T/got"
cmp -s "$T/want" "$T/got" || fail "A03's block differs from the full --show"
expect_out "keycheck add-user-api: "
head -n 1 "$T/out" | grep -q '^A03 ' || fail "a blank line or other text before A03"

run keycheck --show --threat A04 -t A01 "$X"; expect_rc 0
[ "$(heads)" = "A01 A04 " ] || fail "--threat A04 -t A01 shows: $(heads)"

run keycheck --threat a02 "$X"; expect_rc 2
expect_err "no threat 'a02' in the key of 'add-user-api' (did you mean 'A02'?)"
[ ! -s "$T/out" ] || fail "output for an unknown id"
run keycheck --threat A2 "$X"; expect_rc 2
expect_err "(did you mean 'A02'?)"
run keycheck --threat nothing-like-it "$X"; expect_rc 2
expect_err "no threat 'nothing-like-it' in the key of 'add-user-api'"
grep -qF "did you mean" "$T/err" && fail "a suggestion for a far id"
run keycheck --threat "$X"; expect_rc 2
exit 0
