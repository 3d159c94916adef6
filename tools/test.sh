#!/usr/bin/env bash
# The full test run: unit tests, the same unit tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, and the integration tests in real headless Calc
# with the built .oxt installed into throw-away profiles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh

echo "== core unit tests under ASan + UBSan"
cmake -S . -B build-asan -DKPI_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$(nproc)" --target kpi_unit_tests
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ./build-asan/tests/kpi_unit_tests --gtest_brief=1

echo "== all tests (unit + integration in headless LibreOffice)"
cd build
ctest --output-on-failure -j2 --timeout 1500
