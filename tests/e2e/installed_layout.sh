# End-to-end: an installed binary ($PREFIX/bin/tmdojo) finds the bundled content in
# $PREFIX/share/tmdojo without flags, from any working directory; the man page renders.
. "$(dirname "$0")/lib/common.sh"
P="$T/prefix"
mkdir -p "$P/bin" "$P/share/tmdojo" "$P/share/man/man1"
cp "$TMDOJO" "$P/bin/tmdojo"
cp -R "$SRC/courses" "$SRC/exercises" "$SRC/lexicon" "$P/share/tmdojo/"
cp "$SRC/policy.yaml" "$P/share/tmdojo/"
cd "$T" || fail "cd"
TMDOJO="$P/bin/tmdojo" run list
expect_rc 0; expect_out "intro"; expect_out "credit-card-billing"
TMDOJO="$P/bin/tmdojo" run validate
expect_rc 0; expect_out "ok: $P/share/tmdojo"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$SRC/docs/tmdojo.1" >"$T/man.txt" 2>/dev/null || fail "man page does not render"
  grep -q "threat-modeling training" "$T/man.txt" || fail "man page text missing"
fi
exit 0
