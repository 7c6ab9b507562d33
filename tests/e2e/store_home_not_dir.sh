# TMDOJO_HOME that is a file, under a file or a loop of symbolic links: the
# message says so in TMDOJO_HOME's terms and what to do (it said "cannot reach
# the progress database: Not a directory").
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
touch "$T/afile"
ln -s "$T/loop" "$T/loop"
for home in "$T/afile" "$T/afile/sub"; do
  for cmd in "progress" "learn tiny"; do
    TMDOJO_HOME="$home" run $cmd --learner ann
    expect_rc 2
    expect_err "TMDOJO_HOME ($home) is not a directory"
    expect_err "set TMDOJO_HOME to a directory"
  done
done
TMDOJO_HOME="$T/loop" run progress --learner ann
expect_rc 2
expect_err "TMDOJO_HOME ($T/loop) is a loop of symbolic links"
exit 0
