// COHORT over an event log of 1,000,000 rows: 100,000 customers, events over
// 24 months (2023-01-01 … 2024-12-31), rows in random order; numeric and text
// customer ids, "nday" and "unbounded". Reported as rows per second.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "kpi/cohort.hpp"
#include "order_log.hpp"

namespace {

// The events, built once: numeric ids, and the same events with text ids.
const bench::OrderLog& event_log(bool text_ids) {
    static const bench::OrderLog numeric = bench::make_order_log(7, bench::RowExtra::time_of_day, false);
    if (!text_ids) return numeric;
    static const bench::OrderLog text = bench::make_order_log(7, bench::RowExtra::time_of_day, true);
    return text;
}

void run(benchmark::State& state, bool text_ids, const char* period, double periods,
         const char* mode) {
    const bench::OrderLog& log = event_log(text_ids);
    for (auto _ : state) {
        auto r = kpi::cohort(kpi::CivilDate{}, log.ids, log.dates, period, periods, mode);
        if (!r) state.SkipWithError("COHORT failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bench::kLogRows));
}

void BM_Cohort_NumericIds_Month_Nday(benchmark::State& s) { run(s, false, "month", 24, "nday"); }
void BM_Cohort_NumericIds_Month_Unbounded(benchmark::State& s) {
    run(s, false, "month", 24, "unbounded");
}
void BM_Cohort_TextIds_Month_Nday(benchmark::State& s) { run(s, true, "month", 24, "nday"); }
void BM_Cohort_TextIds_Month_Unbounded(benchmark::State& s) {
    run(s, true, "month", 24, "unbounded");
}
void BM_Cohort_NumericIds_Week_Nday(benchmark::State& s) { run(s, false, "week", 104, "nday"); }
void BM_Cohort_NumericIds_Day_Nday(benchmark::State& s) { run(s, false, "day", 365, "nday"); }

}  // namespace

BENCHMARK(BM_Cohort_NumericIds_Month_Nday)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cohort_NumericIds_Month_Unbounded)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cohort_TextIds_Month_Nday)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cohort_TextIds_Month_Unbounded)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cohort_NumericIds_Week_Nday)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cohort_NumericIds_Day_Nday)->Unit(benchmark::kMillisecond);
