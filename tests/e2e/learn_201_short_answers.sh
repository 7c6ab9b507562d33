# Short-answer questions of the 201 course credit right answers in their own words
# and refuse near misses: each answer below replaces one line of the --solve answers
# and learn's verdict on it is checked.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/verdicts.sh"
# Dozens of learn runs over the same code paths as learn_intro.sh and
# learn_resume.sh: under valgrind they take most of CI's time limit, for no path
# those scripts do not cover there; make test and make check run them all.
[ -z "${TMDOJO_WRAP:-}" ] || { echo "skipped under $TMDOJO_WRAP"; exit 77; }
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/201-advanced/course.yaml" ] || { echo "no 201 course"; exit 77; }

# verdict MODULE LINE ANSWER: learn's first line after the answer given on LINE
verdict() {
  [ -f "$T/solve-$1" ] || {
    run learn --seed 7 --solve "201-advanced/$1"
    expect_rc 0
    cp "$T/out" "$T/solve-$1"
  }
  awk -v n="$2" -v a="$3" 'NR == n { print a; next } { print }' "$T/solve-$1" > "$T/in"
  export TMDOJO_HOME="$T/home-$1-$2"
  # a fresh learner each time: a wrong answer in a quiz with retries takes the next
  # line as its second attempt, and a later run would resume out of step
  rm -rf "$TMDOJO_HOME"
  IN="$T/in" run learn --seed 7 --learner r1 "201-advanced/$1"
  awk -v a="> $3" 'f { print; exit } $0 == a { f = 1 }' "$T/out"
}

# tree-root-wording: the root is the attacker's goal, not a control or a weakness
rights attack-trees 1 "the end result the attacker is after" "the attacker's intention" \
                      "the attacker's goal" "goal" "the goal of the attacker" "what they want to achieve"
wrongs attack-trees 1 "a security goal such as MFA" "the goal of the rate limit" "the defender's goal" \
                      "what the defender wants to achieve" \
                      "Neither a weakness nor a control goes at the top. Picture the person on the other side of the login page: what result would make their effort worthwhile?"
# session 15: what the attacker wants is not a weakness, a control or a step they take,
# and the lesson's own example root (an outcome) is right
wrongs attack-trees 1 "the vulnerability the attacker wants to exploit" "the control they want to bypass" \
                      "the first step the attacker takes after recon" "a weakness the attacker wants" \
                      "the defense the attacker is trying to get around" "the goal: bypass the rate limit"
rights attack-trees 1 "take over a customer's account" "the goal (account takeover)" \
                      "the outcome, e.g. take over a user's account" "account takeover" \
                      "what the attacker wants" "the goal, not a weakness"

# abuse-card-attack-name: card testing (OAT-001 Carding, also credit card stuffing and
# card verification), also called account testing or card checking; card cracking
# (OAT-010) is a different attack, a rejected answer that typo tolerance would
# otherwise read as "card checking", and so is guessing a card's details however it is
# named (card enumeration, CVV guessing)
rights abuse-cases 5 "card testing" "account testing" "card account testing" "carding" "card checking" \
                     "card stuffing" "credit card stuffing" "card verification"
wrongs abuse-cases 5 "card cracking" "card-cracking attack" "penetration testing" "card enumeration" \
                     "card enumeration attack" "enumeration attack" "guessing the card verification code" \
                     "CVV brute forcing"
# "card verification" is no accepted answer (fuzzy-matched it credited the card's
# verification code and its guessing), only the whole answer, as in foundations
wrongs abuse-cases 5 "card verification code attack" "card verification value brute force" \
                     "verifying the CVV" "cvv verification" "card verification code"
rights abuse-cases 5 "card verification attack" "card verification fraud" "Card Verification" \
                     "credit card verification"
# "card checking" is accepted again and "card cracking" is a rejected answer: the
# grade names it, and its feedback comes after the last attempt, never before a retry
awk 'NR == 5 { print "card cracking"; print "card cracking"; next } { print }' \
  "$T/solve-abuse-cases" > "$T/in"
export TMDOJO_HOME="$T/home-refused"
IN="$T/in" run learn --seed 7 --learner r1 "201-advanced/abuse-cases"
awk '$0 == "> card cracking" { n++ } n == 1' "$T/out" > "$T/first"
awk '$0 == "> card cracking" { n++ } n == 2' "$T/out" > "$T/second"
grep -q "OAT-010" "$T/first" && fail "the rejected answer's feedback shown before the retry"
grep -q "^Not quite. (100% like the refused answer 'card cracking')" "$T/second" ||
  fail "the grade does not name the refused answer: $(sed -n 2p "$T/second")"
grep -q "^Card cracking (OWASP OAT-010) is another attack" "$T/second" ||
  fail "no feedback of the rejected answer after the last attempt"
# "card enumeration" is refused with the card-cracking feedback
awk 'NR == 5 { print "card enumeration"; print "card enumeration"; next } { print }' \
  "$T/solve-abuse-cases" > "$T/in"
export TMDOJO_HOME="$T/home-refused-enum"
IN="$T/in" run learn --seed 7 --learner r1 "201-advanced/abuse-cases"
awk '$0 == "> card enumeration" { n++ } n == 2' "$T/out" > "$T/second"
grep -q "^Not quite. (100% like the refused answer 'card enumeration')" "$T/second" ||
  fail "'card enumeration' is not refused as such: $(sed -n 2p "$T/second")"
grep -q "^Card cracking (OWASP OAT-010) is another attack" "$T/second" ||
  fail "no card-cracking feedback for 'card enumeration'"
# the refresher grades alike and shows the same feedback
printf 'card cracking\n' > "$T/in"
IN="$T/in" run refresh --learner r1 --course 201-advanced --count 1
expect_out "100% like the refused answer 'card cracking'"
expect_out "Card cracking (OWASP OAT-010) is another attack"

# supply-provenance-term: SLSA 1.0 publishes provenance as an attestation of the build;
# the hint typed back is no answer
rights supply-chain-cicd 1 "provenance" "SLSA attestation" "build attestation" "an in-toto attestation"
wrongs supply-chain-cicd 1 "attestation" "an SBOM attestation" "a signature" \
                           "SLSA's build levels are about how far this record can be trusted; the build platform writes it and publishes it as a signed statement next to the artifact."

# dfd-context-diagram: either name; the hint is no cloze of the answer
rights dfd-at-scale 2 "context diagram" "the context diagram" "level 0 DFD" "level zero diagram"
wrongs dfd-at-scale 2 "level 1 diagram" "data-flow diagram" \
                      "It is drawn before any other diagram and shows what lies around the system, not what is inside it. Its usual name says what those surroundings are to the system; its other name gives its level."
# no hint of these questions spells out the word it asks for
f="$SRC/courses/201-advanced"
! grep -q "its ______" "$f/01-dfd-at-scale.yaml" || fail "dfd-context-diagram's hint is a cloze of 'context'"
! grep -qi "art dealers" "$f/04-supply-chain-cicd.yaml" || fail "supply-provenance-term's hint defines 'provenance'"
! grep -q "controls are applied to nodes, they are not nodes" "$f/02-attack-trees.yaml" ||
  fail "tree-node-kinds' hint names its distractor"
# Shotgun answers (session 14): the other options of a closed set are distractors; an
# answer that lists them beside the right one is refused, the right one alone passes
# linddun-u-letter: the other LINDDUN categories, which the prompt names
wrongs privacy-linddun 1 "linking, identifying, non-repudiation, detecting, data disclosure, unawareness, non-compliance" \
                         "linking identifying non-repudiation detecting data disclosure unawareness non-compliance" \
                         "unawareness or non-compliance"
# session 15: unawareness in other words
rights privacy-linddun 1 "lack of awareness" "users not aware" "lack of user awareness"
wrongs privacy-linddun 1 "lack of compliance"
rights privacy-linddun 1 "unawareness" "unawareness and unintervenability" "user unawareness" \
                         "unawareness: users not told their data is linked" \
                         "Unawareness - the person is unaware of data disclosure"
# dfd-context-diagram: the deeper levels
wrongs dfd-at-scale 2 "context diagram, level 1 diagram, level 2 diagram" "context diagram or level 1" \
                      "level 0, level 1, level 2"
rights dfd-at-scale 2 "context diagram" "level 0 diagram" "the context diagram, which level 1 opens up" \
                      "level 0 diagram, not level 1 or level 2" \
                      "context diagram, the one before level 1 and level 2 diagrams"
exit 0
