# An output file (-o of cohort report, export moodle-xml, export scorm, import
# moodle-xml) that is the progress database or a file SQLite keeps beside it
# (-wal, -shm, -journal) is refused with exit 2, in any spelling (a link, "./",
# a relative path) and whether or not that file exists yet: writing it replaced
# every learner's progress and the gradebook, with exit 0.
# The content is the learn fixture's (course tiny, exercise tiny-ex), not the
# whole bundled content: what is refused is the output path, whatever the course.
. "$(dirname "$0")/lib/common.sh"
TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
export TMDOJO_CONTENT
DB="$TMDOJO_HOME/progress.db"
cp "$TMDOJO_CONTENT/exercises/tiny-ex/samples/good.txt" "$T/strong-group.txt"
run cohort grade --exercise tiny-ex --cohort c "$T/strong-group.txt"
expect_rc 0
[ -f "$DB" ] || fail "no progress database after cohort grade"
sum() { cksum "$DB" | cut -d' ' -f1-2; }
before=$(sum)
ln -s "$DB" "$T/link.db"
ln -s "$DB-journal" "$T/link.journal"
mkdir "$T/sub"

# refused PATH [WHICH]: the run refused PATH (WHICH: "the journal of "...),
# left the database as it was, and the gradebook still reads
refused() {
  expect_rc 2
  expect_err "refusing to write '$1': it is ${2:-}tmdojo's progress database"
  expect_err "choose another -o FILE"
  [ "$(sum)" = "$before" ] || fail "the progress database changed"
  [ ! -e "$DB-journal" ] || fail "a journal file was written"
  ls "$TMDOJO_HOME" | grep -q 'tmp-' && fail "a temporary file was left in TMDOJO_HOME"
  run cohort report --cohort c --format text
  expect_rc 0
  expect_out "strong-group"
}

run cohort report --cohort c --format html -o "$DB"; refused "$DB"
run cohort report --cohort c --format csv -o "$T/link.db"; refused "$T/link.db"
run cohort report --cohort c -o "$TMDOJO_HOME/./progress.db-wal"
refused "$TMDOJO_HOME/./progress.db-wal" "the write-ahead log of "
run cohort report --cohort c -o "$T/link.journal"; refused "$T/link.journal" "the journal of "
run export moodle-xml --course tiny -o "$DB"; refused "$DB"
run export moodle-xml --course tiny -o "$T/sub/../link.db"; refused "$T/sub/../link.db"
run export moodle-xml --course tiny -o "$DB-shm"; refused "$DB-shm" "the shared-memory index of "
run export scorm --course tiny -o "$DB"; refused "$DB"
run export scorm --course tiny -o "$TMDOJO_HOME/progress.db-journal"
refused "$TMDOJO_HOME/progress.db-journal" "the journal of "
( cd "$TMDOJO_HOME" && "$TMDOJO" export scorm --course tiny -o progress.db ) \
  >"$T/out" 2>"$T/err" </dev/null
rc=$?
refused "progress.db"
printf '<?xml version="1.0"?><quiz><question type="truefalse"><name><text>q</text></name><questiontext format="html"><text>Q?</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>\n' > "$T/bank.xml"
run import moodle-xml "$T/bank.xml" -o "$DB" --force; refused "$DB"

# another file beside it is still written
run cohort report --cohort c --format html -o "$TMDOJO_HOME/report.html"
expect_rc 0
grep -q "<html" "$TMDOJO_HOME/report.html" || fail "the report was not written"
exit 0
