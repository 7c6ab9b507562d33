#!/bin/sh
# Installs the Debian packages tmdojo needs, when something is missing.
#   tools/install-deps.sh        everything: build, run and test (clang, valgrind, tmux, chromium)
#   tools/install-deps.sh run    only what building and running needs
# Uses apt-get as root, or through sudo when run as another user.
set -e
BUILD_PKGS="make gcc libc6-dev pkg-config libyaml-dev libxml2-dev libpcre2-dev libsqlite3-dev libstemmer-dev zlib1g-dev libzip-dev libedit-dev"
TEST_PKGS="libcmocka-dev clang valgrind tmux chromium python3 python3-yaml nodejs"
mode=${1:-all}

missing() {
  # libzip: tmdojo export scorm writes its packages with it; libedit: line
  # editing at learn's answer prompts
  for p in yaml-0.1 libxml-2.0 libpcre2-8 sqlite3 libzip libedit; do
    pkg-config --exists "$p" 2>/dev/null || return 0
  done
  [ -f /usr/include/libstemmer.h ] || return 0
  # zlib's archive lets make link the libraries statically (faster start-up)
  [ -f /usr/include/zlib.h ] || return 0
  for c in make cc; do command -v "$c" >/dev/null 2>&1 || return 0; done
  [ "$mode" = run ] && return 1
  pkg-config --exists cmocka 2>/dev/null || return 0
  # node runs the SCORM runtime's JavaScript test
  for c in clang valgrind tmux chromium python3 node; do
    command -v "$c" >/dev/null 2>&1 || return 0
  done
  # the evaluation corpus tools read its YAML keys
  python3 -c 'import yaml' 2>/dev/null || return 0
  return 1
}

if ! missing; then
  echo "deps: everything is installed"
  exit 0
fi
pkgs=$BUILD_PKGS
[ "$mode" = run ] || pkgs="$BUILD_PKGS $TEST_PKGS"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: run as root or install sudo" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $pkgs
