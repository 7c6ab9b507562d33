# End-to-end: `make install DATADIR=DIR` after a plain `make` installs a binary that
# finds the content in DIR (the objects are rebuilt when DATADIR changes), and
# DESTDIR stages the same files without changing where the binary looks.
# Builds its own copy under $T (a few seconds), never the tree's build/.
. "$(dirname "$0")/lib/common.sh"
command -v make >/dev/null 2>&1 || { echo "make not installed"; exit 77; }
unset MAKEFLAGS MFLAGS MAKELEVEL
B="$T/build"
make -C "$SRC" -s -j4 BUILD="$B" >"$T/make.log" 2>&1 || { cat "$T/make.log"; fail "make failed"; }
make -C "$SRC" -s -j4 BUILD="$B" PREFIX="$T/prefix" DATADIR="$T/data" install \
  >"$T/make.log" 2>&1 || { cat "$T/make.log"; fail "make install failed"; }
[ -d "$T/data/courses" ] || fail "no content in DATADIR"
[ ! -e "$T/prefix/share/tmdojo" ] || fail "content also under PREFIX/share/tmdojo"
cd "$T" || fail "cd"
TMDOJO="$T/prefix/bin/tmdojo" run list
expect_rc 0; expect_out "intro"; expect_out "credit-card-billing"
TMDOJO="$T/prefix/bin/tmdojo" run validate
expect_rc 0; expect_out "ok: $T/data"

# DESTDIR stages the same files (nothing is rebuilt: the binary still looks in DATADIR)
make -C "$SRC" -s -j4 BUILD="$B" PREFIX="$T/prefix" DATADIR="$T/data" DESTDIR="$T/stage" install \
  >"$T/make.log" 2>&1 || { cat "$T/make.log"; fail "make install DESTDIR failed"; }
[ -x "$T/stage$T/prefix/bin/tmdojo" ] && [ -d "$T/stage$T/data/lexicon" ] || fail "DESTDIR layout"
cmp -s "$T/stage$T/prefix/bin/tmdojo" "$T/prefix/bin/tmdojo" || fail "DESTDIR rebuilt the binary"
exit 0
