#!/usr/bin/env bash
# The main job: build the .oxt, then, in headless LibreOffice with the extension in
# a private profile, recalculate the example workbook (one or two functions of
# every family) and every bundled template (all languages, every
# templates/kpi-calc-* folder) into build/example-output. Prints every formula of
# the example with its label and result, then kpi-recalc's per-file summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh >/dev/null
# One kpi-recalc run for all files: starting LibreOffice is most of the time.
# --print lists every formula of every file; keep the example's table (it starts
# at the line naming the file) and the summary (from "kpi-recalc:") only.
/usr/bin/python3 tools/kpi-recalc --oxt build/kpicalc.oxt --format ods --out build/example-output \
    --quiet --print templates/example/kpi-example.fods templates/kpi-calc-*/ |
  awk '/^kpi-recalc: /                   { show = 1 }
       /^[^ ]+\.(fods|ods|ots|xlsx|xls)$/ { show = ($0 == "kpi-example.fods") }
       /^$/                              { blank = 1; next }
       show                              { if (blank) print ""; print }
                                         { blank = 0 }'
