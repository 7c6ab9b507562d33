# The README's tour, pasted in order, works: the Moodle import into a new course
# (it wrote to courses/refresher, which did not exist) and the cohort and team
# lines (cohort items came right after cohort grade, and exits 2 while the
# cohort has no members: the tour now adds one). The lines are taken from
# README.md as they stand, from the course for the import to "team status",
# with the comments dropped, and run with sh -e in a copy of the bundled
# content, given the files a trainer brings: bank.xml, submissions/, session.txt.
. "$(dirname "$0")/lib/common.sh"
tree="$T/tree"
mkdir -p "$tree/submissions"
cp -R "$SRC/courses" "$SRC/exercises" "$SRC/lexicon" "$tree/"
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${TMDOJO_WRAP:-}" "$TMDOJO" >"$tree/tmdojo"
chmod +x "$tree/tmdojo"
export TMDOJO_CONTENT="$tree"
# what the trainer brings: a Moodle bank, the groups' lists, a session's list
run export moodle-xml --course intro -o "$tree/bank.xml"; expect_rc 0
samples="$SRC/exercises/credit-card-billing/samples"
cp "$samples/strong-group.txt" "$tree/submissions/otters.txt"
cp "$samples/weak-group.txt" "$tree/submissions/lynx.txt"
cp "$SRC/exercises/webhook-delivery/samples/$(ls "$SRC/exercises/webhook-delivery/samples" | grep '\.txt$' | head -1)" \
  "$tree/session.txt"
# ana, the tour's second learner, has started Part 1
( cd "$tree" && ./tmdojo learn --learner ana intro </dev/null >/dev/null 2>&1 ) || fail "learn --learner ana"

awk '/^(mkdir -p courses\/refresher|\.\/tmdojo import moodle-xml)/ && !on { on = 1 } on { print } /^\.\/tmdojo team status/ { exit }' \
  "$SRC/README.md" | grep -v '^[[:space:]]*#' | sed 's/[[:space:]][[:space:]]*#.*$//' >"$T/tour.sh"
grep -q '^./tmdojo cohort items --cohort spring$' "$T/tour.sh" || { cat "$T/tour.sh" >"$T/out"; fail "the tour's lines were not found in README.md"; }
grep -q '^./tmdojo import moodle-xml ' "$T/tour.sh" || fail "no import line in the tour"
( cd "$tree" && sh -ex "$T/tour.sh" ) >"$T/out" 2>"$T/err" || fail "the README tour failed when pasted in order"
[ -s "$tree/courses/refresher/bank.yaml" ] || fail "the import wrote no module"
[ -s "$tree/spring.html" ] || fail "no cohort report"
expect_out "cohort spring: 1 member"
# the imported course is part of the content, listed and valid
run list; expect_rc 0
expect_out "refresher"
run validate -q; expect_rc 0
exit 0
