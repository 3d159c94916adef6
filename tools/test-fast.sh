#!/usr/bin/env bash
# The edit-compile-test loop: build, then every test except the slow ones
# (ctest label `slow`: stress, templates, kpi-recalc, compatibility, the GUI
# Wizard). No sanitizer build and no fuzzing: tools/test.sh runs everything.
# Extra arguments go to ctest, e.g. `-L unit` for the unit tests alone or
# `-R integration.test_sheets` for one file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
cd build
ctest --output-on-failure -j2 --timeout 1500 -LE slow "$@"
