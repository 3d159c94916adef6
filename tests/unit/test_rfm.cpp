// RFM: the per-customer summary of lifetimes' summary_data_from_transaction_data.
// The reference is the published CDNOW weekly summary (tests/data/cdnow, see its
// README); the small cases are counted by hand from the rows listed. Date
// serials use the null date 1899-12-30 (45292 = Mon 2024-01-01) unless said.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "kpi/cohort.hpp"
#include "test_support.hpp"

namespace {

using kpi::Cell;
using kpi::CivilDate;
using kpi::Errc;
using kpi::Input;
using kpi::MixedRange;
using kpi::Table;

constexpr CivilDate calc_null{1899, 12, 30};
constexpr CivilDate mac_null{1904, 1, 1};
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

Input txt(std::u16string_view s) { return Input::of(s); }
Input num(double x) { return Input::of(x); }
Input blank() { return Input::empty_cell(); }

struct Order {
    Input id, date, amount;
};

struct Rows {
    MixedRange ids, dates, amounts;
};

Rows split(const std::vector<Order>& orders) {
    std::vector<Input> i, d, a;
    for (const Order& o : orders) {
        i.push_back(o.id);
        d.push_back(o.date);
        a.push_back(o.amount);
    }
    return {cells(std::move(i)), cells(std::move(d)), cells(std::move(a))};
}

kpi::Result<Table> run(const std::vector<Order>& orders, std::optional<double> end = std::nullopt,
                       std::string_view period = "day", double per_unit = 1,
                       bool with_amounts = true, CivilDate null_date = calc_null) {
    Rows r = split(orders);
    std::optional<MixedRange> amounts;
    if (with_amounts) amounts = std::move(r.amounts);
    return kpi::rfm(null_date, r.ids, r.dates, amounts, end, period, per_unit);
}

// An expected row: id (number or text), frequency, recency, age, monetary (nullopt = empty).
struct Want {
    std::variant<double, std::u16string> id;
    double frequency, recency, age;
    std::optional<double> monetary;
};

void expect_rows(const kpi::Result<Table>& r, const std::vector<Want>& want) {
    ASSERT_TRUE(r.ok()) << kpi::to_string(r.error());
    ASSERT_EQ(r->rows, want.size());
    ASSERT_EQ(r->cols, 5u);
    for (std::size_t k = 0; k < want.size(); ++k) {
        const Want& w = want[k];
        if (const auto* s = std::get_if<std::u16string>(&w.id)) {
            ASSERT_EQ(r->at(k, 0).kind, Cell::Kind::text) << "row " << k;
            EXPECT_TRUE(r->text_at(k, 0) == *s) << "row " << k;
        } else {
            ASSERT_EQ(r->at(k, 0).kind, Cell::Kind::number) << "row " << k;
            EXPECT_EQ(r->at(k, 0).number, std::get<double>(w.id)) << "row " << k;
        }
        const double expected[] = {w.frequency, w.recency, w.age};
        for (std::size_t j = 0; j < 3; ++j) {
            ASSERT_EQ(r->at(k, j + 1).kind, Cell::Kind::number) << "row " << k << " col " << j + 1;
            EXPECT_NEAR(r->at(k, j + 1).number, expected[j], 1e-12) << "row " << k << " col " << j + 1;
        }
        if (w.monetary) {
            ASSERT_EQ(r->at(k, 4).kind, Cell::Kind::number) << "row " << k;
            EXPECT_NEAR(r->at(k, 4).number, *w.monetary, 1e-12) << "row " << k;
        } else {
            EXPECT_EQ(r->at(k, 4).kind, Cell::Kind::empty) << "row " << k;
        }
    }
}

// ------------------------------------------------------------------ CDNOW

// Calc serial (null date 1899-12-30) of an ISO date, by the standard library's calendar.
double serial_of(const std::string& iso) {
    using namespace std::chrono;
    const int y = std::stoi(iso.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
    const sys_days day{year{y} / month{m} / d};
    const sys_days null_day{year{1899} / December / 30};
    return static_cast<double>((day - null_day).count());
}

std::vector<std::vector<std::string>> read_csv(const std::string& name) {
    std::ifstream in(std::string(KPI_CDNOW_DIR) + "/" + name);
    EXPECT_TRUE(in.good()) << name;
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> fields;
        std::stringstream ss(line);
        for (std::string f; std::getline(ss, f, ',');) fields.push_back(f);
        rows.push_back(fields);
    }
    return rows;
}

struct Summary {
    double frequency, recency, age, monetary;
};

std::vector<Order> cdnow_orders() {
    std::vector<Order> orders;
    for (const auto& f : read_csv("cdnow_sample_transactions.csv"))
        orders.push_back({num(std::stod(f[0])), num(serial_of(f[1])), num(std::stod(f[2]))});
    return orders;
}

std::map<double, Summary> cdnow_summary() {
    std::map<double, Summary> out;
    for (const auto& f : read_csv("cdnow_summary_weeks.csv"))
        out[std::stod(f[0])] = {std::stod(f[1]), std::stod(f[2]), std::stod(f[3]), std::stod(f[4])};
    return out;
}

// The published summary rounds weeks and dollars to 2 decimals.
constexpr double rounded = 0.005 + 1e-9;

void expect_cdnow(const kpi::Result<Table>& r, const std::map<double, Summary>& want,
                  bool first_seen_is_id_order) {
    ASSERT_TRUE(r.ok()) << kpi::to_string(r.error());
    ASSERT_EQ(r->rows, 2357u);
    ASSERT_EQ(want.size(), 2357u);
    double repeat_buyers = 0, total_frequency = 0;
    for (std::size_t k = 0; k < r->rows; ++k) {
        ASSERT_EQ(r->at(k, 0).kind, Cell::Kind::number);
        const double id = r->at(k, 0).number;
        if (first_seen_is_id_order) {
            ASSERT_EQ(id, static_cast<double>(k + 1));
        }
        const auto it = want.find(id);
        ASSERT_NE(it, want.end()) << id;
        const Summary& s = it->second;
        EXPECT_EQ(r->at(k, 1).number, s.frequency) << "customer " << id;
        EXPECT_NEAR(r->at(k, 2).number, s.recency, rounded) << "customer " << id;
        EXPECT_NEAR(r->at(k, 3).number, s.age, rounded) << "customer " << id;
        EXPECT_NEAR(r->at(k, 4).number, s.monetary, rounded) << "customer " << id;
        repeat_buyers += r->at(k, 1).number > 0;
        total_frequency += r->at(k, 1).number;
    }
    // Counts printed with the data (946 repeat buyers, Σx = 2,457).
    EXPECT_EQ(repeat_buyers, 946);
    EXPECT_EQ(total_frequency, 2457);
}

TEST(Rfm, CdnowWeeklySummaryForEveryCustomer) {
    // lifetimes: observation_period_end 1997-09-30, freq "D", freq_multiplier 7.
    const auto r = run(cdnow_orders(), serial_of("1997-09-30"), "day", 7);
    expect_cdnow(r, cdnow_summary(), true);
    // Customer 1 unrounded (spec section 8): 2, 213/7, 272/7, (29.73 + 14.96)/2.
    EXPECT_NEAR(r->at(0, 2).number, 213.0 / 7, 1e-12);
    EXPECT_NEAR(r->at(0, 3).number, 272.0 / 7, 1e-12);
    EXPECT_NEAR(r->at(0, 4).number, 22.345, 1e-12);
}

TEST(Rfm, CdnowRowOrderDoesNotMatter) {
    std::vector<Order> orders = cdnow_orders();
    std::mt19937 rng(7);
    std::shuffle(orders.begin(), orders.end(), rng);
    expect_cdnow(run(orders, serial_of("1997-09-30"), "day", 7), cdnow_summary(), false);
}

// ------------------------------------------------------------- hand-made

TEST(Rfm, SameDayOrdersCountOnceAndTheirAmountsAddUp) {
    // Day 45292: 10 + 5 (first day, left out of monetary); 45294: 7; 45296: 1 + 2.
    expect_rows(run({{num(1), num(45292), num(10)}, {num(1), num(45294.75), num(7)},
                     {num(1), num(45292.5), num(5)}, {num(1), num(45296), num(1)},
                     {num(1), num(45296.9), num(2)}}),
                {{1.0, 2, 4, 4, (7.0 + 3.0) / 2}});
}

TEST(Rfm, FirstSeenOrderAndIdKinds) {
    // "b": 45293, 45295; 5: 45292; "5": 45294; 0 and −0 are one customer: 45292, 45295.
    // Latest date 45295. No amounts: the monetary column is empty.
    const auto r = run({{txt(u"b"), num(45293), blank()},
                        {num(5), num(45292), blank()},
                        {txt(u"5"), num(45294), blank()},
                        {txt(u"b"), num(45295), blank()},
                        {num(0), num(45292), blank()},
                        {num(-0.0), num(45295), blank()}},
                       std::nullopt, "day", 1, false);
    expect_rows(r, {{u"b", 1, 2, 2, std::nullopt},
                    {5.0, 0, 0, 3, std::nullopt},
                    {u"5", 0, 0, 1, std::nullopt},
                    {0.0, 1, 3, 3, std::nullopt}});
    EXPECT_FALSE(std::signbit(r->at(3, 0).number));
}

TEST(Rfm, ChineseTextIds) {
    expect_rows(run({{txt(u"客户甲"), num(45292), num(3)}, {txt(u"客户乙"), num(45292), num(4)},
                     {txt(u"客户甲"), num(45299), num(8)}}),
                {{u"客户甲", 1, 7, 7, 8.0}, {u"客户乙", 0, 0, 7, 0.0}});
}

// Weeks start on Monday: W0 = 45292 … 45298, W1 = 45299 … 45305, W2 = 45306 …
//   B: Tue 45307 (W2)                         → after the end, left out
//   A: Mon 45292, Thu 45295 (W0), Wed 45301 (W1), Mon 45306 (W2); amounts 10, 20, 30, 40
//   C: Sun 45298 (W0)
// End date Tue 45300 (W1).
std::vector<Order> weeks_2024() {
    return {{txt(u"B"), num(45307), num(1)},  {txt(u"A"), num(45292), num(10)},
            {txt(u"C"), num(45298), num(2)},  {txt(u"A"), num(45295), num(20)},
            {txt(u"A"), num(45301), num(30)}, {txt(u"A"), num(45306), num(40)}};
}

TEST(Rfm, EndDateKeepsTheRestOfItsOwnPeriodAsLifetimesDoes) {
    // Weeks: A's Wed 45301 lies after the end date but in its week, so it counts.
    expect_rows(run(weeks_2024(), 45300, "week"), {{u"A", 1, 1, 1, 30.0}, {u"C", 0, 0, 1, 0.0}});
    // Days: 45301 and 45306 are cut; A keeps 45292 and 45295.
    expect_rows(run(weeks_2024(), 45300, "day"), {{u"A", 1, 3, 8, 20.0}, {u"C", 0, 0, 2, 0.0}});
    // Without an end date the latest date (B's 45307, week W2) is the end.
    expect_rows(run(weeks_2024(), std::nullopt, "WEEK"),
                {{u"B", 0, 0, 0, 0.0}, {u"A", 2, 2, 2, 35.0}, {u"C", 0, 0, 2, 0.0}});
}

TEST(Rfm, NullDate1904GivesTheSameSummary) {
    // The same calendar days in the 1904 date system (serials 1462 lower).
    std::vector<Order> shifted = weeks_2024();
    for (Order& o : shifted) o.date = num(o.date.number - 1462);
    expect_rows(run(shifted, 45300 - 1462, "week", 1, true, mac_null),
                {{u"A", 1, 1, 1, 30.0}, {u"C", 0, 0, 1, 0.0}});
}

TEST(Rfm, MonthsAreWholeCalendarMonths) {
    // A: Wed 2024-01-31 (45322), Thu 02-01 (45323), Tue 04-30 (45412) → months Jan, Feb, Apr.
    // B: Fri 2024-03-15 (45366). Latest month April.
    const std::vector<Order> orders = {{num(1), num(45322), num(5)},
                                       {num(1), num(45323), num(6)},
                                       {num(1), num(45412), num(8)},
                                       {num(2), num(45366), num(9)}};
    expect_rows(run(orders, std::nullopt, "month"), {{1.0, 2, 3, 3, 7.0}, {2.0, 0, 0, 1, 0.0}});
    // Twelve months to the unit: years.
    expect_rows(run(orders, std::nullopt, "month", 12),
                {{1.0, 2, 0.25, 0.25, 7.0}, {2.0, 0, 0, 1.0 / 12, 0.0}});
}

TEST(Rfm, TextAndEmptyAmountsCountZero) {
    // 1: 10 on the first day, then "x" and empty → (0 + 0) / 2.
    // 2: 10, 4, "n/a" on three days → (4 + 0) / 2.
    expect_rows(run({{num(1), num(45292), num(10)}, {num(1), num(45293), txt(u"x")},
                     {num(1), num(45294), blank()}, {num(2), num(45292), num(10)},
                     {num(2), num(45293), num(4)}, {num(2), num(45294), txt(u"n/a")}}),
                {{1.0, 2, 2, 2, 0.0}, {2.0, 2, 2, 2, 2.0}});
}

TEST(Rfm, BlankRowsAreSkipped) {
    expect_rows(run({{blank(), num(45292), num(1)}, {num(1), blank(), num(2)},
                     {txt(u""), num(45299), num(3)}, {num(1), num(45293), num(4)}}),
                {{1.0, 0, 0, 0, 0.0}});
}

TEST(Rfm, Errors) {
    const std::vector<Order> ok = {{num(1), num(45292), num(1)}, {num(1), num(45299), num(2)}};
    EXPECT_ERROR(run(ok, std::nullopt, "quarter"), Errc::invalid_argument);
    EXPECT_ERROR(run(ok, std::nullopt, ""), Errc::invalid_argument);
    for (double bad : {0.0, -7.0, nan, inf})
        EXPECT_ERROR(run(ok, std::nullopt, "day", bad), Errc::invalid_argument);
    for (double bad : {1e9, -1e9, nan, inf})
        EXPECT_ERROR(run(ok, bad), Errc::invalid_argument);
    EXPECT_ERROR(run({{num(1), num(1e9), num(1)}}), Errc::invalid_argument);
    EXPECT_ERROR(run(ok, std::nullopt, "day", 1, true, CivilDate{2023, 2, 29}), Errc::invalid_argument);
    // Ranges of different sizes.
    Rows r = split(ok);
    EXPECT_ERROR(kpi::rfm(calc_null, r.ids, cells({num(45292)}), r.amounts, std::nullopt, "day", 1),
                 Errc::invalid_argument);
    EXPECT_ERROR(kpi::rfm(calc_null, r.ids, r.dates, cells({num(1)}), std::nullopt, "day", 1),
                 Errc::invalid_argument);
    // A date typed as text; an infinite amount; an id that is not a finite number.
    EXPECT_ERROR(run({{num(1), txt(u"2024-01-01"), num(1)}}), Errc::value);
    EXPECT_ERROR(run({{num(1), num(45292), num(inf)}}), Errc::invalid_argument);
    EXPECT_ERROR(run({{num(nan), num(45292), num(1)}}), Errc::invalid_argument);
    // The first error cell in row order, whichever column it is in.
    EXPECT_ERROR(run({{num(1), num(45292), Input::failed(Errc::div_by_zero)},
                      {Input::failed(Errc::num), num(45292), num(1)}}),
                 Errc::div_by_zero);
    EXPECT_ERROR(run({{num(1), Input::failed(Errc::value), num(1)}}), Errc::value);
    // Nothing to summarise: no usable row, or every order after the end.
    EXPECT_ERROR(run({{blank(), num(45292), num(1)}}), Errc::not_available);
    EXPECT_ERROR(run({}), Errc::not_available);
    EXPECT_ERROR(run(ok, 45291), Errc::not_available);
}

TEST(Rfm, AMillionOrderRows) {
    // 100,000 customers × 10 orders, interleaved (order k of every customer,
    // then order k + 1): customer c buys on 45292 + c % 7 + 3k, k = 0 … 9,
    // amount k + 1. So frequency 9, recency 27, age 45325 − (45292 + c % 7),
    // monetary mean(2 … 10) = 6.
    constexpr int customers = 100000, per_customer = 10;
    std::vector<Input> ids, dates, amounts;
    ids.reserve(customers * per_customer);
    dates.reserve(customers * per_customer);
    amounts.reserve(customers * per_customer);
    for (int k = 0; k < per_customer; ++k)
        for (int c = 0; c < customers; ++c) {
            ids.push_back(num(c));
            dates.push_back(num(45292 + c % 7 + 3 * k));
            amounts.push_back(num(k + 1));
        }
    const auto r = kpi::rfm(calc_null, cells(ids), cells(dates), cells(amounts), std::nullopt, "day", 1);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rows, static_cast<std::size_t>(customers));
    for (int c = 0; c < customers; ++c) {
        ASSERT_EQ(r->at(c, 0).number, c);
        ASSERT_EQ(r->at(c, 1).number, 9);
        ASSERT_EQ(r->at(c, 2).number, 27);
        ASSERT_EQ(r->at(c, 3).number, 33 - c % 7);
        ASSERT_NEAR(r->at(c, 4).number, 6, 1e-12);
    }
}

TEST(Rfm, RandomInputsNeverMisbehave) {
    // Any mix of empty, text, error and extreme values gives a value or an
    // error, never a crash (run under ASan/UBSan too), and a table's numbers are finite.
    std::mt19937 rng(5);
    const double numbers[] = {0, -0.0, 1, 45292.5, -1, -1e6, 9.99e8, -9.99e8, 1e9, 1e308,
                              -1e308, inf, -inf, nan, 5e-324};
    const std::u16string_view texts[] = {u"", u"a", u"A", u"5", u"客户"};
    auto cell = [&] {
        switch (rng() % 5) {
            case 0: return blank();
            case 1: return txt(texts[rng() % 5]);
            case 2: return Input::failed(static_cast<Errc>(1 + rng() % 6));
            default: return num(numbers[rng() % std::size(numbers)]);
        }
    };
    const char* periods[] = {"day", "week", "month"};
    for (int round = 0; round < 3000; ++round) {
        const std::size_t n = rng() % 12;
        std::vector<Order> orders;
        for (std::size_t i = 0; i < n; ++i)
            orders.push_back({rng() % 4 ? num(rng() % 4) : cell(),
                              rng() % 3 ? num(40000 + rng() % 900 + 0.5) : cell(),
                              rng() % 3 ? num(rng() % 100) : cell()});
        std::optional<double> end;
        if (rng() % 2) end = rng() % 3 ? 40000 + rng() % 900 : numbers[rng() % std::size(numbers)];
        const double per_unit = rng() % 3 ? 1 + rng() % 30 : numbers[rng() % std::size(numbers)];
        const auto r = run(orders, end, periods[rng() % 3], per_unit, rng() % 2,
                           rng() % 2 ? calc_null : mac_null);
        if (!r) continue;
        ASSERT_GE(r->rows, 1u);
        ASSERT_EQ(r->cols, 5u);
        for (const Cell& c : r->cells) {
            if (c.kind == Cell::Kind::number) {
                ASSERT_TRUE(std::isfinite(c.number));
            }
        }
        for (std::size_t k = 0; k < r->rows; ++k) {
            const Cell &x = r->at(k, 1), &rec = r->at(k, 2), &age = r->at(k, 3);
            ASSERT_EQ(x.kind, Cell::Kind::number);
            if (rec.kind != Cell::Kind::number || age.kind != Cell::Kind::number) continue;
            ASSERT_LE(rec.number, age.number);  // recency ≤ age
            ASSERT_EQ(x.number == 0, rec.number == 0);
        }
    }
}

}  // namespace
