# validate checks a sample's structure, not its declared expectations (keycheck
# grades those); FORMAT.md said validate checked "the samples' declared
# expectations". A sample whose expectation fails: validate passes, keycheck
# fails; the docs say to run keycheck for them.
. "$(dirname "$0")/lib/common.sh"
mkdir -p "$T/x"
cp -R "$SRC/exercises/customer-survey" "$T/x/"
Y="$T/x/customer-survey/exercise.yaml"
S=$(grep -m1 '^  - file: ' "$Y" | sed 's/^  - file: //')
[ -n "$S" ] || fail "no sample in $Y"
printf 'the weather is nice today\n' > "$T/x/customer-survey/$S"
run validate "$T/x/customer-survey"
expect_rc 0
run keycheck "$T/x/customer-survey"
[ "$rc" -ne 0 ] || fail "keycheck passed a sample that misses its expectations"
F="$SRC/docs/FORMAT.md"
grep -q "declared expectations (\`keycheck\` checks those too)" "$F" &&
  fail "FORMAT.md says validate checks the samples' expectations"
tr '\n' ' ' < "$F" | grep -q "validate\` checks the samples' structure only" ||
  fail "FORMAT.md does not say validate checks sample structure only"
tr '\n' ' ' < "$SRC/CONTRIBUTING.md" | grep -q "keycheck exercises/<id>\` grades every sample" ||
  fail "CONTRIBUTING.md's exercise steps lack keycheck"
exit 0
