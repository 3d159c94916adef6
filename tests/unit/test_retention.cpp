#include "kpi/retention.hpp"

#include "test_support.hpp"

using kpi::Errc;

// Reference "Retention and churn" worked example: CS 200, CE 180, CN 40 → (180 − 40) / 200.
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

// CHURN with CS 200, 20 lost, 40 new, by hand:
//   "start"    20 / 200 = 0.1
//   "average"  end = 200 + 40 − 20 = 220, (200 + 220) / 2 = 210, 20 / 210 = 0.0952380952380952…
//   "serviced" 20 / (200 + 40) = 0.0833333333333333…
TEST(Churn, Methods) {
    EXPECT_VALUE(kpi::churn(200, 20, 0, "start"), 0.1, 1e-15);
    EXPECT_VALUE(kpi::churn(200, 20, 40, "start"), 0.1, 1e-15);  // new customers do not matter
    EXPECT_VALUE(kpi::churn(200, 20, 40, "average"), 0.09523809523809523, 1e-15);
    EXPECT_VALUE(kpi::churn(200, 20, 40, "serviced"), 0.08333333333333333, 1e-15);
    // Without new customers: average = (200 + 180) / 2 = 190, 20 / 190; serviced = start.
    EXPECT_VALUE(kpi::churn(200, 20, 0, "average"), 0.10526315789473684, 1e-15);
    EXPECT_VALUE(kpi::churn(200, 20, 0, "serviced"), 0.1, 1e-15);
}

TEST(Churn, OptionsAreCaseInsensitive) {
    EXPECT_VALUE(kpi::churn(200, 20, 40, "START"), 0.1, 1e-15);
    EXPECT_VALUE(kpi::churn(200, 20, 40, "Average"), 0.09523809523809523, 1e-15);
    EXPECT_VALUE(kpi::churn(200, 20, 40, "SeRvIcEd"), 0.08333333333333333, 1e-15);
}

TEST(Churn, Boundaries) {
    EXPECT_VALUE(kpi::churn(200, 0, 40, "average"), 0.0, 0);  // nobody left
    EXPECT_VALUE(kpi::churn(200, 200, 0, "start"), 1.0, 0);   // everybody left
    // All 240 served customers left: end = 0, average = 100, 240 / 100.
    EXPECT_VALUE(kpi::churn(200, 240, 40, "average"), 2.4, 1e-15);
    EXPECT_VALUE(kpi::churn(200, 240, 40, "serviced"), 1.0, 0);
    // New customers churning in the same period can push "start" above 1: 12 / 10.
    EXPECT_VALUE(kpi::churn(10, 12, 5, "start"), 1.2, 1e-15);
    EXPECT_VALUE(kpi::churn(10, 12, 5, "serviced"), 0.8, 1e-15);  // 12 / 15
    // Only new customers, some lost: average = (0 + 6) / 2 = 3, 4 / 3.
    EXPECT_VALUE(kpi::churn(0, 4, 10, "average"), 4.0 / 3.0, 1e-15);
    // Huge but representable counts: end = 9e307, average = 9.5e307, 1e307 / 9.5e307 = 1 / 9.5
    // (naive (start + end) / 2 overflows and used to give 0).
    EXPECT_VALUE(kpi::churn(1e308, 1e307, 0, "average"), 0.10526315789473684, 1e-15);
    EXPECT_VALUE(kpi::churn(1e308, 1e308, 1e308, "start"), 1.0, 0);
}

TEST(Churn, Errors) {
    EXPECT_ERROR(kpi::churn(0, 0, 0, "start"), Errc::div_by_zero);
    EXPECT_ERROR(kpi::churn(0, 5, 10, "start"), Errc::div_by_zero);     // only new customers
    EXPECT_ERROR(kpi::churn(0, 5, 5, "average"), Errc::div_by_zero);    // start 0, end 0
    EXPECT_ERROR(kpi::churn(0, 0, 0, "serviced"), Errc::div_by_zero);
    EXPECT_ERROR(kpi::churn(200, 250, 40, "start"), Errc::invalid_argument);  // lost > served
    EXPECT_ERROR(kpi::churn(-1, 0, 0, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, -1, 0, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, -1, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(kNaN, 20, 0, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, kNaN, 0, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, kNaN, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(kInf, 20, 0, "start"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, kInf, "serviced"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, 40, "monthly"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, 40, "end"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, 40, "averages"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churn(200, 20, 40, ""), Errc::invalid_argument);  // the add-in maps "" to "start"
    // start + new overflows although both are finite: #NUM!, not a silent 0.
    EXPECT_ERROR(kpi::churn(1e308, 1e308, 1e308, "serviced"), Errc::num);
    EXPECT_ERROR(kpi::churn(1e308, 1e307, 1.79e308, "average"), Errc::num);  // 1e308 + 0.89e308
    EXPECT_ERROR(kpi::churn(1e-300, 1e300, 1e300, "start"), Errc::num);      // 1e600 overflows
}

// CHURNANNUAL = 1 − (1 − c)^p, values with Python's fractions/decimal:
//   1 − 0.95^12 = 0.459639912337363…, 1 − 0.9^4 = 0.3439, 1 − 0.98^52 = 0.650251439244332…,
//   1 − 0.95^0.5 = 0.0253205655191036…, 1 − (1 − 1e-12)^12 = 1.19999999999340e-11.
TEST(ChurnAnnual, Values) {
    EXPECT_VALUE(kpi::churnannual(0.05, 12), 0.459639912337363, 1e-15);  // the default: monthly
    EXPECT_VALUE(kpi::churnannual(0.1, 4), 0.3439, 1e-15);               // quarterly
    EXPECT_VALUE(kpi::churnannual(0.02, 52), 0.6502514392443328, 1e-15); // weekly
    EXPECT_VALUE(kpi::churnannual(0.05, 1), 0.05, 1e-16);                // already annual
    EXPECT_VALUE(kpi::churnannual(0.05, 0.5), 0.0253205655191036, 1e-15);
    EXPECT_VALUE(kpi::churnannual(1e-12, 12), 1.1999999999934e-11, 1e-24);  // no cancellation
}

TEST(ChurnAnnual, Boundaries) {
    EXPECT_VALUE(kpi::churnannual(0, 12), 0.0, 0);
    EXPECT_VALUE(kpi::churnannual(1, 12), 1.0, 0);
    EXPECT_VALUE(kpi::churnannual(1, 0.5), 1.0, 0);
    EXPECT_VALUE(kpi::churnannual(0.5, 1e308), 1.0, 0);  // (1/2)^1e308 underflows to 0
}

TEST(ChurnAnnual, Errors) {
    EXPECT_ERROR(kpi::churnannual(-0.01, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churnannual(1.01, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churnannual(kNaN, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churnannual(kInf, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churnannual(0.05, 0), Errc::invalid_argument);  // the add-in maps 0 to 12
    EXPECT_ERROR(kpi::churnannual(0.05, -12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churnannual(0.05, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::churnannual(0.05, kInf), Errc::invalid_argument);
}

// LIFETIME = 1 / churn, by hand.
TEST(Lifetime, Values) {
    EXPECT_VALUE(kpi::lifetime(0.05), 20.0, 1e-13);
    EXPECT_VALUE(kpi::lifetime(0.25), 4.0, 0);
    EXPECT_VALUE(kpi::lifetime(1), 1.0, 0);  // everybody leaves after one period
}

TEST(Lifetime, Errors) {
    EXPECT_ERROR(kpi::lifetime(0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::lifetime(-0.1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::lifetime(1.5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::lifetime(kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::lifetime(kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::lifetime(1e-310), Errc::num);  // 1e310 overflows
}

// NRR = (start + expansion − contraction − churned) / start, by hand:
// (100000 + 15000 − 5000 − 8000) / 100000 = 1.02.
TEST(Nrr, Values) {
    EXPECT_VALUE(kpi::nrr(100000, 15000, 5000, 8000), 1.02, 1e-15);
    EXPECT_VALUE(kpi::nrr(100, 0, 0, 0), 1.0, 0);
    EXPECT_VALUE(kpi::nrr(100, 0, 60, 40), 0.0, 0);     // everything lost
    EXPECT_VALUE(kpi::nrr(100, 50, 60, 40), 0.5, 0);    // all lost, half regained by expansion
    EXPECT_VALUE(kpi::nrr(100, 250, 0, 0), 3.5, 0);
}

TEST(Nrr, Errors) {
    EXPECT_ERROR(kpi::nrr(0, 0, 0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::nrr(0, 100, 0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::nrr(100000, 0, 60000, 50000), Errc::invalid_argument);  // lost 110 % of start
    EXPECT_ERROR(kpi::nrr(-1, 0, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(100, -1, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(100, 0, -1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(100, 0, 0, -1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(kNaN, 0, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(100, kInf, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(100, 0, kNaN, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(100, 0, 0, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nrr(1e308, 1e308, 0, 0), Errc::num);   // start + expansion overflows
    EXPECT_ERROR(kpi::nrr(1e-300, 1e300, 0, 0), Errc::num);  // 1e600 overflows
}

// GRR = (start − contraction − churned) / start: (100000 − 5000 − 8000) / 100000 = 0.87.
TEST(Grr, Values) {
    EXPECT_VALUE(kpi::grr(100000, 5000, 8000), 0.87, 1e-15);
    EXPECT_VALUE(kpi::grr(100, 0, 0), 1.0, 0);  // never above 1
    EXPECT_VALUE(kpi::grr(100, 60, 40), 0.0, 0);
    EXPECT_VALUE(kpi::grr(1e308, 5e307, 0), 0.5, 1e-15);
}

TEST(Grr, Errors) {
    EXPECT_ERROR(kpi::grr(0, 0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::grr(100, 60, 50), Errc::invalid_argument);  // lost more than there was
    EXPECT_ERROR(kpi::grr(-100, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::grr(100, -1, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::grr(100, 0, -1), Errc::invalid_argument);
    EXPECT_ERROR(kpi::grr(kNaN, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::grr(kInf, 0, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::grr(100, kNaN, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::grr(100, 0, kInf), Errc::invalid_argument);
}

// REPEATRATE = repeat_customers / customers: 320 / 1000 by hand.
TEST(RepeatRate, Values) {
    EXPECT_VALUE(kpi::repeatrate(320, 1000), 0.32, 1e-15);
    EXPECT_VALUE(kpi::repeatrate(0, 10), 0.0, 0);
    EXPECT_VALUE(kpi::repeatrate(10, 10), 1.0, 0);
}

TEST(RepeatRate, Errors) {
    EXPECT_ERROR(kpi::repeatrate(0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::repeatrate(1200, 1000), Errc::invalid_argument);  // a subset cannot be larger
    EXPECT_ERROR(kpi::repeatrate(5, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::repeatrate(-1, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::repeatrate(1, -10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::repeatrate(kNaN, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::repeatrate(1, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::repeatrate(1, kInf), Errc::invalid_argument);
}
