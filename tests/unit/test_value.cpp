#include "kpi/value.hpp"

#include "test_support.hpp"

using kpi::Errc;

// AOV = revenue / orders, ARPU = revenue / users; values by hand.
TEST(Aov, Values) {
    EXPECT_VALUE(kpi::aov(52000, 800), 65.0, 1e-12);
    EXPECT_VALUE(kpi::aov(0, 800), 0.0, 0);
    EXPECT_VALUE(kpi::aov(-500, 10), -50.0, 0);  // refunds exceed sales: money may be negative
}

TEST(Arpu, Values) {
    EXPECT_VALUE(kpi::arpu(150000, 12000), 12.5, 1e-12);
    EXPECT_VALUE(kpi::arpu(100, 3), 100.0 / 3.0, 1e-13);  // 33.33…
    EXPECT_VALUE(kpi::arpu(-90, 3), -30.0, 0);
}

TEST(AovArpu, Errors) {
    const struct { const char* name; kpi::Result<double> (*f)(double, double) noexcept; } cases[] = {
        {"AOV", &kpi::aov}, {"ARPU", &kpi::arpu}};
    for (const auto& [name, f] : cases) {
        SCOPED_TRACE(name);
        EXPECT_ERROR(f(52000, 0), Errc::div_by_zero);
        EXPECT_ERROR(f(0, 0), Errc::div_by_zero);
        EXPECT_ERROR(f(52000, -1), Errc::invalid_argument);
        EXPECT_ERROR(f(kNaN, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(kInf, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(-kInf, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(100, kNaN), Errc::invalid_argument);
        EXPECT_ERROR(f(100, kInf), Errc::invalid_argument);
        EXPECT_ERROR(f(1e308, 0.1), Errc::num);    // 1e309 overflows
        EXPECT_ERROR(f(-1e308, 0.1), Errc::num);
    }
}

// CLV = aov × purchases_per_year × years × gross_margin, by hand:
// 65 × 4 × 3 = 780; × 0.4 = 312; × −0.1 = −78.
TEST(Clv, Values) {
    EXPECT_VALUE(kpi::clv(65, 4, 3, 1), 780.0, 1e-12);  // default margin 1: revenue-based
    EXPECT_VALUE(kpi::clv(65, 4, 3, 0.4), 312.0, 1e-12);
    EXPECT_VALUE(kpi::clv(65, 4, 3, -0.1), -78.0, 1e-12);  // a loss-making product
    EXPECT_VALUE(kpi::clv(65, 0, 3, 1), 0.0, 0);
    EXPECT_VALUE(kpi::clv(65, 4, 0.5, 1), 130.0, 1e-12);   // half a year
}

TEST(Clv, Errors) {
    EXPECT_ERROR(kpi::clv(65, 4, 3, 1.01), Errc::invalid_argument);  // margin above 100 %
    EXPECT_ERROR(kpi::clv(65, -4, 3, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(65, 4, -3, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(kNaN, 4, 3, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(kInf, 4, 3, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(65, kInf, 3, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(65, 4, kNaN, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(65, 4, 3, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(65, 4, 3, -kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clv(1e308, 10, 1, 1), Errc::num);  // 1e309 overflows
}

// Reference "Customer value" worked example: m 100, r 0.8, d 0.1:
//   "end"   100 × 0.8 / (1.1 − 0.8) = 80 / 0.3 = 266.666…
//   "start" 100 × 1.1 / 0.3 = 110 / 0.3 = 366.666…
TEST(ClvDisc, SpecExample) {
    EXPECT_VALUE(kpi::clvdisc(100, 0.8, 0.1, "end"), 266.666666666667, 1e-9);
    EXPECT_VALUE(kpi::clvdisc(100, 0.8, 0.1, "start"), 366.666666666667, 1e-9);
}

// Further cases by hand: m 50, r 0.9, d 0.05: end 45 / 0.15 = 300, start 52.5 / 0.15 = 350.
TEST(ClvDisc, Timings) {
    EXPECT_VALUE(kpi::clvdisc(50, 0.9, 0.05, "end"), 300.0, 1e-10);
    EXPECT_VALUE(kpi::clvdisc(50, 0.9, 0.05, "start"), 350.0, 1e-10);
    EXPECT_VALUE(kpi::clvdisc(50, 0.9, 0.05, "END"), 300.0, 1e-10);     // case-insensitive
    EXPECT_VALUE(kpi::clvdisc(50, 0.9, 0.05, "Start"), 350.0, 1e-10);
    // "start" is "end" plus the first margin, undiscounted: 366.67 − 266.67 = 100.
    const auto at_start = kpi::clvdisc(100, 0.8, 0.1, "start");
    const auto at_end = kpi::clvdisc(100, 0.8, 0.1, "end");
    ASSERT_TRUE(at_start.ok() && at_end.ok());
    EXPECT_NEAR(at_start.value() - at_end.value(), 100.0, 1e-10);
}

TEST(ClvDisc, Boundaries) {
    EXPECT_VALUE(kpi::clvdisc(100, 0, 0.1, "end"), 0.0, 0);        // nobody comes back
    EXPECT_VALUE(kpi::clvdisc(100, 0, 0.1, "start"), 100.0, 1e-12); // only the first margin: 110 / 1.1
    EXPECT_VALUE(kpi::clvdisc(100, 0.5, 0, "end"), 100.0, 1e-12);  // no discounting: 50 / 0.5
    EXPECT_VALUE(kpi::clvdisc(100, 1, 0.25, "end"), 400.0, 1e-12); // everybody stays: 100 / 0.25
    EXPECT_VALUE(kpi::clvdisc(100, 0.5, -0.2, "end"), 166.666666666666667, 1e-12);  // 50 / 0.3
    EXPECT_VALUE(kpi::clvdisc(-100, 0.8, 0.1, "end"), -266.666666666667, 1e-9);     // a loss
    EXPECT_VALUE(kpi::clvdisc(0, 0.8, 0.1, "start"), 0.0, 0);
}

TEST(ClvDisc, Errors) {
    EXPECT_ERROR(kpi::clvdisc(100, 1, 0, "end"), Errc::div_by_zero);       // 1 + 0 − 1 = 0
    EXPECT_ERROR(kpi::clvdisc(100, 0.5, -0.5, "start"), Errc::div_by_zero); // 1 − 0.5 − 0.5 = 0
    EXPECT_ERROR(kpi::clvdisc(100, 0.9, -0.2, "end"), Errc::num);  // r > 1 + d: the series diverges
    EXPECT_ERROR(kpi::clvdisc(100, 1.1, 0.1, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, -0.1, 0.1, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, -1, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, -1.5, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(kNaN, 0.8, 0.1, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(kInf, 0.8, 0.1, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, kNaN, 0.1, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, kNaN, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, kInf, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, 0.1, "middle"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, 0.1, "begin"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::clvdisc(100, 0.8, 0.1, ""), Errc::invalid_argument);  // the add-in maps "" to "end"
    EXPECT_ERROR(kpi::clvdisc(1e308, 0.9, 0.1, "end"), Errc::num);  // 0.9e308 / 0.2 overflows
}

// LTVCAC = ltv / cac: 900 / 300 = 3 by hand.
TEST(LtvCac, Values) {
    EXPECT_VALUE(kpi::ltvcac(900, 300), 3.0, 1e-15);
    EXPECT_VALUE(kpi::ltvcac(-300, 300), -1.0, 0);  // customers destroy value
    EXPECT_VALUE(kpi::ltvcac(0, 300), 0.0, 0);
}

TEST(LtvCac, Errors) {
    EXPECT_ERROR(kpi::ltvcac(900, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::ltvcac(900, -300), Errc::invalid_argument);
    EXPECT_ERROR(kpi::ltvcac(kNaN, 300), Errc::invalid_argument);
    EXPECT_ERROR(kpi::ltvcac(kInf, 300), Errc::invalid_argument);
    EXPECT_ERROR(kpi::ltvcac(900, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::ltvcac(1e308, 1e-10), Errc::num);
}

// Reference "Customer value" worked example: 1200 / (180 × 0.75) = 1200 / 135 = 80 / 9 = 8.888…
TEST(Payback, SpecExample) { EXPECT_VALUE(kpi::payback(1200, 180, 0.75), 8.88888888888889, 1e-13); }

TEST(Payback, Values) {
    EXPECT_VALUE(kpi::payback(1200, 150, 1), 8.0, 1e-14);  // default margin 1: 1200 / 150
    EXPECT_VALUE(kpi::payback(0, 150, 1), 0.0, 0);         // nothing to repay
    EXPECT_VALUE(kpi::payback(100, 40, 0.5), 5.0, 1e-14);  // 100 / 20
}

TEST(Payback, Errors) {
    EXPECT_ERROR(kpi::payback(1200, 0, 1), Errc::div_by_zero);
    EXPECT_ERROR(kpi::payback(1200, 150, 0), Errc::div_by_zero);  // core only: the add-in maps 0 to 1
    EXPECT_ERROR(kpi::payback(1200, -50, 1), Errc::num);    // loses money every period: never repaid
    EXPECT_ERROR(kpi::payback(1200, 150, -0.2), Errc::num); // negative margin: never repaid
    EXPECT_ERROR(kpi::payback(-1, 150, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(1200, 150, 1.2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(kNaN, 150, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(kInf, 150, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(1200, kNaN, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(1200, kInf, 1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(1200, 150, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::payback(1e308, 1e-10, 1), Errc::num);  // 1e318 periods overflows
}
