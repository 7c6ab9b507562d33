# cohort grade over a directory graded the reports saved beside the
# submissions (spring-report.html, spring.csv) as two more groups, exit 0.
# Now tmdojo's own reports (known by their content) are passed over with a
# notice, an HTML, CSV or JSON file that is no report is refused (no
# submission is written in those formats), and a report named on the command
# line is refused.
. "$(dirname "$0")/lib/common.sh"
K="$SRC/exercises/credit-card-billing"
S=$T/s
mkdir "$S"
cp "$K/samples/weak-group.txt" "$K/samples/average-group.txt" "$S/"
run cohort grade -e credit-card-billing -c spring "$S/"; expect_rc 0
run cohort report -c spring -f html -o "$S/spring-report.html"; expect_rc 0
run cohort report -c spring -f csv -o "$S/spring.csv"; expect_rc 0
run cohort report -c spring -f json -o "$S/spring.json"; expect_rc 0
run cohort add spring alice; expect_rc 0
run cohort items -c spring --json; expect_rc 0
cp "$T/out" "$S/items.json"
run cohort grade -e credit-card-billing -c spring "$S/"
expect_rc 0
expect_out "graded 2 of 2 submissions"
for f in spring-report.html spring.csv spring.json items.json; do
  grep -q "not graded '$S/$f': a tmdojo report" "$T/err" || fail "no notice for $f"
done
run cohort report -c spring -f json; expect_rc 0
grep -q '^{"cohort":"spring","exercise":"credit-card-billing","key_hash":"[0-9a-f]*","groups":2,' "$T/out" ||
  fail "the reports were graded as groups"
# a CSV saved by a spreadsheet (no quotes) is still the report
sed 's/"//g' "$S/spring.csv" > "$S/resaved.csv"
# a CSV, HTML or JSON file that is no report is refused, naming it
printf 'SQL injection in login\n' > "$S/notes.csv"
printf '<p>SQL injection</p>\n' > "$S/notes.html"
run cohort grade -e credit-card-billing -c spring "$S/"
expect_rc 1
expect_err "not graded '$S/resaved.csv': a tmdojo report (CSV)"
expect_err "skipped '$S/notes.csv': a '.csv' file is not a submission"
expect_err "skipped '$S/notes.html': a '.html' file is not a submission"
expect_out "graded 2 of 4 submissions"
# a report named on the command line is refused
run cohort grade -e credit-card-billing -c spring "$S/spring.csv" "$S/weak-group.txt"
expect_rc 1
expect_err "skipped '$S/spring.csv': a tmdojo report (CSV), not a submission"
run cohort grade -e credit-card-billing -c spring "$S/spring-report.html"
expect_rc 2
expect_err "a tmdojo report (HTML)"
exit 0
