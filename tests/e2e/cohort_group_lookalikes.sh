# End-to-end: cohort grade warns, and cohort report marks, groups that look
# like another group of the cohort on the exercise: a name that differs only in
# case (Otters beside otters silently made "2 groups") and a file with the
# same bytes as another's (otters-copy was listed without remark).
. "$(dirname "$0")/lib/common.sh"
cd "$SRC" || fail "cannot cd to $SRC"
E=credit-card-billing
mkdir -p "$T/a" "$T/b" "$T/c"
echo 'CVV stored in the database' > "$T/a/otters.txt"
echo 'CVV stored in the database' > "$T/b/Otters.txt"
printf -- '- CVV stored in the database\n- admin endpoints open to the internet\n' > "$T/c/Ωmega.txt"
printf -- '- admin endpoints open to the internet\n' > "$T/c/ωMEGA.txt"
printf -- '- refunds not logged\n' > "$T/c/lone.txt"

run cohort grade -e $E -c k "$T/a/"; expect_rc 0
grep -q "warning" "$T/err" && fail "one group warned about"
run cohort grade -e $E -c k "$T/b/"; expect_rc 0
expect_err "warning: groups 'Otters' and 'otters' differ only in case"
expect_err "warning: otters is identical to Otters"
run cohort report -c k; expect_rc 0
expect_out "2 groups"
expect_out "warning: groups Otters and otters differ only in case"
expect_out "warning: otters is identical to Otters"
expect_out ", a copy, name differs only in case"

# an exact copy under another name, graded in the same run as its original
cp "$T/a/otters.txt" "$T/a/otters-copy.txt"
run cohort grade -e $E -c k2 "$T/a/"; expect_rc 0
expect_err "warning: otters-copy is identical to otters"
grep -q "differ only in case" "$T/err" && fail "otters and otters-copy are not case twins"
run cohort report -c k2 -f json; expect_rc 0
expect_err "tmdojo cohort report: warning: otters-copy is identical to otters"
python3 - "$T/out" <<'PY' || fail "the json report does not mark the copy"
import json, sys
s = {x["name"]: x for x in json.load(open(sys.argv[1]))["submissions"]}
assert s["otters-copy"]["identical_to"] == "otters", s
assert s["otters"]["identical_to"] is None and s["otters"]["name_like"] is None, s
PY
run cohort report -c k2 -f csv; expect_rc 0
head -n 1 "$T/out" | grep -q '"identical_to","name_like"' || fail "csv lacks the columns"
grep -q '^"otters-copy",.*,"otters",""' "$T/out" || fail "csv does not mark the copy"
run cohort report -c k2 -f html; expect_rc 0
expect_out "identical to otters"

# Unicode case (Greek capital and small omega); a lone group draws nothing
run cohort grade -e $E -c k3 "$T/c/"; expect_rc 0
expect_err "differ only in case"
expect_err "ωMEGA"
grep -q "lone" "$T/err" && fail "lone looks like nothing"
exit 0
