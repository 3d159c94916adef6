#!/usr/bin/env bash
# Installs what building and testing need, from Debian's packages, when missing.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake python3 python3-pytest python3-uno
  libreoffice-calc xvfb xauth x11-utils libreoffice-dev libreoffice-l10n-zh-cn libreoffice-l10n-zh-tw
  fonts-noto-cjk libboost-dev libboost-math-dev googletest libgtest-dev
  libbenchmark-dev binutils util-linux clang libclang-rt-14-dev poppler-utils
  g++-mingw-w64-x86-64  # the Windows DLL of the C-level add-in (addin-c/build_windows.sh)
  wine64  # runs that DLL in addin-c/wine_smoke.sh (ctest integration_c.wine_smoke); ≈75 s to install
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
