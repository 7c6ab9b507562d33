# End-to-end: the top-three labels groups really write are read (a plain
# "Top three:" line in a .txt, "## Top 3 risks", bold, numbered sections), the
# label line is not graded as a threat, and a line that only looks like a label
# is warned about instead of silently falling back to the first three lines.
# A wrapped list item is one place of the top three and a table's header row
# none; a heading with a short lead ("## Step 5: Top three") is a label.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
mkdir "$T/c"
sql='SQL injection in the user name field'
admin='anyone can set role=admin in the request and become an admin'
unauth='the endpoint is unauthenticated'
flood='account creation flood exhausts the database'
printf '%s\n%s\nTop three:\n%s\n%s\n' "$sql" "$flood" "$admin" "$unauth" >"$T/c/otters.txt"
printf '## Threats\n- %s\n- %s\n## Top 3 risks\n1. %s\n2. %s\n' "$sql" "$flood" "$admin" "$unauth" >"$T/c/lynx.md"
printf -- '- %s\n- %s\n**Top three (prioritised)**\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/bold.md"
printf -- '- %s\n- %s\n## 3. Top three\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/numbered.md"
printf -- '- %s\n- %s\n## Top three we argued about\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/near.md"
# a wrapped item is one place, a table's header row none (its third row was lost)
printf -- '- %s\n- %s\n## Top three\n1. anyone can set role=admin in the request\n   and become an admin\n2. the endpoint that creates users takes requests from\n   anyone: it is unauthenticated\n3. %s\n' \
  "$sql" "$flood" "$sql" >"$T/c/wrapped.md"
printf -- '- %s\n## Top three\n\n| Rank | Threat | Severity |\n|------|--------|----------|\n| 1 | %s | critical |\n| 2 | %s | high |\n| 3 | %s | medium |\n' \
  "$sql" "$admin" "$unauth" "$flood" >"$T/c/table.md"
# headings with a short lead before "top three" are labels; one with other
# words around it is warned about
printf -- '- %s\n- %s\n## Step 5: Top three\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/step.md"
printf -- '- %s\n- %s\n## Prioritised top three\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/prioritised.md"
printf -- '- %s\n- %s\n## 5. Prioritization (top 3)\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/section.md"
printf -- '- %s\n- %s\n## Attacks on the top 3 services\n- %s\n' "$sql" "$flood" "$admin" >"$T/c/near2.md"

run cohort grade --exercise add-user-api --cohort t "$T/c"; expect_rc 0
expect_err "warning: '$T/c/near.md':3 looks like a top-three heading but is not read as one"
expect_err "warning: '$T/c/near2.md':3 looks like a top-three heading but is not read as one"
for g in otters lynx bold numbered wrapped table step prioritised section; do
  ! grep -q "'$T/c/$g" "$T/err" || fail "$g should not be warned about"
done
# 4 lines, the label is not one of them: otters found all 4 threats in 4 lines
# (read the count first: a failure to read the gradebook is not a wrong count)
lines=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select lines from gb_submissions where name='otters'\").fetchone()[0])" "$TMDOJO_HOME/progress.db") \
  || fail "cannot read otters' line count from $TMDOJO_HOME/progress.db"
[ "$lines" = 4 ] || fail "the 'Top three:' label was graded as a threat line ($lines lines, not 4)"
run cohort report --cohort t --format json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "top three not read from the labels"
import json, sys
d = json.load(open(sys.argv[1]))
top = {s["name"]: [t["threat"] for t in s["top_three"]] for s in d["submissions"]}
assert top["otters"] == ["A01", "A02"], top
assert top["lynx"] == ["A01", "A02"], top
assert top["bold"] == ["A01"], top
assert top["numbered"] == ["A01"], top
assert top["near"] == ["A03", "A04", "A01"], top
assert top["near2"] == ["A03", "A04", "A01"], top
assert top["wrapped"] == ["A01", "A02", "A03"], top
assert top["table"] == ["A01", "A02", "A04"], top
for g in ("step", "prioritised", "section"):
    assert top[g] == ["A01"], (g, top)
PY
# the man page says what the code does: threat lines, not lines
! grep -q "else its first three lines" "$SRC/docs/tmdojo.1" || fail "man page: first three lines"
grep -q "else its first three threat lines" "$SRC/docs/tmdojo.1" || fail "man page: first three threat lines"
exit 0
