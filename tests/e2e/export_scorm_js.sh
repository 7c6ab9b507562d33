# The SCORM runtime's grading and SCORM calls against a fake LMS API
# (tests/js/scorm_runtime_test.js), when node is installed.
. "$(dirname "$0")/lib/common.sh"
command -v node >/dev/null 2>&1 || { echo "node not installed (apt-get install nodejs)"; exit 77; }
TMDOJO_SRC="$SRC" node "$SRC/tests/js/scorm_runtime_test.js" || fail "the runtime's tests"
exit 0
