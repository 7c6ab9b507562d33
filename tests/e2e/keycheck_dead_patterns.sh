# A pattern that matches no sample line, nor its threat's title, aliases or
# description, may match nothing at all (a '$' left mid-pattern, \b between two
# letters, a class nothing is in): keycheck --show marks it under the pattern,
# and keycheck warns about it on stderr (a warning: the exit status stays 0).
# A pattern that a sample line or the threat's own words match is not marked.
# The warning points at the pattern in key.yaml (file:line:column), as every
# message about something an author must fix does.
. "$(dirname "$0")/lib/common.sh"
# a root of its own: the bundled lexicon and the fixture exercise add-user-api, whose
# A02 has one pattern that its sample matches
R=$T/root
mkdir -p "$R/exercises"
cp -r "$SRC/lexicon" "$R/"
cp -r "$SRC/tests/fixtures/content/exercises/add-user-api" "$R/exercises/"
K=$R/exercises/add-user-api/key.yaml
# A02's patterns: after its first (which samples match), four that cannot match
cat > "$T/patterns" <<'EOF'
    patterns:
      - '\bunauthenticated\b'
      - '\bpaygate\b.*$.*\bauth'
      - 'a\bb'
      - 'x$y'
      - '[^\s\S]token'
EOF
awk -v with="$T/patterns" '/^    patterns: \[.\\bunauthenticated\\b.\]$/ {
  while ((getline line < with) > 0) print line; next } { print }' "$K" > "$T/key" && mv "$T/key" "$K"
grep -qF "      - 'x\$y'" "$K" || fail "the test could not edit the key"

run keycheck --show --threat A02 "$R/exercises/add-user-api"
expect_rc 0
for p in 2 3 4 5; do
  grep -A1 "^    pattern $p: " "$T/out" | grep -qF "matched nothing: check it, or add a sample line it should match" ||
    fail "pattern $p of A02 not marked as matching nothing"
done
grep -A1 "^    pattern 1: " "$T/out" | grep -qF "matched nothing" && fail "pattern 1 of A02 marked"
expect_out "credited"

run keycheck "$R/exercises/add-user-api"
expect_rc 0
grep -Eq "^keycheck add-user-api: [0-9]+ sample\(s\), all as expected$" "$T/out" || fail "keycheck: samples not all as expected"
expect_err "warning: pattern 2 of threat A02, '\\bpaygate\\b.*\$.*\\bauth', matched nothing: no sample line, nor the threat's title, aliases or description; check it"
expect_err "pattern 3 of threat A02, 'a\\bb', matched nothing"
expect_err "pattern 4 of threat A02, 'x\$y', matched nothing"
expect_err "pattern 5 of threat A02, '[^\\s\\S]token', matched nothing"
grep -qF "pattern 1 of threat A02" "$T/err" && fail "pattern 1 of A02 warned about"
# each warning at its pattern's line and column in key.yaml (column 9: the
# opening quote of "      - '...'"), found here by the pattern's text
at() {
  n=$(grep -nF -- "      - '$2'" "$K" | cut -d: -f1)
  [ -n "$n" ] || fail "the test could not find pattern $1 in the key"
  printf "%s:%s:9: warning: pattern %s of threat A02, '%s'" "$K" "$n" "$1" "$2"
}
for w in "$(at 2 '\bpaygate\b.*$.*\bauth')" "$(at 3 'a\bb')" "$(at 4 'x$y')" \
         "$(at 5 '[^\s\S]token')"; do
  expect_err "$w"
done
exit 0
