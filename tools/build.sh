#!/usr/bin/env bash
# Configures and builds the core, the add-in and the .oxt into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
echo "Built build/kpicalc.oxt"
