#!/bin/sh
# The evaluation corpus and its Python tools: check.py passes on the shipped corpus and
# names a broken line; baseline.py (word overlap and token-set ratio) and agreement.py
# print their figures.
. "$(dirname "$0")/lib/common.sh"
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml not installed"; exit 77; }
E="$SRC/tests/eval"

# the shipped corpus is well formed
python3 "$E/check.py" "$E" > "$T/out" 2>&1 || fail "check.py rejects the shipped corpus"
expect_out "total:"
expect_out "practice:"
# a label that is not in the key is named with its file and line
mkdir -p "$T/c/dev/s"
cp "$SRC/tests/fixtures/grader/eval/dev/invoicing/key.yaml" "$T/c/dev/s/"
printf 'Z99\tsomething\n' > "$T/c/dev/s/a.lab"
if python3 "$E/check.py" "$T/c" > "$T/out" 2>&1; then
  fail "check.py accepted an unknown threat id"
fi
expect_out "a.lab:1: unknown id 'Z99'"

# baselines: one line per split with the figures tmdojo eval reports
python3 "$E/baseline.py" --threshold 0.2 "$E" > "$T/out" 2>&1 || fail "baseline.py failed"
expect_out "blind: threshold 0.20"
expect_out "line precision"
python3 "$E/baseline.py" --tokenset --threshold 0.5 "$SRC/tests/fixtures/grader/eval" \
  > "$T/out" 2>&1 || fail "baseline.py --tokenset failed"
expect_out "threshold 0.50"
# an unknown option or a missing directory is an error with the usage, not a traceback
rc=0; python3 "$E/baseline.py" --help-me > "$T/out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "baseline.py --help-me exit $rc"
expect_out "usage: python3 tests/eval/baseline.py"
rc=0; python3 "$E/baseline.py" "$T/no-such-dir" > "$T/out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "baseline.py on a missing directory exit $rc"
expect_out "no-such-dir: not a directory"
# token_set_ratio as fuzzywuzzy defines it: equal token sets score 1; otherwise the best
# difflib ratio, here "sql" against "sql bug" (2 * 3 / 10)
( cd "$E" && python3 -c '
import baseline as b
assert b.token_set_ratio("Fuzzy wuzzy was a bear", "wuzzy fuzzy was a bear") == 1.0
assert b.token_set_ratio("sql injection", "SQL injection in search") == 1.0
assert abs(b.token_set_ratio("sql bug", "sql injection") - 0.6) < 1e-9
assert b.token_set_ratio("abc", "xyz") == 0.0
' ) > "$T/out" 2>&1 || fail "token_set_ratio: $(cat "$T/out")"

# screen_lexicon.py applies proposal entries one at a time and reports each
cat > "$T/proposal.yaml" <<'YAML'
expansions:
  pwd123: weak password
extend:
  - [no such group, "some member"]
  - [weak credential, "password1234"]
YAML
( cd "$SRC" && python3 tests/eval/screen_lexicon.py --tmdojo "$TMDOJO" "$T/proposal.yaml" ) \
  > "$T/out" 2>&1 || fail "screen_lexicon.py failed"
expect_out "3 entries screened"
expect_out "names no group"
# a group whose first member en.yaml quotes ("weak credential") is found
[ "$(grep -c 'names no group' "$T/out")" -eq 1 ] || fail "screen_lexicon.py missed a quoted group"
# a malformed entry is named, not a traceback
printf 'synonyms:\n  - just one word\n' > "$T/bad.yaml"
if ( cd "$SRC" && python3 tests/eval/screen_lexicon.py --tmdojo "$TMDOJO" "$T/bad.yaml" ) \
  > "$T/out" 2>&1; then
  fail "screen_lexicon.py accepted a malformed proposal"
fi
expect_out "bad.yaml: synonyms: entry 1 must be a list of two or more words"

# two graders' agreement over the shipped second labellings
python3 "$E/agreement.py" "$E" > "$T/out" 2>&1 || fail "agreement.py failed"
expect_out "threats found: P"
exit 0
