# The pager counted logical lines, not the rows they take on the screen: on a
# 40x30 terminal `show intro/questions-on-a-diagram` printed 40 rows before the
# first "-- more --" (ten diagram lines wider than 40 columns wrap onto two), so
# ten rows scrolled away unseen. Each page now fits the screen: at most ROWS - 2
# rows (the prompt and the line typed after it keep the rest).
. "$(dirname "$0")/lib/common.sh"
# a terminal layout test (tens of seconds under valgrind): skipped there to keep
# CI's valgrind run short; make check runs it under ASan and UBSan
[ -z "${TMDOJO_WRAP:-}" ] || { echo "pty layout test: skipped under TMDOJO_WRAP (make check covers it)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
export TMDOJO_CONTENT="$SRC"
python3 "$SRC/tests/e2e/lib/ptydrive.py" 40 30 \
  "NO_COLOR=1 exec ${TMDOJO_WRAP:-} $TMDOJO show intro/questions-on-a-diagram" \
  '@-- more' '\r' '@-- more' '\r' '@-- more' '\r' '@-- more' 'q\r' > "$T/out" 2>"$T/err"
grep -qF -- "-- more" "$T/out" || fail "no page prompt on a 40x30 terminal"
# rows each page takes at 40 columns (wide characters as two), at most 28
python3 - "$T/out" <<'PY' || fail "a page is taller than the screen"
import sys, unicodedata
text = open(sys.argv[1], encoding='utf-8', newline='').read()
pages = text.split('-- more')[:-1]   # the pages shown in full before a prompt
bad = False
for n, page in enumerate(pages):
    lines = page.split('\r\n')[:-1]    # the last is the prompt's own row
    if n > 0:
        lines = lines[1:]             # the rest of the prompt's own row
    rows = 0
    for line in lines:
        w = sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in line)
        rows += max(1, -(-w // 40))
    if rows > 28:
        print('page %d takes %d rows' % (n + 1, rows))
        bad = True
sys.exit(1 if bad else 0)
PY
