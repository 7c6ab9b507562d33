# keycheck --show lists, per threat, every sample line whose score reaches the
# grading threshold (not only the one line credited): its score, whether it was
# credited or which threat took it or which line the threat went to, and why
# (pattern, alias, shared words); then the two closest near misses over 0.30.
# A too-broad pattern shows every line it hits. Output fits 80 columns (patterns,
# which are code, excepted) and is the same on every run.
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
X="$T/c/exercises/add-user-api"
printf '%s\n' "anyone can create users without authentication" \
  "an unauthenticated caller can create admin users" "sql injection in the user name" \
  "the user name field is slow" "creating many accounts fills the database" > "$X/samples/more.txt"
printf '%s\n' '  - file: samples/more.txt' '    expect:' '      found: [A01, A02, A03, A04]' \
  '      score: [0, 100]' >> "$X/exercise.yaml"
run keycheck --show "$X"
expect_rc 0
cp "$T/out" "$T/show1"
expect_out "A02 [high] No authentication on the endpoint lets anyone create users"
expect_out "    pattern 1: \\bunauthenticated\\b"
expect_out "    alias 1: mass assignment of role"
expect_out "    3 sample lines reach 0.450; credited in 2 samples:"
# ties and lines that went elsewhere are shown, with the reason
grep -A2 -F "    0.952  samples/good.txt:3  credited" "$T/out" | grep -qF "pattern 1 matched" \
  || fail "the credited pattern line and its reason"
grep -A2 -F "    0.950  samples/more.txt:2  taken by A01 (0.595)" "$T/out" \
  | grep -qF '"an unauthenticated caller can create admin users"' || fail "a line another threat took"
expect_out "    0.715  samples/more.txt:4  A03 went to line 3"
grep -A2 -F "    0.718  samples/good.txt:2  credited" "$T/out" \
  | grep -qF "shared: can, set, role, admin, request, and, the" || fail "shared words as the reason (the line's own)"
# near misses below the threshold
grep -A3 -F "    near misses (over 0.300, below 0.450):" "$T/out" \
  | grep -qF "    0.373  samples/good.txt:4" || fail "the near miss"
# the same output on every run
run keycheck --show "$X"
cmp -s "$T/out" "$T/show1" || fail "--show output differs between runs"

# a too-broad pattern: every line it hits is listed
sed -i "/title: SQL injection in the user name field/a\\    patterns: ['\\\\busers?\\\\b']" "$X/key.yaml"
grep -qF "patterns: ['\\busers?\\b']" "$X/key.yaml" || fail "key not rewritten: $(cat "$X/key.yaml")"
run keycheck --show "$X"
expect_rc 1   # good.txt expects A03 absent: the pattern now takes its line 4
expect_out "    to do: narrow the alias or pattern that fired: pattern '\\busers?\\b' matched"
awk '/^A03 /,/^$/' "$T/out" > "$T/a03"
grep -qF "    5 sample lines reach 0.450; credited in 2 samples:" "$T/a03" || fail "$(cat "$T/a03")"
test "$(grep -c "pattern 1 matched" "$T/a03")" -eq 5 || fail "not every line the pattern hits: $(cat "$T/a03")"
grep -qF "    0.950  samples/more.txt:2  taken by A01 (0.595)" "$T/a03" || fail "$(cat "$T/a03")"

# 80 columns, stable: the bundled customer-survey, and the fixture's exercise with a
# title and an alias longer than that (the bundled credit-card-billing has both, but
# its --show cost ~28 s of CPU under valgrind each run)
W=$T/long/add-user-api
mkdir "$T/long" && cp -R "$SRC/tests/fixtures/content/exercises/add-user-api" "$W"
sed -i -e 's/^    title: Account creation flood exhausts the database$/&, whose disk fills until the service stops answering/' \
  -e '/^    severity: low$/a\    aliases: ["a script that calls the endpoint in a loop creates accounts until the disk is full"]' \
  "$W/key.yaml"
grep -qF "stops answering" "$W/key.yaml" && grep -qF "until the disk is full" "$W/key.yaml" ||
  fail "the test could not edit the key: $(cat "$W/key.yaml")"
for x in "$W" customer-survey; do
  run keycheck --show "$x"
  expect_rc 0
  awk 'length > 80 && !/^    pattern [0-9]+: /' "$T/out" > "$T/wide"
  [ ! -s "$T/wide" ] || fail "--show lines over 80 columns: $(head -3 "$T/wide")"
  grep -q " $" "$T/out" && fail "--show writes trailing blanks"
  cp "$T/out" "$T/first"
  run keycheck --show "$x"
  cmp -s "$T/out" "$T/first" || fail "--show output of $x differs between runs"
done
exit 0
