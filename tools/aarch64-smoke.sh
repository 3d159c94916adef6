#!/usr/bin/env bash
# aarch64-smoke.sh OXT SMOKE SYSROOT — the linux_aarch64 add-in of a built .oxt,
# registered in Debian's arm64 URE and computing under qemu-user: SMOKE is
# build/aarch64/addin/kpi_addin_smoke (tests/cross/addin_smoke.cxx), SYSROOT the
# folder of tools/aarch64-sysroot.sh (Debian's arm64 URE: its libraries, bridge,
# services.rdb and types.rdb); the C/C++ runtime is the cross compiler's
# (/usr/aarch64-linux-gnu). The add-in's registration, library and type library
# are taken from the .oxt as shipped; LibreOffice's office types (offapi.rdb,
# the same bytes on every architecture) from this machine.
# Prints one line per check and "N passed, N failed".
# Used by the ctest test aarch64.addin_smoke and by tools/compat.sh.
set -euo pipefail
OXT=$(realpath "${1:?usage: aarch64-smoke.sh OXT SMOKE SYSROOT}")
SMOKE=$(realpath "${2:?}")
SYSROOT=$(realpath "${3:?}")
OFFAPI=${LO_OFFAPI:-/usr/lib/libreoffice/program/types/offapi.rdb}
command -v qemu-aarch64 >/dev/null || { echo "aarch64-smoke.sh: qemu-aarch64 not installed (tools/setup.sh installs qemu-user)" >&2; exit 1; }
PROGRAM=$SYSROOT/usr/lib/libreoffice/program
for f in "$PROGRAM/libgcc3_uno.so" "$PROGRAM/services.rdb" "$PROGRAM/types.rdb" "$OFFAPI"; do
  [ -f "$f" ] || { echo "aarch64-smoke.sh: $f missing (delete $SYSROOT and rebuild: tools/aarch64-sysroot.sh)" >&2; exit 1; }
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$OXT" "$TMP" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [n for n in z.namelist() if n.startswith("linux_aarch64/") and not n.endswith("/")] + ["kpicalc.rdb"]
if "linux_aarch64/kpicalc.components" not in names:
    sys.exit("aarch64-smoke.sh: the .oxt has no linux_aarch64/kpicalc.components")
for n in names:
    z.extract(n, sys.argv[2])
PY
# -E sets the variable for the emulated program only (qemu itself is an x86_64 program).
exec qemu-aarch64 -L /usr/aarch64-linux-gnu \
  -E LD_LIBRARY_PATH="$PROGRAM:$SYSROOT/lib/aarch64-linux-gnu:$SYSROOT/usr/lib/aarch64-linux-gnu" \
  "$SMOKE" "$PROGRAM" "$PROGRAM/types.rdb $OFFAPI $TMP/kpicalc.rdb" "$TMP/linux_aarch64/kpicalc.components"
