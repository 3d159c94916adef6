#!/usr/bin/env bash
# Regenerates everything the catalogue generates that the repository commits:
# the function reference (docs/), the integration case sheets, the case-folding
# table, the fuzzer's option words (fuzz/option_words.inc, fuzz/options.dict; it
# also checks the core's option_is words against the catalogue), and the frozen
# API (new signatures appended, released ones checked).
# The IDL and the add-in dispatch are generated at build time and not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
$PY tools/gen_addin.py --freeze
$PY tools/gen_addin.py --check-frozen
$PY tools/gen_casefold.py
$PY tools/gen_options.py
$PY tests/integration/make_sheets.py
$PY tools/gen_docs.py
echo "Regenerated: idl/frozen-api.txt, core/src/casefold_table.inc, fuzz/option_words.inc, fuzz/options.dict, tests/integration/sheets/, docs/"
