#!/bin/sh
# validate of an exercise (or of the whole root) checks every sample its
# exercise.yaml declares as a submission, as `validate SAMPLES_DIR` does: a
# sample keycheck cannot grade is an error there too. A declared sample that is
# a directory is an error at the exercise.yaml line:column that declares it.
. "$(dirname "$0")/lib/common.sh"

cp -R "$SRC/tests/fixtures/content" "$T/c"
ex="$T/c/exercises/add-user-api"
cat >> "$ex/exercise.yaml" <<'YAML'
  - file: samples/utf16.txt
    expect:
      score: [0, 100]
  - file: samples/typo.yaml
    expect:
      score: [0, 100]
  - file: samples/folder
    expect:
      score: [0, 100]
YAML
printf '\377\376a\000b\000\n\000' > "$ex/samples/utf16.txt"
printf 'threats:\n  - title: anyone can become admin\n    severity: hihg\n' > "$ex/samples/typo.yaml"
mkdir "$ex/samples/folder"

for p in "$ex" "$ex/exercise.yaml" "$T/c" "$T/c/exercises"; do
  run validate "$p"
  expect_rc 2
  expect_err "samples/utf16.txt:1:1: "
  expect_err "samples/typo.yaml:3:15: unknown severity 'hihg'"
  expect_err "exercise.yaml:36:11: sample 'samples/folder' is a directory"
  expect_err "3 errors"
done

# keycheck refuses the same exercise, at the same place
run keycheck "$ex"
expect_rc 2
expect_err "exercise.yaml:36:11: sample 'samples/folder' is a directory"

# a path that stat() refuses for another reason than a missing file names that
# reason (sample_file_ok() reports the errno of its one stat() call)
sed -i 's|- file: samples/folder$|- file: samples/typo.yaml/x|' "$ex/exercise.yaml"
run validate "$ex"
expect_rc 2
expect_err "exercise.yaml:36:11: sample file 'samples/typo.yaml/x' cannot be read: Not a directory"
sed -i 's|- file: samples/typo.yaml/x$|- file: samples/folder|' "$ex/exercise.yaml"

# a sample we may not read is an error where it is declared (root reads anything)
rmdir "$ex/samples/folder"
printf 'the endpoint is unauthenticated\n' > "$ex/samples/folder"
chmod 000 "$ex/samples/folder"
if [ "$(id -u)" != 0 ]; then
  run validate "$ex"
  expect_rc 2
  expect_err "exercise.yaml:36:11: sample file 'samples/folder' cannot be read"
else
  echo "validate_declared_samples: the unreadable-sample check skipped (root reads every file)" >&2
fi
exit 0
