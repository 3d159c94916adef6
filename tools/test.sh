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

echo "== fuzzing the core for ${KPI_FUZZ_SECONDS:-60} s (libFuzzer + ASan + UBSan, seed corpus fuzz/corpus, option words fuzz/options.dict)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DKPI_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_core
mkdir -p build-fuzz/new-units
if ! ./build-fuzz/fuzz/fuzz_core -max_total_time="${KPI_FUZZ_SECONDS:-60}" -max_len=512 \
     -dict=fuzz/options.dict -print_final_stats=1 build-fuzz/new-units fuzz/corpus/core > build-fuzz/fuzz.log 2>&1; then
  tail -60 build-fuzz/fuzz.log
  echo "fuzzing found a problem: reproduce with build-fuzz/fuzz/fuzz_core <crash file>, then add a unit test"
  exit 1
fi
grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" build-fuzz/fuzz.log

echo "== all tests (unit + integration in headless LibreOffice)"
cd build
ctest --output-on-failure -j2 --timeout 1500
