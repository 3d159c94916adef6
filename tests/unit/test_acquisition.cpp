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
