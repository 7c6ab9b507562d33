# The Makefile checks each pkg-config package on its own and names the missing
# ones with their Debian package and what to do. One pkg-config call for all of
# them printed nothing when libzip was missing and dropped every flag, so the
# build failed on "libxml/HTMLparser.h: No such file". make -n only: nothing is
# built.
. "$(dirname "$0")/lib/common.sh"
command -v make >/dev/null 2>&1 || { echo "make not installed"; exit 77; }
command -v pkg-config >/dev/null 2>&1 || { echo "pkg-config not installed"; exit 77; }
[ -f "$SRC/Makefile" ] || { echo "no Makefile in $SRC"; exit 77; }
cat > "$T/pc" <<'PC'
#!/bin/sh
# pkg-config without libzip, without yaml-0.1 when NO_YAML is set, without
# cmocka when NO_CMOCKA is set, without libedit when NO_EDIT is set
for a in "$@"; do
  case $a in
    libzip) [ -z "${HAS_ZIP:-}" ] && exit 1 ;;
    libedit) [ -n "${NO_EDIT:-}" ] && exit 1 ;;
    yaml-0.1) [ -n "${NO_YAML:-}" ] && exit 1 ;;
    cmocka) [ -n "${NO_CMOCKA:-}" ] && exit 1 ;;
  esac
done
exec pkg-config "$@"
PC
chmod +x "$T/pc"
mk() { make -n -C "$SRC" BUILD="$T/b" PKG_CONFIG="$T/pc" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
mk all
[ "$rc" -ne 0 ] || fail "make went on without libzip"
expect_err "libzip (libzip-dev) not found: run sh tools/install-deps.sh"
NO_YAML=1 mk test
[ "$rc" -ne 0 ] || fail "make test went on without libyaml and libzip"
expect_err "yaml-0.1 (libyaml-dev), libzip (libzip-dev) not found: run sh tools/install-deps.sh"
make -n -C "$SRC" BUILD="$T/b" PKG_CONFIG="$T/none" all >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -ne 0 ] || fail "make went on without pkg-config"
expect_err "(pkg-config) not found: run sh tools/install-deps.sh"
# libedit (line editing at learn's prompts) is named with its package too
HAS_ZIP=1 NO_EDIT=1 mk all
[ "$rc" -ne 0 ] || fail "make went on without libedit"
expect_err "libedit (libedit-dev) not found: run sh tools/install-deps.sh"
# the unit tests need cmocka: a test goal names it, a plain build does not
HAS_ZIP=1 NO_CMOCKA=1 mk test
[ "$rc" -ne 0 ] || fail "make test went on without cmocka"
expect_err "cmocka (libcmocka-dev) not found: run sh tools/install-deps.sh"
HAS_ZIP=1 NO_CMOCKA=1 mk all
[ "$rc" -eq 0 ] || fail "make all needs cmocka"
# installing the packages is what to do: make deps is not stopped
mk deps
expect_rc 0
expect_out "install-deps.sh"
[ ! -e "$T/b" ] || fail "make -n built something"
exit 0
