# The pager counted only the text it paged, not what was printed above it: a
# lesson's title (two rows with its '=' underline) and an exercise's read step
# (its title, time box and summary, a dozen rows above the design document)
# scrolled away before the first "-- more" on an 80x24 terminal, so a learner
# never saw the lesson's title or the step's time box and scenario. They are
# now paged with the text: the rows from the prompt before to the first
# "-- more" fit the screen (at most ROWS - 2, as page_screen_rows.sh checks).
. "$(dirname "$0")/lib/common.sh"
# a terminal layout test (tens of seconds under valgrind): skipped there to keep
# CI's valgrind run short; make check runs it under ASan and UBSan
[ -z "${TMDOJO_WRAP:-}" ] || { echo "pty layout test: skipped under TMDOJO_WRAP (make check covers it)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
export TMDOJO_HOME="$T/home"

# first_page FILE PROMPT: the rows (at 80 columns) from the line after the last
# PROMPT before the first "-- more" to that "-- more", at most 22
first_page() {
  python3 - "$1" "$2" <<'PY'
import sys, unicodedata
text = open(sys.argv[1], encoding='utf-8', newline='').read()
head = text.split('-- more')[0].split(sys.argv[2])[-1]
lines = head.split('\r\n')[1:-1]    # after the prompt's own row, before "-- more"
rows = sum(max(1, -(-sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1
                         for c in l) // 80)) for l in lines)
print(rows)
for l in lines:
    print(l)
sys.exit(0 if rows <= 22 else 1)
PY
}

# a lesson: its title and underline are on the first screen
TMDOJO_CONTENT=$SRC python3 "$SRC/tests/e2e/lib/ptydrive.py" 80 24 \
  "NO_COLOR=1 exec $TMDOJO learn --learner ana intro/stride-s-t-r" \
  '@start, q stops' '\r' '@-- more' 'q\r' > "$T/out" 2>"$T/err"
first_page "$T/out" "start, q stops" > "$T/page" || { cat "$T/page" >> "$T/out"; fail "the lesson's first page is taller than the screen"; }
grep -qF "STRIDE: a checklist for what can go wrong" "$T/page" || fail "no lesson title on its first page"

# an exercise's read step: its title, time box and summary before the design
make_demo_root "$T/root"
cp -r "$SRC/exercises/credit-card-billing" "$T/root/exercises/"
[ -f "$SRC/policy.yaml" ] && cp "$SRC/policy.yaml" "$T/root/"
printf 'id: m\ntitle: Billing\nsummary: [The billing design]\nobjectives: [Read a design]\nitems:\n  - exercise: credit-card-billing\n' \
  > "$T/root/courses/demo/m.yaml"
TMDOJO_CONTENT=$T/root python3 "$SRC/tests/e2e/lib/ptydrive.py" 80 24 \
  "NO_COLOR=1 exec $TMDOJO learn --learner ana demo" \
  '@start, q stops' '\r' '@-- more' 'q\r' > "$T/out" 2>"$T/err"
first_page "$T/out" "start, q stops" > "$T/page" || { cat "$T/page" >> "$T/out"; fail "the read step's first page is taller than the screen"; }
grep -qF "of 6: Read the design" "$T/page" || { cat "$T/page" >> "$T/out"; fail "no step title on the read step's first page"; }
grep -qF "Time box: 10 minutes." "$T/page" || fail "no time box on the read step's first page"
grep -qF "Design: direct card billing" "$T/page" || fail "no design document on the read step's first page"
