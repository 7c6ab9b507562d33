#!/bin/sh
# Installs the Debian packages tmdojo builds and tests with, when something is missing.
# Runs apt-get as root (or through sudo when available).
set -e
PKGS="build-essential pkg-config libyaml-dev libxml2-dev libpcre2-dev libcmocka-dev \
libsqlite3-dev libstemmer-dev clang valgrind tmux chromium python3"
need=""
for p in yaml-0.1 libxml-2.0 libpcre2-8 cmocka sqlite3; do
  pkg-config --exists "$p" 2>/dev/null || need=yes
done
[ -f /usr/include/libstemmer.h ] || need=yes
for c in cc clang valgrind tmux chromium; do
  command -v "$c" >/dev/null 2>&1 || need=yes
done
[ -z "$need" ] && { echo "deps: all present"; exit 0; }
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $PKGS
