#!/usr/bin/env bash
# The main job: build the .oxt, then, in headless LibreOffice with the extension in
# a private profile, recalculate the example workbook (one or two functions of
# every family; every formula printed with its label and result) and every bundled
# template (all languages, every templates/kpi-calc-* folder) into build/example-output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh >/dev/null
out=build/example-output
recalc=(/usr/bin/python3 tools/kpi-recalc --oxt build/kpicalc.oxt --format ods --out "$out" --quiet)
"${recalc[@]}" --print templates/example/kpi-example.fods
"${recalc[@]}" templates/kpi-calc-*/
