# A module whose id changed starts afresh: its progress is stored under the old id
# (review of session 17: progress then showed the module as never started, with
# nothing to say the rows were still there). progress now notes the results stored
# under a module id the course no longer has, and docs/FORMAT.md ("Module ids")
# says a module's id is the key of its progress; progress --json lists them per
# course as "orphans".
. "$(dirname "$0")/lib/common.sh"
# The root holds the intro course and the one exercise it takes, not a copy of
# all the bundled content (validate of the whole of it cost ~28 s under valgrind).
C=$T/content
mkdir -p "$C/courses" "$C/exercises"
cp -R "$SRC/courses/intro" "$C/courses/"
cp -R "$SRC/exercises/customer-survey" "$C/exercises/"
cp -R "$SRC/lexicon" "$C/"
[ -f "$SRC/policy.yaml" ] && cp "$SRC/policy.yaml" "$C/"
M=intro/you-already-threat-model
run --content "$C" learn --seed 7 --solve "$M"
expect_rc 0
cp "$T/out" "$T/solved"
IN="$T/solved" run --content "$C" learn --learner r --seed 7 "$M"
expect_rc 0
run --content "$C" progress --learner r
expect_out "  done     you-already-threat-model     3/3"
expect_no_out "note:"
run --content "$C" progress --learner r --json
expect_out '"orphans":[]'
# the author renames the module's id
sed -i 's/^id: you-already-threat-model$/id: threat-modeling-every-day/' \
  "$C/courses/intro/01-you-already-threat-model.yaml"
run --content "$C" validate
expect_rc 0
run --content "$C" progress --learner r
expect_rc 0
expect_out "  -        threat-modeling-every-day    0/3"
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -qF "note: 3 items stored under module 'you-already-threat-model', which intro no longer has (renamed or removed; a module's id is the key of its progress, see docs/FORMAT.md, \"Module ids\")" "$T/flat" ||
  fail "progress does not say where the renamed module's progress is"
# --json carries the same as data, per course
run --content "$C" progress --learner r --json
expect_rc 0
expect_out '"orphans":[{"module":"you-already-threat-model","items":3}]'
grep -q '^### Module ids' "$SRC/docs/FORMAT.md" || fail "docs/FORMAT.md has no Module ids section"
exit 0
