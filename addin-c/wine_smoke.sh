#!/usr/bin/env bash
# Smoke test of the Windows DLL under Wine (no Windows LibreOffice here):
#   wine_smoke.sh WIN_BUILD_DIR
# WIN_BUILD_DIR is build_windows.sh's OUT_DIR (kpicalc_c.dll, sal3.def,
# cppu3.def, include/ with the Windows type sizes). Builds stand-in sal3.dll
# and cppu3.dll (wine/mini_ure.c: the URE's C functions the DLL imports, just
# enough of them to work) and wine/smoke.c, which loads kpicalc_c.dll with the
# Windows loader, finds the component constructor by name, constructs the
# object and computes a few catalogue cases (a scalar, a range argument, an
# array result, error payloads) through its binary-UNO dispatcher. Shows that
# the DLL loads, every import binds, the statically linked C++ runtime and the
# core work under the Windows ABI; not that LibreOffice can use the DLL.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WIN=$(cd "$1" && pwd)
CC=${MINGW_CC:-x86_64-w64-mingw32-gcc-posix}
NM=${MINGW_NM:-x86_64-w64-mingw32-nm}
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-$(dirname "$WINE")/wineserver}
LO_INCLUDE=${LO_INCLUDE:-/usr/include/libreoffice}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

FLAGS=(-std=c11 -O1 -Wall -Wextra -Werror -DWNT -I"$WIN/include" -I"$HERE" -isystem "$LO_INCLUDE")
"$CC" "${FLAGS[@]}" -DMINI_SAL -shared -o "$T/sal3.dll" "$HERE/wine/mini_ure.c"
"$CC" "${FLAGS[@]}" -DMINI_CPPU -shared -o "$T/cppu3.dll" "$HERE/wine/mini_ure.c" "$T/sal3.dll"
"$CC" "${FLAGS[@]}" -o "$T/smoke.exe" "$HERE/wine/smoke.c" "$T/sal3.dll" "$T/cppu3.dll"

# Every URE function the DLL imports must be in the stand-ins (else the loader
# refuses the DLL with a bare error 127): name the missing ones.
missing=0
for lib in sal3 cppu3; do
  want=$(sed -n '/^EXPORTS/,$p' "$WIN/$lib.def" | tail -n +2 | sort -u)
  have=$("$NM" -g --defined-only "$T/$lib.dll" | awk '{print $NF}' | sort -u)
  gap=$(comm -23 <(echo "$want") <(echo "$have"))
  if [ -n "$gap" ]; then
    echo "addin-c/wine/mini_ure.c lacks what kpicalc_c.dll imports from $lib.dll:" $gap >&2
    missing=1
  fi
done
[ $missing -eq 0 ] || exit 1

cp "$WIN/kpicalc_c.dll" "$T/"
export WINEPREFIX="$T/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
status=0
(cd "$T" && "$WINE" smoke.exe) || status=$?
"$WINESERVER" -w || true  # let Wine finish with the prefix before it is removed
exit $status
