# End-to-end: help, version, list, validate and show on the fixture content and
# on the bundled curriculum.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/content"

run --help; expect_rc 0; expect_out "usage: tmdojo"; expect_out "validate"
run --version; expect_rc 0; expect_out "tmdojo "
run help list; expect_rc 0; expect_out "usage: tmdojo list"
run help nosuch; expect_rc 2; expect_err "unknown command 'nosuch'"
run nosuch; expect_rc 2; expect_err "'nosuch' is not a tmdojo command"
run --bogus; expect_rc 2; expect_err "unknown option '--bogus'"

run --content "$FIX" list; expect_rc 0
expect_out "sample"; expect_out "sample/basics"; expect_out "add-user-api"
run --content "$FIX" list --json; expect_rc 0
python3 - "$T/out" <<'PY' || fail "list --json is not the expected JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["courses"][0]["id"] == "sample"
assert d["courses"][0]["modules"][0]["questions"] == 8
assert d["exercises"][0]["threats"] == 4
PY

TMDOJO_CONTENT="$FIX" run list; expect_rc 0; expect_out "sample/basics"

# validate: clean content, a file with three kinds of error, a missing path
run --content "$FIX" validate; expect_rc 0; expect_out "ok:"
run --content "$FIX" validate "$SRC/tests/fixtures/loader/three-errors.yaml"; expect_rc 2
expect_err "three-errors.yaml:6:5: unknown key 'bdy' in lesson; did you mean 'body'?"
expect_err "three-errors.yaml:10:15: unknown question type 'multi'"
expect_err "three-errors.yaml:13:15: unknown exercise 'no-such-exercise'"
expect_err "3 errors"   # the misspelled body is one error, not also a missing one
run validate /nonexistent/file.yaml; expect_rc 2; expect_err "no such file or directory"
run --content "$FIX" validate "$SRC/tests/fixtures/loader/alias-bomb.yaml"; expect_rc 2
expect_err "alias-bomb.yaml:1:4: anchors ('&a') are not supported"

# show
run --content "$FIX" show sample/basics; expect_rc 0
expect_out "## STRIDE basics"; expect_out "STRIDE is a *checklist*"; expect_out "What to remember:"
run --content "$FIX" show sample/nosuch; expect_rc 2; expect_err "has no module 'nosuch'"
run --content "$FIX" show --exercise add-user-api; expect_rc 0; expect_out "POST /users"


# content errors are reported, not crashed on
run --content /nonexistent list; expect_rc 2; expect_err "'/nonexistent' (given with --content): no such directory"

# the bundled curriculum validates
export TMDOJO_CONTENT="$SRC"   # the bundled content, wherever the binary was built
run validate; expect_rc 0
run list; expect_rc 0; expect_out "intro"; expect_out "foundations"; expect_out "live"
expect_out "credit-card-billing"
run show --template; expect_rc 0; expect_out "## Threat model"
run team bogus; expect_rc 2; expect_err "tmdojo team: unknown subcommand 'bogus'"
run cohort --help; expect_rc 0; expect_out "usage: tmdojo cohort grade"
exit 0
