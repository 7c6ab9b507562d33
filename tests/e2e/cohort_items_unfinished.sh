# End-to-end: cohort items ranks for discrimination only the learners who
# finished the quiz. half answered the first 5 of 10 questions, all right: their
# partial total tied them with weak and turned stride-count's +1.00 into +0.00.
# They still count in facility, and the line says they were not ranked.
. "$(dirname "$0")/lib/common.sh"
cd "$SRC" || fail "cannot cd to $SRC"
Q=intro/stride-s-t-r
run learn --seed 7 --solve $Q; expect_rc 0
cp "$T/out" "$T/solve.txt"
IN=$T/solve.txt run learn --learner top --seed 7 $Q; expect_rc 0
head -n 5 "$T/solve.txt" > "$T/half.txt"
IN=$T/half.txt run learn --learner half --seed 7 $Q
{ printf '5\n5\n'; sed -n 2,4p "$T/solve.txt"; printf 'a\na\n'; sed -n '6,$p' "$T/solve.txt"; } \
  > "$T/weak.txt"
IN=$T/weak.txt run learn --learner weak --seed 7 $Q; expect_rc 0

run cohort add c3 top half weak; expect_rc 0
run cohort items -c c3; expect_rc 0
expect_out "stride-count  n=3  facility 0.67  discrimination +1.00 (groups of 1; 1 not ranked: quiz unfinished)"
expect_out "tampering-property  n=3  facility 0.67  discrimination +1.00 (groups of 1; 1 not ranked: quiz unfinished)"
# a question half never reached: nobody left out
expect_out "tls-not-everything  n=2  facility 1.00  discrimination +0.00 (groups of 1) too-easy"
run cohort items -c c3 --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "items json does not say who was not ranked"
import json, sys
q = {x["question"]: x for x in json.load(open(sys.argv[1]))["questions"]}
assert q["stride-count"]["discrimination"] == 1.0 and q["stride-count"]["unfinished"] == 1, q
assert q["tls-not-everything"]["unfinished"] == 0, q
PY
run cohort add c2 top weak; expect_rc 0
run cohort items -c c2; expect_rc 0
expect_out "stride-count  n=2  facility 0.50  discrimination +1.00 (groups of 1)"
run help cohort; expect_rc 0
expect_out "discrimination ranks only the learners who finished"
exit 0
