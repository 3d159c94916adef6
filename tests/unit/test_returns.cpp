#include "kpi/returns.hpp"

#include "test_support.hpp"

using kpi::Errc;

// Spec §5 worked example: (1e6 × 0.3 − 100000 − 10000) / 110000 = 190000 / 110000.
TEST(Mroi, SpecExample) { EXPECT_VALUE(kpi::mroi(1000000, 100000, 0.3, 10000), 19.0 / 11.0, 1e-14); }

TEST(Mroi, DefaultsAndBoundaries) {
    EXPECT_VALUE(kpi::mroi(300, 100, 1, 0), 2.0, 1e-15);
    EXPECT_VALUE(kpi::mroi(0, 100, 1, 0), -1.0, 0);       // spend with no revenue loses it all
    EXPECT_VALUE(kpi::mroi(-50, 100, 1, 0), -1.5, 1e-15);  // refunds exceed sales
    EXPECT_VALUE(kpi::mroi(1000, 100, -0.1, 0), -2.0, 1e-15);  // negative margin is a loss
    EXPECT_VALUE(kpi::mroi(100, 0, 1, 50), 1.0, 1e-15);   // only other costs
}

TEST(Mroi, Errors) {
    EXPECT_ERROR(kpi::mroi(100, 0, 1, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::mroi(100, -1, 1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::mroi(100, 10, 1.2, 0), Errc::invalid_argument);  // margin above 100 %
    EXPECT_ERROR(kpi::mroi(100, 10, 1, -5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::mroi(kNaN, 10, 1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::mroi(kInf, 10, 1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::mroi(1e308, 1e-300, 1, 0), Errc::num);
}
