# Moodle XML out and back: tests/fixtures/export (every question type) exported with
# `export moodle-xml`, imported with `import moodle-xml`, and the module loads in a
# course; every question Moodle can hold comes back with its type, prompt,
# explanation, points, choices, answer, tolerance, order, pairs, hints, feedback,
# accepted answers and rejected answers (0% answers with their feedback) as they were ("secrecy*", a literal star, stays one; '<' and '&',
# which the export writes as entities in Markdown text outside code, come back as
# themselves). What does not survive is said by warnings: patterns, threat lists.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/export"
run export moodle-xml --content "$FIX" -o "$T/bank.xml"; expect_rc 0
expect_err "question 'short-patterns': skipped"
run import moodle-xml "$T/bank.xml" -o "$T/back.yaml" --id back; expect_rc 0
expect_err "question 'threats': type 'essay' has no tmdojo equivalent: skipped"

mkdir -p "$T/root/courses/rt"
cp "$T/back.yaml" "$T/root/courses/rt/back.yaml"
printf 'id: rt\ntitle: Round trip\npart: 1\nsummary: s\nminutes: 5\nobjectives: [o]\nmodules: [back.yaml]\n' \
  > "$T/root/courses/rt/course.yaml"
run validate "$T/root"; expect_rc 0

python3 - "$FIX/courses/exp/types.yaml" "$T/back.yaml" <<'PY' || fail "a question changed on the way"
import sys, yaml
def questions(path, prefix=""):
    doc = yaml.safe_load(open(path))
    return {q["id"][len(prefix):]: q for it in doc["items"] for q in it.get("questions", [])}
before = questions(sys.argv[1])
after = questions(sys.argv[2], "exp-types-")
assert set(after) == set(before) - {"short-patterns", "threats"}, sorted(after)
fields = ("type", "prompt", "explanation", "choices", "answer", "tolerance", "unit", "order",
          "pairs", "distractors", "hints", "feedback", "accept", "reject")
bad = [(k, f, before[k].get(f), after[k].get(f)) for k in after for f in fields
       if before[k].get(f) != after[k].get(f)]
bad += [(k, "points", before[k].get("points", 1), after[k].get("points", 1)) for k in after
        if before[k].get("points", 1) != after[k].get("points", 1)]
for b in bad:
    print("%s.%s: was %r, came back %r" % b)
assert after["short"].get("reject"), "the rejected answers were lost"
sys.exit(1 if bad else 0)
PY
exit 0
