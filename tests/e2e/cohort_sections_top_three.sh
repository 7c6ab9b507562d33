# A list grouped under STRIDE headings with its top three after them: the
# picks take no label from the last group. cohort grade blanks the top-three
# label line before grading; the section above it must still end there, or a
# pick under "## Top three" is graded as an elevation-of-privilege line (a
# STRIDE label raises its similarity to threats of that category) and the
# cohort's score differs from what tmdojo grade gives the same file.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
export TMDOJO_HOME="$T/home"
mkdir "$T/c"
printf '## Spoofing\n- attacker forges the payment webhook\n## Elevation of privilege\n- agents refund money to their own cards\n## Top three\n1. support console is open to everyone\n2. agents refund money to their own cards\n3. attacker forges the payment webhook\n' > "$T/c/lynx.md"

run grade --key "$SRC/exercises/credit-card-billing" --json "$T/c/lynx.md"
expect_rc 0
alone=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["score"])' "$T/out") \
  || fail "no score from grade"
run cohort grade --exercise credit-card-billing --cohort t "$T/c"
expect_rc 0
run cohort report --cohort t --format json
expect_rc 0
cohort=$(python3 -c 'import json,sys; print([s["score"] for s in json.load(open(sys.argv[1]))["submissions"] if s["name"] == "lynx"][0])' "$T/out") \
  || fail "no score for lynx in the cohort report"
python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.05)' "$alone" "$cohort" \
  || fail "cohort grade scored lynx $cohort, tmdojo grade $alone"
exit 0
