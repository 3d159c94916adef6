#include "kpi/retention.hpp"

#include "test_support.hpp"

using kpi::Errc;

// Spec §3 worked example: CS 200, CE 180, CN 40 → (180 − 40) / 200.
TEST(Retention, SpecExample) { EXPECT_VALUE(kpi::retention(200, 180, 40), 0.70, 1e-15); }

TEST(Retention, Boundaries) {
    EXPECT_VALUE(kpi::retention(100, 100, 0), 1.0, 0);  // everybody stayed, nobody new
    EXPECT_VALUE(kpi::retention(100, 40, 40), 0.0, 0);  // only new customers remain
    EXPECT_VALUE(kpi::retention(3, 2, 0), 2.0 / 3.0, 1e-15);
    EXPECT_VALUE(kpi::retention(1e15, 5e14, 0), 0.5, 1e-15);
}

TEST(Retention, Errors) {
    EXPECT_ERROR(kpi::retention(0, 0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::retention(0, 10, 10), Errc::div_by_zero);
    EXPECT_ERROR(kpi::retention(200, 30, 40), Errc::invalid_argument);   // CN > CE
    EXPECT_ERROR(kpi::retention(-1, 10, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::retention(10, -1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::retention(10, 5, -1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::retention(100, 250, 40), Errc::invalid_argument);  // kept 210 of 100
    EXPECT_ERROR(kpi::retention(kNaN, 1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::retention(kInf, 1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::retention(10, kInf, 0), Errc::invalid_argument);
}
