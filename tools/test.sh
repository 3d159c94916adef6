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

# 60 s of fuzzing in all (KPI_FUZZ_SECONDS): three quarters on the core's
# entry points, a quarter on the C-level add-in's argument conversion.
FUZZ_SECONDS=${KPI_FUZZ_SECONDS:-60}
FUZZ_BRIDGE_SECONDS=$((FUZZ_SECONDS / 4))
FUZZ_CORE_SECONDS=$((FUZZ_SECONDS - FUZZ_BRIDGE_SECONDS))
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DKPI_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_core fuzz_bridge
# fuzz TARGET SECONDS CORPUS [libFuzzer options]: new units go to build-fuzz/new-units-TARGET.
fuzz() {
  local target=$1 seconds=$2 corpus=$3
  shift 3
  mkdir -p "build-fuzz/new-units-$target"
  if ! "./build-fuzz/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 "$@" \
       "build-fuzz/new-units-$target" "$corpus" > "build-fuzz/$target.log" 2>&1; then
    tail -60 "build-fuzz/$target.log"
    echo "fuzzing found a problem: reproduce with build-fuzz/fuzz/$target <crash file>, then add a unit test"
    exit 1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "build-fuzz/$target.log"
}
echo "== fuzzing the core for $FUZZ_CORE_SECONDS s (libFuzzer + ASan + UBSan, seed corpus fuzz/corpus/core, option words fuzz/options.dict)"
fuzz fuzz_core "$FUZZ_CORE_SECONDS" fuzz/corpus/core -max_len=512 -dict=fuzz/options.dict
echo "== fuzzing the C-level add-in's argument conversion for $FUZZ_BRIDGE_SECONDS s (every function, binary-UNO values; seed corpus fuzz/corpus/bridge)"
fuzz fuzz_bridge "$FUZZ_BRIDGE_SECONDS" fuzz/corpus/bridge -max_len=1024

echo "== all tests (unit + integration in headless LibreOffice)"
cd build
ctest --output-on-failure -j2 --timeout 1500
