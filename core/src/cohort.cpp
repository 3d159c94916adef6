// COHORT — see kpi/cohort.hpp for the contract.
//
// Plan, for n event rows and C customers:
//  1. one pass over the rows: skip/validate, map each id to a dense customer
//     number (hash map), turn each date into a period number, and keep each
//     customer's first and last period;
//  2. the cohorts are the distinct first periods, sorted (C log C);
//  3. "unbounded" needs only each customer's last period: a customer is
//     active at offset j or later iff last − first ≥ j, so a histogram of
//     min(last − first, periods − 1) per cohort and a suffix sum give it;
//     "nday" needs each customer's distinct offsets: the events are grouped
//     by customer with a counting sort (O(n + C)) and deduplicated with a
//     per-offset stamp.
#include "kpi/cohort.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "kpi/key.hpp"
#include "kpi/pairs.hpp"
#include "kpi/sum.hpp"
#include "kpi/validate.hpp"

namespace kpi {

namespace {

using calendar::civil_from_days;
using calendar::days_from_civil;

enum class Period : unsigned char { day, week, month };

// Largest |date serial| accepted; keeps every day number far inside int64 and
// every year inside int.
constexpr double kMaxSerial = 1e9;
// Largest |year| accepted for the null date, for the same reason.
constexpr int kMaxNullYear = 1000000;

// The period a day (number from 1970-01-01) falls in, as a consecutive number.
std::int64_t period_of(std::int64_t day, Period p) noexcept {
    switch (p) {
        case Period::day: return day;
        // 1970-01-01 was a Thursday, so Monday 1969-12-29 (day −3) starts week 0.
        case Period::week: return calendar::floor_div(day + 3, 7);
        case Period::month: {
            const CivilDate d = civil_from_days(day);
            return static_cast<std::int64_t>(d.year) * 12 + (d.month - 1);
        }
    }
    return day;
}

// The first day of a period number.
std::int64_t period_start(std::int64_t period, Period p) noexcept {
    switch (p) {
        case Period::day: return period;
        case Period::week: return period * 7 - 3;
        case Period::month: {
            const std::int64_t year = calendar::floor_div(period, 12);
            return days_from_civil(year, static_cast<unsigned>(period - year * 12 + 1), 1);
        }
    }
    return period;
}

bool is_blank(const Input& in) noexcept {
    return in.kind == Input::Kind::empty || (in.kind == Input::Kind::text && in.text.empty());
}

// Customer ids match exactly (case-sensitive), numbers by value.
template <class V>
using CustomerMap = KeyMap<V, TextMatch::exact>;

std::optional<Period> parse_period(std::string_view period) noexcept {
    if (option_is(period, "day")) return Period::day;
    if (option_is(period, "week")) return Period::week;
    if (option_is(period, "month")) return Period::month;
    return std::nullopt;
}

bool null_date_ok(const CivilDate& d) noexcept {
    return d.year >= -kMaxNullYear && d.year <= kMaxNullYear && calendar::is_valid(d);
}

// An amount cell: a number as given; text and empty count 0 (reference: COHORT).
double amount_of(const Input& in) noexcept {
    return in.kind == Input::Kind::number ? in.number : 0.0;
}

// The row checks COHORT and RFM share, in their contracts' order: an error
// cell in the id, the date or the amount (if any) is the result; a blank id
// or date skips the row (false); a text date is #VALUE!; a date out of range
// and, when `finite_amount`, a non-finite amount are invalid_argument.
Result<bool> usable_row(const Input& id, const Input& date, const Input* amount,
                        bool finite_amount) noexcept {
    if (id.kind == Input::Kind::error) return id.error;
    if (date.kind == Input::Kind::error) return date.error;
    if (amount && amount->kind == Input::Kind::error) return amount->error;
    if (is_blank(id) || is_blank(date)) return false;
    if (date.kind == Input::Kind::text) return Errc::value;
    if (!(std::fabs(date.number) < kMaxSerial)) return Errc::invalid_argument;
    if (finite_amount && !std::isfinite(amount_of(*amount))) return Errc::invalid_argument;
    return true;
}

}  // namespace

Result<Table> cohort(CivilDate null_date, const MixedRange& customer_ids,
                     const MixedRange& event_dates, std::string_view period, double periods,
                     std::string_view mode, const std::optional<MixedRange>& amounts) {
    const std::optional<Period> parsed = parse_period(period);
    if (!parsed) return Errc::invalid_argument;
    const Period unit = *parsed;
    enum class Mode { nday, unbounded, revenue, ltv, revenue_retention };
    Mode how;
    if (option_is(mode, "nday"))
        how = Mode::nday;
    else if (option_is(mode, "unbounded"))
        how = Mode::unbounded;
    else if (option_is(mode, "revenue"))
        how = Mode::revenue;
    else if (option_is(mode, "ltv"))
        how = Mode::ltv;
    else if (option_is(mode, "revenue_retention"))
        how = Mode::revenue_retention;
    else
        return Errc::invalid_argument;
    const bool nday = how == Mode::nday;
    const bool by_value = how != Mode::nday && how != Mode::unbounded;
    if (by_value && !amounts) return Errc::invalid_argument;
    if (!(periods >= 1 && periods <= kCohortMaxPeriods) || periods != std::floor(periods))
        return Errc::invalid_argument;
    const auto width = static_cast<std::size_t>(periods);
    // The columns describe the same rows and pair cell by cell (kpi/pairs.hpp).
    if (!same_items(customer_ids, event_dates)) return Errc::invalid_argument;
    if (amounts && !same_items(customer_ids, *amounts)) return Errc::invalid_argument;
    const std::size_t n = customer_ids.cells.size();
    if (!null_date_ok(null_date)) return Errc::invalid_argument;
    const std::int64_t null_day = days_from_civil(null_date.year, null_date.month, null_date.day);

    // 1. Events as (customer, period); per customer the first and last period
    // of activity. With amounts, a line of a negative amount (a refund) is no
    // activity: it only adds its amount in the value modes.
    constexpr std::int64_t kNoActivity = std::numeric_limits<std::int64_t>::max();
    std::vector<std::uint32_t> event_customer;
    std::vector<std::int64_t> event_period;
    std::vector<double> event_amount;
    std::vector<std::int64_t> first, last;
    CustomerMap<std::uint32_t> customers;
    if (nday || by_value) {
        event_customer.reserve(n);
        event_period.reserve(n);
    }
    if (by_value) event_amount.reserve(n);
    std::int64_t latest = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = 0; i < n; ++i) {
        const Input& date = event_dates.cells[i];
        // Every mode returns an amount's error cell; only value modes need amounts finite.
        const Result<bool> usable = usable_row(customer_ids.cells[i], date,
                                               amounts ? &amounts->cells[i] : nullptr, by_value);
        if (!usable) return usable.error();
        if (!*usable) continue;

        const Key key = Key::of(customer_ids.cells[i]);
        const auto day = static_cast<std::int64_t>(std::floor(date.number)) + null_day;
        const std::int64_t p = period_of(day, unit);
        const double amount = amounts ? amount_of(amounts->cells[i]) : 0.0;
        const bool activity = !amounts || !(amount < 0.0);
        const auto [it, added] =
            customers.try_emplace(key, static_cast<std::uint32_t>(first.size()));
        if (added) {
            first.push_back(kNoActivity);
            last.push_back(std::numeric_limits<std::int64_t>::min());
        }
        if (activity) {
            first[it->second] = std::min(first[it->second], p);
            last[it->second] = std::max(last[it->second], p);
        }
        // "nday" needs the active events only; the value modes every amount.
        if (by_value || (nday && activity)) {
            event_customer.push_back(it->second);
            event_period.push_back(p);
        }
        if (by_value) event_amount.push_back(amount);
        // A refund is still a line of the log: its period is observed.
        latest = std::max(latest, p);
    }
    // A customer without activity (only refunds) is in no cohort.
    const std::size_t count = first.size();
    const auto in_cohort = [&](std::size_t c) { return first[c] != kNoActivity; };
    std::vector<std::int64_t> starts;
    starts.reserve(count);
    for (std::size_t c = 0; c < count; ++c)
        if (in_cohort(c)) starts.push_back(first[c]);
    if (starts.empty()) return Errc::not_available;

    // 2. Cohorts: the distinct first periods, oldest first.
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    const std::size_t rows = starts.size();
    if (rows > kCohortMaxRows || rows > kCohortMaxCells / (width + 2)) return Errc::num;
    std::vector<std::uint32_t> cohort_of(count);
    std::vector<std::uint32_t> size(rows, 0);
    for (std::size_t c = 0; c < count; ++c) {
        if (!in_cohort(c)) continue;
        const auto k = static_cast<std::uint32_t>(
            std::lower_bound(starts.begin(), starts.end(), first[c]) - starts.begin());
        cohort_of[c] = k;
        ++size[k];
    }

    if (by_value) {
        // The cohort's amounts per offset; events past the last column are not
        // needed. A refund of a customer in no cohort, or before the first
        // purchase, has no cell: it is left out.
        // Sums of money are compensated (kpi/sum.hpp), as Calc's SUM.
        std::vector<CompensatedSum> total(rows * width);
        for (std::size_t e = 0; e < event_customer.size(); ++e) {
            const std::uint32_t c = event_customer[e];
            if (!in_cohort(c) || event_period[e] < first[c]) continue;
            const auto j = static_cast<std::uint64_t>(event_period[e] - first[c]);
            if (j < width) total[cohort_of[c] * width + j].add(event_amount[e]);
        }
        Table t(rows, width + 2);
        for (std::size_t k = 0; k < rows; ++k) {
            t.at(k, 0) = Cell::of(static_cast<double>(period_start(starts[k], unit) - null_day));
            t.at(k, 1) = Cell::of(size[k]);
            const auto observable = static_cast<std::uint64_t>(latest - starts[k]);
            const CompensatedSum* row = total.data() + k * width;
            CompensatedSum running;  // every amount of offsets 0 … j, not the rounded cell sums
            for (std::size_t j = 0; j < width && j <= observable; ++j) {
                running.add(row[j]);
                Result<double> v = how == Mode::revenue ? finite(row[j].value() / size[k])
                                   : how == Mode::ltv   ? finite(running.value() / size[k])
                                                        : ratio(row[j].value(), row[0].value());
                t.at(k, j + 2) = Cell::from(v);
            }
        }
        return t;
    }

    // 3. Active customers per (cohort, offset).
    std::vector<std::uint32_t> active(rows * width, 0);
    if (nday) {
        // Group the events by customer (counting sort), keeping their offsets.
        std::vector<std::size_t> begin(count + 1, 0);
        for (std::uint32_t c : event_customer) ++begin[c + 1];
        for (std::size_t c = 0; c < count; ++c) begin[c + 1] += begin[c];
        std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
        std::vector<std::int64_t> offset(event_customer.size());
        for (std::size_t e = 0; e < event_customer.size(); ++e) {
            const std::uint32_t c = event_customer[e];
            offset[fill[c]++] = event_period[e] - first[c];
        }
        // stamp[j] == c + 1: customer c was already counted at offset j.
        std::vector<std::uint32_t> stamp(width, 0);
        for (std::size_t c = 0; c < count; ++c) {
            if (!in_cohort(c)) continue;  // no active event either
            std::uint32_t* row = active.data() + cohort_of[c] * width;
            for (std::size_t e = begin[c]; e < begin[c + 1]; ++e) {
                const auto j = static_cast<std::uint64_t>(offset[e]);  // >= 0
                if (j < width && stamp[j] != c + 1) {
                    stamp[j] = static_cast<std::uint32_t>(c + 1);
                    ++row[j];
                }
            }
        }
    } else {
        for (std::size_t c = 0; c < count; ++c) {
            if (!in_cohort(c)) continue;
            const auto span = static_cast<std::uint64_t>(last[c] - first[c]);
            ++active[cohort_of[c] * width + std::min<std::uint64_t>(span, width - 1)];
        }
        for (std::size_t k = 0; k < rows; ++k)
            for (std::size_t j = width - 1; j-- > 0;)
                active[k * width + j] += active[k * width + j + 1];
    }

    // 4. The table.
    Table t(rows, width + 2);
    for (std::size_t k = 0; k < rows; ++k) {
        t.at(k, 0) = Cell::of(static_cast<double>(period_start(starts[k], unit) - null_day));
        t.at(k, 1) = Cell::of(size[k]);
        // Offsets up to `observable` lie at or before the latest event's period.
        const auto observable = static_cast<std::uint64_t>(latest - starts[k]);
        for (std::size_t j = 0; j < width; ++j)
            if (j <= observable)
                t.at(k, j + 2) = Cell::of(static_cast<double>(active[k * width + j]) / size[k]);
    }
    return t;
}


// RFM — see kpi/cohort.hpp for the contract.
//
// Plan, for n rows: one pass validates every row and turns its date into a
// period (the default end is the latest one); a second pass maps the ids of
// the rows up to the end to dense customer numbers in first-seen order; the
// purchases are grouped by customer with a counting sort, and each
// customer's (usually already sorted) periods are sorted and walked once to
// count the distinct periods and sum the amounts per period.
Result<Table> rfm(CivilDate null_date, const MixedRange& customer_ids, const MixedRange& dates,
                  const std::optional<MixedRange>& amounts, std::optional<double> end_date,
                  std::string_view period, double periods_per_unit) {
    const std::optional<Period> parsed = parse_period(period);
    if (!parsed) return Errc::invalid_argument;
    const Period unit = *parsed;
    if (!(periods_per_unit > 0) || !std::isfinite(periods_per_unit)) return Errc::invalid_argument;
    if (end_date && !(std::fabs(*end_date) < kMaxSerial)) return Errc::invalid_argument;
    // The columns describe the same rows and pair cell by cell (kpi/pairs.hpp).
    if (!same_items(customer_ids, dates)) return Errc::invalid_argument;
    if (amounts && !same_items(customer_ids, *amounts)) return Errc::invalid_argument;
    const std::size_t n = customer_ids.cells.size();
    if (!null_date_ok(null_date)) return Errc::invalid_argument;
    const std::int64_t null_day = days_from_civil(null_date.year, null_date.month, null_date.day);
    auto period_of_serial = [&](double serial) {
        return period_of(static_cast<std::int64_t>(std::floor(serial)) + null_day, unit);
    };

    // 1. Validate; the period of every usable row.
    std::vector<std::uint32_t> row_of;
    std::vector<std::int64_t> row_period;
    std::int64_t latest = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = 0; i < n; ++i) {
        const Input& id = customer_ids.cells[i];
        const Input& date = dates.cells[i];
        const Input* amount = amounts ? &amounts->cells[i] : nullptr;
        const Result<bool> usable = usable_row(id, date, amount, amount != nullptr);
        if (!usable) return usable.error();
        if (!*usable) continue;
        // Ids are copied into the result, where only finite numbers may go.
        if (id.kind == Input::Kind::number && !std::isfinite(id.number)) return Errc::invalid_argument;
        // With amounts, a line of a negative amount (a refund) is no purchase:
        // as if it were not there (also for the default end).
        if (amount && amount_of(*amount) < 0.0) continue;
        const std::int64_t p = period_of_serial(date.number);
        row_of.push_back(static_cast<std::uint32_t>(i));
        row_period.push_back(p);
        latest = std::max(latest, p);
    }
    if (row_of.empty()) return Errc::not_available;
    const std::int64_t end = end_date ? period_of_serial(*end_date) : latest;

    // 2. Customers in first-seen order; the purchases up to the end.
    CustomerMap<std::uint32_t> index;
    std::vector<Key> keys;
    std::vector<std::uint32_t> buyer;
    std::vector<std::size_t> kept;  // positions in row_of
    buyer.reserve(row_of.size());
    kept.reserve(row_of.size());
    for (std::size_t r = 0; r < row_of.size(); ++r) {
        if (row_period[r] > end) continue;
        const Key key = Key::of(customer_ids.cells[row_of[r]]);
        const auto [it, added] = index.try_emplace(key, static_cast<std::uint32_t>(keys.size()));
        if (added) keys.push_back(key);
        buyer.push_back(it->second);
        kept.push_back(r);
    }
    const std::size_t count = keys.size();
    if (count == 0) return Errc::not_available;
    if (count > kCohortMaxRows) return Errc::num;

    // 3. Group by customer (counting sort keeps row order within a customer).
    std::vector<std::size_t> begin(count + 1, 0);
    for (std::uint32_t c : buyer) ++begin[c + 1];
    for (std::size_t c = 0; c < count; ++c) begin[c + 1] += begin[c];
    std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
    std::vector<std::pair<std::int64_t, double>> purchase(buyer.size());
    for (std::size_t e = 0; e < buyer.size(); ++e) {
        const std::size_t r = kept[e];
        const double amount = amounts ? amount_of(amounts->cells[row_of[r]]) : 0.0;
        purchase[fill[buyer[e]]++] = {row_period[r], amount};
    }

    // 4. The table.
    Table t(count, 5);
    for (std::size_t c = 0; c < count; ++c) {
        const auto from = purchase.begin() + static_cast<std::ptrdiff_t>(begin[c]);
        const auto to = purchase.begin() + static_cast<std::ptrdiff_t>(begin[c + 1]);
        // A log sorted by date is already in period order.
        const auto by_period = [](const auto& a, const auto& b) { return a.first < b.first; };
        if (!std::is_sorted(from, to, by_period)) std::sort(from, to);
        // Walk the periods: the first one's amount is left out of monetary.
        std::size_t distinct = 1;
        CompensatedSum repeat_total;  // a sum of money (kpi/sum.hpp)
        for (auto it = from + 1; it != to; ++it) {
            if (it->first != (it - 1)->first) ++distinct;
            if (it->first != from->first) repeat_total.add(it->second);
        }
        const std::size_t frequency = distinct - 1;
        const std::int64_t first_p = from->first, last_p = (to - 1)->first;

        keys[c].write_to(t, c, 0);
        t.at(c, 1) = Cell::of(static_cast<double>(frequency));
        t.at(c, 2) = Cell::from(finite(static_cast<double>(last_p - first_p) / periods_per_unit));
        t.at(c, 3) = Cell::from(finite(static_cast<double>(end - first_p) / periods_per_unit));
        if (amounts)
            t.at(c, 4) = Cell::from(frequency ? finite(repeat_total.value() / static_cast<double>(frequency))
                                              : Result<double>(0.0));
    }
    return t;
}

}  // namespace kpi
