#!/bin/sh
# A numeric question in a unit of time: an answer naming another unit of time
# after the number ("300 minutes", "300 ms" for seconds) is refused and asked
# again, as a contradicting currency is, not marked (it was right: only the
# number was read); the question's own unit, in any spelling, or none, reads
# as before.
. "$(dirname "$0")/lib/common.sh"
make_demo_root "$T/c"
cat > "$T/c/courses/demo/m.yaml" <<'YAML'
id: m
title: Timeouts
objectives: [Read]
items:
  - quiz: Timeouts
    questions:
      - id: q1
        type: numeric
        prompt: How long is the session timeout, in seconds?
        answer: 300
        unit: seconds
        explanation: Five minutes is 300 seconds.
summary: [S]
YAML
export TMDOJO_CONTENT="$T/c"

run validate
expect_rc 0

printf '300 minutes\n300 ms\n300 s\n' > "$T/in"
IN="$T/in" run learn --learner ann demo
expect_rc 0
n=$(grep -c "answer with a number in seconds" "$T/out")
[ "$n" = 2 ] || fail "expected '300 minutes' and '300 ms' refused (2 messages), got $n"
expect_out "Quiz score: 1 of 1 point"

# a wrong number with the question's unit is graded (wrong), not refused
printf '200 seconds\n200\n' > "$T/in"
IN="$T/in" run learn --learner bob demo
expect_rc 0
expect_no_out "answer with a number in seconds"
expect_out "Quiz score: 0 of 1 point"
exit 0
