#!/usr/bin/env bash
# The main job: build the .oxt, then, in headless LibreOffice with the extension in
# a private profile, recalculate the example workbook (one or two functions of
# every family) and every bundled template (all languages, every
# templates/kpi-calc-* folder) into build/example-output. Prints every formula of
# the example with its label and result, then kpi-recalc's per-file summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh >/dev/null
# The example with every formula printed; then the templates without --print
# (listing the forecast template's 18,884 formulas takes over half a minute per language).
/usr/bin/python3 tools/kpi-recalc --oxt build/kpicalc.oxt --format ods --out build/example-output \
    --quiet --print templates/example/kpi-example.fods | sed '/^kpi-recalc: /,$d'
/usr/bin/python3 tools/kpi-recalc --oxt build/kpicalc.oxt --format ods --out build/example-output \
    --quiet templates/example/kpi-example.fods templates/kpi-calc-*/
