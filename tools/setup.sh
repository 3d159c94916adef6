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
  wine64  # runs that DLL in addin-c/wine_smoke.sh (ctest windows.wine_smoke); ≈75 s to install
)

# Optional: the linux_aarch64 add-in in the same .oxt (cmake/Aarch64.cmake) is
# cross-built with these and tested under qemu-user; the build works without
# them (the .oxt is then linux_x86_64 only, and CMake warns). Its arm64 URE
# libraries come from Debian's arm64 packages (tools/aarch64-sysroot.sh), so
# dpkg must know the arm64 architecture.
OPTIONAL=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=() optional=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
for p in "${OPTIONAL[@]}"; do installed "$p" || optional+=("$p"); done
arm64=0
dpkg --print-foreign-architectures | grep -qx arm64 || arm64=1
install_packages() {
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if [ $arm64 = 1 ]; then
    $SUDO dpkg --add-architecture arm64 || echo "setup.sh: could not enable arm64 packages: the .oxt will be linux_x86_64 only" >&2
  fi
  $SUDO apt-get update -q
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if [ ${#optional[@]} -gt 0 ]; then
    echo "Installing (optional, for linux_aarch64): ${optional[*]}"
    $SUDO apt-get install -y -q --no-install-recommends "${optional[@]}" ||
      echo "setup.sh: the aarch64 cross compiler or qemu-user could not be installed: the .oxt will be linux_x86_64 only" >&2
  fi
}

if [ ${#missing[@]} -gt 0 ] || [ ${#optional[@]} -gt 0 ] || [ $arm64 = 1 ]; then
  install_packages
fi

# The arm64 URE libraries the linux_aarch64 add-in links against, unpacked from
# Debian's archive into build/ (the build folder of tools/build.sh; CMake
# fetches them itself for another build folder), so the build downloads nothing.
if command -v aarch64-linux-gnu-g++ >/dev/null; then
  bash "$(dirname "$0")/aarch64-sysroot.sh" "$(dirname "$0")/../build/aarch64-sysroot" ||
    echo "setup.sh: Debian's arm64 URE packages could not be fetched: the .oxt will be linux_x86_64 only" >&2
fi
