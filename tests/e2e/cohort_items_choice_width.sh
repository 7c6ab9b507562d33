# cohort items printed choices with "%-50.50s": cut at 50 bytes (splitting a
# UTF-8 character, no ellipsis) and padded by bytes, so the counts after an
# accented or CJK choice did not line up. Labels are now cut at a character
# with an ellipsis and padded by display columns.
. "$(dirname "$0")/lib/common.sh"
cp -r "$SRC/tests/fixtures/cohort/content" "$T/content"
export TMDOJO_CONTENT="$T/content"
db="$TMDOJO_HOME/progress.db"
# 49 ASCII bytes, then e-acute across bytes 50 and 51, then more
long="Spoofing of the login form by a forged session id$(printf '\303\251') and more words"
cjk=$(printf '\346\224\271\347\257\241')   # two CJK characters, two columns each
python3 - "$T/content/courses/sample/basics.yaml" "$long" "$cjk" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = s.replace("- text: Spoofing\n", "- text: \"%s\"\n" % sys.argv[2], 1)
s = s.replace("- text: Tampering\n", "- text: \"%s\"\n" % sys.argv[3], 1)
open(p, "w", encoding="utf-8").write(s)
PY
run validate "$T/content/courses/sample"; expect_rc 0
run cohort add c1 s0 w0; expect_rc 0
python3 - "$db" <<'PY' || fail "could not write the answers"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for name, a, ok in (("s0", "a", 1), ("w0", "b", 0)):
    lid = db.execute("insert into learners (name, created) values (?, 0)", (name,)).lastrowid
    db.execute("insert into answers (learner, course, module, item, question, attempt, answer,"
               " score, max, correct, time) values (?, 'sample', 'basics', 1, 'q-single', 1, ?,"
               " ?, 1, ?, 0)", (lid, a, ok, ok))
db.commit()
PY
LC_ALL=C.UTF-8 run cohort items -c c1; expect_rc 0
python3 - "$T/out" "$long" "$cjk" <<'PY' || fail "choices not cut or padded by columns"
import sys, unicodedata
out = open(sys.argv[1], "rb").read().decode("utf-8")   # strict: no split character
long, cjk = sys.argv[2], sys.argv[3]
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [l for l in out.splitlines() if l.startswith("    - ")]
assert len(rows) >= 2, rows
first, second = rows[0], rows[1]
assert first.startswith("    - " + long[:49] + "\u2026 "), first
assert second.startswith("    - " + cjk + " "), second
# the counts start in the same column
c1 = cols(first[:first.rindex("   1")]); c2 = cols(second[:second.rindex("   1")])
assert c1 == c2 == 6 + 50 + 1, (c1, c2, first, second)
PY
exit 0
