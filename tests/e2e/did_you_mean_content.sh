# validate suggests what was meant where a content file names something that
# is close to what exists: a module listed without its .yaml, a threat id in
# another case, a severity with two letters swapped; and show counts one
# question as one.
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
C="$T/c"
sed -i 's/^  - basics.yaml$/  - basics/' "$C/courses/sample/course.yaml"
sed -i 's/^      found: \[A01, A02\]$/      found: [a01, A02, A07]/' "$C/exercises/add-user-api/exercise.yaml"
sed -i '0,/severity: high/s//severity: hihg/' "$C/exercises/add-user-api/key.yaml"
run validate "$C"; expect_rc 2
expect_err "course.yaml:9:5: module file 'basics' does not exist in $C/courses/sample; did you mean 'basics.yaml'?"
expect_err "exercise.yaml:27:15: threat 'a01' is not in the key; did you mean 'A01'?"
# another number is another threat: nothing is suggested for it
expect_err "exercise.yaml:27:25: threat 'A07' is not in the key"
grep -q "'A07' is not in the key; did you mean" "$T/err" && fail "a suggestion for another threat's number"
expect_err "key.yaml:13:15: unknown severity 'hihg'; did you mean 'high'?"

# a quiz of one question
mkdir -p "$T/d"
make_demo_root "$T/d"
cat >"$T/d/courses/demo/m.yaml" <<'YAML'
id: m
title: M
objectives: [o]
items:
  - quiz: One
    questions:
      - {id: q1, type: true-false, prompt: P?, explanation: E., answer: true}
summary: [s]
YAML
run --content "$T/d" show demo/m; expect_rc 0
expect_out "### Quiz: One (1 question; take it with 'tmdojo learn')"
exit 0
