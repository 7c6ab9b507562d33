# cohort report -o -: '-' is standard output, as everywhere else, not a file
# named '-' (which an earlier tmdojo created, or silently replaced).
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
run cohort grade --exercise add-user-api --cohort c "$FIX/class"
expect_rc 1   # one binary file in the class is skipped

cd "$T" || fail "cannot enter $T"
for format in text csv json html; do
  run cohort report --cohort c --format "$format"
  expect_rc 0
  cp "$T/out" "$T/want"
  run cohort report --cohort c --format "$format" -o -
  expect_rc 0
  [ -e "$T/-" ] && fail "$format: -o - wrote a file named '-'"
  [ -s "$T/out" ] || fail "$format: -o - wrote nothing to standard output"
  cmp -s "$T/out" "$T/want" || fail "$format: -o - differs from the report without -o"
done

printf 'keep\n' > "$T/-"
run cohort report --cohort c --output -
expect_rc 0
[ "$(cat "$T/-")" = keep ] || fail "an existing file named '-' was replaced"
exit 0
