// RFM over an order log of 1,000,000 rows: 100,000 customers, orders over 24
// months (2023-01-01 … 2024-12-31), rows in random order, with amounts;
// numeric and text customer ids. Reported as rows per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>

#include "kpi/cohort.hpp"
#include "order_log.hpp"

namespace {

void run(benchmark::State& state, bool text_ids, const char* period) {
    const bench::OrderLog log = bench::make_order_log(11, bench::RowExtra::amount, text_ids);
    const std::optional<kpi::MixedRange> amounts = log.amounts;
    for (auto _ : state) {
        auto r = kpi::rfm(kpi::CivilDate{}, log.ids, log.dates, amounts, std::nullopt, period, 7);
        if (!r || r->rows == 0) state.SkipWithError("RFM failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bench::kLogRows));
}

void BM_RfmNumericIdsDays(benchmark::State& s) { run(s, false, "day"); }
void BM_RfmTextIdsDays(benchmark::State& s) { run(s, true, "day"); }
void BM_RfmNumericIdsWeeks(benchmark::State& s) { run(s, false, "week"); }

}  // namespace

BENCHMARK(BM_RfmNumericIdsDays)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RfmTextIdsDays)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RfmNumericIdsWeeks)->Unit(benchmark::kMillisecond);
