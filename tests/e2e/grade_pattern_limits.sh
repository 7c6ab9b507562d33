# An author pattern that passes validate's probe can still stop at the
# grader's match limit on a learner's line (\b[i]d\s(x+x+)+y on "id xxxx...,
# anyway"): it counts as no match, and nobody was told. grade now warns on
# stderr (key file, threat, pattern and its text, submission line, what to
# do), --json adds "pattern_limits" only when there was a hit (every other
# report stays byte-identical), the exit status is unchanged; cohort grade
# team record and eval warn the same way, and keycheck fails a sample that hits a
# limit.
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
X="$T/c/exercises/add-user-api"
sed -i "s/    patterns: \['\\\\bunauthenticated\\\\b'\]/    patterns: ['\\\\bunauthenticated\\\\b', '\\\\b[i]d\\\\s(x+x+)+y']/" "$X/key.yaml"
grep -qF "'\\b[i]d\\s(x+x+)+y'" "$X/key.yaml" || fail "fixture key not rewritten"
# validate's probe does not catch this one: only grading can
run validate "$X/key.yaml"
expect_rc 0
RUN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
printf '# ours\nanyone can set role=admin in the request\n\nid %s, anyway\n' "$RUN" > "$T/hit.txt"
printf '# ours\nanyone can set role=admin in the request\nthe endpoint is unauthenticated\n' > "$T/plain.txt"

run grade --key "$X/key.yaml" "$T/hit.txt"
expect_rc 0
expect_out "found (1):"
expect_err "$T/hit.txt:4: warning: pattern patterns[1] '\\b[i]d\\s(x+x+)+y' of threat A02 in $X/key.yaml stopped at the grader's match limit on this line and was counted as no match"
expect_err "validate's probe did not catch this pattern: the key's author should simplify it (no nested repetition such as (x+)+) and grade this line again to check"
[ "$(wc -l < "$T/err")" -eq 1 ] || fail "one warning expected"
# with a pass mark the exit status is the grade's, not the warning's
run grade --key "$X/key.yaml" --pass 10 "$T/hit.txt"
expect_rc 0
run grade --key "$X/key.yaml" --pass 90 "$T/hit.txt"
expect_rc 1
expect_err "warning: pattern patterns[1]"

run grade --key "$X/key.yaml" --json "$T/hit.txt"
expect_rc 0
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["pattern_limits"] == [{"threat": "A02", "pattern": 1, "line": 4}], d.get("pattern_limits")
' "$T/out" || fail "pattern_limits wrong"
expect_err "warning: pattern patterns[1]"
# several submissions: each object says its own
run grade --key "$X/key.yaml" --json "$T/plain.txt" "$T/hit.txt"
expect_rc 0
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert "pattern_limits" not in d[0], d[0]
assert d[1]["pattern_limits"] == [{"threat": "A02", "pattern": 1, "line": 4}], d[1]
' "$T/out" || fail "pattern_limits wrong in an array"

# an ordinary submission: no field, no warning
run grade --key "$X/key.yaml" --json "$T/plain.txt"
expect_rc 0
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert "pattern_limits" not in d, d
assert [f["threat"] for f in d["found"]] == ["A01", "A02"], d["found"]
' "$T/out" || fail "pattern_limits on an ordinary submission"
[ ! -s "$T/err" ] || fail "warning on an ordinary submission"

# cohort grade: graded and stored all the same, the trainer warned
TMDOJO_CONTENT="$T/c" run cohort grade --exercise add-user-api --cohort c1 "$T/hit.txt" "$T/plain.txt"
expect_rc 0
expect_out "graded 2 of 2"
expect_err "$T/hit.txt:4: warning: pattern patterns[1] '\\b[i]d\\s(x+x+)+y' of threat A02 in $X/key.yaml stopped at the grader's match limit"
[ "$(grep -c warning "$T/err")" -eq 1 ] || fail "one warning expected from cohort grade"

# team record: recorded all the same, warned
printf 'id %s, anyway\nthe endpoint is unauthenticated\nid %s, ok anyway\n' "$RUN" "$RUN" > "$T/team.txt"
TMDOJO_CONTENT="$T/c" run team record payments --exercise add-user-api "$T/team.txt"
expect_rc 0
expect_out "recorded a session of team 'payments'"
expect_err "$T/team.txt:1: warning: pattern patterns[1] '\\b[i]d\\s(x+x+)+y' of threat A02 in $X/key.yaml stopped at the grader's match limit"
expect_err "$T/team.txt: warning: 1 more pattern evaluation(s) stopped at the grader's match limit"

# eval: the figures stand (no match), the key's author is warned
mkdir -p "$T/corpus/dev/sys1"
cp "$X/key.yaml" "$T/corpus/dev/sys1/key.yaml"
printf 'A02\tid %s, anyway\n-\tthe logo is ugly\n' "$RUN" > "$T/corpus/dev/sys1/a.lab"
run --content "$SRC" eval "$T/corpus"
expect_rc 0
expect_err "$T/corpus/dev/sys1/a.lab:1: warning: pattern patterns[1] '\\b[i]d\\s(x+x+)+y' of threat A02 in $T/corpus/dev/sys1/key.yaml stopped at the grader's match limit"

# keycheck: a sample that hits a limit fails, even with every expectation met
run keycheck "$X"
expect_rc 0
cp "$T/hit.txt" "$X/samples/limit.txt"
cat >> "$X/exercise.yaml" <<'YAML'
  - file: samples/limit.txt
    expect:
      found: [A01]
      score: [0, 100]
YAML
run keycheck "$X"
expect_rc 1
expect_err "$X/samples/limit.txt:4: warning: pattern patterns[1] '\\b[i]d\\s(x+x+)+y' of threat A02 in $X/key.yaml stopped at the grader's match limit"
expect_out "keycheck add-user-api: 2 sample(s), pattern limits hit in 1 (see the warnings)"
exit 0
