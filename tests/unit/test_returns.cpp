#include "kpi/returns.hpp"

#include "test_support.hpp"

using kpi::Errc;

// Reference "Return on spend" worked example: (1e6 × 0.3 − 100000 − 10000) / 110000 = 190000 / 110000.
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

// ROI = (gain − cost) / cost, by hand: (15000 − 10000) / 10000 = 0.5.
TEST(Roi, Values) {
    EXPECT_VALUE(kpi::roi(15000, 10000), 0.5, 1e-15);
    EXPECT_VALUE(kpi::roi(100, 100), 0.0, 0);     // break-even
    EXPECT_VALUE(kpi::roi(0, 100), -1.0, 0);      // everything lost
    EXPECT_VALUE(kpi::roi(-50, 100), -1.5, 0);    // lost more than invested
    EXPECT_VALUE(kpi::roi(1, 3), -2.0 / 3.0, 1e-15);
}

TEST(Roi, Errors) {
    EXPECT_ERROR(kpi::roi(15000, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::roi(0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::roi(15000, -1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roi(kNaN, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roi(kInf, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roi(100, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roi(100, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roi(1e308, 1e-10), Errc::num);  // 1e318 overflows
}

// ROAS = revenue / ad_spend: 48000 / 12000 = 4 by hand.
TEST(Roas, Values) {
    EXPECT_VALUE(kpi::roas(48000, 12000), 4.0, 1e-15);
    EXPECT_VALUE(kpi::roas(0, 100), 0.0, 0);
    EXPECT_VALUE(kpi::roas(-100, 50), -2.0, 0);  // refunds: revenue may be negative
    EXPECT_VALUE(kpi::roas(1, 8), 0.125, 0);
}

TEST(Roas, Errors) {
    EXPECT_ERROR(kpi::roas(48000, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::roas(48000, -1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roas(kNaN, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roas(-kInf, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roas(100, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roas(100, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::roas(1e308, 1e-10), Errc::num);
}

// BREAKEVENROAS = 1 / gross_margin: 1 / 0.4 = 2.5 by hand.
TEST(BreakEvenRoas, Values) {
    EXPECT_VALUE(kpi::breakevenroas(0.4), 2.5, 1e-15);
    EXPECT_VALUE(kpi::breakevenroas(1), 1.0, 0);    // no cost of goods: ROAS 1 breaks even
    EXPECT_VALUE(kpi::breakevenroas(0.25), 4.0, 0);
}

TEST(BreakEvenRoas, Errors) {
    EXPECT_ERROR(kpi::breakevenroas(0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::breakevenroas(-0.1), Errc::invalid_argument);  // no ROAS repays a negative margin
    EXPECT_ERROR(kpi::breakevenroas(1.1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::breakevenroas(kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::breakevenroas(kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::breakevenroas(-kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::breakevenroas(1e-310), Errc::num);  // 1e310 overflows
}
