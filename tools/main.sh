#!/usr/bin/env bash
# The main job: build the .oxt, install it into a private LibreOffice profile,
# recalculate the bundled example workbook headless and print its results.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh >/dev/null
out=build/example-output
/usr/bin/python3 tools/kpi-recalc --oxt build/kpicalc.oxt --format ods --out "$out" --print \
  templates/example/kpi-example.fods
