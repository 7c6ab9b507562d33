# More warnings than tmdojo keeps (TM_MAX_DIAGS, 1000): the printer says how
# many more were not shown, and the import's closing summary (the placeholders
# warning) is still printed. They stopped silently after 1000, the last for
# 'Essay 999', the summary lost.
. "$(dirname "$0")/lib/common.sh"
python3 -c 'import sys' 2>/dev/null || { echo "python3 not installed"; exit 77; }
python3 - "$T/bank.xml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    for i in range(1200):
        f.write('<question type="truefalse"><name><text>TF %d</text></name>'
                '<questiontext><text>Statement %d is true.</text></questiontext>'
                '<generalfeedback><text>It says so.</text></generalfeedback>'
                '<answer fraction="100"><text>true</text></answer>'
                '<answer fraction="0"><text>false</text></answer></question>\n' % (i, i))
    for i in range(1200):
        f.write('<question type="essay"><name><text>Essay %d</text></name>'
                '<questiontext><text>Explain %d.</text></questiontext></question>\n' % (i, i))
    f.write('</quiz>\n')
PY
run import moodle-xml "$T/bank.xml" -o "$T/bank.yaml"
expect_rc 0
expect_err "question 'Essay 999': type 'essay' has no tmdojo equivalent: skipped"
expect_err "tmdojo import moodle-xml: ... and 200 more warnings not shown (the list stops at 1000)"
expect_err "warning: the module's objectives and summary are placeholders: rewrite them"
expect_err "wrote 1200 questions to"
! grep -q "Essay 1000'" "$T/err" || fail "a warning past the limit was printed"
# the hidden line comes after the 1000 kept, before the summary
n=$(grep -n "more warnings not shown" "$T/err" | cut -d: -f1)
s=$(grep -n "placeholders" "$T/err" | cut -d: -f1)
[ "$n" = 1001 ] && [ "$s" = 1002 ] || fail "hidden line at $n, summary at $s"
exit 0
