// RFM over an order log of 1,000,000 rows: 100,000 customers, orders over 24
// months (2023-01-01 … 2024-12-31), rows in random order, with amounts;
// numeric and text customer ids. Reported as rows per second.
#include <benchmark/benchmark.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kpi/cohort.hpp"

namespace {

constexpr std::size_t order_rows = 1000000;
constexpr std::size_t customer_count = 100000;
constexpr double first_day = 44927;  // 2023-01-01 in the 1899-12-30 system
constexpr int span_days = 731;       // through 2024-12-31

struct OrderLog {
    std::vector<std::u16string> names;  // owns the text ids
    kpi::MixedRange ids, dates, amounts;
};

OrderLog make_log(bool text_ids) {
    OrderLog log;
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<std::size_t> customer(0, customer_count - 1);
    std::uniform_int_distribution<int> day(0, span_days - 1);
    std::uniform_int_distribution<int> cents(100, 30000);
    for (auto* r : {&log.ids, &log.dates, &log.amounts}) {
        r->rows = order_rows;
        r->cols = 1;
        r->cells.reserve(order_rows);
    }
    log.names.reserve(order_rows);
    for (std::size_t i = 0; i < order_rows; ++i) {
        const std::size_t c = customer(rng);
        if (text_ids) {
            const std::string s = "CUST-" + std::to_string(c);
            log.names.emplace_back(s.begin(), s.end());
        } else {
            log.ids.cells.push_back(kpi::Input::of(static_cast<double>(c)));
        }
        log.dates.cells.push_back(kpi::Input::of(first_day + day(rng)));
        log.amounts.cells.push_back(kpi::Input::of(cents(rng) / 100.0));
    }
    if (text_ids)
        for (const auto& s : log.names) log.ids.cells.push_back(kpi::Input::of(std::u16string_view(s)));
    return log;
}

void run(benchmark::State& state, bool text_ids, const char* period) {
    const OrderLog log = make_log(text_ids);
    const std::optional<kpi::MixedRange> amounts = log.amounts;
    for (auto _ : state) {
        auto r = kpi::rfm(kpi::CivilDate{}, log.ids, log.dates, amounts, std::nullopt, period, 7);
        if (!r || r->rows == 0) state.SkipWithError("RFM failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * order_rows));
}

void BM_RfmNumericIdsDays(benchmark::State& s) { run(s, false, "day"); }
void BM_RfmTextIdsDays(benchmark::State& s) { run(s, true, "day"); }
void BM_RfmNumericIdsWeeks(benchmark::State& s) { run(s, false, "week"); }

}  // namespace

BENCHMARK(BM_RfmNumericIdsDays)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RfmTextIdsDays)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RfmNumericIdsWeeks)->Unit(benchmark::kMillisecond);
