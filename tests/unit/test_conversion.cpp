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

// ---------------------------------------------------------------- NPS, NPSCI, CSAT (issue 12)
// References: numpy/scipy 1.10.1 on the same answers — P, D = shares of 9–10 and
// 0–6, NPS = P − D, interval NPS ± norm.ppf(1 − (1 − c)/2)·sqrt((P + D − NPS²)/n).
namespace {
const kpi::NumberRange kAnswers = numbers({10, 9, 8, 7, 6, 0, 10, 9, 3, 10});  // P 0.5, D 0.3

::testing::AssertionResult IsLowHigh(const kpi::Result<kpi::Table>& r, double lo, double hi) {
    if (!r) return ::testing::AssertionFailure() << kpi::to_string(r.error());
    if (r->rows != 1 || r->cols != 2) return ::testing::AssertionFailure() << "shape";
    if (std::fabs(r->at(0, 0).number - lo) > 1e-15 || std::fabs(r->at(0, 1).number - hi) > 1e-15)
        return ::testing::AssertionFailure() << r->at(0, 0).number << " " << r->at(0, 1).number;
    return ::testing::AssertionSuccess();
}
}  // namespace

TEST(Nps, PromotersMinusDetractors) {
    EXPECT_VALUE(kpi::nps(kAnswers), 0.2, 1e-15);
    EXPECT_VALUE(kpi::nps(numbers({9, 10, 10})), 1.0, 0);
    EXPECT_VALUE(kpi::nps(numbers({0, 6, 3})), -1.0, 0);
    EXPECT_VALUE(kpi::nps(numbers({7, 8})), 0.0, 0);  // passives only
}

TEST(Nps, AnswersOutsideTheScaleAreErrors) {
    EXPECT_ERROR(kpi::nps(numbers({9, 11})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nps(numbers({9, -1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nps(numbers({9, 8.5})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nps(numbers({9, kNaN})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::nps(numbers({})), Errc::div_by_zero);
}

TEST(NpsCi, WaldIntervalMatchesScipy) {
    EXPECT_TRUE(IsLowHigh(kpi::npsci(kAnswers, 0.95), -0.34032478230482227, 0.7403247823048222));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(kAnswers, 0.9), -0.2534548516790303, 0.6534548516790304));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({10, 9}), 0.95), 1.0, 1.0));  // no spread
}

TEST(NpsCi, Errors) {
    for (double c : {0.0, 1.0, 1.5, kNaN}) EXPECT_ERROR(kpi::npsci(kAnswers, c), Errc::invalid_argument);
    EXPECT_ERROR(kpi::npsci(numbers({12}), 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::npsci(numbers({}), 0.95), Errc::div_by_zero);
}

TEST(Csat, ShareAtOrAboveTheThreshold) {
    const auto answers = numbers({5, 4, 3, 5, 2, 4, 4, 1});
    EXPECT_VALUE(kpi::csat(answers, 4), 0.625, 1e-15);
    EXPECT_VALUE(kpi::csat(answers, 5), 0.25, 1e-15);
    EXPECT_VALUE(kpi::csat(numbers({7, 9, 10}), 9), 2.0 / 3.0, 1e-15);  // a 0–10 scale
    EXPECT_ERROR(kpi::csat(numbers({5, -1}), 4), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({5, kInf}), 4), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({}), 4), Errc::div_by_zero);
}
