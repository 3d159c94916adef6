#!/usr/bin/env bash
# Smoke test of the Windows DLL under Wine (no Windows LibreOffice here):
#   wine_smoke.sh WIN_BUILD_DIR
# WIN_BUILD_DIR is build_windows.sh's OUT_DIR (kpicalc_c.dll, sal3.def, cppu3.def).
# Builds stand-in sal3.dll and cppu3.dll exporting exactly the functions the
# DLL imports (each returns 0/null: a URE that knows no type), then a small
# program that loads kpicalc_c.dll with the Windows loader, finds the component
# constructor by name and calls it. Passes when the DLL loads (every import
# binds, the statically linked C++ runtime initialises), the constructor
# exists, and it returns null cleanly instead of crashing when the URE gives
# it no types. It does not show that LibreOffice can use the DLL.
set -euo pipefail
WIN=$(cd "$1" && pwd)
CC=${MINGW_CC:-x86_64-w64-mingw32-gcc-posix}
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-$(dirname "$WINE")/wineserver}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

stub() {  # stub DLL_NAME DEF_FILE
  local name=$1 def=$2 c="$T/${1%.dll}.c"
  echo '#include <stddef.h>' > "$c"
  echo 'static void* g_null_slot = NULL;' >> "$c"
  sed -n '/^EXPORTS/,$p' "$def" | tail -n +2 | while read -r fn; do
    case "$fn" in
      # Return a pointer to storage: the callers dereference these.
      osl_getGlobalMutex|typelib_static_type_getByTypeClass)
        echo "__declspec(dllexport) void* $fn(void) { return &g_null_slot; }" ;;
      *) echo "__declspec(dllexport) void* $fn(void) { return NULL; }" ;;
    esac
  done >> "$c"
  "$CC" -shared -O1 -o "$T/$name" "$c"
}
stub sal3.dll "$WIN/sal3.def"
stub cppu3.dll "$WIN/cppu3.def"

cat > "$T/smoke.c" <<'EOF'
#include <stdio.h>
#include <windows.h>
typedef void* (*Ctor)(void*, void*);
int main(void) {
    HMODULE m = LoadLibraryA("kpicalc_c.dll");
    if (!m) { printf("LoadLibrary failed: %lu\n", GetLastError()); return 1; }
    Ctor ctor = (Ctor)(void*)GetProcAddress(m, "org_kpicalc_Functions_get_implementation");
    if (!ctor) { printf("constructor not exported\n"); return 2; }
    void* obj = ctor(NULL, NULL);
    printf("constructor returned %p\n", obj);
    if (obj) return 3;  /* without types it must refuse, not pretend */
    FreeLibrary(m);
    printf("ok\n");
    return 0;
}
EOF
"$CC" -O1 -o "$T/smoke.exe" "$T/smoke.c"
cp "$WIN/kpicalc_c.dll" "$T/"
export WINEPREFIX="$T/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
status=0
(cd "$T" && "$WINE" smoke.exe) || status=$?
"$WINESERVER" -w || true  # let Wine finish with the prefix before it is removed
exit $status
