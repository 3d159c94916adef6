#!/usr/bin/env bash
# aarch64-sysroot.sh DIR — the arm64 libraries the linux_aarch64 add-in is
# linked and smoke-tested against, unpacked from Debian's arm64 packages into
# DIR (no root needed here; tools/setup.sh enables the arm64 architecture).
#
# DIR gets usr/lib/libreoffice/program (the URE: sal, cppu, cppuhelper,
# salhelper and what cppuhelper needs), usr/lib/aarch64-linux-gnu (zlib, the
# same URE libraries again, GoogleTest's static libraries), usr/include (gtest
# headers, plus a link to the host's header-only Boost, which is the same for
# every architecture), lib/ with the unversioned names the linker looks for
# and ure-version (the packages' version).
# The C/C++ runtime comes with the cross compiler (/usr/aarch64-linux-gnu).
# Done once per package list: DIR/.ready marks a complete folder (and holds the
# list); delete DIR to refresh it.
set -euo pipefail
DIR=$(realpath -m "${1:?usage: aarch64-sysroot.sh DIR}")
# ure: the C++ bridge (libgcc3_uno.so), services.rdb and types.rdb, with which
# tools/aarch64-smoke.sh registers the add-in as LibreOffice does.
PACKAGES=(libuno-sal3 libuno-cppu3 libuno-cppuhelpergcc3-3 libuno-salhelpergcc3-3
          uno-libs-private ure zlib1g libgtest-dev)
# .ready holds the package list: a folder made for another list is made again.
[ "$(cat "$DIR/.ready" 2>/dev/null)" = "${PACKAGES[*]}" ] && exit 0
rm -rf "$DIR" "$DIR.tmp"
mkdir -p "$DIR.tmp/debs"
cd "$DIR.tmp/debs"
# apt-get download warns when its sandbox user cannot write here: harmless.
apt-get download "${PACKAGES[@]/%/:arm64}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || {
  echo "aarch64-sysroot.sh: apt-get download failed (is the arm64 architecture enabled? run tools/setup.sh)" >&2
  exit 1; }
for deb in *.deb; do dpkg-deb -x "$deb" "$DIR.tmp"; done
dpkg-deb -f libuno-sal3_*.deb Version >"$DIR.tmp/ure-version"  # reported by tools/compat.sh
cd "$DIR.tmp"
rm -rf debs
mkdir -p lib
for l in sal cppu cppuhelpergcc3 salhelpergcc3; do
  ln -s ../usr/lib/libreoffice/program/libuno_$l.so.3 lib/libuno_$l.so
done
mkdir -p usr/include
ln -s /usr/include/boost usr/include/boost
echo "${PACKAGES[*]}" >.ready
mv "$DIR.tmp" "$DIR"
