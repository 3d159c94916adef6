// Hot paths of the core: CAC summing 1,000,000 costs (a whole column of
// spend), reported as values per second, and the slowest single A/B cell. The UNO side of the same call (Calc's
// 1,000,000 Any cells → kpi::NumberRange) is measured by kpi_addin_bench.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "kpi/acquisition.hpp"
#include "kpi/experiments.hpp"

namespace {

kpi::NumberRange costs(std::size_t n) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> cost(0.0, 5000.0);
    kpi::NumberRange r;
    r.values.reserve(n);
    for (std::size_t i = 0; i < n; ++i) r.values.push_back(cost(rng));
    return r;
}

void BM_CacSum(benchmark::State& state) {
    const kpi::NumberRange r = costs(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto v = kpi::cac(r, 1234.0);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CacSum)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMicrosecond);

// The largest exact Bayesian sum ABPROBBEST/ABLOSS do (just under the size
// where the normal approximation takes over): the worst time one cell can take.
void BM_AbProbBestLargestExact(benchmark::State& state) {
    for (auto _ : state) {
        auto r = kpi::abprobbest(1.59e9, 3.18e9, 1.59004e9, 3.18e9);
        auto l = kpi::abloss(1.59e9, 3.18e9, 1.59004e9, 3.18e9, "a");
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(l);
    }
}
BENCHMARK(BM_AbProbBestLargestExact)->Unit(benchmark::kMillisecond);

}  // namespace
