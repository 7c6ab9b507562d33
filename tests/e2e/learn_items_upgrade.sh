# Progress from before item keys (schema 7 kept items by position): the first
# command that writes it with the content at hand (refresh here, learn as well)
# gives each row the key of the item at its position, and marks rows past a
# module's end gone, so that the author's later edits move nothing.
. "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null 2>&1 || exit 77
C="$T/c"
make_demo_root "$C"
quiz() {   # $1 title, $2 id prefix
  printf '  - quiz: %s\n    questions:\n' "$1"
  printf '      - {id: %s1, type: true-false, prompt: %s one?, answer: true, explanation: E}\n' "$2" "$1"
  printf '      - {id: %s2, type: true-false, prompt: %s two?, answer: true, explanation: E}\n' "$2" "$1"
}
write_module() {
  { printf 'id: m\ntitle: M\nobjectives: [Demo]\nitems:\n'; printf '%s\n' "$@"
    printf 'summary: [S]\n'; } > "$C/courses/demo/m.yaml"
}
L1='  - {lesson: L1, body: one.}'
write_module "$L1" "$(quiz QA qa)" "$(quiz QB qb)"
printf '\nfalse\ntrue\n\ntrue\n:q\n' > "$T/in1"
IN="$T/in1" run --content "$C" learn --learner amy demo      # L1, QA done (1 of 2), qb1
expect_rc 0
db="$TMDOJO_HOME/progress.db"
# The file as schema 7 wrote it: positions, not keys; and a result past the
# module's end (an item the author has since removed).
python3 - "$db" <<'PY' || fail "could not make a schema-7 file"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
pos = {'lesson:L1': 0, 'quiz:QA': 1, 'quiz:QB': 2}
for t in ['positions', 'items', 'answers', 'seeds', 'drafts', 'refresher_answers']:
    cols = [r[1] for r in db.execute('PRAGMA table_info(%s)' % t)]
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
    rows = db.execute('SELECT * FROM %s' % t).fetchall()
    db.execute('DROP TABLE %s' % t)
    db.execute(sql.replace('item TEXT', 'item INTEGER'))
    i = cols.index('item')
    for r in rows:
        r = list(r); r[i] = pos[r[i]]
        db.execute('INSERT INTO %s VALUES (%s)' % (t, ','.join('?' * len(r))), r)
amy = db.execute("SELECT id FROM learners WHERE name = 'amy'").fetchone()[0]
db.execute("INSERT INTO items VALUES (?, 'demo', 'm', 5, 3, 4, 0, 0)", (amy,))
# and without the team session columns of migrations 10 and 11
db.execute('DROP INDEX team_sessions_by_held')
db.execute('ALTER TABLE team_sessions DROP COLUMN held')
db.execute('ALTER TABLE team_sessions DROP COLUMN lines_hash')
# and without the top-three columns of migration 13
db.execute('ALTER TABLE gb_top DROP COLUMN closest')
db.execute('ALTER TABLE gb_top DROP COLUMN similarity')
db.execute('ALTER TABLE gb_submissions DROP COLUMN top_given')
db.execute('PRAGMA user_version = 7')
db.commit()
PY
run --content "$C" progress --learner amy --json     # read-only: by position
expect_rc 0
expect_out '"done":2'
IN=/dev/null run --content "$C" refresh --learner amy  # writes: upgrades, then adopts
rows() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }
[ "$(rows "PRAGMA user_version")" -ge 8 ] || fail "refresh should upgrade the file"
[ "$(rows "SELECT count(*) FROM items WHERE item GLOB '#*'")" -eq 0 ] || fail "rows left by position"
[ "$(rows "SELECT count(*) FROM items WHERE item = 'gone#5'")" -eq 1 ] || fail "the row past the end should be gone"
[ "$(rows "SELECT count(*) FROM answers WHERE item = 'quiz:QA'")" -eq 2 ] || fail "QA's answers should have its key"

# The author reorders and adds items: nothing moves, and the gone row stays gone.
write_module "$(quiz QB qb)" "$(quiz QA qa)" "$L1" '  - {lesson: L2, body: two.}' \
  '  - {lesson: L3, body: three.}' '  - {lesson: L4, body: four.}'
run --content "$C" progress --learner amy --json
expect_rc 0
expect_out '"done":2'
expect_out '"item":0'          # amy stopped in QB, now first
printf 'true\n' > "$T/in2"
IN="$T/in2" run --content "$C" learn --learner amy demo
expect_out "Quiz: QB"
expect_out "Question 2 of 2"
expect_no_out "Question 1 of 2"
expect_no_out "QA one?"
