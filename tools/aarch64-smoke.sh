#!/usr/bin/env bash
# aarch64-smoke.sh OXT SMOKE SYSROOT — the linux_aarch64 add-in of a built .oxt,
# loaded and computing under qemu-user: SMOKE is build/aarch64/addin/kpi_addin_smoke
# (tests/cross/addin_smoke.cxx), SYSROOT the folder of tools/aarch64-sysroot.sh
# (Debian's arm64 URE); the C/C++ runtime is the cross compiler's
# (/usr/aarch64-linux-gnu). Prints one line per check and "N passed, N failed".
# Used by the ctest test aarch64.addin_smoke and by tools/compat.sh.
set -euo pipefail
OXT=$(realpath "${1:?usage: aarch64-smoke.sh OXT SMOKE SYSROOT}")
SMOKE=$(realpath "${2:?}")
SYSROOT=$(realpath "${3:?}")
command -v qemu-aarch64 >/dev/null || { echo "aarch64-smoke.sh: qemu-aarch64 not installed (tools/setup.sh installs qemu-user)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The .so exactly as shipped (stripped), from the .oxt.
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("linux_aarch64/libkpicalc.so", sys.argv[2])' "$OXT" "$TMP"
# -E sets the variable for the emulated program only (qemu itself is an x86_64 program).
exec qemu-aarch64 -L /usr/aarch64-linux-gnu \
  -E LD_LIBRARY_PATH="$SYSROOT/usr/lib/libreoffice/program:$SYSROOT/lib/aarch64-linux-gnu" \
  "$SMOKE" "$TMP/linux_aarch64/libkpicalc.so"
