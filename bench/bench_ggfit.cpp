// GGFIT on the RFM summary of the 1,000,000-row order log (100,000 customers,
// amounts 1.00–300.00 a line; see order_log.hpp), and on the same log with
// near-constant spend (every line 20.00 or 20.01). Spend drawn from one
// distribution for every customer leaves the Gamma–Gamma likelihood improving
// towards infinite q and v: that fit must end in Err:523 within its evaluation
// budget instead of running for minutes. Reported per fit, succeed or fail.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>

#include "kpi/cohort.hpp"
#include "kpi/predictive.hpp"
#include "order_log.hpp"

namespace {

struct Summary {
    kpi::NumberRange frequency, monetary;
};

// RFM in weeks (period "day", 7 days a unit), as the customer value forecast does.
Summary summarise(bool near_constant) {
    bench::OrderLog log = bench::make_order_log(11, bench::RowExtra::amount, false);
    if (near_constant)
        for (std::size_t i = 0; i < log.amounts.cells.size(); ++i)
            log.amounts.cells[i] = kpi::Input::of(i % 2 == 0 ? 20.0 : 20.01);
    const std::optional<kpi::MixedRange> amounts = log.amounts;
    const auto t = kpi::rfm(kpi::CivilDate{}, log.ids, log.dates, amounts, std::nullopt, "day", 7);
    Summary s;
    if (!t) return s;
    for (std::size_t r = 0; r < t->rows; ++r) {
        s.frequency.values.push_back(t->at(r, 1).number);
        s.monetary.values.push_back(t->at(r, 4).number);
    }
    return s;
}

void run(benchmark::State& state, bool near_constant) {
    static const Summary normal = summarise(false), constant = summarise(true);
    const Summary& s = near_constant ? constant : normal;
    if (s.frequency.values.empty()) {
        state.SkipWithError("RFM failed");
        return;
    }
    for (auto _ : state) {
        auto r = kpi::ggfit(s.frequency, s.monetary);
        // Either outcome is an answer; anything else is a failure of the benchmark.
        if (!r && r.error() != kpi::Errc::no_convergence) state.SkipWithError("GGFIT failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.frequency.values.size()));
    state.counters["customers"] = static_cast<double>(s.frequency.values.size());
}

void BM_GgFitOrderLog(benchmark::State& s) { run(s, false); }
void BM_GgFitNearConstantSpend(benchmark::State& s) { run(s, true); }

}  // namespace

BENCHMARK(BM_GgFitOrderLog)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_GgFitNearConstantSpend)->Unit(benchmark::kMillisecond)->Iterations(3);
