# End-to-end: cohort items counts a question's choices only from answers given
# to its choices as they are now. After an author swapped two choices, the
# counts followed the stored letters to the wrong options (a text no learner
# picked got their counts); now the answers to the earlier version are left
# out and said, and answers stored before versions were kept are counted as if
# unchanged, with a note. Facility still counts every answer.
. "$(dirname "$0")/lib/common.sh"
cd "$SRC" || fail "cannot cd to $SRC"
M=intro/the-four-steps
run learn --seed 7 --solve $M; expect_rc 0
cp "$T/out" "$T/right.txt"
for l in good1 good2; do
  IN=$T/right.txt run learn --learner $l --seed 7 $M; expect_rc 0
done
{ sed -n 1,3p "$T/right.txt"; printf 'a\na\n'; sed -n '5,$p' "$T/right.txt"; } > "$T/weak.txt"
IN=$T/weak.txt run learn --learner weak --seed 7 $M; expect_rc 0
run cohort add cls good1 good2 weak; expect_rc 0
run cohort items --cohort cls; expect_rc 0
grep -A2 'why-design-time' "$T/out" > "$T/before"
grep -q 'Design flaws are far cheaper.*2  (correct)' "$T/before" || fail "before the edit: $(cat "$T/before")"
expect_no_out "earlier version"

# the author swaps the right choice with the one after it
C=$T/content; mkdir "$C"
cp -r courses exercises lexicon policy.yaml "$C/"
python3 - "$C/courses/intro/02-the-four-steps.yaml" <<'PY' || fail "cannot edit the copy"
import sys; p = sys.argv[1]; s = open(p).read()
a = """          - text: Design flaws are far cheaper and easier to fix before the code and the data exist
            correct: true
            feedback: Changing a document costs much less than changing a running system.
"""
b = """          - text: After launch, security bugs can no longer be fixed
            feedback: They can be fixed, just at a much higher cost, and some harm may already be done.
"""
assert a + b in s
open(p, 'w').write(s.replace(a + b, b + a))
PY
run --content "$C" cohort items --cohort cls; expect_rc 0
expect_out "why-design-time  n=3  facility 0.67"
grep -A5 'why-design-time' "$T/out" > "$T/after"
grep -q 'After launch.*  0$' "$T/after" || fail "the swapped-in choice got counts: $(cat "$T/after")"
grep -q 'Design flaws.*  0  (correct)' "$T/after" || fail "counts after the swap: $(cat "$T/after")"
expect_out "3 answers to an earlier version of this question are not counted in the choices"
run --content "$C" cohort items --cohort cls --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "items json does not count the earlier version apart"
import json, sys
q = {x["question"]: x for x in json.load(open(sys.argv[1]))["questions"]}
w = q["why-design-time"]
assert w["other_version"] == 3 and w["unversioned"] == 0 and w["answered"] == 3, w
assert all(c["chosen"] == 0 for c in w["choices"]), w
PY

# answers stored by an older tmdojo carry no version: counted as if unchanged
python3 - "$TMDOJO_HOME/progress.db" <<'PY' || fail "cannot blank the versions"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE answers SET question_version = ''")
db.commit()
PY
run cohort items --cohort cls; expect_rc 0
expect_out "3 answers stored before question versions were kept: counted as if the choices were unchanged"
grep -A2 'why-design-time' "$T/out" | grep -q 'Design flaws are far cheaper.*2  (correct)' \
  || fail "unversioned answers are not counted"
exit 0
