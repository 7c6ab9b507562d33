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
# the runtime in the package is the one tested, and refuses what learn refuses
# (hexadecimal "0x10" was read as 0, right for a question whose answer is 0)
python3 -c 'import sys, zipfile
open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("tmdojo-scorm.js"))' \
  "$T/exp.zip" "$T/packaged.js" || fail "no tmdojo-scorm.js in the package"
cmp -s "$T/packaged.js" "$SRC/engine/scorm/runtime.js" ||
  fail "the package's tmdojo-scorm.js is not engine/scorm/runtime.js: rebuild"
for bad in 0x10 -0x1p4 inf nan 1,2,3 "9 0"; do
  node -e 'const rt = require(process.argv[1]);
const r = rt.grade({ type: "numeric", points: 1, number: 0, tolerance: 0 }, process.argv[2]);
process.exit(!r.correct && r.score === 0 && r.detail !== "" ? 0 : 1);' "$T/packaged.js" "$bad" ||
    fail "the packaged runtime took '$bad' as a number"
done
TMDOJO_SRC="$SRC" TMDOJO_SCORM_PAGES="$T/pages" node "$SRC/tests/js/scorm_runtime_test.js" ||
  fail "the runtime's tests"
exit 0
