# 'cohort report --json' (items and list take --json) was refused, and every
# bad option of a cohort subcommand printed the whole 80-line cohort help on
# stderr, which scrolled the one line that said what was wrong off the screen.
# report now takes --json as --format json; a bad option prints the message,
# the synopsis and where the rest is; --help still prints it all.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
run cohort grade --exercise add-user-api --cohort c "$FIX/class/alpha.txt"; expect_rc 0
run cohort report -c c --format json; expect_rc 0; cp "$T/out" "$T/format.json"
run cohort report -c c --json; expect_rc 0
cmp -s "$T/out" "$T/format.json" || fail "--json differs from --format json"
run cohort report -c c -j; expect_rc 0
cmp -s "$T/out" "$T/format.json" || fail "-j differs from --format json"
for sub in grade report items add remove list; do
  run cohort $sub --bogus; expect_rc 2
  expect_err "tmdojo cohort $sub: unrecognized option '--bogus'"
  expect_err "usage: tmdojo cohort grade"
  expect_err "Run 'tmdojo help cohort' for what each command does and its options."
  [ "$(wc -l <"$T/err")" -le 12 ] || fail "$sub: $(wc -l <"$T/err") lines on stderr"
done
run cohort report --help; expect_rc 0
expect_out "report  the cohort at a glance"
expect_out "--json is"
exit 0
