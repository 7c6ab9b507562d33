# At 40 columns the home screen (tmdojo with no arguments) wraps every line to
# the width, and the "Not matched to the key" echo of a long threat line is cut
# to one row with an ellipsis, its "(closest: ...)" on the next.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
export TMDOJO_HOME="$T/home"
too_wide() {   # too_wide FILE: fails listing the lines wider than 40 columns
  python3 - "$1" <<'PY' || fail "$2"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if width(l) > 40]
for b in bad[:10]:
    print("too wide:", b)
sys.exit(1 if bad else 0)
PY
}

COLUMNS=40 run
expect_rc 0
expect_out "Next step: tmdojo learn intro"
expect_out "next: You already threat"
too_wide "$T/out" "the home screen is wider than 40 columns"

long="The quarterly newsletter template uses a font that some designers dislike and this line is long"
printf 'card numbers\n\nout: SSO\n\n%s\nshort line\n\n:q\n' "$long" > "$T/in"
COLUMNS=40 LC_ALL=C.UTF-8 IN="$T/in" run learn --learner wide foundations/billing-exercise
expect_rc 0
expect_out "Not matched to the key"
grep -q '^  ? "The quarterly newsletter .*…"$' "$T/out" || fail "the long line is not cut with an ellipsis"
expect_out '  ? "short line"'
sed -n '/Not matched to the key/,/^Type/p' "$T/out" | grep -v '^Type' > "$T/unmatched"
too_wide "$T/unmatched" "the Not matched lines are wider than 40 columns"
# ASCII dots under a non-UTF-8 locale
COLUMNS=40 LC_ALL=C IN="$T/in" run learn --learner wide2 foundations/billing-exercise
grep -q '^  ? "The quarterly newsletter .*\.\.\."$' "$T/out" || fail "no ASCII ellipsis under LC_ALL=C"
exit 0
