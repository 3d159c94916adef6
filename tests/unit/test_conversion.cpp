#include "kpi/conversion.hpp"

#include "test_support.hpp"

using kpi::Errc;

// Each rate is events / population; values by hand.
TEST(ConversionRates, Examples) {
    EXPECT_VALUE(kpi::convrate(45, 1500), 0.03, 1e-15);
    EXPECT_VALUE(kpi::ctr(240, 12000), 0.02, 1e-15);
    EXPECT_VALUE(kpi::openrate(4200, 20000), 0.21, 1e-15);
    EXPECT_VALUE(kpi::ctor(630, 4200), 0.15, 1e-15);
    EXPECT_VALUE(kpi::engagement(1800, 60000), 0.03, 1e-15);
    EXPECT_VALUE(kpi::winrate(18, 60), 0.3, 1e-15);
}

TEST(ConversionRates, Boundaries) {
    EXPECT_VALUE(kpi::convrate(0, 1500), 0.0, 0);
    EXPECT_VALUE(kpi::ctr(7, 7), 1.0, 0);
    // Events may exceed the population (repeat conversions, several interactions each).
    EXPECT_VALUE(kpi::convrate(30, 20), 1.5, 0);
    EXPECT_VALUE(kpi::engagement(150, 100), 1.5, 0);
    EXPECT_VALUE(kpi::ctor(5, 4), 1.25, 0);
    EXPECT_VALUE(kpi::openrate(1, 3), 1.0 / 3.0, 1e-16);  // one third
    EXPECT_VALUE(kpi::ctr(1e15, 1e18), 1e-3, 1e-18);
}

TEST(ConversionRates, Errors) {
    const struct { const char* name; kpi::Result<double> (*f)(double, double) noexcept; } cases[] = {
        {"CONVRATE", &kpi::convrate}, {"CTR", &kpi::ctr}, {"OPENRATE", &kpi::openrate},
        {"CTOR", &kpi::ctor}, {"ENGAGEMENT", &kpi::engagement}};
    for (const auto& [name, f] : cases) {
        SCOPED_TRACE(name);
        EXPECT_ERROR(f(5, 0), Errc::div_by_zero);
        EXPECT_ERROR(f(0, 0), Errc::div_by_zero);
        EXPECT_ERROR(f(-1, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(1, -10), Errc::invalid_argument);
        EXPECT_ERROR(f(kNaN, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(1, kNaN), Errc::invalid_argument);
        EXPECT_ERROR(f(kInf, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(1, kInf), Errc::invalid_argument);
        EXPECT_ERROR(f(1e308, 1e-10), Errc::num);  // 1e318 overflows
    }
}

// Won deals are a subset of the opportunities: at most 1.
TEST(WinRate, SubsetRule) {
    EXPECT_VALUE(kpi::winrate(60, 60), 1.0, 0);
    EXPECT_VALUE(kpi::winrate(0, 60), 0.0, 0);
    EXPECT_ERROR(kpi::winrate(70, 60), Errc::invalid_argument);
    EXPECT_ERROR(kpi::winrate(5, 0), Errc::invalid_argument);  // won 5 of 0: inconsistent, not 5/0
    EXPECT_ERROR(kpi::winrate(0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::winrate(-1, 60), Errc::invalid_argument);
    EXPECT_ERROR(kpi::winrate(1, -60), Errc::invalid_argument);
    EXPECT_ERROR(kpi::winrate(kNaN, 60), Errc::invalid_argument);
    EXPECT_ERROR(kpi::winrate(1, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::winrate(kInf, kInf), Errc::invalid_argument);
}
