# End-to-end: tmdojo cohort add and cohort items. Quiz answers are written into
# the store as the learner experience records them (learners, answers, seeds),
# then the item analysis is read back as text and JSON.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"

run cohort items --cohort c1; expect_rc 2; expect_err "no cohort 'c1'; the gradebook has no cohorts yet"
run cohort add c1 s0 s1 s2 s3 w0 w1 w2 w3; expect_rc 0; expect_out "cohort 'c1': 8 added, 8 members"
run cohort add c1 s0 x9; expect_rc 0; expect_out "cohort 'c1': 1 added, 9 members"
run cohort add c1; expect_rc 2

# s* answer q-single right and q-num right; w* answer both wrong; q-tf everyone
# right (too easy); q-multiple only w* right (negative discrimination). No seed
# is stored, so labels are in the written order (a = Spoofing).
python3 - "$db" <<'PY' || fail "could not write the answers"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def ans(lid, q, a, score, correct, attempt=1):
    db.execute("insert into answers (learner, course, module, item, question, attempt, answer,"
               " score, max, correct, time) values (?, 'sample', 'basics', 1, ?, ?, ?, ?, ?, ?, 0)",
               (lid, q, attempt, a, score, max(score, 1), correct))
for i, name in enumerate(["s0", "s1", "s2", "s3", "w0", "w1", "w2", "w3", "outsider"]):
    cur = db.execute("insert into learners (name, created) values (?, 0)", (name,))
    lid = cur.lastrowid
    strong = name.startswith("s") or name == "outsider"
    ans(lid, "q-single", "a" if strong else "b", 1 if strong else 0, strong)
    if not strong:
        ans(lid, "q-single", "a", 1, 1, attempt=2)   # a retry must not count
    ans(lid, "q-num", "6" if strong else "7", 3 if strong else 0, strong)
    ans(lid, "q-tf", "true", 1, 1)
    ans(lid, "q-multiple", "c" if strong else "a,b", 0 if strong else 1, not strong)
    # finished the quiz: only those are ranked for discrimination
    db.execute("insert into items (learner, course, module, item, score, max, passed,"
               " completed) values (?, 'sample', 'basics', 1, 0, 0, 1, 1)", (lid,))
db.commit()
PY

run cohort items --cohort c1; expect_rc 0
expect_out "cohort c1: 9 members, 4 of 8 questions answered (first attempts)"
# the questions of the quiz nobody reached are listed too (they were left out)
expect_out "sample/basics#1 q-short  n=0  facility n/a  discrimination n/a (nobody answered it)"
expect_out "sample/basics#1 q-threats  n=0  facility n/a"
expect_out "sample/basics#1 q-single  n=8  facility 0.50  discrimination +1.00 (groups of 2)"
expect_out "sample/basics#1 q-tf  n=8  facility 1.00  discrimination +0.00 (groups of 2) too-easy"
expect_out "discrimination -1.00 (groups of 2) negative-discrimination"
expect_out "Tampering"
# choices are the author's order, not letters learners typed
expect_out "choices in the author's order (learners may have seen them shuffled, under other letters)"
expect_no_out "    a) "

run cohort items --cohort c1 --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "items json is not as expected"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["members"] == 9
q = {x["question"]: x for x in d["questions"]}
assert [x["question"] for x in d["questions"]] == ["q-single", "q-multiple", "q-tf", "q-short",
    "q-order", "q-match", "q-num", "q-threats"], list(q)
for n in ("q-short", "q-order", "q-match", "q-threats"):
    x = q[n]
    assert x["answered"] == 0 and x["facility"] is None and x["discrimination"] is None, x
    assert x["flags"] == [] and x["item"] == 1, x
s = q["q-single"]
assert s["answered"] == 8 and s["correct"] == 4 and s["type"] == "single"
assert [c["chosen"] for c in s["choices"]] == [4, 4], s["choices"]
assert s["choices"][0]["correct"] is True and s["choices"][1]["correct"] is False
assert q["q-tf"]["flags"] == ["too-easy"]
assert q["q-multiple"]["flags"] == ["negative-discrimination"]
assert [c["chosen"] for c in q["q-multiple"]["choices"]] == [4, 4, 4]
assert q["q-num"]["choices"] == []
assert q["q-single"]["discrimination"] == 1.0
PY

# one learner: no upper and lower group, so no discrimination (it printed
# "+0.00 (groups of 0)" and JSON 0, which reads as measured)
run cohort add c2 s0; expect_rc 0
run cohort items --cohort c2; expect_rc 0
expect_out "sample/basics#1 q-single  n=1  facility 1.00  discrimination n/a (fewer than 2 learners finished the quiz)"
expect_no_out "groups of 0"
run cohort items --cohort c2 --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "items json of one learner is not as expected"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["questions"] and all(x["discrimination"] is None for x in d["questions"]), d
PY
exit 0
