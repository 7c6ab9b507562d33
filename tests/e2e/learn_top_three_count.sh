# The top-three step counts threats as the grader reads them (the runner's rule,
# for every front end): a Markdown heading and the top-three label line are no
# threats, so "## Picks / Top three: / three lines" is three; four lines are too
# many and two too few, each re-asked with the count. Too few picks are kept
# (learn_top_three_short_kept.sh): the next lines add to them.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
export TMDOJO_HOME="$T/home"

# read, assets, scope, threats (Enter: on), then the top three
printf 'card numbers\n\nout: SSO\n\nA bot floods checkout\n\n\none\ntwo\nthree\nfour\n\n## Our picks\nTop three:\n- card testing by bots\n- card numbers leak from the console\n- the API key leaks\n\n:q\n' > "$T/in"
IN="$T/in" run learn --learner ana foundations/billing-exercise
expect_rc 0
expect_out "give exactly three threats, one per line (you gave 4)"
expect_no_out "(you gave 5)"
expect_out "The reference top three:"

# two too few: one pick and a heading (kept), then two more make three
printf 'card numbers\n\nout: SSO\n\nA bot floods checkout\n\n\none\n## two\n\n- card testing by bots\n- the API key leaks\n\n:q\n' > "$T/in"
IN="$T/in" run learn --learner bo foundations/billing-exercise
expect_rc 0
expect_out "give exactly three threats, one per line (you gave 1)"
expect_no_out "(you gave 5)"
expect_out "The reference top three:"
