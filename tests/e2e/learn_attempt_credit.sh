# After the last attempt at a question, when it is not the first, every
# question type says in one line what this attempt earns (its grade times the
# attempt's share) and, when an earlier answer earned more, what is kept. The
# verdict names no unscaled score beside it: a threat list passed on attempt 2
# said "Passed: 1.714 of 3 points." and then "You keep the 1.029 of 3 points".
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
# tiny/one with seed 7 (two attempts): single wrong then right, multiple
# partly right twice, true-false wrong then right, the rest right at once
printf '%s\n' a b a a false true confidentiality "a c b d" "b c" 6 "an asset" :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner amy tiny/one
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
# single: right on attempt 2, which earns half
grep -qF "> b Correct. Spoofing is about identity. Your first answer (a): Tampering changes data. On attempt 2 this earns 0.5 of 1 point. Why:" "$T/flat" ||
  fail "single: attempt 2 does not say what it earns"
# multiple: partly right twice; the first answer's credit is kept
grep -qF "Partly right. (1 of 2 right choices picked, 0 wrong) On attempt 2 this earns 0.25 of 1 point; you keep the 0.5 of 1 point your first answer earned." "$T/flat" ||
  fail "multiple: attempt 2 does not say what it earns and what is kept"
expect_no_out "Partly right: 0.5 of 1 point."
# true-false: a second guess is right by elimination and earns nothing
grep -qF "> true Correct. Yes, integrity. Your first answer (false): Integrity is the property. On attempt 2 this earns 0 of 1 point. Why:" "$T/flat" ||
  fail "true-false: attempt 2 does not say it earns nothing"
# first attempts say nothing of attempts
grep -qF "> 6 Correct. Why:" "$T/flat" || fail "a first attempt talks of attempts"

# a threat list passed on attempt 2, which earns more than attempt 1 kept
printf '%s\n' "SQL injection in the user name field" . "caller sets its own role" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner amy tiny/two
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
expect_no_out "Passed: 0.6 of 1 point"
grep -qF "On attempt 2 this earns 0.3 of 1 point. Why:" "$T/flat" ||
  fail "threat list: attempt 2 does not say what it earns"

# the reviewer's case: a threat list passed on attempt 2 that earns less than
# the first list's credit, which is kept (foundations/warm-up-survey, Q1)
unset TMDOJO_CONTENT
printf '%s\n' "customer names, emails and order numbers" . scope . \
  "Guessable survey links let anyone answer as another customer" . "" \
  "Guessable survey links let anyone answer as another customer" \
  "Script injection through free-text comments shown on the dashboard" \
  "Email provider API key committed to the repository" . \
  "guessable survey links" "API key in the repository" \
  "stored XSS in comments on the results dashboard" "export links never expire" . \
  "builder login has no MFA" "every builder can export everything" \
  "no audit log of exports" "unlimited sending runs up the email bill" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ann foundations/warm-up-survey
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
expect_no_out "Passed: 1.714 of 3 points."
expect_no_out "You keep the 1.029"
grep -qF "Passed. (threat list scored 63% (40% passes))" "$T/flat" ||
  fail "warm-up: attempt 2 does not pass"
grep -qF "On attempt 2 this earns 0.943 of 3 points; you keep the 1.029 of 3 points your first answer earned." "$T/flat" ||
  fail "warm-up: attempt 2 does not say what it earns and what is kept"
exit 0
