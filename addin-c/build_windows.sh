#!/usr/bin/env bash
# Cross-builds the binary-UNO add-in for Windows x86_64 with MinGW-w64:
#   build_windows.sh SOURCE_DIR GENERATED_DIR OUT_DIR
# GENERATED_DIR holds tools/gen_addin_c.py's output; writes OUT_DIR/kpicalc_c.dll.
#
# Binary UNO is a C ABI, so a GCC-built DLL talks to MSVC-built LibreOffice:
# the DLL imports only the URE's C functions (sal3.dll: rtl_*/osl_*,
# cppu3.dll: uno_*/typelib_*) and system DLLs; libstdc++, libgcc and
# winpthread are linked in statically. There is no Windows LibreOffice SDK
# here: the import libraries are made from the symbols the objects use
# (dlltool), and the SDK's C headers are used with Windows' type sizes.
set -euo pipefail
SRC=$(cd "$1" && pwd)
GEN=$(cd "$2" && pwd)
OUT=$3
CXX=${MINGW_CXX:-x86_64-w64-mingw32-g++-posix}
CC=${MINGW_CC:-x86_64-w64-mingw32-gcc-posix}
DLLTOOL=${MINGW_DLLTOOL:-x86_64-w64-mingw32-dlltool}
STRIP=${MINGW_STRIP:-x86_64-w64-mingw32-strip}
LO_INCLUDE=${LO_INCLUDE:-/usr/include/libreoffice}

mkdir -p "$OUT/obj" "$OUT/include"
# Boost (header-only) without the rest of the build machine's /usr/include.
ln -sfn /usr/include/boost "$OUT/include/boost"
# Windows is LLP64: sizeof(long) == 4 (the SDK's sal/typesizes.h is Linux's).
mkdir -p "$OUT/include/sal"
cat > "$OUT/include/sal/typesizes.h" <<'EOF'
#ifndef CONFIG_TYPESIZES_H
#define CONFIG_TYPESIZES_H
#define SAL_TYPES_ALIGNMENT2 2
#define SAL_TYPES_ALIGNMENT4 4
#define SAL_TYPES_ALIGNMENT8 8
#define SAL_TYPES_SIZEOFSHORT 2
#define SAL_TYPES_SIZEOFINT 4
#define SAL_TYPES_SIZEOFLONG 4
#define SAL_TYPES_SIZEOFLONGLONG 8
#define SAL_TYPES_SIZEOFPOINTER 8
#endif
EOF

# The SDK's sal/types.h knows Windows only with MSVC: give MinGW the same
# dllexport/dllimport/__cdecl branch (the only change; checked by the grep).
sed '207s/^#if defined(_MSC_VER)$/#if defined(_MSC_VER) || defined(__MINGW32__)/' \
  "$LO_INCLUDE/sal/types.h" > "$OUT/include/sal/types.h"
grep -q '^#if defined(_MSC_VER) || defined(__MINGW32__)$' "$OUT/include/sal/types.h" ||
  { echo "build_windows.sh: sal/types.h is not the expected one" >&2; exit 1; }

INCLUDES=(-I"$OUT/include" -I"$SRC/addin-c" -I"$SRC/addin" -I"$GEN" -I"$SRC/core/include" -isystem "$LO_INCLUDE")
COMMON=(-O2 -DNDEBUG -Wall -Wextra -DWNT -D_WIN32_WINNT=0x0601 -DBOOST_MATH_NO_DEFAULT_POLICY_WARNINGS)

jobs=()
for f in "$SRC"/core/src/*.cpp "$SRC/addin-c/bridge.cxx"; do
  jobs+=("$CXX -std=c++20 ${COMMON[*]} ${INCLUDES[*]} -c $f -o $OUT/obj/$(basename "$f").o")
done
for f in "$SRC/addin-c/component.c" "$GEN/kpic_tables.c"; do
  jobs+=("$CC -std=c11 ${COMMON[*]} ${INCLUDES[*]} -c $f -o $OUT/obj/$(basename "$f").o")
done
printf '%s\n' "${jobs[@]}" | xargs -P "${KPI_JOBS:-2}" -I{} sh -c '{}'

# Import libraries for the URE functions the objects call.
syms=$(x86_64-w64-mingw32-nm -u "$OUT"/obj/*.o | awk '{print $NF}' | sed -n 's/^__imp_//p' | sort -u)
{ echo "LIBRARY sal3.dll"; echo "EXPORTS"; grep -E '^(rtl|osl)_' <<<"$syms" || true; } > "$OUT/sal3.def"
{ echo "LIBRARY cppu3.dll"; echo "EXPORTS"; grep -E '^(uno|typelib)_' <<<"$syms" || true; } > "$OUT/cppu3.def"
# (Other dllimport symbols are the C runtime's, from MinGW's own import libraries.)
"$DLLTOOL" -d "$OUT/sal3.def" -l "$OUT/libsal3.a" -D sal3.dll
"$DLLTOOL" -d "$OUT/cppu3.def" -l "$OUT/libcppu3.a" -D cppu3.dll

"$CXX" -shared -o "$OUT/kpicalc_c.dll" "$OUT"/obj/*.o -L"$OUT" -lcppu3 -lsal3 \
  -static -static-libstdc++ -static-libgcc \
  -Wl,--no-undefined -Wl,--dynamicbase -Wl,--nxcompat -Wl,--high-entropy-va
"$STRIP" --strip-unneeded "$OUT/kpicalc_c.dll"
echo "built $OUT/kpicalc_c.dll"
