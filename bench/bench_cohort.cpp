// COHORT over an event log of 1,000,000 rows: 100,000 customers, events over
// 24 months (2023-01-01 … 2024-12-31), rows in random order; numeric and text
// customer ids, "nday" and "unbounded". Reported as rows per second.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "kpi/cohort.hpp"

namespace {

constexpr std::size_t event_rows = 1000000;
constexpr std::size_t customer_count = 100000;
constexpr double first_day = 44927;  // 2023-01-01 in the 1899-12-30 system
constexpr int span_days = 731;       // through 2024-12-31

struct EventLog {
    std::vector<std::u16string> names;  // owns the text ids
    kpi::MixedRange ids, dates;
};

EventLog numeric_log() {
    EventLog log;
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::size_t> customer(0, customer_count - 1);
    std::uniform_int_distribution<int> day(0, span_days - 1);
    std::uniform_real_distribution<double> time(0.0, 1.0);
    for (auto* r : {&log.ids, &log.dates}) {
        r->rows = event_rows;
        r->cols = 1;
        r->cells.reserve(event_rows);
    }
    for (std::size_t i = 0; i < event_rows; ++i) {
        log.ids.cells.push_back(kpi::Input::of(static_cast<double>(customer(rng))));
        log.dates.cells.push_back(kpi::Input::of(first_day + day(rng) + time(rng)));
    }
    return log;
}

// The same events with the ids as texts "CUST-<number>".
EventLog text_log(EventLog log) {
    log.names.reserve(event_rows);
    for (const kpi::Input& id : log.ids.cells) {
        const std::string s = "CUST-" + std::to_string(static_cast<long>(id.number));
        log.names.emplace_back(s.begin(), s.end());
    }
    for (std::size_t i = 0; i < event_rows; ++i)
        log.ids.cells[i] = kpi::Input::of(std::u16string_view(log.names[i]));
    return log;
}

const EventLog& event_log(bool text_ids) {
    static const EventLog numeric = numeric_log();
    if (!text_ids) return numeric;
    static const EventLog text = text_log(numeric);
    return text;
}

void run(benchmark::State& state, bool text_ids, const char* period, double periods,
         const char* mode) {
    const EventLog& log = event_log(text_ids);
    for (auto _ : state) {
        auto r = kpi::cohort(kpi::CivilDate{}, log.ids, log.dates, period, periods, mode);
        if (!r) state.SkipWithError("COHORT failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * event_rows));
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
