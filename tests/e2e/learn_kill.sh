# SIGKILL mid-quiz loses at most the answer being typed: every answer given before
# the kill is stored, and the next run resumes at the question that was on screen,
# with the same (recorded) choice order even under another seed.
. "$(dirname "$0")/lib/common.sh"
count() { grep -o -- "$1" "$T/out" | wc -l | tr -d ' '; }   # matches in stdout
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"


mkfifo "$T/in"
${TMDOJO_WRAP:-} "$TMDOJO" learn --seed 7 --learner kim tiny <"$T/in" >"$T/first" 2>&1 &
pid=$!
exec 3>"$T/in"
printf 'b\na c\ntrue\nconfidentiality\n' >&3
wait_for "Question 5 of 8" "$T/first"
printf 'd c' >&3          # typed, but Enter never pressed
sleep 0.3
kill -9 "$pid"
wait "$pid" 2>/dev/null
exec 3>&-

run progress --learner kim --export
expect_rc 0
[ "$(count '"answer":')" -eq 4 ] || fail "expected the 4 answers given before the kill"
expect_out '"answer":"confidentiality"'
expect_no_out '"answer":"d c'

# The order shown before the kill, for the interrupted question.
sed -n '/Question 5 of 8/,/Type the letters/p' "$T/first" | grep '^  [a-d])' > "$T/order1"
[ -s "$T/order1" ] || fail "no choices captured before the kill"

printf 'a c b d\n' > "$T/rest"
IN="$T/rest" run learn --seed 4242 --learner kim tiny
expect_rc 0
expect_out 'Welcome back'
expect_out "Question 5 of 8"
expect_out "Correct. (4 of 4 in the right place)"
expect_out "Stopped. Your progress is saved"
sed -n '/Question 5 of 8/,/Type the letters/p' "$T/out" | grep '^  [a-d])' > "$T/order2"
cmp -s "$T/order1" "$T/order2" || { diff "$T/order1" "$T/order2"; fail "choice order changed on resume"; }

run progress --learner kim --json
expect_out '"position":{"module":"one","item":1,"step":5}'
exit 0
