// ABCUPED over 1,000,000 visitors per arm (revenue and pre-period revenue, a
// whole column of each), as visitors per second, and ABPROBBESTMEAN +
// ABLOSSMEAN over 20 arms: the slowest cells of the issue-24 functions.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "kpi/experiments.hpp"

namespace {

struct Arm {
    kpi::MixedRange metric, pre;
};

// Pre-period revenue ~ Gamma, this period's = 0.8·pre + noise (correlated, as CUPED assumes), in cents.
Arm revenue(std::size_t n, unsigned seed, double lift) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> pre(2.0, 25.0);
    std::normal_distribution<double> noise(0.0, 10.0);
    Arm a;
    a.metric.rows = a.pre.rows = n;
    a.metric.cols = a.pre.cols = 1;
    a.metric.cells.reserve(n);
    a.pre.cells.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = std::round(pre(rng) * 100.0) / 100.0;
        a.pre.cells.push_back(kpi::Input::of(x));
        a.metric.cells.push_back(kpi::Input::of(std::round((0.8 * x + lift + noise(rng)) * 100.0) / 100.0));
    }
    return a;
}

void BM_AbCuped(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const Arm a = revenue(n, 1, 0.0), b = revenue(n, 2, 0.3);
    for (auto _ : state) {
        auto r = kpi::abcuped(a.metric, a.pre, b.metric, b.pre, 0.95);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(BM_AbCuped)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);

kpi::MixedRange column(const std::vector<double>& v) {
    kpi::MixedRange r;
    r.rows = v.size();
    r.cols = 1;
    for (double x : v) r.cells.push_back(kpi::Input::of(x));
    return r;
}

void BM_AbProbBestMeanTwentyArms(benchmark::State& state) {
    std::vector<double> m, s, n;
    for (int i = 0; i < 20; ++i) {
        m.push_back(10.0 + 0.01 * i);
        s.push_back(5.0 + 0.2 * (i % 7));
        n.push_back(1e4 + 137.0 * i);
    }
    const auto means = column(m), sds = column(s), ns = column(n);
    for (auto _ : state) {
        auto p = kpi::abprobbestmean(means, sds, ns);
        auto l = kpi::ablossmean(means, sds, ns);
        benchmark::DoNotOptimize(p);
        benchmark::DoNotOptimize(l);
    }
}
BENCHMARK(BM_AbProbBestMeanTwentyArms)->Unit(benchmark::kMillisecond);

}  // namespace
