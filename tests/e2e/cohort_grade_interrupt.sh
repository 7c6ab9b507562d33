# Ctrl-C during cohort grade ended it silently with the signal's default
# action, the batch being graded lost without a word. Now the signal stops the
# reading, what was graded is stored (each batch is its own transaction, as
# before), a closing line says how many were stored and how many not read, and
# the exit status is 128 + the signal (130 for SIGINT), as learn's.
# The run is held at the store of its first batch by another connection's
# write lock, so the signal lands at a known point: after the first batch of
# 250 was read (the warning about the 250th file's label says so), before it
# is stored.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }
mkdir "$T/class"
python3 - "$T/class" <<'PY'
import sys
for i in range(300):
    with open("%s/g%03d.txt" % (sys.argv[1], i), "w") as f:
        if i == 249:   # the last file of the first batch: warned about when read
            f.write("## Top three we argued about\n")
        f.write("SQL injection in the search form %d\n" % i)
PY
run cohort add c0 first; expect_rc 0   # creates the store before the lock
# hold the write lock until $T/go appears
python3 - "$db" "$T/go" "$T/locked" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[3], "w").close()
while not os.path.exists(sys.argv[2]):
    time.sleep(0.02)
db.execute("COMMIT")
PY
locker=$!
i=0; until [ -f "$T/locked" ]; do i=$((i + 1)); [ $i -lt 300 ] || fail "no lock"; sleep 0.1; done
${TMDOJO_WRAP:-} "$TMDOJO" cohort grade --exercise add-user-api --cohort big "$T/class" \
  >"$T/out" 2>"$T/err" &
pid=$!
wait_for "g249.txt':1 looks like a top-three heading" "$T/err"
kill -INT "$pid"
touch "$T/go"
wait "$locker"
wait "$pid"; rc=$?
expect_rc 130
expect_err "tmdojo cohort grade: interrupted: the 250 graded in this run are stored; 50 of 300 submissions were not read (their earlier grades are unchanged): run it again to grade them"
[ "$(count "select count(*) from gb_submissions where cohort = 'big'")" = 250 ] ||
  fail "the first batch was not stored"
[ "$(grep -c '^g[0-9]' "$T/out")" = 250 ] || fail "not a line per stored group"
expect_no_out "graded 250 of 300"
# run again: the rest are graded, the others unchanged
run cohort grade --exercise add-user-api --cohort big "$T/class"; expect_rc 0
expect_out "graded 300 of 300 submissions"
[ "$(grep -c '(unchanged)' "$T/out")" = 250 ] || fail "the stored grades changed"
exit 0
