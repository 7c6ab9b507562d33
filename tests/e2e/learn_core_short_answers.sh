# Short-answer questions of the intro, foundations and live courses credit right
# answers in their own words and refuse near misses: each answer below replaces one
# line of a module's --solve answers and learn's verdict on it is checked.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"

# verdict COURSE/MODULE LINE ANSWER: learn's first line after the answer given on LINE
verdict() {
  key=$(echo "$1" | tr / _)
  [ -f "$T/solve-$key" ] || {
    export TMDOJO_HOME="$T/home-solve-$key"
    run learn --seed 7 --solve "$1"
    expect_rc 0
    cp "$T/out" "$T/solve-$key"
  }
  awk -v n="$2" -v a="$3" 'NR == n { print a; next } { print }' "$T/solve-$key" > "$T/in"
  export TMDOJO_HOME="$T/home-$key-$2"
  rm -rf "$TMDOJO_HOME"
  IN="$T/in" run learn --seed 7 --learner r1 "$1"
  awk -v a="> $3" 'f { print; exit } $0 == a { f = 1 }' "$T/out"
}
right() { v=$(verdict "$@"); case $v in Correct.*) ;; *) fail "$1 line $2: '$3' refused: $v";; esac; }
wrong() { v=$(verdict "$@"); case $v in "Not quite."*) ;; *) fail "$1 line $2: '$3' credited: $v";; esac; }
# refused_with COURSE/MODULE LINE ANSWER FEEDBACK: the answer given twice is refused,
# the second grade names the rejected answer and its feedback follows the last attempt
refused_with() {
  key=$(echo "$1" | tr / _)
  awk -v n="$2" -v a="$3" 'NR == n { print a; print a; next } { print }' "$T/solve-$key" > "$T/in"
  export TMDOJO_HOME="$T/home-refused-$key-$2"
  IN="$T/in" run learn --seed 7 --learner r1 "$1"
  awk -v a="> $3" '$0 == a { n++ } n == 1' "$T/out" > "$T/first"
  awk -v a="> $3" '$0 == a { n++ } n == 2' "$T/out" > "$T/second"
  grep -qF -- "$4" "$T/first" && fail "$1: the rejected answer's feedback shown before the retry"
  grep -qF -- "Not quite. (100% like the refused answer '$3')" "$T/second" ||
    fail "$1: the grade does not name the refused answer: $(sed -n 2p "$T/second")"
  grep -qF -- "$4" "$T/second" || fail "$1: no feedback of the rejected answer '$3'"
}

# org-id-fix: the organization comes from the caller's verified identity; the flaw
# itself and authentication alone are refused, and so is the hint typed back
m=intro/questions-on-a-diagram
for a in "take the organization from the caller's token" "from the caller's session" \
         "derive it server-side from the session" "use the authenticated principal's tenant" \
         "from the authenticated identity, not the body" "the org of the logged-in user" \
         "verify the caller is an admin of that organization" "use the caller's org, not the body"; do
  right $m 8 "$a"
done
for a in "let the caller choose the organization" "whatever organization the caller sends" \
         "the organization in the caller's request body" "verify the caller is an admin" \
         "check the caller is logged in" "verify the caller's token" \
         "The gateway has already checked who is calling. What else does that check tell the service?"; do
  wrong $m 8 "$a"
done
refused_with $m 8 "verify the caller is an admin" "An admin of which organization?"

# fnd-billing-card-testing: OAT-001's other names; card cracking is OAT-010
m=foundations/billing-exercise
for a in "card testing" "carding" "card stuffing" "credit card stuffing" "card verification"; do
  right $m 45 "$a"
done
wrong $m 45 "card cracking"
refused_with $m 45 "card cracking" "Card cracking (OWASP OAT-010) is a different attack"

# scope-term: any way of saying out of scope; the hint is no cloze
m=intro/the-four-steps
for a in "out of scope" "out of its scope" "outside its scope" "out of our scope" "scoped out" "descoped"; do
  right $m 8 "$a"
done
for a in "in scope" "not out of scope" \
         "Step 1 draws a line around what the session covers. Which side of it are payments on?"; do
  wrong $m 8 "$a"
done

# repudiation-property: accountability; its absence names the violation
m=intro/stride-s-t-r
for a in "accountability" "accountable"; do
  right $m 9 "$a"
done
for a in "lack of accountability" "non-repudiation" "account"; do
  wrong $m 9 "$a"
done
refused_with $m 9 "lack of accountability" "That is what a repudiation threat causes"

# attack-surface-term: its pattern takes a dropped letter; 'surface' alone and other
# surfaces are not the term (an accepted answer would have credited them)
m=intro/you-already-threat-model
for a in "attack surfce" "atack surface" "attack surface area" "attack surfaces" \
         "attack  surface" "attack surfase" "attakc surface" "attack sirface" "attacksurface"; do
  right $m 5 "$a"
done
for a in "attack vector" "threat model" "surface" "defense surface" "threat surface"; do
  wrong $m 5 "$a"
done
# log4shell-category: typos of the term pass (accepted answers beside the patterns),
# other terms do not
m=intro/stride-i-d-e
for a in "elevation of privelege" "escalation of privilages" "EoP"; do
  right $m 9 "$a"
done
for a in "privilege" "tampering" "remote code execution"; do
  wrong $m 9 "$a"
done

# least-privilege-term: its other names, short forms and typos
m=intro/wrap-up
for a in "least privilege" "least privileged" "least-privileged access" \
         "principle of least authority" "PoLP" "POLA" "least privlege" "least priviledge"; do
  right $m 4 "$a"
done
for a in "most privilege" "policy"; do
  wrong $m 4 "$a"
done

# remed-review-date: a date to review, reassess or let the acceptance expire; not any review
m=live/remediation
for a in "review date" "re-assessment date" "an expiry date for the acceptance" "the date of the next review"; do
  right $m 5 "$a"
done
for a in "the date of the code review" "code review"; do
  wrong $m 5 "$a"
done
# live and 201 (review of session 13)
# remed-review-date: a future review in any phrasing passes; a code or design review,
# a past review and the ticket's due date do not, "code review date" with its feedback
m=live/remediation
for a in "the date it will be reviewed again" "a date to review" "date of next risk review" \
         "date when it gets reviewed" "when it will be reviewed" "a reviewed-by date" \
         "when it's reviewed" "reveiw date" "It carries a review date instead"; do
  right $m 5 "$a"
done
for a in "code review date" "a code review date" "design review date" "the date of the design review" \
         "date to review the code" "the date it was reviewed" "due date"; do
  wrong $m 5 "$a"
done
# one attempt in this quiz: the grade names the refused answer, its feedback follows
v=$(verdict $m 5 "code review date")
case $v in "Not quite. (100% like the refused answer 'code review date')"*) ;;
  *) fail "$m: 'code review date' not refused as such: $v";; esac
grep -qF "A code or design review looks at a change" "$T/out" ||
  fail "$m: no feedback of the rejected answer 'code review date'"
# blameless-borrowed-from: incident reviews by their common names; other reviews do not
m=live/blameless-sessions
for a in "incident review" "post-incident review" "post-incident analysis" "blameless incident review"; do
  right $m 4 "$a"
done
for a in "code review" "design review" "sprint review" "incident report" "review"; do
  wrong $m 4 "$a"
done
exit 0
