// COHORT (spec section 3): a retention table of customer cohorts built from a
// raw event log (one row per customer id and event date). Pure C++, no UNO.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kpi/types.hpp"

namespace kpi {

// Proleptic Gregorian calendar arithmetic on day numbers counted from
// 1970-01-01 (day 0). Exact for every date whose year fits an int, including
// dates before 1900 and before year 0 (year 0 = 1 BC, a leap year).
namespace calendar {

// Day number of year-month-day. Requires 1 <= month <= 12; a day past the end
// of the month simply counts on into the next month.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

// The date of a day number; |days| must stay below 7e11 so the year fits an int.
CivilDate civil_from_days(std::int64_t days) noexcept;

// True when the date exists (month 1–12, day within the month, leap years).
bool is_valid(const CivilDate& date) noexcept;

}  // namespace calendar

// Limits that keep COHORT bounded in time and memory.
inline constexpr double cohort_max_periods = 1000;          // periods argument
inline constexpr std::size_t cohort_max_rows = 1048576;     // Calc's row count
inline constexpr std::size_t cohort_max_cells = 4194304;    // 2^22 result cells

// COHORT(customer_ids; event_dates; [period = "month"]; [periods = 12];
//        [mode = "nday"]).
// `null_date` is the document's null date: a date serial s is the day
// null_date + floor(s) (a date-time uses its day).
// Result: one row per cohort — the customers whose FIRST event falls in the
// same period — oldest first; only periods in which some customer started
// get a row. Columns: 1 the cohort's start date (serial in the document's
// date system: the day, the Monday of the week, the 1st of the month),
// 2 the cohort size, then for offset j = 0 … periods−1 the fraction of the
// cohort that was active
//   "nday":      in exactly period start + j;
//   "unbounded": in period start + j or any later period.
// A cell whose period start + j lies after the period of the latest event in
// the data is empty (not yet observable).
// period: "day", "week" (weeks start on Monday), "month"; options are ASCII
// case-insensitive.
// Input rules, applied row by row in row-major order:
// - an error cell in either range → that error (the first one in row order);
// - a row whose id or date is empty (or the empty text "") is skipped;
// - a text in the date column → Errc::value (#VALUE!);
// - ids are numbers or texts; texts match exactly (case-sensitive), and a
//   number and a text are different ids (5 ≠ "5");
// - a date must be finite with |serial| < 1e9, else invalid_argument.
// Errors: unknown period or mode, periods not an integer in 1…1000, ranges
// with a different number of cells, an invalid null_date → invalid_argument;
// no usable row → not_available; a result of more than cohort_max_rows rows
// or cohort_max_cells cells → num.
// Cost: O(n) expected time plus O(C log C) for C customers; memory O(n) plus
// the result.
Result<Table> cohort(CivilDate null_date, const MixedRange& customer_ids,
                     const MixedRange& event_dates, std::string_view period, double periods,
                     std::string_view mode);

}  // namespace kpi
