# cohort add with a learner named twice warned twice about the same learner
# and said nothing of the repeat; adding learners who were members already
# said only "1 added", leaving the trainer to guess which names did nothing.
# Now a repeat is said once ("named more than once: added once") and the
# summary names the learners who were members already.
. "$(dirname "$0")/lib/common.sh"
run cohort add c ana bob ana; expect_rc 0
expect_out "cohort 'c': 2 added, 2 members"
expect_err "warning: 'ana' is named more than once: added once"
[ "$(grep -c "no progress recorded yet for 'ana'" "$T/err")" -eq 1 ] ||
  fail "ana warned about more than once"
expect_no_out "already"
run cohort add c ana cy bob; expect_rc 0
expect_out "cohort 'c': 1 added, 3 members (already members: 'ana', 'bob')"
run cohort add c cy cy; expect_rc 0
expect_out "cohort 'c': 0 added, 3 members (already member: 'cy')"
run cohort list --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "members"
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["cohorts"] if c["name"] == "c"]
assert c and c[0]["members"] == 3, c
PY
exit 0
