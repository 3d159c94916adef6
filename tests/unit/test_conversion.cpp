#include "kpi/conversion.hpp"

#include <algorithm>
#include <iomanip>
#include <vector>

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
// NPS references: by hand — P, D = shares of 9–10 and 0–6, NPS = P − D.
// NPSCI references (issue 25): the adjusted Wald interval of Rocks (2016), "Interval
// estimation for the 'net promoter score'", The American Statistician 70(4), as his R
// package NPS (nps_test_, test = "adjusted.wald", pseudo_observations (0.75, 1.5, 0.75))
// computes it, clipped to [−1, 1]; computed once with mpmath at 40 digits by
// tests/unit/ref_npsci.py (values pasted).
namespace {
const kpi::NumberRange kAnswers = numbers({10, 9, 8, 7, 6, 0, 10, 9, 3, 10});  // P 0.5, D 0.3
kpi::NumberRange numbers_of(std::vector<double> v) { return kpi::NumberRange{std::move(v), kpi::Orientation::column}; }

::testing::AssertionResult IsLowHigh(const kpi::Result<kpi::Table>& r, double lo, double hi, double tol = 1e-15) {
    if (!r) return ::testing::AssertionFailure() << kpi::to_string(r.error());
    if (r->rows != 1 || r->cols != 2) return ::testing::AssertionFailure() << "shape";
    if (std::fabs(r->at(0, 0).number - lo) > tol || std::fabs(r->at(0, 1).number - hi) > tol)
        return ::testing::AssertionFailure() << std::setprecision(17) << r->at(0, 0).number << " "
                                             << r->at(0, 1).number;
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

TEST(NpsCi, AdjustedWaldMatchesReference) {
    EXPECT_TRUE(IsLowHigh(kpi::npsci(kAnswers, 0.95), -0.30325994435504159, 0.61095225204734928, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(kAnswers, 0.9), -0.22976937657101089, 0.53746168426331858, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers_of(std::vector<double>(6, 7)), 0.99), -0.35052596990018716,
                          0.35052596990018716, 1e-14));  // passives only: symmetric about 0
}

// Issue 25: the plain Wald interval gave {1; 1} when every answer was a promoter (no
// spread, zero width) and bounds outside [−1, 1] for few answers.
TEST(NpsCi, ExtremesStayInsideAndHaveWidth) {
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({10, 9}), 0.95), -0.24410989173817649, 1.0, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({10, 10, 10, 10, 10}), 0.95), 0.17491453034168975, 1.0, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({0, 0, 0, 0, 0}), 0.95), -1.0, -0.17491453034168975, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers_of(std::vector<double>(40, 10)), 0.95), 0.83581699389610834, 1.0, 1e-14));
    // one answer
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({9}), 0.95), -0.4849864942025202, 0.9849864942025202, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({8}), 0.95), -0.60011395954441367, 0.60011395954441367, 1e-14));
    EXPECT_TRUE(IsLowHigh(kpi::npsci(numbers({0}), 0.95), -0.9849864942025202, 0.4849864942025202, 1e-14));
    // Inside [−1, 1] with width, whatever the answers and the confidence.
    for (const auto& answers : {std::vector<double>{10}, std::vector<double>{0}, std::vector<double>(3, 9),
                                std::vector<double>(1000, 10), std::vector<double>(1000, 0), std::vector<double>{0, 10}}) {
        for (double c : {0.5, 0.8, 0.95, 0.999, 1 - 1e-12}) {
            const auto r = kpi::npsci(numbers_of(answers), c);
            ASSERT_TRUE(r);
            const double lo = r->at(0, 0).number, hi = r->at(0, 1).number;
            EXPECT_GE(lo, -1.0);
            EXPECT_LE(hi, 1.0);
            EXPECT_LT(lo, hi) << answers.size() << " answers, confidence " << c;
        }
    }
}

// Large samples: the adjusted interval approaches the Wald NPS ± z·√((P + D − NPS²) / n)
// (centre shifted by −3·NPS/(n + 3)). P 0.5, D 0.3; both references from ref_npsci.py.
TEST(NpsCi, LargeSamplesAgreeWithWald) {
    for (std::size_t n : {std::size_t{10000}, std::size_t{1000000}}) {
        std::vector<double> answers(n, 8.0);
        std::fill(answers.begin(), answers.begin() + static_cast<std::ptrdiff_t>(n / 2), 10.0);
        std::fill(answers.begin() + static_cast<std::ptrdiff_t>(n / 2),
                  answers.begin() + static_cast<std::ptrdiff_t>(n / 2 + 3 * n / 10), 0.0);
        const auto r = kpi::npsci(numbers_of(answers), 0.95);
        if (n == 10000) {
            EXPECT_TRUE(IsLowHigh(r, 0.18285675216002608, 0.21702328382917716, 1e-14));
            EXPECT_TRUE(IsLowHigh(r, 0.18291343011682118, 0.21708656988317882, 1e-4));  // Wald
        } else {
            EXPECT_TRUE(IsLowHigh(r, 0.19829074631837591, 0.20170805368522408, 1e-14));
            EXPECT_TRUE(IsLowHigh(r, 0.19829134301168212, 0.20170865698831788, 1e-6));  // Wald
        }
    }
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
    EXPECT_VALUE(kpi::csat(numbers({7, 9, 10}), 9, 10), 2.0 / 3.0, 1e-15);  // a 1–10 scale
    EXPECT_VALUE(kpi::csat(numbers({7, 6, 1}), 6, 7), 2.0 / 3.0, 1e-15);   // a 1–7 scale
    EXPECT_ERROR(kpi::csat(numbers({5, -1}), 4), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({5, kInf}), 4), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({}), 4), Errc::div_by_zero);
}

// Issue 25: answers off the scale were counted (44 as satisfied, 0 and 4.5 as answers).
// An answer must be a whole number in 1..scale_max (default 5).
TEST(Csat, AnswerOffTheScaleIsAnError) {
    EXPECT_ERROR(kpi::csat(numbers({5, 44, 3})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({5, 0, 3})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({5, 4.5, 3})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({5, 6}), 4, 5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(numbers({7, 9, 10}), 9), Errc::invalid_argument);  // 1–5 by default
    EXPECT_VALUE(kpi::csat(numbers({1, 5}), 4, 5), 0.5, 0);                   // both ends are on it
    EXPECT_VALUE(kpi::csat(numbers({6, 4.0}), 4, 6), 1.0, 0);
}

// The scale and the satisfied level must make sense: a whole scale_max ≥ 1 and a
// satisfied level on the scale (6 on 1–5 would be a silent 0 %).
TEST(Csat, ScaleArguments) {
    const auto answers = numbers({5, 4, 3});
    EXPECT_ERROR(kpi::csat(answers, 4, 4.5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, 4, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, 4, -5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, 4, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, 4, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, 6, 5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::csat(answers, 0.5, 5), Errc::invalid_argument);
    EXPECT_VALUE(kpi::csat(answers, 5, 5), 1.0 / 3.0, 1e-15);
    EXPECT_VALUE(kpi::csat(answers, 3.5, 5), 2.0 / 3.0, 1e-15);  // a level between steps is allowed
    EXPECT_VALUE(kpi::csat(answers, 1, 5), 1.0, 0);
}
