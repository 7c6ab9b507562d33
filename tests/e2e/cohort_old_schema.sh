# The trainer's read-only commands on a progress database written by an older
# tmdojo (schema 2 to 5: no sessions.seen, no key_hash column, no drafts or
# sessions table)
# show the stored grades, of an unknown key version, and leave the file as it
# was (report said "no such column: key_hash" and stopped).
. "$(dirname "$0")/lib/common.sh"
command -v sqlite3 >/dev/null 2>&1 || exit 77
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"
db="$TMDOJO_HOME/progress.db"
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner ann tiny; expect_rc 0
run cohort add c ann; expect_rc 0
mkdir "$T/class"
printf 'SQL injection in the search box\n' >"$T/class/otters.txt"
run cohort grade --exercise tiny-ex --cohort c "$T/class"; expect_rc 0
# schema 5: sessions without last activity (and no refresher answers, schema 7); 4: no key versions either;
# 3: no sessions; 2: no drafts
sqlite3 "$db" "DROP TABLE refresher_answers; ALTER TABLE sessions DROP COLUMN seen;
  PRAGMA user_version=5" || exit 77
for v in 5 4 3 2; do
  case $v in
  4) sqlite3 "$db" "ALTER TABLE gb_submissions DROP COLUMN key_hash; PRAGMA user_version=4" ;;
  3) sqlite3 "$db" "DROP TABLE sessions; PRAGMA user_version=3" ;;
  2) sqlite3 "$db" "DROP TABLE drafts; PRAGMA user_version=2" ;;
  esac
  cp "$db" "$T/orig"
  for f in text csv json html; do
    run cohort report --cohort c --format "$f"
    [ "$rc" -eq 0 ] || fail "cohort report --format $f on schema $v: exit $rc"
    expect_out "otters"
  done
  run cohort report --cohort c
  [ "$v" -eq 5 ] || expect_out "key unknown"
  run cohort items --cohort c
  [ "$rc" -le 1 ] || fail "cohort items on schema $v: exit $rc"
  run team status; expect_rc 0
  run progress --learner ann; expect_rc 0
  expect_out "tiny"
  cmp -s "$db" "$T/orig" || fail "a read-only command changed the schema-$v file"
done
exit 0
