# End-to-end: other gradebook writers are not starved by a long cohort grade.
# While 20,000 submissions are graded, `cohort add` must get the write lock
# between two batches and finish long before the grade does (it used to wait
# for the whole run, and failed with "locked" after 3 s). Skipped under
# valgrind, where the grade alone takes minutes.
. "$(dirname "$0")/lib/common.sh"
[ -z "${TMDOJO_WRAP:-}" ] || { echo "skipped under $TMDOJO_WRAP"; exit 77; }
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }

mkdir -p "$T/class"
python3 - "$FIX/class/alpha.txt" "$T/class" <<'PY'
import sys
text = open(sys.argv[1]).read()
for i in range(20000):
    with open("%s/g%05d.txt" % (sys.argv[2], i), "w") as f:
        f.write(text + "- extra line %d\n" % i)
PY
run cohort add c0 first; expect_rc 0   # creates the store before the race

"$TMDOJO" cohort grade --exercise add-user-api --cohort big "$T/class" >"$T/grade.out" 2>"$T/grade.err" &
grader=$!
# wait for the first batch to be stored
i=0
until [ "$(count "select count(*) from gb_submissions")" -gt 0 ]; do
  i=$((i + 1)); [ "$i" -lt 200 ] || fail "the grade stored nothing"
  sleep 0.05
done
for k in 1 2 3; do
  run cohort add c1 "learner$k"; expect_rc 0
  kill -0 "$grader" 2>/dev/null || fail "cohort add $k waited for the whole grade to finish"
done
wait "$grader"; rc=$?
cp "$T/grade.out" "$T/out"; cp "$T/grade.err" "$T/err"
expect_rc 0; expect_out "graded 20000 of 20000 submissions"
[ "$(count "select count(*) from cohort_members where cohort = 'c1'")" = 3 ] || fail "adds lost"
[ "$(count "select count(*) from gb_submissions where cohort = 'big'")" = 20000 ] || fail "grades lost"
exit 0
