# End-to-end: the trainer's cohort commands on awkward input and output: FIFOs
# and other non-regular files skipped, a bad --cohort refused up front, '-'
# refused by cohort grade, empty submissions warned about, control characters
# in names kept off the terminal, failed writes to standard output reported,
# -o onto a symbolic link or a FIFO, cohort add's options and all-or-nothing adds.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
db="$TMDOJO_HOME/progress.db"
count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$db" "$1"; }
# wrap: the binary as run() runs it (valgrind when TMDOJO_WRAP is set)
wrap() { ${TMDOJO_WRAP:-} "$TMDOJO" "$@"; }

# a FIFO among the submissions is skipped, not read (it would block forever);
# named on the command line too
mkdir -p "$T/fifo"
cp "$FIX/class/alpha.txt" "$T/fifo/a.txt"
mkfifo "$T/fifo/b.txt"
timeout 60 ${TMDOJO_WRAP:-} "$TMDOJO" cohort grade --exercise add-user-api --cohort f "$T/fifo/" \
  >"$T/out" 2>"$T/err" </dev/null
rc=$?
[ "$rc" -ne 124 ] || fail "cohort grade hung on a FIFO"
expect_rc 1
expect_out "graded 1 of 2 submissions"
expect_err "skipped '$T/fifo/b.txt': not a regular file"
! grep -q "fifo//" "$T/err" || fail "a double slash in the skip message"
timeout 60 ${TMDOJO_WRAP:-} "$TMDOJO" cohort grade --exercise add-user-api --cohort f \
  "$T/fifo/b.txt" "$T/fifo/a.txt" >"$T/out" 2>"$T/err" </dev/null
rc=$?
expect_rc 1; expect_out "graded 1 of 2 submissions"
expect_err "skipped '$T/fifo/b.txt': not a regular file"

# an empty or too-long cohort name: one usage error, nothing graded
run cohort grade --exercise add-user-api --cohort '' "$FIX/class"
expect_rc 2; expect_err "tmdojo cohort grade: the cohort name is empty"
[ "$(grep -c . "$T/err")" -eq 1 ] || fail "expected one message"
long=$(python3 -c 'print("c" * 1001)')
run cohort grade --exercise add-user-api --cohort "$long" "$FIX/class"
expect_rc 2; expect_err "the cohort name is too long"

# '-' cannot name a group
IN="$FIX/class/alpha.txt" run cohort grade --exercise add-user-api --cohort f -
expect_rc 2; expect_err "'-' (standard input) cannot be graded"

# an empty submission is stored as 0% with a warning
: >"$T/empty.txt"
run cohort grade --exercise add-user-api --cohort e "$T/empty.txt"
expect_rc 0; expect_err "warning: no threats found in '$T/empty.txt': stored as 0%"
expect_out "graded 1 of 1 submission of"

# a cohort name with a control character is refused, as learner and team names
# are, by every command that stores one; nothing is stored
mkdir -p "$T/esc"
cp "$FIX/class/alpha.txt" "$T/esc/$(printf '\033[31mred').txt"
bad="$(printf 'a\033[31mred')"
run cohort grade --exercise add-user-api --cohort "$bad" "$T/esc"
expect_rc 2
! grep -q "$(printf '\033')" "$T/err" || fail "an escape character in the refusal"
expect_err "the cohort name 'a?[31mred' has a control character"
run cohort add "$bad" ana; expect_rc 2; expect_err "the cohort name 'a?[31mred' has a control character"
# remove stores nothing: only a stored name can match (see cohort_legacy_names)
run cohort remove --cohort "$bad" x; expect_rc 2; expect_err "no cohort 'a?[31mred'"
[ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from gb_submissions where cohort like 'a%red'\").fetchone()[0])" "$TMDOJO_HOME/progress.db")" = 0 ] \
  || fail "a cohort with a control character was stored"
# a group file named so is skipped, with what to do (exit 2 here: it was the
# only file, so nothing at all was graded)
run cohort grade --exercise add-user-api --cohort esc "$T/esc"
expect_rc 2
! grep -q "$(printf '\033')" "$T/out" "$T/err" || fail "an escape character in the grade output"
expect_err "the submission name '?[31mred' has a control character"
# names a store written before the rule may still hold are reported safely
cp "$FIX/class/alpha.txt" "$T/esc/legacy.txt"
run cohort grade --exercise add-user-api --cohort legacy "$T/esc/legacy.txt"; expect_rc 0
python3 -c "import sqlite3,sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE gb_submissions SET cohort = ?, name = ? WHERE cohort = 'legacy'\", ('c\x1b]0;owned\x07', '\x1b[31mred')); c.commit()" "$db"
run cohort report --cohort "$(printf 'c\033]0;owned\007')"
expect_rc 0
! grep -q "$(printf '\033')" "$T/out" || fail "an escape character in the report"
expect_out "cohort c?]0;owned?:"
expect_out "<U+001B>[31mred"

# a failed write to standard output is an error with a message, for every format
run cohort grade --exercise add-user-api --cohort s "$FIX/class/alpha.txt" "$FIX/class/bravo.md"
expect_rc 0; expect_out "2 submissions"
for fmt in text csv json html; do
  wrap cohort report --cohort s --format "$fmt" >/dev/full 2>"$T/err"; rc=$?
  expect_rc 2; expect_err "tmdojo cohort report: cannot write the output: No space left on device"
done
run cohort add s ana; expect_rc 0
wrap cohort items --cohort s --json >/dev/full 2>"$T/err"; rc=$?
expect_rc 2; expect_err "cannot write the output"
wrap cohort grade --exercise add-user-api --cohort s "$FIX/class/alpha.txt" >/dev/full 2>"$T/err"; rc=$?
expect_rc 2; expect_err "cannot write the output"
# what was stored is said, so that the trainer does not take it for lost
expect_err "the grades were stored all the same"
wrap cohort add s bo >/dev/full 2>"$T/err"; rc=$?
expect_rc 2; expect_err "the learners were added all the same"
wrap cohort report --cohort s >/dev/full 2>"$T/err"; rc=$?
grep -qF "all the same" "$T/err" && fail "a report stores nothing, yet says it did"

# -o onto a symbolic link writes the file it points to and keeps the link
echo old >"$T/real.csv"; ln -s "$T/real.csv" "$T/link.csv"
run cohort report --cohort s --format csv -o "$T/link.csv"; expect_rc 0
[ -L "$T/link.csv" ] || fail "-o replaced the symbolic link"
grep -q '^"group"' "$T/real.csv" || fail "the link's file was not written"
# -o onto a FIFO writes into it (a device node the same way), never replaces it
mkfifo "$T/report.fifo"
cat "$T/report.fifo" >"$T/from-fifo" &
reader=$!
run cohort report --cohort s -o "$T/report.fifo"; expect_rc 0
wait "$reader"
[ -p "$T/report.fifo" ] || fail "-o replaced the FIFO"
grep -q "^cohort s:" "$T/from-fifo" || fail "the report did not go through the FIFO"
# and a regular file is still replaced atomically (no temporary left behind)
run cohort report --cohort s -o "$T/r.txt"; expect_rc 0
grep -q "^cohort s:" "$T/r.txt" || fail "no report in the file"
[ "$(ls "$T" | grep -c 'r.txt.tmp')" -eq 0 ] || fail "a temporary file was left"

# cohort add: options parsed, names checked before anything is stored
run cohort add spring --help; expect_rc 0; expect_out "usage: tmdojo cohort"
run cohort add -x foo; expect_rc 2
run cohort add spring ana "" bob; expect_rc 2
expect_err "tmdojo cohort add: the learner name is empty"
[ "$(count "select count(*) from cohort_members where cohort = 'spring'")" = 0 ] \
  || fail "a failed add stored some members"
[ "$(count "select count(*) from cohort_members where cohort in ('-x', '--help') or learner = '--help'")" = 0 ] \
  || fail "an option was stored as a name"
run cohort add spring nosuchlearner; expect_rc 0
expect_err "tmdojo cohort add: warning: no progress recorded yet for 'nosuchlearner'"
expect_out "cohort 'spring': 1 added, 1 member"
run cohort add -- spring -dash; expect_rc 0; expect_out "1 added, 2 members"

# messages carry the command
run cohort report --cohort nobody; expect_rc 2
expect_err "tmdojo cohort report: no cohort 'nobody'"
run cohort report --cohort spring; expect_rc 2
expect_err "tmdojo cohort report: cohort 'spring' has no graded submissions"
# A gradebook that cannot be written still reports: report and items read it
# read-only; grading into it refuses.
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
  ro="$T/ro"; mkdir -p "$ro"
  cp "$TMDOJO" "$T/tmdojo-copy"
  TMDOJO_HOME="$ro" wrap cohort grade --exercise add-user-api --cohort roc "$FIX/class/" \
    >/dev/null 2>&1 </dev/null
  TMDOJO_HOME="$ro" wrap cohort add roc pat >/dev/null 2>&1 </dev/null
  chmod 755 "$T"; chmod 444 "$ro/progress.db"; chmod 555 "$ro"
  as_nobody() { runuser -u nobody -- env HOME=/tmp TMDOJO_HOME="$ro" \
    TMDOJO_CONTENT="$TMDOJO_CONTENT" "$T/tmdojo-copy" "$@" </dev/null >"$T/out" 2>"$T/err"; rc=$?; }
  as_nobody cohort report --cohort roc --format csv
  expect_rc 0
  expect_out "alpha"
  as_nobody cohort items --cohort roc
  ! grep -q "cannot be written\|read-only\|readonly" "$T/err" || fail "items refused a read-only gradebook"
  expect_out "cohort roc: 1 member, none has answered a quiz yet"
  as_nobody team status
  expect_rc 0
  as_nobody cohort grade --exercise add-user-api --cohort roc "$FIX/class/alpha.txt"
  [ "$rc" -ne 0 ] || fail "grading into a read-only gradebook succeeded"
  chmod 755 "$ro"
fi

# -o into a missing directory names the file asked for, not a temporary name
run cohort report --cohort s -o "$T/nodir/x.html" --format html; expect_rc 2
expect_err "tmdojo cohort report: cannot write '$T/nodir/x.html': the directory '$T/nodir' does not exist"
! grep -q '\.tmp' "$T/err" || fail "the message names the temporary file"

# text and html say which version of each submission they show and when it was graded
run cohort report --cohort s; expect_rc 0
grep -E '^  alpha +[0-9.]+%  version [0-9a-f]{8}, graded [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC$' "$T/out" >/dev/null \
  || fail "the text report lacks alpha's version and grading time"
run cohort report --cohort s --format html; expect_rc 0
grep -q '<th>version</th><th>graded</th>' "$T/out" || fail "the html report lacks version and graded columns"
exit 0
