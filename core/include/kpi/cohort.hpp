// COHORT (reference: "Cohorts and RFM summaries"): a retention table of customer cohorts built from a
// raw event log (one row per customer id and event date), and RFM (same
// section): the per-customer frequency/recency/age/monetary summary of the
// same kind of log. Pure C++, no UNO.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kpi/calendar.hpp"
#include "kpi/types.hpp"

namespace kpi {

// Limits that keep COHORT bounded in time and memory.
inline constexpr double kCohortMaxPeriods = 1000;          // periods argument
inline constexpr std::size_t kCohortMaxRows = 1048576;     // Calc's row count
inline constexpr std::size_t kCohortMaxCells = 4194304;    // 2^22 result cells

// COHORT(customer_ids; event_dates; [period = "month"]; [periods = 12];
//        [mode = "nday"]; [amounts]).
// `null_date` is the document's null date: a date serial s is the day
// null_date + floor(s) (a date-time uses its day).
// Result: one row per cohort — the customers whose FIRST event falls in the
// same period — oldest first; only periods in which some customer started
// get a row. Columns: 1 the cohort's start date (serial in the document's
// date system: the day, the Monday of the week, the 1st of the month),
// 2 the cohort size, then for offset j = 0 … periods−1:
//   "nday":      the fraction of the cohort active in exactly period start + j;
//   "unbounded": the fraction active in period start + j or any later period;
//   "revenue":   the cohort's amounts in period start + j ÷ the cohort size;
//   "ltv":       the cohort's amounts in periods start … start + j ÷ the size;
//   "revenue_retention": the cohort's amounts at offset j ÷ those at offset 0
//                (a cell error div_by_zero when offset 0 sums to 0).
// A cell whose period start + j lies after the period of the latest event in
// the data is empty (not yet observable).
// period: "day", "week" (weeks start on Monday), "month"; options are ASCII
// case-insensitive.
// Input rules, applied row by row in row-major order:
// - an error cell in either range (or in amounts) → that error (the first one
//   in row order);
// - a row whose id or date is empty (or the empty text "") is skipped;
// - a text in the date column → Errc::value (#VALUE!);
// - ids are numbers or texts; texts match exactly (case-sensitive), and a
//   number and a text are different ids (5 ≠ "5");
// - a date must be finite with |serial| < 1e9, else invalid_argument;
// - amounts (one per event row, needed by the value modes): text and empty
//   cells count 0. Whenever amounts are given (any mode), a row whose amount
//   is negative (a refund) is no activity: it neither places its customer in
//   a cohort nor makes them active in its period; in the value modes its
//   amount still adds to its period's revenue (a refund of a customer in no
//   cohort, or before their first purchase, has no cell and is left out). Its
//   period still counts as observed. A row of amount 0 (a free item; also an
//   empty or text amount) is activity, as in the published CDNOW summary.
// - duplicates: several rows of one customer in one period (also exact
//   duplicate lines) make them active once; their amounts all add up.
// The ranges describe the same rows and are read by position, never after
// skipping (kpi/pairs.hpp): row i's id, date and amount belong together.
// Errors: unknown period or mode, a value mode without amounts, periods not
// an integer in 1…1000, ranges of different shapes (a row and a column of the
// same length pair), an invalid
// null_date → invalid_argument; no usable row → not_available; a result of
// more than kCohortMaxRows rows or kCohortMaxCells cells → num.
// Cost: O(n) expected time plus O(C log C) for C customers; memory O(n) plus
// the result.
Result<Table> cohort(CivilDate null_date, const MixedRange& customer_ids,
                     const MixedRange& event_dates, std::string_view period, double periods,
                     std::string_view mode, const std::optional<MixedRange>& amounts = std::nullopt);

// RFM(customer_ids; dates; [amounts]; [end_date]; [period = "day"];
//     [periods_per_unit = 1]) — the per-customer summary of lifetimes'
// summary_data_from_transaction_data, the input of the BG/NBD and
// Gamma–Gamma models (reference: "Predictive customer value").
// Purchases are grouped into periods ("day", "week" starting Monday,
// "month"); several purchases of one customer in one period (also exact
// duplicate lines) count once and their amounts are summed. With amounts, a
// line whose amount is negative (a refund) is no purchase: it is left out as
// if it were not there, also from the default end date, so it counts towards
// neither frequency, recency, age nor monetary. A line of amount 0 (a free
// item; also an empty or text amount) is a purchase: the published CDNOW
// summary counts the customers whose only order was $0.00. A period lies after the end when it is later
// than the period of end_date (default: the latest date), so purchases later
// in end_date's own period still count, as in lifetimes. Per customer:
//   frequency = distinct purchase periods − 1 (repeat periods);
//   recency   = (last − first purchase period) ÷ periods_per_unit;
//   age       = (end period − first purchase period) ÷ periods_per_unit;
//   monetary  = mean amount of the repeat periods (the first excluded), 0 when
//               frequency is 0; an empty cell when amounts are omitted.
// Result: one row per customer in the order of its first counted row:
// id (number, or text), frequency, recency, age, monetary. Customers whose
// purchases all lie after the end are left out.
// Input rules as COHORT (dates, ids, amounts, error cells, null date).
// Errors: unknown period, periods_per_unit not finite and > 0, end_date not
// finite with |serial| < 1e9, ranges of different shapes, an
// invalid null_date → invalid_argument; no customer → not_available; more
// than kCohortMaxRows customers → num.
// Cost: O(n log k) for n rows and at most k rows per customer; memory O(n).
Result<Table> rfm(CivilDate null_date, const MixedRange& customer_ids, const MixedRange& dates,
                  const std::optional<MixedRange>& amounts, std::optional<double> end_date,
                  std::string_view period, double periods_per_unit);

}  // namespace kpi
