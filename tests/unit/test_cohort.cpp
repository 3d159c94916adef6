// COHORT, its calendar, and RFM over the same kind of order log (both live in
// core/src/cohort.cpp). Date serials in the comments were read off a
// calendar (null date 1899-12-30 unless said otherwise: 2024-01-01 = 45292, a
// Monday); every expected retention is counted by hand from the rows listed,
// or follows from how the generated data is built.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "kpi/calendar.hpp"
#include "kpi/cohort.hpp"
#include "test_support.hpp"

namespace {

using kpi::CivilDate;
using kpi::Cell;
using kpi::Errc;
using kpi::Input;
using kpi::MixedRange;
using kpi::Table;

constexpr CivilDate kCalcNull{1899, 12, 30};
constexpr CivilDate kMacNull{1904, 1, 1};
constexpr std::nullopt_t E = std::nullopt;  // an empty result cell

Input txt(std::u16string_view s) { return Input::of(s); }
Input num(double x) { return Input::of(x); }
Input blank() { return Input::empty_cell(); }

struct Event {
    Input id, date;
};

MixedRange column(std::vector<Input> v) { return cells(std::move(v)); }

kpi::Result<Table> run(const std::vector<Event>& events, std::string_view period, double periods,
                       std::string_view mode, CivilDate null_date = kCalcNull) {
    std::vector<Input> ids, dates;
    for (const Event& e : events) {
        ids.push_back(e.id);
        dates.push_back(e.date);
    }
    return kpi::cohort(null_date, column(std::move(ids)), column(std::move(dates)), period, periods,
                       mode);
}

void expect_table(const kpi::Result<Table>& r,
                  const std::vector<std::vector<std::optional<double>>>& want) {
    ASSERT_TRUE(r.ok()) << kpi::to_string(r.error());
    ASSERT_EQ(r->rows, want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
        ASSERT_EQ(r->cols, want[k].size());
        for (std::size_t j = 0; j < want[k].size(); ++j) {
            const Cell& c = r->at(k, j);
            if (want[k][j]) {
                ASSERT_EQ(c.kind, Cell::Kind::number) << "row " << k << " col " << j;
                EXPECT_NEAR(c.number, *want[k][j], 1e-12) << "row " << k << " col " << j;
            } else {
                EXPECT_EQ(c.kind, Cell::Kind::empty) << "row " << k << " col " << j;
            }
        }
    }
}

// ------------------------------------------------------------- calendar

TEST(CohortCalendar, KnownDays) {
    using kpi::calendar::days_from_civil;
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    EXPECT_EQ(days_from_civil(1899, 12, 30), -25569);
    EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
    EXPECT_EQ(days_from_civil(1600, 2, 29), -135081);
    EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
    EXPECT_EQ(days_from_civil(9999, 12, 31), 2932896);
    // 400 Gregorian years are 146097 days; year 0 is leap, −100 is not.
    EXPECT_EQ(days_from_civil(2000, 1, 1) - days_from_civil(1600, 1, 1), 146097);
    EXPECT_EQ(days_from_civil(0, 3, 1) - days_from_civil(0, 2, 28), 2);
    EXPECT_EQ(days_from_civil(-100, 3, 1) - days_from_civil(-100, 2, 28), 1);
    EXPECT_EQ(days_from_civil(-400, 3, 1) - days_from_civil(-400, 2, 28), 2);
    EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);
}

TEST(CohortCalendar, KnownDates) {
    using kpi::calendar::civil_from_days;
    auto same = [](CivilDate a, int y, unsigned m, unsigned d) {
        EXPECT_EQ(a.year, y);
        EXPECT_EQ(a.month, m);
        EXPECT_EQ(a.day, d);
    };
    same(civil_from_days(0), 1970, 1, 1);
    same(civil_from_days(-1), 1969, 12, 31);
    same(civil_from_days(-25569), 1899, 12, 30);
    same(civil_from_days(19782), 2024, 2, 29);
    same(civil_from_days(-135081), 1600, 2, 29);
    same(civil_from_days(-719162), 1, 1, 1);
    same(civil_from_days(-719163), 0, 12, 31);
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned month_length(std::int64_t y, unsigned m) {
    static const unsigned len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return len[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

TEST(CohortCalendar, EveryDayFollowsTheDayBefore) {
    // Walk ±2,000,000 days (years −3506 … 7445) one day at a time.
    using kpi::calendar::civil_from_days;
    using kpi::calendar::days_from_civil;
    CivilDate d = civil_from_days(-2000000);
    for (std::int64_t day = -2000000; day < 2000000; ++day) {
        ASSERT_EQ(days_from_civil(d.year, d.month, d.day), day);
        CivilDate next = d;
        if (++next.day > month_length(d.year, d.month)) {
            next.day = 1;
            if (++next.month > 12) {
                next.month = 1;
                ++next.year;
            }
        }
        const CivilDate got = civil_from_days(day + 1);
        ASSERT_TRUE(got.year == next.year && got.month == next.month && got.day == next.day)
            << "after day " << day;
        d = got;
    }
}

TEST(CohortCalendar, IsValid) {
    using kpi::calendar::is_valid;
    EXPECT_TRUE(is_valid({2024, 2, 29}));
    EXPECT_TRUE(is_valid({2000, 2, 29}));
    EXPECT_TRUE(is_valid({0, 2, 29}));
    EXPECT_FALSE(is_valid({1900, 2, 29}));
    EXPECT_FALSE(is_valid({-100, 2, 29}));
    EXPECT_FALSE(is_valid({2023, 2, 29}));
    EXPECT_FALSE(is_valid({2023, 4, 31}));
    EXPECT_FALSE(is_valid({2023, 0, 1}));
    EXPECT_FALSE(is_valid({2023, 13, 1}));
    EXPECT_FALSE(is_valid({2023, 1, 0}));
}

// ------------------------------------------------------------- hand-made data

// January and February 2024, in no particular order; month ends and a leap day.
//   A: Jan 5, Feb 10, Apr 1     → cohort Jan, active at offsets 0, 1, 3
//   B: Jan 31, Mar 1            → cohort Jan, offsets 0, 2
//   C: Feb 29, Mar 31           → cohort Feb, offsets 0, 1
//   D: Feb 1, Feb 15            → cohort Feb, offset 0
// Latest event: April 2024, so the Feb cohort's offset 3 (May) is empty.
std::vector<Event> months_2024() {
    return {{txt(u"B"), num(45352)}, {txt(u"A"), num(45383)}, {txt(u"D"), num(45337)},
            {txt(u"A"), num(45296)}, {txt(u"C"), num(45382)}, {txt(u"B"), num(45322)},
            {txt(u"D"), num(45323)}, {txt(u"C"), num(45351)}, {txt(u"A"), num(45332)}};
}

TEST(Cohort, MonthNday) {
    expect_table(run(months_2024(), "month", 4, "nday"),
                 {{45292, 2, 1, 0.5, 0.5, 0.5},  // Jan: A and B; A in Feb, B in Mar, A in Apr
                  {45323, 2, 1, 0.5, 0, E}});    // Feb: C and D; C in Mar; nobody in Apr
}

TEST(Cohort, MonthUnbounded) {
    expect_table(run(months_2024(), "month", 4, "unbounded"),
                 {{45292, 2, 1, 1, 1, 0.5},  // A lasts to offset 3, B to offset 2
                  {45323, 2, 1, 0.5, 0, E}}); // C lasts to offset 1, D to 0
}

TEST(Cohort, OptionsIgnoreCaseAndPeriodsMayBeShort) {
    expect_table(run(months_2024(), "MONTH", 2, "Unbounded"),
                 {{45292, 2, 1, 1}, {45323, 2, 1, 0.5}});
    expect_table(run(months_2024(), "Month", 1, "NDay"), {{45292, 2, 1}, {45323, 2, 1}});
}

TEST(Cohort, WeeksStartOnMonday) {
    // Sun 2023-12-31 = 45291, Mon 2024-01-01 = 45292, Sun 2024-01-07 = 45298,
    // Mon 2024-01-08 = 45299. Weeks: Dec 25 (45285), Jan 1 (45292), Jan 8 (45299).
    //   X: Sun Jan 7 23:58, Mon Jan 8  → week Jan 1, offsets 0, 1
    //   Y: Mon Jan 1 noon, Sun Jan 7   → week Jan 1, offset 0
    //   Z: Sun Dec 31, Mon Jan 1       → week Dec 25, offsets 0, 1
    const std::vector<Event> ev = {{txt(u"X"), num(45298.999)}, {txt(u"Z"), num(45292)},
                                   {txt(u"Y"), num(45292.5)},   {txt(u"X"), num(45299)},
                                   {txt(u"Z"), num(45291)},     {txt(u"Y"), num(45298)}};
    for (const char* mode : {"nday", "unbounded"})
        expect_table(run(ev, "week", 3, mode), {{45285, 1, 1, 1, 0}, {45292, 2, 1, 0.5, E}});
}

TEST(Cohort, Days) {
    // Numeric ids. Days 45292, 45293, 45294 (latest).
    //   101: 45292, 45294   102: 45292 06:00, 45293   103: 45293
    const std::vector<Event> ev = {{num(101), num(45294)}, {num(102), num(45293)},
                                   {num(103), num(45293)}, {num(101), num(45292)},
                                   {num(102), num(45292.25)}};
    expect_table(run(ev, "day", 3, "nday"), {{45292, 2, 1, 0.5, 0.5}, {45293, 1, 1, 0, E}});
    expect_table(run(ev, "day", 3, "unbounded"), {{45292, 2, 1, 1, 0.5}, {45293, 1, 1, 0, E}});
}

TEST(Cohort, NullDate1904Months) {
    // With the 1904 null date: 30 = 1904-01-31, 31 = 1904-02-01, 59 = 1904-02-29,
    // 60 = 1904-03-01. A starts in January, B in February; latest is March.
    const std::vector<Event> ev = {{txt(u"A"), num(30)}, {txt(u"A"), num(31)},
                                   {txt(u"B"), num(59)}, {txt(u"B"), num(60)}};
    expect_table(run(ev, "month", 3, "nday", kMacNull), {{0, 1, 1, 1, 0}, {31, 1, 1, 1, E}});
    // The same serials in the 1899-12-30 system: 30 = 1900-01-29, 31 = 1900-01-30,
    // 59 = 1900-02-27, 60 = 1900-02-28; January 1900 starts at 2, February at 33.
    expect_table(run(ev, "month", 3, "nday", kCalcNull), {{2, 1, 1, 0, E}, {33, 1, 1, E, E}});
}

TEST(Cohort, NullDate1904Weeks) {
    // 1904-01-01 is a Friday: 2 = Sun 1904-01-03, 3 = Mon 1904-01-04; the
    // week of the Sunday starts on Mon 1903-12-28 = −4.
    const std::vector<Event> ev = {{txt(u"W"), num(2)}, {txt(u"W"), num(3)}};
    expect_table(run(ev, "week", 2, "nday", kMacNull), {{-4, 1, 1, 1}});
    // In the 1899-12-30 system 2 = Mon 1900-01-01 and 3 is the Tuesday after.
    expect_table(run(ev, "week", 2, "nday", kCalcNull), {{2, 1, 1, E}});
}

TEST(Cohort, DatesBefore1900) {
    // −1 = 1899-12-29, 2 = 1900-01-01, 61 = 1900-03-01,
    // −109512 = 1600-02-29 (a Tuesday), −109511 = 1600-03-01;
    // month starts: 1600-02-01 = −109540, 1899-12-01 = −29.
    const std::vector<Event> ev = {{txt(u"M"), num(2)},       {txt(u"N"), num(61)},
                                   {txt(u"O"), num(-109511)}, {txt(u"M"), num(-1)},
                                   {txt(u"O"), num(-109512)}};
    expect_table(run(ev, "month", 2, "nday"),
                 {{-109540, 1, 1, 1}, {-29, 1, 1, 1}, {61, 1, 1, E}});
    // Week of 1600-02-29 starts Monday 1600-02-28 = −109513.
    const std::vector<Event> o = {{txt(u"O"), num(-109511)}, {txt(u"O"), num(-109512)}};
    expect_table(run(o, "week", 1, "nday"), {{-109513, 1, 1}});
    // A negative date-time belongs to the day before: −0.5 is 1899-12-29 noon.
    const std::vector<Event> m = {{txt(u"m"), num(-0.5)}, {txt(u"m"), num(0.25)}};
    expect_table(run(m, "day", 2, "nday"), {{-1, 1, 1, 1}});
}

TEST(Cohort, IdsNumbersAndTexts) {
    // 5 and "5" are two customers, 0 and −0 one, "a" and "A" two.
    const std::vector<Event> ev = {{num(5), num(100)},  {txt(u"5"), num(101)},
                                   {num(0.0), num(100)}, {num(-0.0), num(101)},
                                   {txt(u"a"), num(100)}, {txt(u"A"), num(101)}};
    // Day 100: 5, 0, "a"; only 0 comes back on day 101. Day 101: "5", "A".
    expect_table(run(ev, "day", 2, "nday"), {{100, 3, 1, 1.0 / 3}, {101, 2, 1, E}});
}

TEST(Cohort, ChineseTextIds) {
    const std::vector<Event> ev = {{txt(u"客户甲"), num(45292)}, {txt(u"客戶乙"), num(45292)},
                                   {txt(u"客户甲"), num(45323)}};
    expect_table(run(ev, "month", 2, "nday"), {{45292, 2, 1, 0.5}});
}

TEST(Cohort, EmptyRowsAreSkipped) {
    // Only ("a",100), ("b",100), ("a",101) count. The skipped ("",102) would
    // otherwise make day 102 observable.
    const std::vector<Event> ev = {{txt(u"a"), num(100)}, {blank(), num(101)},
                                   {txt(u"a"), blank()},  {txt(u""), num(102)},
                                   {txt(u"b"), txt(u"")}, {txt(u"b"), num(100)},
                                   {txt(u"a"), num(101)}, {blank(), blank()}};
    expect_table(run(ev, "day", 3, "nday"), {{100, 2, 1, 0.5, E}});
}

TEST(Cohort, DuplicateEventsCountOnce) {
    // Three purchases by the same customer in the same month are one active month.
    const std::vector<Event> ev = {{num(1), num(45292)}, {num(1), num(45323)},
                                   {num(1), num(45330)}, {num(1), num(45340)},
                                   {num(2), num(45300)}};
    expect_table(run(ev, "month", 2, "nday"), {{45292, 2, 1, 0.5}});
}

TEST(Cohort, TextInDateColumnIsValue) {
    const std::vector<Event> ev = {{txt(u"a"), num(100)}, {txt(u"b"), txt(u"2024-01-01")}};
    EXPECT_EQ(run(ev, "month", 12, "nday").error(), Errc::value);
    // A header row selected with the data.
    const std::vector<Event> header = {{txt(u"customer"), txt(u"date")}, {txt(u"a"), num(100)}};
    EXPECT_EQ(run(header, "month", 12, "nday").error(), Errc::value);
}

TEST(Cohort, ErrorCellsPropagateFirstInRowOrder) {
    EXPECT_EQ(run({{Input::failed(Errc::div_by_zero), num(100)}}, "day", 2, "nday").error(),
              Errc::div_by_zero);
    EXPECT_EQ(run({{txt(u"a"), Input::failed(Errc::not_available)}}, "day", 2, "nday").error(),
              Errc::not_available);
    EXPECT_EQ(run({{txt(u"a"), num(1)},
                   {Input::failed(Errc::num), num(2)},
                   {txt(u"b"), txt(u"x")}},
                  "day", 2, "nday")
                  .error(),
              Errc::num);
    EXPECT_EQ(run({{txt(u"b"), txt(u"x")}, {Input::failed(Errc::num), num(2)}}, "day", 2, "nday")
                  .error(),
              Errc::value);
    // An error is never skipped, even next to an empty id.
    EXPECT_EQ(run({{blank(), Input::failed(Errc::num)}}, "day", 2, "unbounded").error(),
              Errc::num);
}

TEST(Cohort, ArgumentErrors) {
    const auto ev = months_2024();
    for (double p : {0.0, -1.0, 1.5, 1001.0, kNaN, kInf, -kInf, 1e300})
        EXPECT_EQ(run(ev, "month", p, "nday").error(), Errc::invalid_argument) << p;
    for (const char* period : {"quarter", "", "months", "d"})
        EXPECT_EQ(run(ev, period, 12, "nday").error(), Errc::invalid_argument) << period;
    for (const char* mode : {"rolling", "", "n-day"})
        EXPECT_EQ(run(ev, "month", 12, mode).error(), Errc::invalid_argument) << mode;
    for (CivilDate nd : {CivilDate{2023, 2, 29}, CivilDate{2024, 13, 1}, CivilDate{2024, 0, 1},
                         CivilDate{2024, 1, 0}, CivilDate{2000000, 1, 1},
                         CivilDate{std::numeric_limits<int>::min(), 1, 1}})
        EXPECT_EQ(run(ev, "month", 12, "nday", nd).error(), Errc::invalid_argument);
    for (double d : {kNaN, kInf, -kInf, 1e9, -1e12, 1e308})
        EXPECT_EQ(run({{txt(u"a"), num(d)}}, "month", 12, "nday").error(), Errc::invalid_argument)
            << d;
}

TEST(Cohort, PeriodsUpToAThousand) {
    const auto r = run(months_2024(), "month", 1000, "unbounded");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rows, 2u);
    EXPECT_EQ(r->cols, 1002u);
    EXPECT_EQ(r->at(0, 5).kind, Cell::Kind::number);  // offset 3 = April
    EXPECT_EQ(r->at(0, 6).kind, Cell::Kind::empty);   // offset 4 = May
    EXPECT_EQ(r->at(1, 1001).kind, Cell::Kind::empty);
}

TEST(Cohort, SizeMismatch) {
    const MixedRange two = column({txt(u"a"), txt(u"b")});
    const MixedRange three = column({num(1), num(2), num(3)});
    EXPECT_EQ(kpi::cohort(kCalcNull, two, three, "month", 12, "nday").error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::cohort(kCalcNull, three, two, "day", 12, "unbounded").error(),
              Errc::invalid_argument);
}

TEST(Cohort, NothingToCount) {
    EXPECT_EQ(kpi::cohort(kCalcNull, MixedRange{}, MixedRange{}, "month", 12, "nday").error(),
              Errc::not_available);
    EXPECT_EQ(run({{blank(), num(1)}, {txt(u"a"), blank()}}, "week", 12, "unbounded").error(),
              Errc::not_available);
}

TEST(Cohort, ResultTooLargeIsNum) {
    // 5,000 customers, each starting on a different day: 5,000 daily cohorts.
    std::vector<Event> ev;
    for (int i = 0; i < 5000; ++i) ev.push_back({num(i), num(40000 + i)});
    // 5,000 × (1000 + 2) cells is over the 4,194,304-cell limit …
    EXPECT_EQ(run(ev, "day", 1000, "nday").error(), Errc::num);
    EXPECT_EQ(run(ev, "day", 1000, "unbounded").error(), Errc::num);
    // … 5,000 × (800 + 2) is not; the last cohort sees only its first day.
    const auto r = run(ev, "day", 800, "nday");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rows, 5000u);
    EXPECT_EQ(r->at(4999, 0).number, 44999);
    EXPECT_EQ(r->at(4999, 2).number, 1.0);
    EXPECT_EQ(r->at(4999, 3).kind, Cell::Kind::empty);
    EXPECT_EQ(r->at(0, 3).number, 0.0);
}

// ------------------------------------------------------------- generated data

// Cohort k (k = 0…5) has N_k = 60·(k+1) customers. Customer i of a cohort has
// L = i mod 12 and is active at offsets {0, L, ⌊L/2⌋} (two events in each, on
// different days, the rows shuffled). So, for offsets j = 1…11:
//   nday:      customers with L = j, or L = 2j, or L = 2j+1
//              → N/12 · (1 + [2j ≤ 11] + [2j+1 ≤ 11]) = N/4 for j ≤ 5, N/12 for j ≥ 6
//   unbounded: customers whose last offset L ≥ j → N · (12 − j)/12
// The latest event is cohort 5's offset 11 = period 16, so with 14 periods the
// offsets 12 and 13 are 0 where k + j ≤ 16 and empty after.
struct Generated {
    std::vector<std::u16string> names;  // owns the text ids
    std::vector<Input> ids, dates;
};

Generated generate(bool text_ids, const std::function<double(int)>& period_start,
                   int period_days) {
    Generated g;
    struct Row {
        int k, i;
        double date;
    };
    std::vector<Row> rows;
    for (int k = 0; k < 6; ++k) {
        const int n = 60 * (k + 1);
        for (int i = 0; i < n; ++i) {
            const int last = i % 12;
            for (int a : {0, last, last / 2}) {
                const double start = period_start(k + a);
                rows.push_back({k, i, start + (i + a) % period_days + 0.75});
                rows.push_back({k, i, start + (3 * i + 5) % period_days});
            }
        }
    }
    std::shuffle(rows.begin(), rows.end(), std::mt19937(20240101));
    if (text_ids) {
        g.names.reserve(rows.size());
        for (const Row& r : rows) {
            const std::string s = "cust-" + std::to_string(r.k) + "-" + std::to_string(r.i);
            g.names.emplace_back(s.begin(), s.end());
        }
    }
    for (std::size_t e = 0; e < rows.size(); ++e) {
        g.ids.push_back(text_ids ? Input::of(std::u16string_view(g.names[e]))
                                 : Input::of(rows[e].k * 100000.0 + rows[e].i));
        g.dates.push_back(Input::of(rows[e].date));
    }
    return g;
}

void expect_generated(const Generated& g, const std::function<double(int)>& period_start,
                      std::string_view period) {
    for (const char* mode : {"nday", "unbounded"}) {
        const bool nday = std::string_view(mode) == "nday";
        for (double periods : {12.0, 14.0}) {
            const auto r = kpi::cohort(kCalcNull, column(g.ids), column(g.dates), period,
                                       periods, mode);
            ASSERT_TRUE(r.ok());
            ASSERT_EQ(r->rows, 6u);
            ASSERT_EQ(r->cols, static_cast<std::size_t>(periods) + 2);
            for (int k = 0; k < 6; ++k) {
                const double n = 60.0 * (k + 1);
                EXPECT_EQ(r->at(k, 0).number, period_start(k));
                EXPECT_EQ(r->at(k, 1).number, n);
                for (int j = 0; j < periods; ++j) {
                    const Cell& c = r->at(k, j + 2);
                    if (k + j > 16) {
                        EXPECT_EQ(c.kind, Cell::Kind::empty) << k << "," << j;
                        continue;
                    }
                    double want;
                    if (j == 0)
                        want = 1;
                    else if (j >= 12)
                        want = 0;
                    else if (nday)
                        want = j <= 5 ? 0.25 : 1.0 / 12;
                    else
                        want = (12.0 - j) / 12;
                    ASSERT_EQ(c.kind, Cell::Kind::number) << mode << " " << k << "," << j;
                    EXPECT_NEAR(c.number, want, 1e-12) << mode << " " << k << "," << j;
                }
            }
        }
    }
}

TEST(Cohort, GeneratedWeeksWithNumericIds) {
    const auto monday = [](int p) { return 45292.0 + 7 * p; };  // weeks from 2024-01-01
    expect_generated(generate(false, monday, 7), monday, "week");
}

TEST(Cohort, GeneratedMonthsWithTextIds) {
    // The 1st of each month, 2021-01 … 2022-05.
    static const double first[17] = {44197, 44228, 44256, 44287, 44317, 44348,
                                     44378, 44409, 44440, 44470, 44501, 44531,
                                     44562, 44593, 44621, 44652, 44682};
    const auto month = [](int p) { return first[p]; };
    expect_generated(generate(true, month, 28), month, "month");
}

TEST(Cohort, RowsInARowRange) {
    // Ids and dates given as one row each (1 × n) work the same way.
    MixedRange ids, dates;
    ids.rows = dates.rows = 1;
    ids.cols = dates.cols = 3;
    ids.cells = {txt(u"a"), txt(u"b"), txt(u"a")};
    dates.cells = {num(45292), num(45300), num(45323)};
    expect_table(kpi::cohort(kCalcNull, ids, dates, "month", 2, "nday"), {{45292, 2, 1, 0.5}});
}

TEST(Cohort, ManyRows) {
    // 300,000 events: each of 30,000 customers starts in January 2024 and has
    // one event in each of the ten months January … October 2024.
    std::vector<Input> ids, dates;
    for (int i = 0; i < 300000; ++i) {
        const int c = i % 30000, m = i / 30000;  // m = 0 … 9
        ids.push_back(num(c));
        // Jan 2024 for m = 0, otherwise a day in the month m·31 days later
        // (45292 + 31·m stays inside month m for m ≤ 9: 45571 = 2024-10-06).
        dates.push_back(num(45292 + 31.0 * m));
    }
    const auto r = kpi::cohort(kCalcNull, column(ids), column(dates), "month", 12, "nday");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rows, 1u);
    EXPECT_EQ(r->at(0, 1).number, 30000);
    for (int j = 0; j < 10; ++j) EXPECT_EQ(r->at(0, j + 2).number, 1.0);
    EXPECT_EQ(r->at(0, 12).kind, Cell::Kind::empty);  // November is after the latest event
}

TEST(Cohort, RandomInputsNeverMisbehave) {
    // Any mix of empty, text, error and extreme numbers gives a value or an
    // error, never a crash (run under ASan/UBSan too).
    std::mt19937 rng(99);
    const double numbers[] = {0, -0.0, 1, 45292.5, -1, -1e6, 9.99e8, -9.99e8, 1e9, 1e308,
                              -1e308, kInf, -kInf, kNaN, 5e-324, 2958465, -693593};
    auto cell = [&] { return random_cell(rng, numbers); };
    const char* periods[] = {"day", "week", "month"};
    const char* modes[] = {"nday", "unbounded"};
    for (int round = 0; round < 3000; ++round) {
        const std::size_t n = rng() % 12;
        std::vector<Input> ids, dates;
        for (std::size_t i = 0; i < n; ++i) {
            ids.push_back(rng() % 4 ? num(rng() % 4) : cell());
            dates.push_back(rng() % 3 ? num(40000 + rng() % 900 + 0.5) : cell());
        }
        const auto r = kpi::cohort(rng() % 2 ? kCalcNull : kMacNull, column(ids), column(dates),
                                   periods[rng() % 3], 1 + rng() % 40, modes[rng() % 2]);
        if (!r) continue;
        ASSERT_GE(r->rows, 1u);
        ASSERT_EQ(r->cells.size(), r->rows * r->cols);
        for (std::size_t k = 0; k < r->rows; ++k) {
            ASSERT_EQ(r->at(k, 0).kind, Cell::Kind::number);
            ASSERT_GE(r->at(k, 1).number, 1);
            EXPECT_EQ(r->at(k, 2).number, 1.0);  // everyone is active when they start
            for (std::size_t j = 2; j < r->cols; ++j) {
                if (r->at(k, j).kind == Cell::Kind::number) {
                    EXPECT_GE(r->at(k, j).number, 0.0);
                    EXPECT_LE(r->at(k, j).number, 1.0);
                }
            }
        }
    }
}

}  // namespace

// ------------------------------------------------------------- value modes

namespace {

kpi::Result<Table> run_value(const std::vector<Event>& events, const std::vector<Input>& amounts,
                             std::string_view mode, double periods = 4) {
    std::vector<Input> ids, dates;
    for (const Event& e : events) {
        ids.push_back(e.id);
        dates.push_back(e.date);
    }
    return kpi::cohort(kCalcNull, column(std::move(ids)), column(std::move(dates)), "month", periods,
                       mode, column(amounts));
}

// One amount per row of months_2024(), in its order:
//   B Mar 1: 10, A Apr 1: 20, D Feb 15: 30, A Jan 5: 40, C Mar 31: 50,
//   B Jan 31: 60, D Feb 1: 70, C Feb 29: 80, A Feb 10: 90.
// Jan cohort (A, B): offset 0: 40 + 60 = 100, 1: 90, 2: 10, 3: 20.
// Feb cohort (C, D): offset 0: 30 + 70 + 80 = 180, 1: 50, 2: 0, 3 (May): not observable.
std::vector<Input> amounts_2024() {
    return {num(10), num(20), num(30), num(40), num(50), num(60), num(70), num(80), num(90)};
}

}  // namespace

TEST(CohortValue, RevenuePerCohortCustomer) {
    expect_table(run_value(months_2024(), amounts_2024(), "revenue"),
                 {{45292, 2, 50, 45, 5, 10}, {45323, 2, 90, 25, 0, E}});
}

TEST(CohortValue, LtvIsCumulative) {
    expect_table(run_value(months_2024(), amounts_2024(), "LTV"),
                 {{45292, 2, 50, 95, 100, 110}, {45323, 2, 90, 115, 115, E}});
}

TEST(CohortValue, RevenueRetention) {
    expect_table(run_value(months_2024(), amounts_2024(), "revenue_retention"),
                 {{45292, 2, 1, 0.9, 0.1, 0.2}, {45323, 2, 1, 50.0 / 180, 0, E}});
}

TEST(CohortValue, ReleasedModesIgnoreAmounts) {
    // Amounts of 0 or more: the released results, exactly as without amounts (MonthNday, MonthUnbounded).
    expect_table(run_value(months_2024(), amounts_2024(), "nday"),
                 {{45292, 2, 1, 0.5, 0.5, 0.5}, {45323, 2, 1, 0.5, 0, E}});
    std::vector<Input> odd(9, txt(u"x"));
    odd[3] = Input::failed(Errc::num);  // only an error cell still counts
    expect_table(run_value(months_2024(), std::vector<Input>(9, txt(u"x")), "unbounded"),
                 {{45292, 2, 1, 1, 1, 0.5}, {45323, 2, 1, 0.5, 0, E}});
    EXPECT_ERROR(run_value(months_2024(), odd, "nday"), Errc::num);
}

TEST(CohortValue, TextEmptyAndNegativeAmounts) {
    // Jan cohort: A Jan 5 "n/a" (0), B Jan 31 empty (0); A Feb 10 −30 (a refund).
    std::vector<Input> a = amounts_2024();
    a[3] = txt(u"n/a");
    a[5] = blank();
    a[8] = num(-30);
    expect_table(run_value(months_2024(), a, "revenue", 2), {{45292, 2, 0, -15}, {45323, 2, 90, 25}});
    expect_table(run_value(months_2024(), a, "ltv", 2), {{45292, 2, 0, -15}, {45323, 2, 90, 115}});
    // The refund is no activity: A is not active in February (B is in none of the first two).
    expect_table(run_value(months_2024(), a, "nday", 2), {{45292, 2, 1, 0}, {45323, 2, 1, 0.5}});
}

TEST(CohortValue, RevenueRetentionOfANothingFirstPeriodIsDivByZero) {
    // X: Jan 5 amount 0, Feb 10 amount 5 → one cohort whose offset-0 amount is 0.
    const auto r = run_value({{txt(u"X"), num(45296)}, {txt(u"X"), num(45332)}}, {num(0), num(5)},
                             "revenue_retention", 3);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->cols, 5u);
    for (std::size_t j = 2; j < 4; ++j) {
        EXPECT_EQ(r->at(0, j).kind, Cell::Kind::error);
        EXPECT_EQ(r->at(0, j).error, Errc::div_by_zero);
    }
    EXPECT_EQ(r->at(0, 4).kind, Cell::Kind::empty);  // March: after the latest event
}

// Issue 25: refunds. With amounts, a line of a negative amount adds its amount to
// revenue in its period but is no activity; a line of 0 (a free item) is activity.
// Expected values computed independently with pandas (run once, pasted):
// purchases = lines with amount ≥ 0; cohort = month of a
// customer's first purchase; active in a month = a purchase that month; revenue = all
// lines of the cohort's customers at offsets ≥ 0; months up to the latest line observed.
//   a Jan 5 100, b Jan 20 −20, d Jan 31 30, d Jan 31 30 (an exact duplicate),
//   b Feb 3 80, a Feb 10 50, c Feb 14 0, a Feb 20 −50, b Mar 1 40, b Mar 1 40,
//   c Mar 3 −10, a Mar 15 −30, d Apr 2 −30.
// Jan cohort a, d (b's January line is a refund: b starts in February); Feb cohort
// b, c (c's free item on Feb 14; its March line is a refund).
std::vector<Event> refund_events() {
    const char16_t* ids[] = {u"a", u"b", u"d", u"d", u"b", u"a", u"c", u"a", u"b", u"b", u"c", u"a", u"d"};
    const double days[] = {45296, 45311, 45322, 45322, 45325, 45332, 45336, 45342, 45352, 45352, 45354, 45366, 45384};
    std::vector<Event> ev;
    for (std::size_t i = 0; i < std::size(days); ++i) ev.push_back({txt(ids[i]), num(days[i])});
    return ev;
}
std::vector<Input> refund_amounts() {
    std::vector<Input> a;
    for (double x : {100, -20, 30, 30, 80, 50, 0, -50, 40, 40, -10, -30, -30}) a.push_back(num(x));
    return a;
}

TEST(CohortValue, RefundsAreRevenueButNoActivity) {
    expect_table(run_value(refund_events(), refund_amounts(), "nday"),
                 {{45292, 2, 1.0, 0.5, 0.0, 0.0}, {45323, 2, 1.0, 0.5, 0.0, E}});
    expect_table(run_value(refund_events(), refund_amounts(), "unbounded"),
                 {{45292, 2, 1.0, 0.5, 0.0, 0.0}, {45323, 2, 1.0, 0.5, 0.0, E}});
    expect_table(run_value(refund_events(), refund_amounts(), "revenue"),
                 {{45292, 2, 80.0, 0.0, -15.0, -15.0}, {45323, 2, 40.0, 35.0, 0.0, E}});
    expect_table(run_value(refund_events(), refund_amounts(), "ltv"),
                 {{45292, 2, 80.0, 80.0, 65.0, 50.0}, {45323, 2, 40.0, 75.0, 75.0, E}});
    expect_table(run_value(refund_events(), refund_amounts(), "revenue_retention"),
                 {{45292, 2, 1.0, 0.0, -0.1875, -0.1875}, {45323, 2, 1.0, 0.875, 0.0, E}});
    // Without amounts every line is activity, as released (pandas likewise): a, b, d in January.
    expect_table(run(refund_events(), "month", 4, "nday"),
                 {{45292, 3, 1.0, 2.0 / 3, 2.0 / 3, 1.0 / 3}, {45323, 1, 1.0, 1.0, 0.0, E}});
    // Only refunds: nobody is in a cohort.
    EXPECT_ERROR(run_value({{txt(u"c"), num(45336)}, {txt(u"c"), num(45354)}}, {num(-5), num(-10)}, "nday"),
                 Errc::not_available);
}

// Sums of money are compensated (kpi/sum.hpp), as Calc's SUM: 10,000 lines of 0.07
// summed one after another drift by 9e-11, and a large order refunded in the same
// month leaves the 0.01s it hid rounded off. Expected values are the exact sums of
// the doubles (Python fractions.Fraction, run once), rounded once:
//   sum(map(Fraction, [0.07]*10000))                          → 700.0000000000001 (naive 700.000000000091)
//   sum(map(Fraction, [1234567.89] + [0.01]*1000 + [-1234567.89])) → 10.0 (naive 10.000000009313226)
//   their total → 710.0000000000001 (naive 710.0000000094042);
//   10.0 / 700.0000000000001 → 0.014285714285714284 (naive 0.014285714299017038).
TEST(CohortValue, SumsOfMoneyAreCompensated) {
    std::vector<Event> ev;
    std::vector<Input> amounts;
    for (int i = 0; i < 10000; ++i) {  // January 2024
        ev.push_back({txt(u"a"), num(45292 + i % 31)});
        amounts.push_back(num(0.07));
    }
    ev.push_back({txt(u"a"), num(45323)});  // February 1
    amounts.push_back(num(1234567.89));
    for (int i = 0; i < 1000; ++i) {
        ev.push_back({txt(u"a"), num(45323 + i % 29)});
        amounts.push_back(num(0.01));
    }
    ev.push_back({txt(u"a"), num(45351)});  // February 29: the refund
    amounts.push_back(num(-1234567.89));
    const auto exact = [](const kpi::Result<Table>& r, std::size_t col, double want) {
        ASSERT_TRUE(r.ok()) << kpi::to_string(r.error());
        ASSERT_EQ(r->at(0, col).kind, Cell::Kind::number);
        EXPECT_NEAR(r->at(0, col).number, want, 1e-15 * std::fabs(want)) << "column " << col;
    };
    const auto revenue = run_value(ev, amounts, "revenue", 2);
    exact(revenue, 2, 700.0000000000001);
    exact(revenue, 3, 10.0);
    const auto ltv = run_value(ev, amounts, "ltv", 2);
    exact(ltv, 2, 700.0000000000001);
    exact(ltv, 3, 710.0000000000001);
    exact(run_value(ev, amounts, "revenue_retention", 2), 3, 0.014285714285714284);
}

TEST(CohortValue, Errors) {
    const std::vector<Event> ev = months_2024();
    std::vector<Input> ids, dates;
    for (const Event& e : ev) {
        ids.push_back(e.id);
        dates.push_back(e.date);
    }
    // A value mode needs amounts.
    for (const char* mode : {"revenue", "ltv", "revenue_retention"})
        EXPECT_ERROR(kpi::cohort(kCalcNull, column(ids), column(dates), "month", 4, mode),
                     Errc::invalid_argument);
    EXPECT_ERROR(run_value(ev, amounts_2024(), "value"), Errc::invalid_argument);
    // One amount per event row.
    EXPECT_ERROR(run_value(ev, {num(1), num(2)}, "revenue"), Errc::invalid_argument);
    EXPECT_ERROR(run_value(ev, {num(1), num(2)}, "nday"), Errc::invalid_argument);
    std::vector<Input> a = amounts_2024();
    a[4] = num(kInf);
    EXPECT_ERROR(run_value(ev, a, "ltv"), Errc::invalid_argument);
    // The first error cell in row order: row 1's amount before row 2's id.
    a = amounts_2024();
    a[1] = Input::failed(Errc::div_by_zero);
    std::vector<Event> bad = ev;
    bad[2].id = Input::failed(Errc::num);
    EXPECT_ERROR(run_value(bad, a, "revenue"), Errc::div_by_zero);
}

// -------------------------------------------------------------------- RFM
// RFM: the per-customer summary of lifetimes' summary_data_from_transaction_data.
// The reference is the published CDNOW weekly summary (tests/data/cdnow, see its
// README); the small cases are counted by hand from the rows listed. Date
// serials use the null date 1899-12-30 (45292 = Mon 2024-01-01) unless said.

namespace {

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

kpi::Result<Table> run_rfm(const std::vector<Order>& orders, std::optional<double> end = std::nullopt,
                       std::string_view period = "day", double per_unit = 1,
                       bool with_amounts = true, CivilDate null_date = kCalcNull) {
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
constexpr double kRounded = 0.005 + 1e-9;

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
        EXPECT_NEAR(r->at(k, 2).number, s.recency, kRounded) << "customer " << id;
        EXPECT_NEAR(r->at(k, 3).number, s.age, kRounded) << "customer " << id;
        EXPECT_NEAR(r->at(k, 4).number, s.monetary, kRounded) << "customer " << id;
        repeat_buyers += r->at(k, 1).number > 0;
        total_frequency += r->at(k, 1).number;
    }
    // Counts printed with the data (946 repeat buyers, Σx = 2,457).
    EXPECT_EQ(repeat_buyers, 946);
    EXPECT_EQ(total_frequency, 2457);
}

TEST(Rfm, CdnowWeeklySummaryForEveryCustomer) {
    // lifetimes: observation_period_end 1997-09-30, freq "D", freq_multiplier 7.
    const auto r = run_rfm(cdnow_orders(), serial_of("1997-09-30"), "day", 7);
    expect_cdnow(r, cdnow_summary(), true);
    // Customer 1 unrounded (reference: "Predictive customer value"): 2, 213/7, 272/7, (29.73 + 14.96)/2.
    EXPECT_NEAR(r->at(0, 2).number, 213.0 / 7, 1e-12);
    EXPECT_NEAR(r->at(0, 3).number, 272.0 / 7, 1e-12);
    EXPECT_NEAR(r->at(0, 4).number, 22.345, 1e-12);
}

TEST(Rfm, CdnowRowOrderDoesNotMatter) {
    std::vector<Order> orders = cdnow_orders();
    std::mt19937 rng(7);
    std::shuffle(orders.begin(), orders.end(), rng);
    expect_cdnow(run_rfm(orders, serial_of("1997-09-30"), "day", 7), cdnow_summary(), false);
}

// ------------------------------------------------------------- hand-made

TEST(Rfm, SameDayOrdersCountOnceAndTheirAmountsAddUp) {
    // Day 45292: 10 + 5 (first day, left out of monetary); 45294: 7; 45296: 1 + 2.
    expect_rows(run_rfm({{num(1), num(45292), num(10)}, {num(1), num(45294.75), num(7)},
                     {num(1), num(45292.5), num(5)}, {num(1), num(45296), num(1)},
                     {num(1), num(45296.9), num(2)}}),
                {{1.0, 2, 4, 4, (7.0 + 3.0) / 2}});
}

// Monetary is a compensated sum (kpi/sum.hpp): day 45292 5 (the first purchase),
// day 45293 10,000 lines of 0.07, day 45294 1,000 lines of 0.01. Expected: the exact
// sum of the repeat days' doubles (Python fractions.Fraction, run once) halved,
// sum(map(Fraction, [0.07]*10000 + [0.01]*1000)) / 2 → 355.00000000000006
// (summed one after another: 355.0000000000409).
TEST(Rfm, MonetaryIsACompensatedSum) {
    std::vector<Order> orders{{num(1), num(45292), num(5)}};
    for (int i = 0; i < 10000; ++i) orders.push_back({num(1), num(45293), num(0.07)});
    for (int i = 0; i < 1000; ++i) orders.push_back({num(1), num(45294), num(0.01)});
    const auto r = run_rfm(orders);
    ASSERT_TRUE(r.ok()) << kpi::to_string(r.error());
    EXPECT_EQ(r->at(0, 1).number, 2);
    EXPECT_NEAR(r->at(0, 4).number, 355.00000000000006, 1e-15 * 355);
}

TEST(Rfm, FirstSeenOrderAndIdKinds) {
    // "b": 45293, 45295; 5: 45292; "5": 45294; 0 and −0 are one customer: 45292, 45295.
    // Latest date 45295. No amounts: the monetary column is empty.
    const auto r = run_rfm({{txt(u"b"), num(45293), blank()},
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
    expect_rows(run_rfm({{txt(u"客户甲"), num(45292), num(3)}, {txt(u"客户乙"), num(45292), num(4)},
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
    expect_rows(run_rfm(weeks_2024(), 45300, "week"), {{u"A", 1, 1, 1, 30.0}, {u"C", 0, 0, 1, 0.0}});
    // Days: 45301 and 45306 are cut; A keeps 45292 and 45295.
    expect_rows(run_rfm(weeks_2024(), 45300, "day"), {{u"A", 1, 3, 8, 20.0}, {u"C", 0, 0, 2, 0.0}});
    // Without an end date the latest date (B's 45307, week W2) is the end.
    expect_rows(run_rfm(weeks_2024(), std::nullopt, "WEEK"),
                {{u"B", 0, 0, 0, 0.0}, {u"A", 2, 2, 2, 35.0}, {u"C", 0, 0, 2, 0.0}});
}

// Months likewise (the reference text of end_date says so): an end date of Sat 2024-02-10
// keeps the order of Tue 02-20; the one of Fri 03-01 is in a later month and is cut.
TEST(Rfm, EndDateKeepsTheRestOfItsMonth) {
    const std::vector<Order> orders = {{num(1), num(45306), num(10)},   // Mon 2024-01-15
                                       {num(1), num(45342), num(20)},   // Tue 2024-02-20
                                       {num(1), num(45352), num(40)}};  // Fri 2024-03-01
    expect_rows(run_rfm(orders, 45332, "month"), {{1.0, 1, 1, 1, 20.0}});
    expect_rows(run_rfm(orders, 45332, "day"), {{1.0, 0, 0, 26, 0.0}});
}

TEST(Rfm, NullDate1904GivesTheSameSummary) {
    // The same calendar days in the 1904 date system (serials 1462 lower).
    std::vector<Order> shifted = weeks_2024();
    for (Order& o : shifted) o.date = num(o.date.number - 1462);
    expect_rows(run_rfm(shifted, 45300 - 1462, "week", 1, true, kMacNull),
                {{u"A", 1, 1, 1, 30.0}, {u"C", 0, 0, 1, 0.0}});
}

TEST(Rfm, MonthsAreWholeCalendarMonths) {
    // A: Wed 2024-01-31 (45322), Thu 02-01 (45323), Tue 04-30 (45412) → months Jan, Feb, Apr.
    // B: Fri 2024-03-15 (45366). Latest month April.
    const std::vector<Order> orders = {{num(1), num(45322), num(5)},
                                       {num(1), num(45323), num(6)},
                                       {num(1), num(45412), num(8)},
                                       {num(2), num(45366), num(9)}};
    expect_rows(run_rfm(orders, std::nullopt, "month"), {{1.0, 2, 3, 3, 7.0}, {2.0, 0, 0, 1, 0.0}});
    // Twelve months to the unit: years.
    expect_rows(run_rfm(orders, std::nullopt, "month", 12),
                {{1.0, 2, 0.25, 0.25, 7.0}, {2.0, 0, 0, 1.0 / 12, 0.0}});
}

TEST(Rfm, TextAndEmptyAmountsCountZero) {
    // 1: 10 on the first day, then "x" and empty → (0 + 0) / 2.
    // 2: 10, 4, "n/a" on three days → (4 + 0) / 2.
    expect_rows(run_rfm({{num(1), num(45292), num(10)}, {num(1), num(45293), txt(u"x")},
                     {num(1), num(45294), blank()}, {num(2), num(45292), num(10)},
                     {num(2), num(45293), num(4)}, {num(2), num(45294), txt(u"n/a")}}),
                {{1.0, 2, 2, 2, 0.0}, {2.0, 2, 2, 2, 2.0}});
}

// Issue 25: with amounts, a line of a negative amount (a refund) is no purchase: it
// counts towards neither frequency, recency, age (nor the default end) nor monetary; a
// line of 0 is a purchase. Expected values computed independently with pandas (run
// once, pasted) on the refund data of the COHORT tests above (day periods): keep the
// lines with amount ≥ 0, sum per customer and day, end = the latest kept day (Mar 1;
// the refunds of Mar 15 and Apr 2 do not move it); customers in first-seen order of
// the kept lines (b's first line is a refund, so d comes before b):
//   a 1 36 56 50;  d 0 0 30 0;  b 1 27 27 80 (the duplicate 40 + 40 on Mar 1 add up);
//   c 0 0 16 0.  By month: a 1 1 2 50; d 0 0 2 0; b 1 1 1 80; c 0 0 1 0.
TEST(Rfm, RefundsAreNoPurchase) {
    const char16_t* ids[] = {u"a", u"b", u"d", u"d", u"b", u"a", u"c", u"a", u"b", u"b", u"c", u"a", u"d"};
    const double days[] = {45296, 45311, 45322, 45322, 45325, 45332, 45336, 45342, 45352, 45352, 45354, 45366, 45384};
    const double amounts[] = {100, -20, 30, 30, 80, 50, 0, -50, 40, 40, -10, -30, -30};
    std::vector<Order> orders;
    for (std::size_t i = 0; i < std::size(days); ++i) orders.push_back({txt(ids[i]), num(days[i]), num(amounts[i])});
    expect_rows(run_rfm(orders), {{u"a", 1, 36, 56, 50.0}, {u"d", 0, 0, 30, 0.0}, {u"b", 1, 27, 27, 80.0},
                                  {u"c", 0, 0, 16, 0.0}});
    expect_rows(run_rfm(orders, std::nullopt, "month"),
                {{u"a", 1, 1, 2, 50.0}, {u"d", 0, 0, 2, 0.0}, {u"b", 1, 1, 1, 80.0}, {u"c", 0, 0, 1, 0.0}});
    // Without amounts every line is a purchase, as released: b second, end Apr 2 (45384).
    expect_rows(run_rfm(orders, std::nullopt, "day", 1, false),
                {{u"a", 3, 70, 88, std::nullopt}, {u"b", 2, 41, 73, std::nullopt},
                 {u"d", 1, 62, 62, std::nullopt}, {u"c", 1, 18, 48, std::nullopt}});
}

TEST(Rfm, BlankRowsAreSkipped) {
    expect_rows(run_rfm({{blank(), num(45292), num(1)}, {num(1), blank(), num(2)},
                     {txt(u""), num(45299), num(3)}, {num(1), num(45293), num(4)}}),
                {{1.0, 0, 0, 0, 0.0}});
}

TEST(Rfm, Errors) {
    const std::vector<Order> ok = {{num(1), num(45292), num(1)}, {num(1), num(45299), num(2)}};
    EXPECT_ERROR(run_rfm(ok, std::nullopt, "quarter"), Errc::invalid_argument);
    EXPECT_ERROR(run_rfm(ok, std::nullopt, ""), Errc::invalid_argument);
    for (double bad : {0.0, -7.0, kNaN, kInf})
        EXPECT_ERROR(run_rfm(ok, std::nullopt, "day", bad), Errc::invalid_argument);
    for (double bad : {1e9, -1e9, kNaN, kInf})
        EXPECT_ERROR(run_rfm(ok, bad), Errc::invalid_argument);
    EXPECT_ERROR(run_rfm({{num(1), num(1e9), num(1)}}), Errc::invalid_argument);
    EXPECT_ERROR(run_rfm(ok, std::nullopt, "day", 1, true, CivilDate{2023, 2, 29}), Errc::invalid_argument);
    // Ranges of different sizes.
    Rows r = split(ok);
    EXPECT_ERROR(kpi::rfm(kCalcNull, r.ids, cells({num(45292)}), r.amounts, std::nullopt, "day", 1),
                 Errc::invalid_argument);
    EXPECT_ERROR(kpi::rfm(kCalcNull, r.ids, r.dates, cells({num(1)}), std::nullopt, "day", 1),
                 Errc::invalid_argument);
    // A date typed as text; an infinite amount; an id that is not a finite number.
    EXPECT_ERROR(run_rfm({{num(1), txt(u"2024-01-01"), num(1)}}), Errc::value);
    EXPECT_ERROR(run_rfm({{num(1), num(45292), num(kInf)}}), Errc::invalid_argument);
    EXPECT_ERROR(run_rfm({{num(kNaN), num(45292), num(1)}}), Errc::invalid_argument);
    // The first error cell in row order, whichever column it is in.
    EXPECT_ERROR(run_rfm({{num(1), num(45292), Input::failed(Errc::div_by_zero)},
                      {Input::failed(Errc::num), num(45292), num(1)}}),
                 Errc::div_by_zero);
    EXPECT_ERROR(run_rfm({{num(1), Input::failed(Errc::value), num(1)}}), Errc::value);
    // Nothing to summarise: no usable row, or every order after the end.
    EXPECT_ERROR(run_rfm({{blank(), num(45292), num(1)}}), Errc::not_available);
    EXPECT_ERROR(run_rfm({}), Errc::not_available);
    EXPECT_ERROR(run_rfm(ok, 45291), Errc::not_available);
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
    const auto r = kpi::rfm(kCalcNull, cells(ids), cells(dates), cells(amounts), std::nullopt, "day", 1);
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
                              -1e308, kInf, -kInf, kNaN, 5e-324};
    auto cell = [&] { return random_cell(rng, numbers); };
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
        const auto r = run_rfm(orders, end, periods[rng() % 3], per_unit, rng() % 2,
                           rng() % 2 ? kCalcNull : kMacNull);
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
