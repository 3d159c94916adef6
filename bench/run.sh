#!/usr/bin/env bash
# All benchmarks, one command:   bash bench/run.sh [--quick] [recalc.py options]
#
# Builds the .oxt, the benchmark-only do-nothing add-in (bench-floor.oxt) and
# the Google Benchmark programs with -DKPI_BENCH=ON (at most 2 jobs), runs
#   1. kpi_core_bench  (core hot paths: COHORT over 1e6 rows, CAC over 1e6 values),
#   2. kpi_addin_bench (the add-in's own code per call, range conversion),
#   3. bench/recalc.py (headless Calc: per-cell recalculation cost of RETENTION,
#      MROI, CLVDISC, ABPVALUE vs native formulas, the do-nothing floor and
#      Basic at 20,000 and 100,000 rows, and the same per cell with the other
#      adapter (kpicalc-cxx.oxt, the C++ add-in) in a second soffice in the same run; COHORT over 1,000,000 event rows vs
#      the floor and a native COUNTIFS construction),
# prints the result table and writes it to bench/results/recalc-<date>.md.
#   --quick        2,000 rows, 3 repetitions, no COHORT (a smoke run, ~1 min)
#   other options  passed to bench/recalc.py (--sizes, --reps, --functions, --out …)
# KPI_BENCH_BUILD sets the build directory (default: build-bench in the checkout).
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${KPI_BENCH_BUILD:-$ROOT/build-bench}

bash "$ROOT/tools/setup.sh"
cmake -S "$ROOT" -B "$BUILD" -DKPI_BENCH=ON >/dev/null
cmake --build "$BUILD" -j2 --target oxt oxt_cxx bench_floor_oxt kpi_core_bench kpi_addin_bench >/dev/null

ARGS=(--cohort)
if [ "${1:-}" = "--quick" ]; then
  shift
  ARGS=(--sizes 2000 --reps 3)
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
{
  echo "## Core and add-in micro-benchmarks (Google Benchmark, no Calc)"
  echo
  echo '```'
  "$BUILD/bench/kpi_core_bench" --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|Benchmark|-)'
  "$BUILD/bench/kpi_addin_bench" --benchmark_min_time=0.2 2>/dev/null | grep -E '^BM_'
  echo '```'
} > "$TMP/micro.md"

/usr/bin/python3 "$ROOT/bench/recalc.py" --oxt "$BUILD/kpicalc.oxt" --other-oxt "$BUILD/kpicalc-cxx.oxt" \
  --floor-oxt "$BUILD/bench-floor.oxt" --addin-bench "$BUILD/bench/kpi_addin_bench" \
  --append "$TMP/micro.md" "${ARGS[@]}" "$@"
