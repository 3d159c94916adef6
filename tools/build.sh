#!/usr/bin/env bash
# Configures and builds the core, the add-in and the .oxt into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
# Which platforms the .oxt carries depends on the cross compilers installed
# (cmake/Aarch64.cmake, cmake/WindowsDll.cmake): say so.
platforms=$(python3 -c 'import re, sys, zipfile
print(re.search(r"<platform value=\"([^\"]*)\"", zipfile.ZipFile(sys.argv[1]).read("description.xml").decode()).group(1))' build/kpicalc.oxt)
echo "Built build/kpicalc.oxt for: ${platforms}"
case ",$platforms," in
  *,windows_x86_64,*) echo "  windows_x86_64: kpicalc_c.dll (C-level adapter, MinGW-w64)" ;;
  *) echo "  NO windows_x86_64: MinGW-w64 (g++-mingw-w64-x86-64) is not installed" ;;
esac
