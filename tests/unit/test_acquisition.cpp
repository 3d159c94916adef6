#include "kpi/acquisition.hpp"

#include "test_support.hpp"

using kpi::Errc;

// CAC sums media + people + tools: (30000 + 15000 + 5000) / 100.
TEST(Cac, SumsCostsPerNewCustomer) {
    EXPECT_VALUE(kpi::cac(numbers({30000, 15000, 5000}), 100), 500.0, 1e-12);
    EXPECT_VALUE(kpi::cac(numbers({1200}), 8), 150.0, 1e-12);
    EXPECT_VALUE(kpi::cac(numbers({}), 8), 0.0, 0);  // no costs recorded: nothing spent
    EXPECT_VALUE(kpi::cac(numbers({0, 0}), 3), 0.0, 0);
}

// Summed as Calc's SUM does (compensated): 1e16 + 1 + 1 is exactly
// 10000000000000002, where adding left to right would drop both 1s.
TEST(Cac, SumsLikeCalcSum) {
    EXPECT_VALUE(kpi::cac(numbers({1e16, 1, 1}), 1), 10000000000000002.0, 0);
}

TEST(Cac, Errors) {
    EXPECT_ERROR(kpi::cac(numbers({100}), 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::cac(numbers({100, -5}), 2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cac(numbers({100}), -2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cac(numbers({kNaN}), 2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cac(numbers({kInf}), 2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cac(numbers({100}), kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cac(numbers({1e308, 1e308}), 2), Errc::num);  // the sum overflows
    EXPECT_ERROR(kpi::cac(numbers({1e308}), 1e-308), Errc::num);    // the quotient overflows
}

// CPL, CPA and CPC are cost / units; values by hand: 5000 / 250, 12000 / 80, 1500 / 3000.
TEST(CostPer, Examples) {
    EXPECT_VALUE(kpi::cpl(5000, 250), 20.0, 1e-12);
    EXPECT_VALUE(kpi::cpa(12000, 80), 150.0, 1e-12);
    EXPECT_VALUE(kpi::cpc(1500, 3000), 0.5, 1e-15);
    EXPECT_VALUE(kpi::cpl(1000, 3), 333.333333333333333, 1e-12);  // 1000 / 3 by hand
    EXPECT_VALUE(kpi::cpa(0, 10), 0.0, 0);                        // nothing spent
    EXPECT_VALUE(kpi::cpc(0.35, 1), 0.35, 0);
}

TEST(CostPer, Errors) {
    const struct { const char* name; kpi::Result<double> (*f)(double, double) noexcept; } cases[] = {
        {"CPL", &kpi::cpl}, {"CPA", &kpi::cpa}, {"CPC", &kpi::cpc}};
    for (const auto& [name, f] : cases) {
        SCOPED_TRACE(name);
        EXPECT_ERROR(f(100, 0), Errc::div_by_zero);
        EXPECT_ERROR(f(0, 0), Errc::div_by_zero);  // 0 / 0 is still a zero denominator
        EXPECT_ERROR(f(-1, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(100, -10), Errc::invalid_argument);
        EXPECT_ERROR(f(kNaN, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(100, kNaN), Errc::invalid_argument);
        EXPECT_ERROR(f(kInf, 10), Errc::invalid_argument);
        EXPECT_ERROR(f(100, kInf), Errc::invalid_argument);
        EXPECT_ERROR(f(1e308, 0.5), Errc::num);  // 2e308 overflows
    }
}

// CPM = cost / impressions × 1000: 2500 / 500000 × 1000 = 5 by hand.
TEST(Cpm, Examples) {
    EXPECT_VALUE(kpi::cpm(2500, 500000), 5.0, 1e-12);
    EXPECT_VALUE(kpi::cpm(12.5, 1), 12500.0, 1e-9);   // one impression: cost × 1000
    EXPECT_VALUE(kpi::cpm(0, 1000), 0.0, 0);
    EXPECT_VALUE(kpi::cpm(3, 4000), 0.75, 1e-15);     // 3 / 4 by hand
}

TEST(Cpm, Errors) {
    EXPECT_ERROR(kpi::cpm(100, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::cpm(0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::cpm(-1, 1000), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cpm(100, -1000), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cpm(kNaN, 1000), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cpm(100, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::cpm(1e306, 1), Errc::num);  // cost / impressions is finite, × 1000 is not
}

// UNITMARGIN = profit_per_customer − cac, by hand.
TEST(UnitMargin, Examples) {
    EXPECT_VALUE(kpi::unitmargin(180, 150), 30.0, 0);
    EXPECT_VALUE(kpi::unitmargin(120, 150), -30.0, 0);  // each new customer loses 30
    EXPECT_VALUE(kpi::unitmargin(-20, 50), -70.0, 0);   // negative profit is allowed
    EXPECT_VALUE(kpi::unitmargin(75.5, 0), 75.5, 0);
}

TEST(UnitMargin, Errors) {
    EXPECT_ERROR(kpi::unitmargin(100, -1), Errc::invalid_argument);  // a cost cannot be negative
    EXPECT_ERROR(kpi::unitmargin(kNaN, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::unitmargin(kInf, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::unitmargin(-kInf, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::unitmargin(100, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::unitmargin(100, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::unitmargin(-1e308, 1e308), Errc::num);  // −2e308 overflows
}
