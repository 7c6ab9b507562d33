# A file in an exercise's samples/ that exercise.yaml's samples: does not list
# is not graded by keycheck: validate (of the root, the exercise or its
# exercise.yaml) warns, naming the file, and still checks it as a submission.
# A listed sample, however its path is spelled, is not warned about.
. "$(dirname "$0")/lib/common.sh"
cp -R "$SRC/tests/fixtures/content" "$T/c"
ex="$T/c/exercises/add-user-api"
sed -i 's|- file: samples/good.txt|- file: ./samples/good.txt|' "$ex/exercise.yaml"
printf -- '- anyone can call the endpoint\n' >"$ex/samples/weak.txt"
W="validate: $ex/samples/weak.txt: warning: sample file 'samples/weak.txt' is not in exercise.yaml's 'samples:' list, so keycheck does not grade it: add it with what it must earn, or remove it"
for p in "$T/c" "$ex" "$ex/exercise.yaml"; do
  run validate "$p"; expect_rc 0
  expect_err "$W"
  [ "$(grep -c warning "$T/err")" -eq 1 ] || fail "warned other than once for $p"
done

# checked as a submission: its errors are errors
printf 'threats:\n  - title: anyone can become admin\n    severity: hihg\n' >"$ex/samples/typo.yaml"
for p in "$T/c" "$ex"; do
  run validate "$p"; expect_rc 2
  expect_err "samples/typo.yaml: warning: sample file 'samples/typo.yaml' is not in"
  expect_err "samples/typo.yaml:3:15: unknown severity 'hihg'"
  expect_err "1 error"
done
exit 0
