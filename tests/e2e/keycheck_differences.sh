# Each keycheck difference names exercise.yaml:line:column of the expectation
# (the found or absent id, the score range), the sample file:line of the line
# that was credited or came closest (with its text), why it scored so, and
# what to do. It said only "samples/good.txt: expected A03 to be found, it was
# not (best similarity 0.373)", with no position and no advice.
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
X="$T/c/exercises/add-user-api"
sed -i 's/found: \[A01, A02\]/found: [A01, A03]/; s/absent: \[A03\]/absent: [A02]/; s/score: \[40, 100\]/score: [90, 100]/' "$X/exercise.yaml"
grep -q 'found: \[A01, A03\]' "$X/exercise.yaml" || fail "fixture not rewritten"
printf 'an unauthenticated caller can create admin users\n' > "$X/samples/taken.txt"
printf 'mass assignment of role\n' > "$X/samples/alias.txt"
printf 'rainy weather\n' > "$X/samples/nothing.txt"
cat >> "$X/exercise.yaml" <<'YAML'
  - file: samples/taken.txt
    expect:
      found: [A01]
      score: [0, 100]
  - file: samples/alias.txt
    expect:
      absent: [A03,
               A01]
      score: [0, 100]
  - file: samples/nothing.txt
    expect:
      found: [A04]
      score: [0, 100]
YAML
run keycheck "$X"
expect_rc 1
expect_err "warning: no lexicon"
expect_out "differences found (graded without a lexicon: see the warning)"
# a threat expected and missed: the closest line, its text, why, what to do
expect_out "$X/exercise.yaml:27:20: samples/good.txt: expected A03 to be found, it was not"
expect_out "    closest: $X/samples/good.txt:4 (0.373, below the threshold)"
expect_out '      "user names are slow to search"'
expect_out "      why: shared: names, user"
expect_out "    to do: add an alias if a fair grader would credit that line; never widen an"
# a threat expected absent and credited: the line, and the pattern to narrow
expect_out "$X/exercise.yaml:28:16: samples/good.txt: expected A02 to be absent, it was credited"
expect_out "    credited: $X/samples/good.txt:3 (0.952)"
expect_out '      "the endpoint is unauthenticated"'
expect_out "    to do: narrow the alias or pattern that fired: pattern '\\bunauthenticated\\b' matched"
# the score range
expect_out "$X/exercise.yaml:29:14: samples/good.txt: score 70.0 is outside [90, 100]"
expect_out "    expected and missed: A03 (medium)"
expect_out "lists what each threat almost matched); never widen the range just to"
# the closest line went to another threat: which one, and what fired there
expect_out "$X/exercise.yaml:32:15: samples/taken.txt: expected A01 to be found, it was not"
expect_out "    closest: $X/samples/taken.txt:1 (0.595)"
expect_out "      taken by A02 (0.950): pattern '\\bunauthenticated\\b' matched"
expect_out "    to do: a line earns one threat: if a fair grader would not credit that line"
# an alias over-credits: named, on a list item written on its own line
expect_out "$X/exercise.yaml:37:16: samples/alias.txt: expected A01 to be absent, it was credited"
expect_out "    to do: narrow the alias or pattern that fired: alias 'mass assignment of"
# nothing shares a word
expect_out "$X/exercise.yaml:41:15: samples/nothing.txt: expected A04 to be found, it was not"
expect_out "    no line of the sample shares a key word with A04"
# over-credit by the threat's own words, and a score above its range
printf 'sql injection in the user name field\n' > "$X/samples/alias.txt"
sed -i 's/^      absent: \[A03,$/      absent: [A03, A04,/' "$X/exercise.yaml"
sed -i '38,39s/score: \[0, 100\]/score: [0, 10]/' "$X/exercise.yaml"
run keycheck "$X"
expect_rc 1
expect_out "$X/exercise.yaml:36:16: samples/alias.txt: expected A03 to be absent, it was credited"
expect_out "      why: shared: sql, injection"
expect_out "    to do: the threat's own words earned it: make its title and description name"
expect_out "$X/exercise.yaml:38:14: samples/alias.txt: score 20.0 is outside [0, 10]"
expect_out "    credited beyond 'found': A03 (medium) by line 1"
exit 0
