# The SCORM runtime's grading and SCORM calls against a fake LMS API
# (tests/js/scorm_runtime_test.js), when node is installed; then the same
# runtime on the pages `tmdojo export scorm` writes for the fixture course
# (shuffled quizzes) and for the export fixtures, read through a minimal DOM.
. "$(dirname "$0")/lib/common.sh"
command -v node >/dev/null 2>&1 || { echo "node not installed (apt-get install nodejs)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }
mkdir -p "$T/pages"
for c in "learn tiny" "export exp"; do
  set -- $c
  run --content "$SRC/tests/fixtures/$1" export scorm --course "$2" -o "$T/$2.zip"; expect_rc 0
  python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".html"):
        open(sys.argv[2] + "/" + sys.argv[3] + "-" + n, "wb").write(z.read(n))' \
    "$T/$2.zip" "$T/pages" "$2" || fail "unzipping $2"
done
TMDOJO_SRC="$SRC" TMDOJO_SCORM_PAGES="$T/pages" node "$SRC/tests/js/scorm_runtime_test.js" ||
  fail "the runtime's tests"
exit 0
