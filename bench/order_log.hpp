// The order log the COHORT and RFM benchmarks run on: 1,000,000 rows of
// 100,000 customers, days over 24 months (2023-01-01 … 2024-12-31), rows in
// random order; numeric ids or the texts "CUST-<number>".
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kpi/types.hpp"

namespace bench {

inline constexpr std::size_t kLogRows = 1000000;
inline constexpr std::size_t kLogCustomers = 100000;
inline constexpr double kFirstDay = 44927;  // 2023-01-01 in the 1899-12-30 system
inline constexpr int kSpanDays = 731;       // through 2024-12-31

struct OrderLog {
    std::vector<std::u16string> names;  // owns the text ids
    kpi::MixedRange ids, dates, amounts;
};

// What each row carries besides its customer and day: a time of day on the
// date (COHORT must use the day of a date-time), or an amount (RFM's monetary).
enum class RowExtra { time_of_day, amount };

// The draws per row (customer, day, extra) are in a fixed order, so a seed
// gives the same log with numeric or text ids.
inline OrderLog make_order_log(std::uint64_t seed, RowExtra extra, bool text_ids) {
    OrderLog log;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> customer(0, kLogCustomers - 1);
    std::uniform_int_distribution<int> day(0, kSpanDays - 1);
    std::uniform_real_distribution<double> time(0.0, 1.0);
    std::uniform_int_distribution<int> cents(100, 30000);
    const bool with_amounts = extra == RowExtra::amount;
    for (auto* r : {&log.ids, &log.dates, &log.amounts}) {
        if (r == &log.amounts && !with_amounts) continue;
        r->rows = kLogRows;
        r->cols = 1;
        r->cells.reserve(kLogRows);
    }
    if (text_ids) log.names.reserve(kLogRows);
    for (std::size_t i = 0; i < kLogRows; ++i) {
        const std::size_t c = customer(rng);
        if (text_ids) {
            const std::string s = "CUST-" + std::to_string(c);
            log.names.emplace_back(s.begin(), s.end());
        } else {
            log.ids.cells.push_back(kpi::Input::of(static_cast<double>(c)));
        }
        const double d = kFirstDay + day(rng);
        if (with_amounts) {
            log.dates.cells.push_back(kpi::Input::of(d));
            log.amounts.cells.push_back(kpi::Input::of(cents(rng) / 100.0));
        } else {
            log.dates.cells.push_back(kpi::Input::of(d + time(rng)));
        }
    }
    // The names vector is complete, so the views into it stay valid.
    if (text_ids)
        for (const auto& s : log.names) log.ids.cells.push_back(kpi::Input::of(std::u16string_view(s)));
    return log;
}

}  // namespace bench
