// Unit tests for the experiments family (reference: "Experiments (A/B tests)").
//
// Every expected value was computed independently of this code:
//  [sm]    statsmodels 0.13.5 (Debian python3-statsmodels): proportions_ztest,
//          proportion_confint(method="wilson"), confint_proportions_2indep(
//          method="newcomb"/"wald", compare="diff").
//  [sp]    scipy 1.10.1 scipy.stats.chisquare.
//  [mp]    mpmath 1.2.1, 40 digits, straight from the textbook formula.
//  [em]    Evan Miller's closed form for P(p_b > p_a) ("Formulas for Bayesian
//          A/B Testing"), every term from mpmath.loggamma at 50 digits (no
//          recurrence), summed over the smallest Beta parameter; expected loss
//          from Chris Stucchio's closed form built on it.
//  [quad]  mpmath nested tanh-sinh quadrature of the two Beta posterior
//          densities, 30 digits (used where the [em] sum is too long).
//  [spec]  the worked example of the function specification.
// The values are pasted here with the digits those tools printed (15-20).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <array>
#include <iomanip>
#include <iostream>
#include <limits>
#include <random>
#include <vector>

#include "kpi/experiments.hpp"
#include "test_support.hpp"

namespace {

using kpi::Errc;

constexpr double kHuge = 1e308;

::testing::AssertionResult IsPair(const kpi::Result<kpi::Table>& r, double low, double high, double tol) {
    if (!r) return ::testing::AssertionFailure() << "error " << kpi::to_string(r.error());
    const kpi::Table& t = *r;
    if (t.rows != 1 || t.cols != 2 || t.cells.size() != 2)
        return ::testing::AssertionFailure() << "shape " << t.rows << "x" << t.cols;
    for (const auto& c : t.cells)
        if (c.kind != kpi::Cell::Kind::number) return ::testing::AssertionFailure() << "non-number cell";
    const double lo = t.at(0, 0).number, hi = t.at(0, 1).number;
    if (!(std::fabs(lo - low) <= tol && std::fabs(hi - high) <= tol))
        return ::testing::AssertionFailure() << std::setprecision(17) << "got {" << lo << ", " << hi
                                             << "}, expected {" << low << ", " << high << "} ± " << tol;
    return ::testing::AssertionSuccess();
}

// The four-count argument checks shared by every two-arm function.
template <class F>
void ExpectArmChecks(F f) {
    const double bad[] = {-1.0, kNaN, kInf, -kInf};
    for (double b : bad) {
        SCOPED_TRACE(b);
        EXPECT_ERROR(f(b, 100, 10, 100), Errc::invalid_argument);
        EXPECT_ERROR(f(10, b, 10, 100), Errc::invalid_argument);
        EXPECT_ERROR(f(10, 100, b, 100), Errc::invalid_argument);
        EXPECT_ERROR(f(10, 100, 10, b), Errc::invalid_argument);
    }
    // Conversions above visitors.
    EXPECT_ERROR(f(101, 100, 10, 100), Errc::invalid_argument);
    EXPECT_ERROR(f(10, 100, 11, 10), Errc::invalid_argument);
    EXPECT_ERROR(f(5, 0, 10, 100), Errc::invalid_argument);  // 502 before #DIV/0!
    // An empty arm.
    EXPECT_ERROR(f(0, 0, 10, 100), Errc::div_by_zero);
    EXPECT_ERROR(f(10, 100, 0, 0), Errc::div_by_zero);
    EXPECT_ERROR(f(0, 0, 0, 0), Errc::div_by_zero);
}

// ---------------------------------------------------------------- ABLIFT
TEST(ExperimentsAbLift, Values) {
    EXPECT_VALUE(kpi::ablift(100, 1000, 120, 1000), 0.2, 1e-15);               // 0.12/0.1 − 1
    EXPECT_VALUE(kpi::ablift(5, 83, 12, 99), 1.0121212121212122, 1e-15);  // [mp] (12/99)/(5/83) − 1
    EXPECT_VALUE(kpi::ablift(48, 80, 56, 70), 1.0 / 3.0, 1e-15);              // 0.8/0.6 − 1
    EXPECT_VALUE(kpi::ablift(10, 100, 0, 50), -1.0, 0.0);                     // B converts nobody
    EXPECT_VALUE(kpi::ablift(10.5, 100, 20.25, 100), 0.9285714285714286, 1e-15);  // non-integer counts
    EXPECT_VALUE(kpi::ablift(kHuge, kHuge, kHuge / 2, kHuge), -0.5, 1e-15);
}

TEST(ExperimentsAbLift, Errors) {
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::ablift(a, b, c, d); });
    EXPECT_ERROR(kpi::ablift(0, 1000, 120, 1000), Errc::div_by_zero);
    EXPECT_ERROR(kpi::ablift(0, 1000, 0, 1000), Errc::div_by_zero);
    // A rate of 1e-600 (tiny fractional counts): the lift overflows.
    EXPECT_ERROR(kpi::ablift(1e-300, 1e300, 1, 1), Errc::num);
}

// ---------------------------------------------------------------- ABPVALUE / ABZSCORE
TEST(ExperimentsAbPValue, SpecExample) {
    // [spec] [5,12]/[83,99]: conversions 5 and 12 out of 83 and 99 visitors
    // (statsmodels' own proportions_ztest example) → 0.15918129181157.
    EXPECT_VALUE(kpi::abpvalue(5, 83, 12, 99, 2), 0.15918129181157, 1e-13);
    EXPECT_VALUE(kpi::abzscore(5, 83, 12, 99), 1.40783041512588, 1e-13);  // z(A − B) = −1.4078…
}

TEST(ExperimentsAbPValue, FurtherCases) {
    // [sm] proportions_ztest([ca, cb], [na, nb]); zscore = −z(A − B); one tail = p/2.
    EXPECT_VALUE(kpi::abpvalue(100, 1000, 120, 1000, 2), 0.152917781863946, 1e-14);
    EXPECT_VALUE(kpi::abpvalue(100, 1000, 120, 1000, 1), 0.0764588909319731, 1e-14);
    EXPECT_VALUE(kpi::abzscore(100, 1000, 120, 1000), 1.42930084982323, 1e-13);
    EXPECT_VALUE(kpi::abpvalue(48, 80, 56, 70, 2), 0.00804508136819656, 1e-15);
    EXPECT_VALUE(kpi::abzscore(48, 80, 56, 70), 2.65017195125853, 1e-13);
    // A ahead of B: the z is negative, the one-tailed p-value still the smaller tail.
    EXPECT_VALUE(kpi::abzscore(1, 1, 0, 1), -1.41421356237309, 1e-13);
    EXPECT_VALUE(kpi::abpvalue(1, 1, 0, 1, 1), 0.0786496035251426, 1e-14);
    // Non-integer (weighted) counts are accepted.
    EXPECT_VALUE(kpi::abpvalue(10.5, 100, 20.25, 100, 2), 0.0559638601099496, 1e-14);
    // 0 conversions in one arm only: still a valid test.
    EXPECT_VALUE(kpi::abpvalue(0, 50, 3, 50, 2), 0.0786401793488284, 1e-14);
    // 10 million per arm. [mp] p2 = 0.025444998580468837, z = 2.2345790335228209.
    EXPECT_VALUE(kpi::abpvalue(1e6, 1e7, 1.003e6, 1e7, 2), 0.025444998580468837, 1e-13);
    EXPECT_VALUE(kpi::abzscore(1e6, 1e7, 1.003e6, 1e7), 2.2345790335228209, 1e-11);
    // Identical arms: z = 0, p = 1.
    EXPECT_VALUE(kpi::abzscore(30, 100, 60, 200), 0.0, 0.0);
    EXPECT_VALUE(kpi::abpvalue(30, 100, 60, 200, 2), 1.0, 0.0);
}

TEST(ExperimentsAbPValue, Degenerate) {
    // Pooled rate 0 % or 100 %: zero standard error → #DIV/0! (documented).
    EXPECT_ERROR(kpi::abpvalue(0, 500, 0, 500, 2), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abpvalue(500, 500, 70, 70, 2), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abzscore(0, 500, 0, 500), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abzscore(3, 3, 9, 9), Errc::div_by_zero);
    // Huge counts: no overflow (|z| ≤ sqrt(n_a + n_b)), a finite z and p.
    auto z = kpi::abzscore(0, kHuge, kHuge, kHuge);
    ASSERT_TRUE(z.ok());
    EXPECT_GT(*z, 1e150);
    EXPECT_TRUE(std::isfinite(*z));
    EXPECT_VALUE(kpi::abpvalue(0, kHuge, kHuge, kHuge, 2), 0.0, 0.0);
    EXPECT_VALUE(kpi::abpvalue(kHuge / 3, kHuge, kHuge / 3, kHuge, 2), 1.0, 1e-12);
    // Denormal visitors (fractional counts): still finite.
    auto tiny = kpi::abpvalue(4e-320, 1e-319, 1e-320, 1e-319, 2);
    ASSERT_TRUE(tiny.ok());
    EXPECT_GE(*tiny, 0.0);
    EXPECT_LE(*tiny, 1.0);
}

TEST(ExperimentsAbPValue, Errors) {
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abpvalue(a, b, c, d, 2); });
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abzscore(a, b, c, d); });
    for (double t : {0.0, 3.0, 1.5, -1.0, -2.0, kNaN, kInf}) {
        SCOPED_TRACE(t);
        EXPECT_ERROR(kpi::abpvalue(5, 83, 12, 99, t), Errc::invalid_argument);
    }
}

// ---------------------------------------------------------------- ABCI
TEST(ExperimentsAbCi, SpecExample) {
    // [spec] 48/80 vs 56/70 → {0.0524, 0.3339}; Newcombe (1998) Table II, method 10
    // (56/70 − 48/80): 0.0524 to 0.3339. Full digits from [sm].
    EXPECT_TRUE(IsPair(kpi::abci(48, 80, 56, 70, 0.95, "newcombe"), 0.0524, 0.3339, 5e-5));
    EXPECT_TRUE(IsPair(kpi::abci(48, 80, 56, 70, 0.95, "newcombe"), 0.052431472402365, 0.333872654036906, 1e-14));
}

TEST(ExperimentsAbCi, Newcombe) {
    // [sm] confint_proportions_2indep(cb, nb, ca, na, method="newcomb", compare="diff").
    EXPECT_TRUE(IsPair(kpi::abci(100, 1000, 120, 1000, 0.95, "newcombe"), -0.00749216751521105,
                       0.0475506674563391, 1e-14));
    // Newcombe (1998) Table II, 0/10 − 0/20 → −0.1611 to 0.2775 (here B − A, mirrored).
    EXPECT_TRUE(IsPair(kpi::abci(0, 10, 0, 20, 0.95, "newcombe"), -0.277532799862889, 0.161125158052819, 1e-14));
    // Newcombe (1998) Table II, 10/10 − 0/20 → 0.6791 to 1 (mirrored).
    EXPECT_TRUE(IsPair(kpi::abci(10, 10, 0, 20, 0.95, "newcombe"), -1.0, -0.679086037141915, 1e-14));
    // Newcombe (1998) Table II, 5/56 − 0/29 → −0.0381 to 0.1926 (mirrored).
    EXPECT_TRUE(IsPair(kpi::abci(5, 56, 0, 29, 0.95, "newcombe"), -0.192560013855112, 0.0381371479035369, 1e-14));
    EXPECT_TRUE(IsPair(kpi::abci(9, 10, 5, 7, 0.90, "newcombe"), -0.500972628081574, 0.124149846870094, 1e-14));
    EXPECT_TRUE(IsPair(kpi::abci(5, 12, 83, 99, 0.99, "NewCombe"), 0.076343156898101, 0.69765986458415, 1e-14));
}

TEST(ExperimentsAbCi, Wald) {
    // [sm] method="wald".
    EXPECT_TRUE(IsPair(kpi::abci(48, 80, 56, 70, 0.95, "wald"), 0.0575048991490371, 0.342495100850963, 1e-14));
    EXPECT_TRUE(IsPair(kpi::abci(100, 1000, 120, 1000, 0.95, "WALD"), -0.00741148199801995, 0.0474114819980199,
                       1e-14));
    EXPECT_TRUE(IsPair(kpi::abci(9, 10, 5, 7, 0.90, "Wald"), -0.507006534283272, 0.1355779628547, 1e-13));
    // Both rates 0: zero-width interval at 0 (documented); not clamped otherwise.
    EXPECT_TRUE(IsPair(kpi::abci(0, 10, 0, 20, 0.95, "wald"), 0.0, 0.0, 0.0));
    EXPECT_TRUE(IsPair(kpi::abci(10, 10, 0, 20, 0.95, "wald"), -1.0, -1.0, 0.0));
    EXPECT_TRUE(IsPair(kpi::abci(5, 56, 0, 29, 0.95, "wald"), -0.163971188128837, -0.014600240442592, 1e-14));
}

TEST(ExperimentsAbCi, Errors) {
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abci(a, b, c, d, 0.95, "newcombe"); });
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abci(a, b, c, d, 0.95, "wald"); });
    for (const char* m : {"", "foo", "newcomb", "wilson", "wald "}) {
        SCOPED_TRACE(m);
        EXPECT_ERROR(kpi::abci(48, 80, 56, 70, 0.95, m), Errc::invalid_argument);
    }
    for (double c : {0.0, 1.0, -0.5, 1.5, 95.0, kNaN, kInf}) {
        SCOPED_TRACE(c);
        EXPECT_ERROR(kpi::abci(48, 80, 56, 70, c, "newcombe"), Errc::invalid_argument);
    }
}

TEST(ExperimentsAbCi, HugeCounts) {
    auto r = kpi::abci(kHuge / 4, kHuge, kHuge / 2, kHuge, 0.95, "newcombe");
    EXPECT_TRUE(IsPair(r, 0.25, 0.25, 1e-12));
    auto w = kpi::abci(kHuge / 4, kHuge, kHuge / 2, kHuge, 0.95, "wald");
    EXPECT_TRUE(IsPair(w, 0.25, 0.25, 1e-12));
    // Confidence as close to 1 as a double gets: wide but finite.
    auto c = kpi::abci(48, 80, 56, 70, 1.0 - 1e-16, "newcombe");
    ASSERT_TRUE(c.ok());
    EXPECT_GE(c->at(0, 0).number, -1.0);
    EXPECT_LE(c->at(0, 1).number, 1.0);
}

// ---------------------------------------------------------------- ABLIFTCI
TEST(ExperimentsAbLiftCi, SpecExample) {
    // [spec] 100/1000 vs 120/1000 → {−0.1006, 0.5006}; [mp] delta method on the ratio.
    EXPECT_TRUE(IsPair(kpi::abliftci(100, 1000, 120, 1000, 0.95), -0.1006, 0.5006, 5e-5));
    EXPECT_TRUE(IsPair(kpi::abliftci(100, 1000, 120, 1000, 0.95), -0.10058461614448236, 0.50058461614448236, 1e-14));
}

TEST(ExperimentsAbLiftCi, FurtherCases) {
    // [mp] R − 1 ± z·sqrt(p_b q_b/(n_b p_a²) + p_b² p_a q_a/(n_a p_a⁴)).
    EXPECT_TRUE(IsPair(kpi::abliftci(48, 80, 56, 70, 0.95), 0.048200529570093506, 0.61846613709657316, 1e-14));
    EXPECT_TRUE(IsPair(kpi::abliftci(5, 83, 12, 99, 0.90), -0.67931174763533178, 2.703554171877756, 1e-13));
    EXPECT_TRUE(IsPair(kpi::abliftci(200, 10000, 260, 10000, 0.99), -0.011366518967794565, 0.61136651896779456,
                       1e-14));
}

// Issue 14: B converting nobody, or both arms converting everyone, gave a
// zero-width interval ({−1; −1}, {0; 0}) as if the lift were certain: the
// delta method has no standard error there, so #NUM!.
TEST(ExperimentsAbLiftCi, NoStandardErrorIsNum) {
    EXPECT_ERROR(kpi::abliftci(20, 200, 0, 150, 0.95), Errc::num);
    EXPECT_ERROR(kpi::abliftci(50, 50, 40, 40, 0.95), Errc::num);
    EXPECT_ERROR(kpi::abliftci(1, 1, 0, 1, 0.95), Errc::num);  // n = 1, 1 vs 0
    EXPECT_ERROR(kpi::abliftci(1, 1, 1, 1, 0.95), Errc::num);
    // One arm at 100 % with the other in between still has a standard error:
    // [mp] 1/1 vs 1/2: R − 1 = −0.5, se = sqrt(0.5·0.5/2) = 0.35355…, z = 1.959963984540054.
    EXPECT_TRUE(IsPair(kpi::abliftci(1, 1, 1, 2, 0.95), -0.5 - 1.959963984540054 * 0.3535533905932738,
                       -0.5 + 1.959963984540054 * 0.3535533905932738, 1e-14));
}

TEST(ExperimentsAbLiftCi, Errors) {
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abliftci(a, b, c, d, 0.95); });
    EXPECT_ERROR(kpi::abliftci(0, 1000, 120, 1000, 0.95), Errc::div_by_zero);
    for (double c : {0.0, 1.0, -0.1, 2.0, kNaN, -kInf}) {
        SCOPED_TRACE(c);
        EXPECT_ERROR(kpi::abliftci(100, 1000, 120, 1000, c), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::abliftci(1e-300, 1e300, 1, 1, 0.95), Errc::num);
    EXPECT_TRUE(IsPair(kpi::abliftci(kHuge / 4, kHuge, kHuge / 2, kHuge, 0.95), 1.0, 1.0, 1e-12));
}

// ---------------------------------------------------------------- WILSONCI
TEST(ExperimentsWilsonCi, SpecExample) {
    // [spec] 73/86 → {0.758364348004061, 0.909478770168677}; same from [sm].
    EXPECT_TRUE(IsPair(kpi::wilsonci(73, 86, 0.95), 0.758364348004061, 0.909478770168677, 1e-14));
}

TEST(ExperimentsWilsonCi, FurtherCases) {
    // [sm] proportion_confint(x, n, alpha=1-c, method="wilson").
    EXPECT_TRUE(IsPair(kpi::wilsonci(81, 263, 0.95), 0.255288519878274, 0.3662095769828, 1e-14));
    // Newcombe (1998) Table I, 15/148: 0.0624 to 0.1605 at 95 %; here 99 % from [sm].
    EXPECT_TRUE(IsPair(kpi::wilsonci(15, 148, 0.95), 0.0624, 0.1605, 5e-5));
    EXPECT_TRUE(IsPair(kpi::wilsonci(15, 148, 0.99), 0.0536448696139649, 0.183267350113153, 1e-14));
    EXPECT_TRUE(IsPair(kpi::wilsonci(1, 29, 0.90), 0.00773080797273799, 0.140683095132512, 1e-14));
    EXPECT_TRUE(IsPair(kpi::wilsonci(2.5, 7, 0.95), 0.118083011261553, 0.697439970186073, 1e-14));
    // Large n, small x: the low end without cancellation.
    auto big = kpi::wilsonci(5, 1e9, 0.95);
    EXPECT_TRUE(IsPair(big, 2.13570113940434e-09, 1.17057576281184e-08, 1e-22));
}

TEST(ExperimentsWilsonCi, Boundaries) {
    // [sm] 0/10 → {0, 0.277532799862889}; 10/10 → {0.722467200137111, 1}; ends exact.
    auto zero = kpi::wilsonci(0, 10, 0.95);
    EXPECT_TRUE(IsPair(zero, 0.0, 0.277532799862889, 1e-14));
    EXPECT_EQ(zero->at(0, 0).number, 0.0);
    auto all = kpi::wilsonci(10, 10, 0.95);
    EXPECT_TRUE(IsPair(all, 0.722467200137111, 1.0, 1e-14));
    EXPECT_EQ(all->at(0, 1).number, 1.0);
    EXPECT_TRUE(IsPair(kpi::wilsonci(kHuge / 2, kHuge, 0.95), 0.5, 0.5, 1e-12));
    EXPECT_TRUE(IsPair(kpi::wilsonci(kHuge, kHuge, 0.95), 1.0, 1.0, 1e-12));
    EXPECT_TRUE(IsPair(kpi::wilsonci(0, kHuge, 0.95), 0.0, 0.0, 1e-300));
}

TEST(ExperimentsWilsonCi, Errors) {
    for (double b : {-1.0, kNaN, kInf}) {
        SCOPED_TRACE(b);
        EXPECT_ERROR(kpi::wilsonci(b, 10, 0.95), Errc::invalid_argument);
        EXPECT_ERROR(kpi::wilsonci(1, b, 0.95), Errc::invalid_argument);
        EXPECT_ERROR(kpi::wilsonci(1, 10, b), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::wilsonci(11, 10, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::wilsonci(1, 10, 0.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::wilsonci(1, 10, 1.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::wilsonci(0, 0, 0.95), Errc::div_by_zero);
}

// ---------------------------------------------------------------- ABSAMPLESIZE
TEST(ExperimentsAbSampleSize, SpecExample) {
    // [spec] 0.20, 0.05 → 1030.22; Evan Miller's sample-size calculator shows 1,030
    // for a 20 % baseline and a 5 % absolute MDE. [mp] 1030.2192831104598.
    EXPECT_VALUE(kpi::absamplesize(0.20, 0.05, 0.05, 0.8, false), 1030.22, 0.005);
    EXPECT_VALUE(kpi::absamplesize(0.20, 0.05, 0.05, 0.8, false), 1030.2192831104598, 1e-9);
}

TEST(ExperimentsAbSampleSize, FurtherCases) {
    // [mp] n = (z_{1−α/2}·sqrt(2 p1 q1) + z_power·sqrt(p1 q1 + p2 q2))² / (p2 − p1)².
    EXPECT_VALUE(kpi::absamplesize(0.10, 0.02, 0.05, 0.8, false), 3622.6163992757122, 1e-8);
    EXPECT_VALUE(kpi::absamplesize(0.10, 0.10, 0.05, 0.8, true), 14312.856241916566, 1e-8);
    EXPECT_VALUE(kpi::absamplesize(0.03, 0.20, 0.05, 0.9, true), 17624.681617628308, 1e-8);
    EXPECT_VALUE(kpi::absamplesize(0.5, -0.1, 0.01, 0.8, false), 581.0612606159924, 1e-9);
    EXPECT_VALUE(kpi::absamplesize(0.2, 0.8, 0.05, 0.8, false), 3.2642170718098565, 1e-12);  // p2 = 1
    EXPECT_VALUE(kpi::absamplesize(0.05, 0.01, 0.10, 0.5, false), 2570.2662813906438, 1e-9);
    // Relative −100 %: p2 = 0 is allowed.
    EXPECT_TRUE(kpi::absamplesize(0.2, -1.0, 0.05, 0.8, true).ok());
    // Power so low that no sample is needed: z_α·s1 + z_β·s2 ≤ 0 → 0 (documented).
    EXPECT_VALUE(kpi::absamplesize(0.5, 0.1, 0.05, 0.01, false), 0.0, 0.0);
}

TEST(ExperimentsAbSampleSize, Errors) {
    for (double p : {0.0, 1.0, -0.2, 1.2, kNaN, kInf}) {
        SCOPED_TRACE(p);
        EXPECT_ERROR(kpi::absamplesize(p, 0.05, 0.05, 0.8, false), Errc::invalid_argument);
    }
    for (double m : {kNaN, kInf, -kInf}) {
        SCOPED_TRACE(m);
        EXPECT_ERROR(kpi::absamplesize(0.2, m, 0.05, 0.8, false), Errc::invalid_argument);
    }
    for (double a : {0.0, 1.0, -0.05, 5.0, kNaN}) {
        SCOPED_TRACE(a);
        EXPECT_ERROR(kpi::absamplesize(0.2, 0.05, a, 0.8, false), Errc::invalid_argument);
        EXPECT_ERROR(kpi::absamplesize(0.2, 0.05, 0.05, a, false), Errc::invalid_argument);
    }
    // Target rate outside [0, 1].
    EXPECT_ERROR(kpi::absamplesize(0.2, 0.9, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesize(0.2, -0.3, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesize(0.2, 5.0, 0.05, 0.8, true), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesize(0.2, -1.5, 0.05, 0.8, true), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesize(0.2, kHuge, 0.05, 0.8, false), Errc::invalid_argument);
    // No effect to detect.
    EXPECT_ERROR(kpi::absamplesize(0.2, 0.0, 0.05, 0.8, false), Errc::div_by_zero);
    EXPECT_ERROR(kpi::absamplesize(0.2, 0.0, 0.05, 0.8, true), Errc::div_by_zero);
    // An effect so small the sample size overflows a double.
    EXPECT_ERROR(kpi::absamplesize(0.2, 1e-200, 0.05, 0.8, false), Errc::num);
}

// ---------------------------------------------------------------- ABPROBBEST
TEST(ExperimentsAbProbBest, SpecExample) {
    // [spec] 100/1000 vs 120/1000 → 0.923183; [em] 0.92318343897355975351, [quad] the same.
    EXPECT_VALUE(kpi::abprobbest(100, 1000, 120, 1000), 0.923183, 5e-7);
    EXPECT_VALUE(kpi::abprobbest(100, 1000, 120, 1000), 0.92318343897355975351, 1e-13);
}

TEST(ExperimentsAbProbBest, SmallCases) {
    // Analytic: Beta(2,1) vs Beta(1,2) → P(p_b > p_a) = 2·B(2,3) = 1/6; mirrored 5/6.
    EXPECT_VALUE(kpi::abprobbest(1, 1, 0, 1), 1.0 / 6.0, 1e-15);
    EXPECT_VALUE(kpi::abprobbest(0, 1, 1, 1), 5.0 / 6.0, 1e-15);
    // Symmetry: identical posteriors → exactly 1/2.
    EXPECT_VALUE(kpi::abprobbest(0, 10, 0, 10), 0.5, 1e-15);
    EXPECT_VALUE(kpi::abprobbest(50, 100, 5000, 10000), 0.5, 1e-14);
    EXPECT_VALUE(kpi::abprobbest(0, 1000000, 0, 1000000), 0.5, 1e-14);
    // [em]
    EXPECT_VALUE(kpi::abprobbest(5, 83, 12, 99), 0.91354859842242408766, 1e-14);
    EXPECT_VALUE(kpi::abprobbest(10, 10, 0, 5), 0.000080801551389786683904, 1e-17);
    EXPECT_VALUE(kpi::abprobbest(0, 5, 10, 10), 0.99991919844861021332, 1e-14);
    EXPECT_VALUE(kpi::abprobbest(7, 7, 3, 3), 1.0 / 3.0, 1e-15);  // [em] 0.3333…
    // Near-integer noise is rounded: 0.29*100 is 28.999999999999996 in binary.
    EXPECT_VALUE(kpi::abprobbest(0.29 * 100, 100, 40, 100), 0.9482333628549814491, 1e-14);
}

TEST(ExperimentsAbProbBest, LargeCounts) {
    // [em] sums of 1e4..1e6 terms, each from loggamma at 50 digits.
    EXPECT_VALUE(kpi::abprobbest(3, 1e6, 9, 1e6), 0.95385794555624785997, 1e-13);
    EXPECT_VALUE(kpi::abprobbest(1e5, 1e6, 100500, 1e6), 0.88044253676564556064, 1e-12);
    EXPECT_VALUE(kpi::abprobbest(999, 1e6, 1000, 1e6), 0.50892396866773494363, 1e-12);
    EXPECT_VALUE(kpi::abprobbest(1e6, 1e6, 999998, 1e6), 0.12499981250009374995, 1e-12);
    EXPECT_VALUE(kpi::abprobbest(1, 1e6, 0, 10), 0.99997800037399430208, 1e-13);
    // 1e7 per arm.
    EXPECT_VALUE(kpi::abprobbest(10, 1e7, 25, 1e7), 0.99433454397247904331, 1e-13);
    EXPECT_VALUE(kpi::abprobbest(20000, 1e6, 201000, 1e7), 0.75050073514014413747, 1e-12);
    EXPECT_VALUE(kpi::abprobbest(1e6, 1e7, 1.001e6, 1e7), 0.77192163964950647972, 1e-12);
    // [quad] 5e6/1e7 vs 5.001e6/1e7 (the [em] sum would need 5e6 terms).
    EXPECT_VALUE(kpi::abprobbest(5e6, 1e7, 5.001e6, 1e7), 0.67263956918805740036, 1e-11);
    // [quad] 1e9 per arm, and just under the exact-sum size limit (3.18e9 per arm).
    EXPECT_VALUE(kpi::abprobbest(1e8, 1e9, 100005000, 1e9), 0.64530440102635069802, 1e-12);
    EXPECT_VALUE(kpi::abprobbest(1.59e9, 3.18e9, 1.59004e9, 3.18e9), 0.84210327496274593973, 1e-12);
    // 1e15 visitors, a handful of conversions: Gamma limit P(G(10) > G(4)) =
    // I_{1/2}(4, 10) = 0.953857421875 ([mp] betainc), limit error O(10/1e15).
    EXPECT_VALUE(kpi::abprobbest(3, 1e15, 9, 1e15), 0.953857421875, 1e-12);
}

TEST(ExperimentsAbProbBest, NormalApproximationBranch) {
    // Above the exact-sum size (both arms beyond ~3.2e9 visitors): the normal
    // approximation. [quad] references; the documented bound is 5e-6. Equal-sized
    // arms: the posteriors' skewness cancels, measured errors 3.1e-11, 1.5e-11, 3.5e-12.
    EXPECT_VALUE(kpi::abprobbest(1.6e9, 3.2e9, 1.60006e9, 3.2e9), 0.93319279873809844547, 1e-5);
    EXPECT_VALUE(kpi::abprobbest(1e9, 5e9, 1.00004e9, 5e9), 0.8413429312624004179, 1e-5);
    EXPECT_VALUE(kpi::abprobbest(5e9, 1e10, 5.0002e9, 1e10), 0.99766113251317920196, 1e-5);
    // The worst case for the approximation: skewed posteriors (0.1 %) and one arm 10×
    // larger, so the skewness does not cancel. [quad] 0.50000569708605331493; the normal
    // approximation gives 0.500008546 — error 2.85e-6 (first Edgeworth term predicts 2.9e-6).
    EXPECT_VALUE(kpi::abprobbest(1.6e10, 1.6e13, 1.6e9, 1.6e12), 0.50000569708605331493, 3e-6);
    // Absurd counts: still a probability, no crash.
    for (double n : {1e16, 1e100, kHuge}) {
        SCOPED_TRACE(n);
        auto r = kpi::abprobbest(n / 2, n, n / 2, n);
        EXPECT_VALUE(r, 0.5, 1e-12);
        auto s = kpi::abprobbest(n / 4, n, n / 2, n);
        EXPECT_VALUE(s, 1.0, 0.0);
    }
}

TEST(ExperimentsAbProbBest, Consistency) {
    // P(B > A) + P(A > B) = 1, and the exact/approximate switch is continuous.
    const double cases[][4] = {{3, 17, 8, 20}, {123, 4567, 130, 4400}, {1e5, 1e6, 100500, 1e6}, {2, 1e7, 1e6, 3e9}};
    for (const auto& c : cases) {
        auto ab = kpi::abprobbest(c[0], c[1], c[2], c[3]);
        auto ba = kpi::abprobbest(c[2], c[3], c[0], c[1]);
        ASSERT_TRUE(ab.ok() && ba.ok());
        EXPECT_NEAR(*ab + *ba, 1.0, 1e-14) << c[0];
    }
}

TEST(ExperimentsAbProbBest, LargestExactCase) {
    // The largest exact sum (just under the size limit; its time is measured in
    // bench/): still a probability, and the two orders add up to 1.
    auto r = kpi::abprobbest(1.59e9, 3.18e9, 1.59004e9, 3.18e9);
    auto back = kpi::abprobbest(1.59004e9, 3.18e9, 1.59e9, 3.18e9);
    auto l = kpi::abloss(1.59e9, 3.18e9, 1.59004e9, 3.18e9, "a");
    ASSERT_TRUE(r.ok() && back.ok() && l.ok());
    EXPECT_GT(*r, 0.5);
    EXPECT_NEAR(*r + *back, 1.0, 1e-12);
    EXPECT_GE(*l, 0.0);
}

TEST(ExperimentsAbProbBest, Errors) {
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abprobbest(a, b, c, d); });
    // Non-integer counts → Err:502 (the exact formula needs whole numbers).
    EXPECT_ERROR(kpi::abprobbest(10.5, 100, 20, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbest(10, 100.5, 20, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbest(10, 100, 20, 99.9), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbest(10, 100, 1e-3, 100), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbest(0, 0.4, 0, 100), Errc::invalid_argument);
}

// ---------------------------------------------------------------- ABLOSS
TEST(ExperimentsAbLoss, SpecExample) {
    // [spec] 0.000485 ("b"), 0.020445 ("a"); [em]+Stucchio full digits.
    EXPECT_VALUE(kpi::abloss(100, 1000, 120, 1000, "b"), 0.000485, 5e-7);
    EXPECT_VALUE(kpi::abloss(100, 1000, 120, 1000, "a"), 0.020445, 5e-7);
    EXPECT_VALUE(kpi::abloss(100, 1000, 120, 1000, "b"), 0.0004846139263564437332, 1e-15);
    EXPECT_VALUE(kpi::abloss(100, 1000, 120, 1000, "A"), 0.020444693766675805011, 1e-15);
}

TEST(ExperimentsAbLoss, FurtherCases) {
    // [em]+Stucchio (1/1 vs 0/1: 11/30 and 1/30, which differ by E[p_a] − E[p_b] = 1/3).
    EXPECT_VALUE(kpi::abloss(1, 1, 0, 1, "b"), 11.0 / 30.0, 1e-15);
    EXPECT_VALUE(kpi::abloss(1, 1, 0, 1, "a"), 1.0 / 30.0, 1e-15);
    EXPECT_VALUE(kpi::abloss(0, 10, 0, 10, "b"), 0.039855072463768115942, 1e-15);
    EXPECT_VALUE(kpi::abloss(0, 10, 0, 10, "a"), 0.039855072463768115942, 1e-15);
    EXPECT_VALUE(kpi::abloss(5, 83, 12, 99, "b"), 0.0018048820725327994199, 1e-15);
    EXPECT_VALUE(kpi::abloss(5, 83, 12, 99, "a"), 0.059929518065543865232, 1e-15);
    EXPECT_VALUE(kpi::abloss(10, 10, 0, 5, "b"), 0.7738140127846010199, 1e-15);
    EXPECT_VALUE(kpi::abloss(10, 10, 0, 5, "a"), 4.488975077210371328e-6, 1e-18);
    EXPECT_VALUE(kpi::abloss(7, 7, 3, 3, "b"), 0.12307692307692307692, 1e-15);
    EXPECT_VALUE(kpi::abloss(7, 7, 3, 3, "a"), 0.034188034188034188034, 1e-15);
}

TEST(ExperimentsAbLoss, LargeCounts) {
    // [em]+Stucchio.
    EXPECT_VALUE(kpi::abloss(3, 1e6, 9, 1e6, "b"), 7.2264258553153424087e-8, 1e-19);
    EXPECT_VALUE(kpi::abloss(3, 1e6, 9, 1e6, "a"), 6.0722522585771533761e-6, 1e-17);
    EXPECT_VALUE(kpi::abloss(1e5, 1e6, 100500, 1e6, "b"), 0.000024964605188276617275, 1e-15);
    EXPECT_VALUE(kpi::abloss(1e5, 1e6, 100500, 1e6, "a"), 0.00052496360519027661327, 1e-15);
    EXPECT_VALUE(kpi::abloss(0, 1e6, 0, 1e6, "b"), 4.9999875000287499369e-7, 1e-18);
    EXPECT_VALUE(kpi::abloss(1e6, 1e6, 999998, 1e6, "b"), 2.1249953750099062292e-6, 1e-17);
    EXPECT_VALUE(kpi::abloss(1e6, 1e6, 999998, 1e6, "a"), 1.2499937500190624516e-7, 1e-18);
    // Tiny losses: absolute error ~1e-20 (the exact sums stop at 1e-19 of the total mass).
    EXPECT_VALUE(kpi::abloss(1, 1e6, 0, 10, "b"), 3.2999395009536856837e-11, 1e-18);
    EXPECT_VALUE(kpi::abloss(1, 1e6, 0, 10, "a"), 0.083331333370332720343, 1e-15);
    EXPECT_VALUE(kpi::abloss(10, 1e7, 25, 1e7, "b"), 1.1189072524431790196e-9, 1e-20);
    EXPECT_VALUE(kpi::abloss(10, 1e7, 25, 1e7, "a"), 1.501118607252503179e-6, 1e-17);
    EXPECT_VALUE(kpi::abloss(20000, 1e6, 201000, 1e7, "b"), 0.000021949027309928595684, 1e-16);
    EXPECT_VALUE(kpi::abloss(20000, 1e6, 201000, 1e7, "a"), 0.00012108500921072875953, 1e-16);
    EXPECT_VALUE(kpi::abloss(1e6, 1e7, 1.001e6, 1e7, "b"), 0.000017748544505008984399, 1e-16);
    EXPECT_VALUE(kpi::abloss(5e6, 1e7, 5.001e6, 1e7, "b"), 0.000047981065612595935733, 1e-15);
    // [quad] 1e9 per arm and the largest exact size.
    EXPECT_VALUE(kpi::abloss(1e8, 1e9, 100005000, 1e9, "b"), 3.219877383133944694e-6, 1e-17);
    EXPECT_VALUE(kpi::abloss(1.59e9, 3.18e9, 1.59004e9, 3.18e9, "b"), 1.0384819436933772862e-6, 1e-17);
}

TEST(ExperimentsAbLoss, NormalApproximationBranch) {
    EXPECT_VALUE(kpi::abloss(1.6e9, 3.2e9, 1.60006e9, 3.2e9, "b"), 3.6633492178778827822e-7, 1e-14);
    EXPECT_VALUE(kpi::abloss(1e9, 5e9, 1.00004e9, 5e9, "b"), 6.6653828309775830362e-7, 1e-14);
    EXPECT_VALUE(kpi::abloss(5e9, 1e10, 5.0002e9, 1e10, "b"), 4.8901135649529285598e-9, 1e-14);
    EXPECT_VALUE(kpi::abloss(1.6e10, 1.6e13, 1.6e9, 1.6e12, "b"), 1.0454842669971515468e-8, 1e-15);
    for (double n : {1e16, 1e100, kHuge}) {
        SCOPED_TRACE(n);
        auto r = kpi::abloss(n / 4, n, n / 2, n, "a");
        EXPECT_VALUE(r, 0.25, 1e-12);
        EXPECT_VALUE(kpi::abloss(n / 4, n, n / 2, n, "b"), 0.0, 1e-300);
    }
}

TEST(ExperimentsAbLoss, Consistency) {
    // loss(a) − loss(b) = E[p_b] − E[p_a] exactly, on both branches.
    const double cases[][4] = {{3, 17, 8, 20}, {123, 4567, 130, 4400}, {1e5, 1e6, 100500, 1e6}, {1e9, 5e9, 1.00004e9, 5e9}};
    for (const auto& c : cases) {
        auto a = kpi::abloss(c[0], c[1], c[2], c[3], "a");
        auto b = kpi::abloss(c[0], c[1], c[2], c[3], "b");
        ASSERT_TRUE(a.ok() && b.ok());
        const double diff = (c[2] + 1) / (c[3] + 2) - (c[0] + 1) / (c[1] + 2);
        EXPECT_NEAR(*a - *b, diff, 1e-15) << c[0];
        EXPECT_GE(*a, 0.0);
        EXPECT_GE(*b, 0.0);
    }
}

TEST(ExperimentsAbLoss, Errors) {
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abloss(a, b, c, d, "b"); });
    ExpectArmChecks([](double a, double b, double c, double d) { return kpi::abloss(a, b, c, d, "a"); });
    for (const char* c : {"", "c", "ab", "control", " b"}) {
        SCOPED_TRACE(c);
        EXPECT_ERROR(kpi::abloss(100, 1000, 120, 1000, c), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::abloss(10.5, 100, 20, 100, "b"), Errc::invalid_argument);
}

// ---------------------------------------------------------------- SRMPVALUE
TEST(ExperimentsSrmPValue, Values) {
    // [sp] scipy.stats.chisquare([n_a, n_b], [N s, N (1 − s)]).
    EXPECT_VALUE(kpi::srmpvalue(50000, 50000, 0.5), 1.0, 0.0);
    EXPECT_VALUE(kpi::srmpvalue(50500, 49500, 0.5), 0.00156540225800255, 1e-16);
    EXPECT_VALUE(kpi::srmpvalue(5000, 5200, 0.5), 0.0476703806561615, 1e-15);
    EXPECT_VALUE(kpi::srmpvalue(1000, 9200, 0.1), 0.509190709790668, 1e-14);
    EXPECT_VALUE(kpi::srmpvalue(821588, 815482, 0.5), 1.82179287261919e-06, 1e-18);
    EXPECT_VALUE(kpi::srmpvalue(10, 0, 0.5), 0.00156540225800255, 1e-16);
    EXPECT_VALUE(kpi::srmpvalue(1, 2, 0.3), 0.899741298687171, 1e-14);
    // Non-integer counts accepted; huge counts do not overflow.
    EXPECT_VALUE(kpi::srmpvalue(2.5, 2.5, 0.5), 1.0, 0.0);
    EXPECT_VALUE(kpi::srmpvalue(kHuge, kHuge, 0.5), 1.0, 0.0);
    EXPECT_VALUE(kpi::srmpvalue(kHuge, 0, 0.5), 0.0, 0.0);
    EXPECT_VALUE(kpi::srmpvalue(kHuge, kHuge, 1e-300), 0.0, 0.0);  // χ² beyond double range
}

TEST(ExperimentsSrmPValue, Errors) {
    for (double b : {-1.0, kNaN, kInf}) {
        SCOPED_TRACE(b);
        EXPECT_ERROR(kpi::srmpvalue(b, 10, 0.5), Errc::invalid_argument);
        EXPECT_ERROR(kpi::srmpvalue(10, b, 0.5), Errc::invalid_argument);
    }
    for (double s : {0.0, 1.0, -0.5, 1.5, 50.0, kNaN, kInf}) {
        SCOPED_TRACE(s);
        EXPECT_ERROR(kpi::srmpvalue(100, 100, s), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::srmpvalue(0, 0, 0.5), Errc::div_by_zero);
}

}  // namespace

namespace {

// Every function on a grid of awkward inputs: never a crash, a throw, UB (run
// under ASan/UBSan) or a non-finite number; results in their natural range.
TEST(ExperimentsRobustness, AwkwardInputGrid) {
    const double v[] = {0.0, -0.0, 1.0, 2.5, 7.0, 1e6, 3e9, 1e16, 1e-320, kHuge,
                        std::numeric_limits<double>::max(), -1.0, kNaN, kInf};
    const auto finite_or_error = [](const kpi::Result<double>& r) { return !r.ok() || std::isfinite(*r); };
    const auto pair_ok = [](const kpi::Result<kpi::Table>& r) {
        return !r.ok() || (r->rows == 1 && r->cols == 2 && std::isfinite(r->at(0, 0).number) &&
                           std::isfinite(r->at(0, 1).number) && r->at(0, 0).number <= r->at(0, 1).number);
    };
    const auto unit = [](const kpi::Result<double>& r) { return !r.ok() || (*r >= 0.0 && *r <= 1.0); };
    for (double a : v)
        for (double b : v)
            for (double c : v)
                for (double d : v) {
                    EXPECT_TRUE(finite_or_error(kpi::ablift(a, b, c, d)));
                    EXPECT_TRUE(unit(kpi::abpvalue(a, b, c, d, 2)));
                    EXPECT_TRUE(unit(kpi::abpvalue(a, b, c, d, 1)));
                    EXPECT_TRUE(finite_or_error(kpi::abzscore(a, b, c, d)));
                    EXPECT_TRUE(pair_ok(kpi::abci(a, b, c, d, 0.95, "newcombe")));
                    EXPECT_TRUE(pair_ok(kpi::abci(a, b, c, d, 0.95, "wald")));
                    EXPECT_TRUE(pair_ok(kpi::abliftci(a, b, c, d, 0.95)));
                    EXPECT_TRUE(unit(kpi::abprobbest(a, b, c, d)));
                    const auto lb = kpi::abloss(a, b, c, d, "b");
                    EXPECT_TRUE(unit(lb));
                    EXPECT_TRUE(unit(kpi::abloss(a, b, c, d, "a")));
                    EXPECT_TRUE(finite_or_error(kpi::absamplesize(a / 8, c, 0.05, 0.8, d != 0.0)));
                }
    for (double a : v)
        for (double b : v)
            for (double c : {0.5, 1e-300, 0.999999, 0.0, 1.0, kNaN}) {
                EXPECT_TRUE(pair_ok(kpi::wilsonci(a, b, c)));
                EXPECT_TRUE(unit(kpi::srmpvalue(a, b, c)));
                EXPECT_TRUE(finite_or_error(kpi::absamplesize(1e-300, a, b == b ? 0.05 : b, c, true)));
            }
}

}  // namespace

// ===========================================================================
// Issue 12: ABMDE, ABTTEST, ABMEANCI, ABPROBBESTN, ABCHISQ, SRMPVALUEN, PADJUST.
// References (computed once with the script tests/unit/ref_stats.py, pasted):
//  [tt]   scipy 1.10.1 stats.ttest_ind_from_stats(B, A, equal_var=False), the
//         one-sided value with alternative in the observed direction.
//  [wci]  Welch interval by its formula in mpmath (40 digits; t quantile by findroot
//         on the regularised incomplete beta); cross-checked on raw data against
//         statsmodels CompareMeans.tconfint_diff(usevar="unequal").
//  [rci]  delta-method lift interval, the same way in mpmath.
//  [mde]  mpmath 1.2.1 findroot of Evan Miller's sample-size equation, 40 digits.
//  [chi]  scipy stats.chi2_contingency(correction=False) on the k × 2 table.
//  [gof]  scipy stats.chisquare(visitors, f_exp=shares/Σshares·Σvisitors).
//  [mt]   statsmodels 0.13.5 multipletests(method="bonferroni"/"holm"/"fdr_bh").
//  [pbq]  mpmath quad (30 digits) of f_i(x)·Π F_j(x) with mpmath betainc; for
//         the large cases scipy integrate.quad of scipy.stats.beta pdf/cdf
//         (agreeing with mpmath to 1e-15 where both were run).
// ===========================================================================
namespace {

// Ranges of cells as the add-in hands them to the core: a column or a row.
kpi::MixedRange cells_col(std::vector<kpi::Input> v) {
    kpi::MixedRange r;
    r.rows = v.size();
    r.cols = 1;
    r.cells = std::move(v);
    return r;
}
kpi::MixedRange cells_row(std::vector<kpi::Input> v) {
    kpi::MixedRange r = cells_col(std::move(v));
    std::swap(r.rows, r.cols);
    return r;
}
kpi::MixedRange col(std::initializer_list<double> v) {
    std::vector<kpi::Input> c;
    for (double x : v) c.push_back(kpi::Input::of(x));
    return cells_col(std::move(c));
}
kpi::MixedRange row(std::initializer_list<double> v) {
    kpi::MixedRange r = col(v);
    std::swap(r.rows, r.cols);
    return r;
}
kpi::Input N(double x) { return kpi::Input::of(x); }
const kpi::Input kEmpty = kpi::Input::empty_cell();
kpi::Input T(std::u16string_view s) { return kpi::Input::of(s); }

// A column (or row) of numbers near the expected ones.
::testing::AssertionResult IsVector(const kpi::Result<kpi::Table>& r, const std::vector<double>& want, double tol,
                                    kpi::Orientation o = kpi::Orientation::column) {
    if (!r) return ::testing::AssertionFailure() << "error " << kpi::to_string(r.error());
    const kpi::Table& t = *r;
    const bool shape = o == kpi::Orientation::column ? (t.cols == 1 && t.rows == want.size())
                                                     : (t.rows == 1 && t.cols == want.size());
    if (!shape) return ::testing::AssertionFailure() << "shape " << t.rows << "x" << t.cols;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const kpi::Cell& c = t.cells[i];
        if (c.kind != kpi::Cell::Kind::number || !(std::fabs(c.number - want[i]) <= tol))
            return ::testing::AssertionFailure() << std::setprecision(17) << "cell " << i << " got "
                                                 << (c.kind == kpi::Cell::Kind::number ? c.number : kNaN)
                                                 << ", expected " << want[i] << " ± " << tol;
    }
    return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------- ABMDE

TEST(AbMde, MatchesMpmathRootOfTheSampleSizeEquation) {  // [mde]
    EXPECT_VALUE(kpi::abmde(0.2, 1030.21928311046, 0.05, 0.8, false), 0.05, 1e-13);
    EXPECT_VALUE(kpi::abmde(0.2, 1030.21928311046, 0.05, 0.8, true), 0.25, 1e-12);
    EXPECT_VALUE(kpi::abmde(0.1, 5000, 0.05, 0.8, false), 0.016992820696058153543, 1e-15);
    EXPECT_VALUE(kpi::abmde(0.1, 5000, 0.05, 0.8, true), 0.169928206960581526, 1e-14);
    EXPECT_VALUE(kpi::abmde(0.03, 20000, 0.05, 0.9, false), 0.0056262109730571311752, 1e-15);
    EXPECT_VALUE(kpi::abmde(0.5, 100, 0.1, 0.8, false), 0.17399061687688206936, 1e-15);
}

TEST(AbMde, IsTheExactInverseOfAbSampleSize) {
    for (double p : {0.001, 0.03, 0.2, 0.5, 0.9})
        for (double n : {50.0, 1000.0, 123456.0, 1e9})
            for (bool rel : {false, true}) {
                SCOPED_TRACE(::testing::Message() << p << " " << n);
                const auto d = kpi::abmde(p, n, 0.05, 0.8, rel);
                if (!d) {  // only when even the largest effect, up to 100 %, needs more visitors
                    EXPECT_ERROR(d, Errc::num);
                    const auto most = kpi::absamplesize(p, rel ? (1 - p) / p : 1 - p, 0.05, 0.8, rel);
                    EXPECT_TRUE(most.ok() && *most > n);
                    continue;
                }
                EXPECT_VALUE(kpi::absamplesize(p, *d, 0.05, 0.8, rel), n, n * 1e-9);
            }
    // Other alpha and power.
    const auto d = kpi::abmde(0.12, 4321, 0.01, 0.95, true);
    ASSERT_TRUE(d.ok());
    EXPECT_VALUE(kpi::absamplesize(0.12, *d, 0.01, 0.95, true), 4321, 4321e-9);
}

TEST(AbMde, Errors) {
    EXPECT_ERROR(kpi::abmde(0.2, 0, 0.05, 0.8, false), Errc::div_by_zero);
    for (double bad : {-1.0, kNaN, kInf}) EXPECT_ERROR(kpi::abmde(0.2, bad, 0.05, 0.8, false), Errc::invalid_argument);
    for (double bad : {0.0, 1.0, -0.1, kNaN}) {
        SCOPED_TRACE(bad);
        EXPECT_ERROR(kpi::abmde(bad, 1000, 0.05, 0.8, false), Errc::invalid_argument);
        EXPECT_ERROR(kpi::abmde(0.2, 1000, bad, 0.8, false), Errc::invalid_argument);
        EXPECT_ERROR(kpi::abmde(0.2, 1000, 0.05, bad, false), Errc::invalid_argument);
    }
    // 5 visitors per arm at a 90 % baseline: not even a jump to 100 % is detectable.
    EXPECT_ERROR(kpi::abmde(0.9, 5, 0.05, 0.8, false), Errc::num);
    // Power below alpha's critical value: any effect, even 0, is "detected".
    EXPECT_VALUE(kpi::abmde(0.2, 1000, 0.9, 0.05, false), 0.0, 0.0);
}

// ---------------------------------------------------------------- ABTTEST

TEST(AbTTest, MatchesScipyWelch) {  // [tt]
    EXPECT_VALUE(kpi::abttest(10.5, 4.2, 120, 11.9, 5.1, 130, 2), 0.01825334857299826, 1e-14);
    EXPECT_VALUE(kpi::abttest(10.5, 4.2, 120, 11.9, 5.1, 130, 1), 0.00912667428649913, 1e-14);
    EXPECT_VALUE(kpi::abttest(52.0, 30.0, 40, 47.5, 12.0, 25, 2), 0.4009030457398378, 1e-14);
    EXPECT_VALUE(kpi::abttest(52.0, 30.0, 40, 47.5, 12.0, 25, 1), 0.2004515228699189, 1e-14);
    EXPECT_VALUE(kpi::abttest(100, 15, 2, 130, 20, 3, 2), 0.15798020388295878, 1e-14);
    EXPECT_VALUE(kpi::abttest(3.2, 1.1, 1000, 3.25, 1.3, 1200, 2), 0.3286065730147295, 1e-14);
    // Raw-data cross-check: statsmodels CompareMeans.ttest_ind(usevar="unequal") p = 0.21074198804312064.
    EXPECT_VALUE(kpi::abttest(8.370982297276935, 5.6815111896848824, 50, 9.83552235494617,
                                     6.515467674465264, 60, 2),
                        0.21074198804312064, 1e-13);
    // Symmetric in the arms.
    EXPECT_VALUE(kpi::abttest(11.9, 5.1, 130, 10.5, 4.2, 120, 2), 0.01825334857299826, 1e-14);
}

TEST(AbTTest, Errors) {
    EXPECT_ERROR(kpi::abttest(1, 1, 10, 2, 1, 10, 3), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abttest(1, 1, 10, 2, 1, 10, 0), Errc::invalid_argument);
    for (double bad : {kNaN, kInf}) {
        EXPECT_ERROR(kpi::abttest(bad, 1, 10, 2, 1, 10, 2), Errc::invalid_argument);
        EXPECT_ERROR(kpi::abttest(1, 1, 10, bad, 1, 10, 2), Errc::invalid_argument);
    }
    for (double bad : {-1.0, kNaN, kInf}) {
        EXPECT_ERROR(kpi::abttest(1, bad, 10, 2, 1, 10, 2), Errc::invalid_argument);
        EXPECT_ERROR(kpi::abttest(1, 1, bad, 2, 1, 10, 2), Errc::invalid_argument);
        EXPECT_ERROR(kpi::abttest(1, 1, 10, 2, bad, 10, 2), Errc::invalid_argument);
        EXPECT_ERROR(kpi::abttest(1, 1, 10, 2, 1, bad, 2), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::abttest(1, 1, 1, 2, 1, 10, 2), Errc::div_by_zero);   // n_a = 1
    EXPECT_ERROR(kpi::abttest(1, 1, 10, 2, 1, 0, 2), Errc::div_by_zero);   // n_b = 0
    EXPECT_ERROR(kpi::abttest(1, 0, 10, 2, 0, 10, 2), Errc::div_by_zero);   // no spread at all
    // Negative means are fine (profit per visitor); one sd of 0 is fine.
    EXPECT_TRUE(kpi::abttest(-5, 2, 10, -4, 0, 10, 2).ok());
}

// ---------------------------------------------------------------- ABMEANCI

TEST(AbMeanCi, WelchIntervalMatchesScipyAndStatsmodels) {  // [wci]
    EXPECT_TRUE(IsPair(kpi::abmeanci(10.5, 4.2, 120, 11.9, 5.1, 130, 0.95, false), 0.2395870062286255,
                       2.5604129937713752, 1e-14));
    EXPECT_TRUE(IsPair(kpi::abmeanci(52.0, 30.0, 40, 47.5, 12.0, 25, 0.9, false), -13.392220601821519,
                       4.3922206018215187, 1e-13));
    EXPECT_TRUE(IsPair(kpi::abmeanci(100, 15, 2, 130, 20, 3, 0.95, false), -21.918818585934968,
                       81.918818585934968, 1e-12));
    // Summaries of raw data (numpy): [mp] gives {-0.841249325876472, 3.770329441214942}; statsmodels
    // CompareMeans(B, A).tconfint_diff(usevar="unequal") gives {-0.8412493258173406, 3.7703294411558055}:
    // it uses scipy's t.ppf, which is off by 2e-10 relative here (checked against mpmath).
    const auto raw = kpi::abmeanci(8.370982297276935, 5.6815111896848824, 50, 9.83552235494617, 6.515467674465264,
                                   60, 0.95, false);
    EXPECT_TRUE(IsPair(raw, -0.841249325876472, 3.770329441214942, 1e-14));
    EXPECT_TRUE(IsPair(raw, -0.8412493258173406, 3.7703294411558055, 1e-9));
}

TEST(AbMeanCi, RelativeLiftByTheDeltaMethod) {  // [rci]
    EXPECT_TRUE(IsPair(kpi::abmeanci(10.5, 4.2, 120, 11.9, 5.1, 130, 0.95, true), 0.016357223478768572,
                       0.25030944318789816, 1e-15));
    EXPECT_TRUE(IsPair(kpi::abmeanci(52.0, 30.0, 40, 47.5, 12.0, 25, 0.9, true), -0.24577102436359675,
                       0.072694101286673671, 1e-15));
    EXPECT_TRUE(IsPair(kpi::abmeanci(100, 15, 2, 130, 20, 3, 0.95, true), -0.37930917344308234,
                       0.97930917344308234, 1e-14));
}

TEST(AbMeanCi, Errors) {
    for (double c : {0.0, 1.0, -0.5, 1.5, kNaN}) {
        SCOPED_TRACE(c);
        EXPECT_ERROR(kpi::abmeanci(1, 1, 10, 2, 1, 10, c, false), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::abmeanci(1, -1, 10, 2, 1, 10, 0.95, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abmeanci(1, 1, 1, 2, 1, 10, 0.95, false), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abmeanci(1, 0, 10, 2, 0, 10, 0.95, true), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abmeanci(0, 1, 10, 2, 1, 10, 0.95, true), Errc::div_by_zero);  // lift over 0
    EXPECT_TRUE(kpi::abmeanci(0, 1, 10, 2, 1, 10, 0.95, false).ok());                        // a difference is fine
}

// ---------------------------------------------------------------- ABPROBBESTN

TEST(AbProbBestN, MatchesQuadratureReferences) {  // [pbq]
    EXPECT_TRUE(IsVector(kpi::abprobbestn(col({100, 120, 110}), col({1000, 1000, 1000})),
                         {0.046208314989331595, 0.7268864978329837, 0.22690518717768471}, 1e-9));
    EXPECT_TRUE(IsVector(kpi::abprobbestn(col({3, 5, 0, 7}), col({10, 12, 4, 15})),
                         {0.12849377388741667, 0.33818420040125403, 0.032234791291501871, 0.50108723441982743}, 1e-9));
    // scipy quad (its values add up to 1 ± 4e-14 and 1 ± 2e-10: the reference's own accuracy).
    EXPECT_TRUE(IsVector(kpi::abprobbestn(col({10000, 10100, 10050}), col({1e6, 1e6, 1e6})),
                         {0.15000586598464893, 0.5490595758099959, 0.30093455820539017}, 1e-9));
    EXPECT_TRUE(IsVector(kpi::abprobbestn(col({1e7, 1.0003e7, 0.9998e7}), col({1e9, 1e9, 1e9})),
                         {0.22169860436310915, 0.6924933224759029, 0.08580807335381607}, 1e-8));
    // A row in, a row out.
    EXPECT_TRUE(IsVector(kpi::abprobbestn(row({100, 120}), row({1000, 1000})),
                         {0.076816561026440246, 0.92318343897355975}, 1e-9, kpi::Orientation::row));
}

TEST(AbProbBestN, TwoArmsAgreeWithAbProbBest) {
    const double cases[][4] = {{100, 1000, 120, 1000}, {5, 83, 12, 99}, {0, 10, 1, 10}, {30, 30, 29, 30},
                               {1234, 56789, 1300, 56000}, {9e6, 1e9, 9.002e6, 1e9}, {12, 1e6, 30, 1e6}};
    for (const auto& c : cases) {
        const auto exact = kpi::abprobbest(c[0], c[1], c[2], c[3]);
        ASSERT_TRUE(exact.ok());
        EXPECT_TRUE(IsVector(kpi::abprobbestn(col({c[0], c[2]}), col({c[1], c[3]})), {1.0 - *exact, *exact}, 1e-8))
            << c[0] << "/" << c[1] << " vs " << c[2] << "/" << c[3];
    }
}

TEST(AbProbBestN, TwentyEqualArmsShareEvenly) {  // exact by symmetry: 1/20 each
    std::vector<kpi::Input> conv, vis;
    for (int i = 0; i < 20; ++i) {
        conv.push_back(N(4321));
        vis.push_back(N(100000));
    }
    EXPECT_TRUE(IsVector(kpi::abprobbestn(cells_col(conv), cells_col(vis)), std::vector<double>(20, 0.05), 1e-9));
}

TEST(AbProbBestN, LargeCountsInBoundedTime) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = kpi::abprobbestn(col({1e7, 1.0003e7, 0.9998e7}), col({1e9, 1e9, 1e9}));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(r.ok());
    double sum = 0.0;
    for (const auto& c : r->cells) sum += c.number;
    EXPECT_NEAR(sum, 1.0, 1e-15);
    EXPECT_LT(secs, 2.0);
}

TEST(AbProbBestN, HugeCountsStayAccurateAndFast) {
    // Beyond Boost's accurate Beta range the posteriors become normals; against the exact
    // two-arm sum of ABPROBBEST (itself checked against mpmath in this file).
    const double cases[][4] = {{1e9, 1e10, 1.00001e9, 1e10},  {3e9, 1e10, 3.00001e9, 1e10},
                               {1e11, 1e12, 1.00001e11, 1e12}, {5e11, 1e12, 1e12, 2e12},
                               {1e17, 1e18, 1.0000000001e17, 1e18}, {3, 1e15, 0, 1}};
    const auto start = std::chrono::steady_clock::now();
    for (const auto& c : cases) {
        const auto exact = kpi::abprobbest(c[0], c[1], c[2], c[3]);
        ASSERT_TRUE(exact.ok());
        EXPECT_TRUE(IsVector(kpi::abprobbestn(col({c[0], c[2]}), col({c[1], c[3]})), {1.0 - *exact, *exact}, 1e-6))
            << c[0] << "/" << c[1] << " vs " << c[2] << "/" << c[3];
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
    // Counts beyond any real test: a value or #NUM!, never a hang or an exception.
    const auto r = kpi::abprobbestn(col({1e300, 1}), col({1e300, 1e300}));
    EXPECT_TRUE(r.ok() || r.error() == Errc::num);
}

TEST(AbProbBestN, Errors) {
    EXPECT_ERROR(kpi::abprobbestn(col({1}), col({10})), Errc::invalid_argument);             // one arm
    EXPECT_ERROR(kpi::abprobbestn(col({1, 2}), col({10, 10, 10})), Errc::invalid_argument);  // sizes
    std::vector<kpi::Input> many, many_n;
    for (int i = 0; i < 21; ++i) {
        many.push_back(N(1));
        many_n.push_back(N(10));
    }
    EXPECT_ERROR(kpi::abprobbestn(cells_col(many), cells_col(many_n)), Errc::invalid_argument);  // 21 arms
    EXPECT_ERROR(kpi::abprobbestn(col({11, 2}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestn(col({1.5, 2}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestn(col({-1, 2}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestn(col({kNaN, 2}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestn(col({0, 2}), col({0, 10})), Errc::div_by_zero);
    // Formula noise on a count is rounded, as in ABPROBBEST.
    EXPECT_TRUE(kpi::abprobbestn(col({29.000000000000004, 2}), col({100, 10})).ok());
}

// Conversions and visitors pair cell by cell (the reference's conventions): a header
// row and an empty arm are skipped with a blank result cell in their place, never a
// shift; a count beside an empty or text cell is Err:502. Expected values: scipy
// integrate.quad of beta(c+1, n-c+1).pdf(x)·Π beta(...).cdf(x) on the correctly
// paired arms (30/1000, 45/1010, 38/990) → 0.023407252143594213, 0.7381206237614103,
// 0.2384721240949958 (run once, pasted).
TEST(AbProbBestN, PairsCellByCellWithBlanksInPlace) {
    const auto r = kpi::abprobbestn(cells_col({T(u"Conversions"), N(30), kEmpty, N(45), N(38)}),
                                    cells_col({T(u"Visitors"), N(1000), kEmpty, N(1010), N(990)}));
    ASSERT_TRUE(r.ok()) << kpi::to_string(r.error());
    ASSERT_EQ(r->rows, 5u);
    ASSERT_EQ(r->cols, 1u);
    EXPECT_EQ(r->cells[0].kind, kpi::Cell::Kind::empty);  // the header's row
    EXPECT_EQ(r->cells[2].kind, kpi::Cell::Kind::empty);  // the empty arm's row
    const double want[] = {0.023407252143594213, 0.7381206237614103, 0.2384721240949958};
    const std::size_t at[] = {1, 3, 4};
    for (std::size_t i = 0; i < 3; ++i) {
        ASSERT_EQ(r->cells[at[i]].kind, kpi::Cell::Kind::number) << at[i];
        EXPECT_NEAR(r->cells[at[i]].number, want[i], 1e-9) << at[i];
    }
    // A row of arms with a text between them: a row of results, the text's cell blank.
    const auto w = kpi::abprobbestn(cells_row({N(100), T(u"n/a"), N(120)}), cells_row({N(1000), T(u""), N(1000)}));
    ASSERT_TRUE(w.ok());
    ASSERT_EQ(w->rows, 1u);
    ASSERT_EQ(w->cols, 3u);
    EXPECT_EQ(w->cells[1].kind, kpi::Cell::Kind::empty);
    EXPECT_NEAR(w->cells[0].number, 0.076816561026440246, 1e-9);  // 1 − ABPROBBEST 0.923183…
    EXPECT_NEAR(w->cells[2].number, 0.92318343897355975, 1e-9);
    // A row of conversions beside a column of visitors of the same length pairs element by element.
    EXPECT_TRUE(IsVector(kpi::abprobbestn(row({100, 120}), col({1000, 1000})), {0.076816561026440246, 0.92318343897355975},
                         1e-9, kpi::Orientation::row));
}

TEST(AbProbBestN, HalfFilledPairsAndOtherShapesAreErrors) {
    // Blanks in different rows: dropping them would pair 120 with the third arm's visitors.
    EXPECT_ERROR(kpi::abprobbestn(cells_col({N(100), N(120), kEmpty}), cells_col({N(1000), kEmpty, N(1000)})),
                        Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestn(cells_col({N(100), N(120), N(5)}), cells_col({N(1000), N(1000), T(u"x")})),
                        Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestn(cells_col({N(100), N(120), T(u"-")}), cells_col({N(1000), N(1000), N(50)})),
                        Errc::invalid_argument);
    kpi::MixedRange square = col({1, 2, 3, 4});
    square.rows = square.cols = 2;
    EXPECT_ERROR(kpi::abprobbestn(square, col({10, 10, 10, 10})), Errc::invalid_argument);
    // Only one arm left once the header is skipped.
    EXPECT_ERROR(kpi::abprobbestn(cells_col({T(u"c"), N(1)}), cells_col({T(u"n"), N(10)})),
                        Errc::invalid_argument);
    // An error cell anywhere is the result, also in a skipped row.
    EXPECT_ERROR(kpi::abprobbestn(cells_col({N(1), N(2), kpi::Input::failed(Errc::value)}),
                                         cells_col({N(10), N(10), kEmpty})),
                        Errc::value);
}

// ---------------------------------------------------------------- ABCHISQ

TEST(AbChiSq, MatchesScipyChi2Contingency) {  // [chi]
    EXPECT_VALUE(kpi::abchisq(col({100, 120}), col({1000, 1000})), 0.15291778186394195, 1e-14);
    EXPECT_VALUE(kpi::abchisq(col({30, 45, 38}), col({1000, 1010, 990})), 0.22792276266110476, 1e-14);
    EXPECT_VALUE(kpi::abchisq(row({10, 20, 15, 30}), row({500, 520, 480, 510})), 0.010439153337117969, 1e-14);
}

TEST(AbChiSq, TwoArmsAgreeWithAbPValue) {
    // [chi] and the reference's ABPVALUE example: 5/83 vs 12/99 → 0.15918129181157.
    EXPECT_VALUE(kpi::abchisq(col({5, 12}), col({83, 99})), 0.15918129181156587, 1e-14);
    EXPECT_VALUE(kpi::abchisq(col({200, 250}), col({2000, 2000})), 0.012350947711191402, 1e-14);
    for (const auto& c : {std::array<double, 4>{5, 83, 12, 99}, {1, 1e6, 30, 2e6}, {499, 500, 1, 7}})
        EXPECT_VALUE(kpi::abchisq(col({c[0], c[2]}), col({c[1], c[3]})), *kpi::abpvalue(c[0], c[1], c[2], c[3], 2),
                            1e-12);
}

TEST(AbChiSq, Errors) {
    EXPECT_ERROR(kpi::abchisq(col({1}), col({10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abchisq(col({1, 2}), col({10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abchisq(col({11, 2}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abchisq(col({-1, 2}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abchisq(col({1, kInf}), col({10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abchisq(col({0, 2}), col({0, 10})), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abchisq(col({0, 0, 0}), col({10, 10, 10})), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abchisq(col({10, 10}), col({10, 10})), Errc::div_by_zero);
}

// [chi] on the correctly paired arms 30/1000, 45/1010, 38/990 → 0.22792276266110476;
// the header and the empty arm are skipped, blanks in different rows are Err:502.
TEST(AbChiSq, PairsCellByCell) {
    EXPECT_VALUE(kpi::abchisq(cells_col({T(u"Conversions"), N(30), kEmpty, N(45), N(38)}),
                                     cells_col({T(u"Visitors"), N(1000), kEmpty, N(1010), N(990)})),
                        0.22792276266110476, 1e-14);
    EXPECT_VALUE(kpi::abchisq(row({30, 45, 38}), col({1000, 1010, 990})), 0.22792276266110476, 1e-14);
    EXPECT_ERROR(kpi::abchisq(cells_col({N(30), kEmpty, N(45), N(38)}), cells_col({N(1000), N(1010), N(990), kEmpty})),
                        Errc::invalid_argument);
    EXPECT_ERROR(kpi::abchisq(cells_col({N(30), N(45), N(38)}), cells_col({N(1000), T(u"?"), N(990)})),
                        Errc::invalid_argument);
    kpi::MixedRange square = col({1, 2, 3, 4});
    square.rows = square.cols = 2;
    EXPECT_ERROR(kpi::abchisq(square, col({10, 10, 10, 10})), Errc::invalid_argument);
}

// ---------------------------------------------------------------- SRMPVALUEN

TEST(SrmPValueN, MatchesScipyChisquare) {  // [gof]
    EXPECT_VALUE(kpi::srmpvaluen(col({1000, 1100, 950}), std::nullopt), 0.0032221549052224925, 1e-15);
    EXPECT_VALUE(kpi::srmpvaluen(col({3000, 3100, 6050}), col({1, 1, 2})), 0.3961644302820656, 1e-14);
    EXPECT_VALUE(kpi::srmpvaluen(col({3000, 3100, 6050}), col({0.25, 0.25, 0.5})), 0.3961644302820656, 1e-14);
    EXPECT_VALUE(kpi::srmpvaluen(row({480, 520}), row({0.45, 0.55})), 0.05653027716740437, 1e-14);
}

TEST(SrmPValueN, TwoArmsAgreeWithSrmPValue) {
    EXPECT_VALUE(kpi::srmpvaluen(col({5000, 5100}), std::nullopt), 0.3197181768128675, 1e-14);  // [gof]
    EXPECT_VALUE(kpi::srmpvaluen(col({5000, 5100}), std::nullopt), *kpi::srmpvalue(5000, 5100, 0.5), 1e-14);
    EXPECT_VALUE(kpi::srmpvaluen(col({480, 520}), col({0.45, 0.55})), *kpi::srmpvalue(480, 520, 0.45), 1e-14);
}

TEST(SrmPValueN, Errors) {
    EXPECT_ERROR(kpi::srmpvaluen(col({10}), std::nullopt), Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({10, 20}), col({1, 1, 1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({10, 20}), col({1, 0})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({10, 20}), col({1, -1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({10, 20}), col({1, kInf})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({10, -20}), std::nullopt), Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({0, 0}), std::nullopt), Errc::div_by_zero);
}

// With expected shares the two ranges pair cell by cell; [gof] on the paired data
// (3000, 3100, 6050 against 1:1:2) → 0.3961644302820656.
TEST(SrmPValueN, SharesPairCellByCell) {
    EXPECT_VALUE(kpi::srmpvaluen(cells_col({T(u"Visitors"), N(3000), kEmpty, N(3100), N(6050)}),
                                        cells_col({T(u"Plan"), N(1), kEmpty, N(1), N(2)})),
                        0.3961644302820656, 1e-14);
    // Without shares a header and an empty cell are simply skipped.
    EXPECT_VALUE(kpi::srmpvaluen(cells_col({T(u"Visitors"), N(1000), kEmpty, N(1100), N(950)}), std::nullopt),
                        0.0032221549052224925, 1e-15);
    // Dropping the blanks would pair 6050 with the share 2 of the empty row.
    EXPECT_ERROR(kpi::srmpvaluen(cells_col({N(3000), N(3100), kEmpty, N(6050)}),
                                        cells_col({N(1), N(1), N(2), kEmpty})),
                        Errc::invalid_argument);
    EXPECT_ERROR(kpi::srmpvaluen(col({3000, 3100, 6050}), cells_col({N(1), T(u"?"), N(2)})),
                        Errc::invalid_argument);
    // A single empty or 0 cell given as the shares is Calc's way of passing an empty cell: omitted.
    EXPECT_VALUE(kpi::srmpvaluen(col({1000, 1100, 950}), col({0})), 0.0032221549052224925, 1e-15);
    EXPECT_VALUE(kpi::srmpvaluen(col({1000, 1100, 950}), cells_col({kEmpty})), 0.0032221549052224925, 1e-15);
}

// ---------------------------------------------------------------- PADJUST

kpi::MixedRange p_cells(std::vector<kpi::Input> v, std::size_t rows, std::size_t cols) {
    kpi::MixedRange r;
    r.rows = rows;
    r.cols = cols;
    r.cells = std::move(v);
    return r;
}
kpi::Input P(double x) { return kpi::Input::of(x); }

::testing::AssertionResult IsAdjusted(const kpi::Result<kpi::Table>& r, std::size_t rows, std::size_t cols,
                                      const std::vector<double>& want) {  // NaN = an empty cell
    if (!r) return ::testing::AssertionFailure() << "error " << kpi::to_string(r.error());
    if (r->rows != rows || r->cols != cols) return ::testing::AssertionFailure() << "shape";
    for (std::size_t i = 0; i < want.size(); ++i) {
        const kpi::Cell& c = r->cells[i];
        if (std::isnan(want[i])) {
            if (c.kind != kpi::Cell::Kind::empty) return ::testing::AssertionFailure() << "cell " << i << " not empty";
        } else if (c.kind != kpi::Cell::Kind::number || !(std::fabs(c.number - want[i]) <= 1e-15)) {
            return ::testing::AssertionFailure() << std::setprecision(17) << "cell " << i << " got " << c.number
                                                 << ", expected " << want[i];
        }
    }
    return ::testing::AssertionSuccess();
}

TEST(PAdjust, MatchesStatsmodelsMultipletests) {  // [mt]
    const auto ps = p_cells({P(0.01), P(0.04), P(0.03), P(0.005), P(0.20)}, 5, 1);
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps, "bonferroni"), 5, 1, {0.05, 0.2, 0.15, 0.025, 1.0}));
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps, "holm"), 5, 1, {0.04, 0.09, 0.09, 0.025, 0.2}));
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps, "BH"), 5, 1,
                           {0.024999999999999998, 0.049999999999999996, 0.049999999999999996, 0.024999999999999998, 0.2}));
    // Ties, capping at 1 and monotonicity: a 2 × 3 block.
    const auto ps2 = p_cells({P(0.3), P(0.01), P(0.01), P(0.8), P(0.04), P(0.2)}, 2, 3);
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps2, "bonferroni"), 2, 3, {1.0, 0.06, 0.06, 1.0, 0.24, 1.0}));
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps2, "Holm"), 2, 3,
                           {0.6000000000000001, 0.06, 0.06, 0.8, 0.16, 0.6000000000000001}));
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps2, "bh"), 2, 3,
                           {0.36, 0.030000000000000002, 0.030000000000000002, 0.8, 0.08, 0.30000000000000004}));
}

TEST(PAdjust, EmptyAndTextCellsStayInPlaceAndAreNotCounted) {
    // The first example with a header text and a gap: m stays 5, blanks stay blank.
    const auto ps = p_cells({kpi::Input::of(u"p"), P(0.01), P(0.04), kpi::Input::empty_cell(), P(0.03), P(0.005),
                             P(0.20)},
                            7, 1);
    EXPECT_TRUE(IsAdjusted(kpi::padjust(ps, "holm"), 7, 1, {kNaN, 0.04, 0.09, kNaN, 0.09, 0.025, 0.2}));
}

TEST(PAdjust, Errors) {
    EXPECT_ERROR(kpi::padjust(p_cells({P(0.1), P(1.2)}, 2, 1), "holm"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::padjust(p_cells({P(0.1), P(-0.01)}, 2, 1), "holm"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::padjust(p_cells({P(0.1), P(kNaN)}, 2, 1), "holm"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::padjust(p_cells({P(0.1)}, 1, 1), "sidak"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::padjust(p_cells({kpi::Input::of(u"x"), kpi::Input::empty_cell()}, 2, 1), "holm"),
                        Errc::not_available);
    EXPECT_ERROR(kpi::padjust(p_cells({P(0.1), kpi::Input::failed(Errc::div_by_zero)}, 2, 1), "holm"),
                        Errc::div_by_zero);
    // A single p-value is its own adjustment.
    EXPECT_TRUE(IsAdjusted(kpi::padjust(p_cells({P(0.037)}, 1, 1), "bh"), 1, 1, {0.037}));
}

}  // namespace

// ===========================================================================
// Issue 24: means, sequential tests, many arms with means, CUPED.
// References computed once with tests/unit/ref_issue24.py (pasted):
//  [i24-mp]  mpmath 1.2.1 at 40 digits, straight from the formula.
//  [i24-np]  numpy 1.24.2 on the raw values.
//  [i24-sm]  statsmodels 0.13.5 NormalIndPower.solve_power / OLS.
//  [i24-gb]  GrowthBook gbstats' published test values (packages/stats/tests/
//            frequentist/test_tests.py, TestSequentialTTest, 5 decimals).
//  [i24-q]   scipy 1.10.1 integrate.quad and mpmath quad.
// ===========================================================================
namespace {

::testing::AssertionResult I24Row(const kpi::Result<kpi::Table>& r, const std::vector<double>& want, double tol) {
    if (!r) return ::testing::AssertionFailure() << "error " << kpi::to_string(r.error());
    if (r->rows != 1 || r->cols != want.size()) return ::testing::AssertionFailure() << "shape " << r->rows << "x" << r->cols;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const kpi::Cell& c = r->cells[i];
        if (c.kind != kpi::Cell::Kind::number || !(std::fabs(c.number - want[i]) <= tol * std::max(1.0, std::fabs(want[i]))))
            return ::testing::AssertionFailure() << std::setprecision(17) << "cell " << i << " got " << c.number
                                                 << ", expected " << want[i] << " ± " << tol;
    }
    return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------- MEANSD

TEST(MeanSd, FromSums) {
    // [i24-np] 500 gamma(2, 30) values rounded to cents (seed 24): their sum and sum of squares.
    EXPECT_TRUE(I24Row(kpi::meansd(500, 30030.97, 2714836.4762999997), {60.06194, 42.73041179559169}, 1e-12));
    // [i24-mp] gbstats' SampleMeanStatistic of its sequential test (sum 1396.87, sum_squares 52377.9767, n 3000).
    EXPECT_TRUE(I24Row(kpi::meansd(3000, 1396.87, 52377.9767), {0.46562333333333333333, 4.1531036468432492582}, 1e-13));
    EXPECT_TRUE(I24Row(kpi::meansd(3461, 2422.7, 134698.29), {0.7, 6.2}, 1e-13));
    EXPECT_TRUE(I24Row(kpi::meansd(10, 55, 385), {5.5, 3.0276503540974916654}, 1e-14));  // 1..10
    // Cancellation: two values 1e7 ± 0.5 → sum² / n = 2e14 next to the sum of squares 2e14 + 0.5: sd = √0.5.
    EXPECT_TRUE(I24Row(kpi::meansd(2, 2e7, 200000000000000.5), {1e7, 0.70710678118654752440}, 1e-12));
}

TEST(MeanSd, ConstantMetricAndRounding) {
    // Ten values of 0.1 whose sums carry rounding: sum² / n exceeds the sum of squares by 4e-17 (4e-16 of it),
    // a variance of 0 within rounding, not an error.
    EXPECT_TRUE(I24Row(kpi::meansd(10, 1.0000000000000002, 0.1), {0.10000000000000002, 0.0}, 1e-16));
    EXPECT_TRUE(I24Row(kpi::meansd(3, 0, 0), {0.0, 0.0}, 0.0));
    // Below 0 beyond rounding: no data gives that.
    EXPECT_ERROR(kpi::meansd(10, 100, 900), Errc::invalid_argument);
    EXPECT_ERROR(kpi::meansd(10, 1, 0), Errc::invalid_argument);
}

TEST(MeanSd, Errors) {
    EXPECT_ERROR(kpi::meansd(1, 5, 25), Errc::div_by_zero);
    EXPECT_ERROR(kpi::meansd(0, 0, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::meansd(-3, 5, 25), Errc::invalid_argument);
    EXPECT_ERROR(kpi::meansd(3, 5, -25), Errc::invalid_argument);
    EXPECT_ERROR(kpi::meansd(kNaN, 5, 25), Errc::invalid_argument);
    EXPECT_ERROR(kpi::meansd(3, kInf, 25), Errc::invalid_argument);
    EXPECT_ERROR(kpi::meansd(3, 1e200, 1e300), Errc::invalid_argument);  // sum² / n > sum of squares
}

// ------------------------------------------------ ABSAMPLESIZEMEAN / ABMDEMEAN

TEST(AbSampleSizeMean, Formula) {
    // [i24-mp] 2(z_{1−α/2} + z_power)² sd² / δ². statsmodels' NormalIndPower.solve_power(effect_size = δ/sd)
    // also counts the far tail and gives 6279.088407460959, 4018.6165807751963, 107131.58759881784,
    // 135.06956965104283 for these four (relative difference 2.4e-6, 2.4e-6, 1.8e-10, 1.5e-3).
    EXPECT_VALUE(kpi::absamplesizemean(50, 40, 2, 0.05, 0.8, false), 6279.1037874792717655, 1e-9);
    EXPECT_VALUE(kpi::absamplesizemean(50, 40, 0.05, 0.05, 0.8, true), 4018.6264239867334838, 1e-9);
    EXPECT_VALUE(kpi::absamplesizemean(12.5, 30, 0.5, 0.01, 0.9, false), 107131.5876185894576, 1e-8);
    EXPECT_VALUE(kpi::absamplesizemean(100, 5, -1, 0.1, 0.5, false), 135.27717270477072393, 1e-10);
    // No variance: no visitors needed. Power below α/2: any sample reaches it.
    EXPECT_VALUE(kpi::absamplesizemean(50, 0, 2, 0.05, 0.8, false), 0.0, 0.0);
    EXPECT_VALUE(kpi::absamplesizemean(50, 40, 2, 0.05, 0.01, false), 0.0, 0.0);
}

TEST(AbSampleSizeMean, Errors) {
    EXPECT_ERROR(kpi::absamplesizemean(50, 40, 0, 0.05, 0.8, false), Errc::div_by_zero);
    EXPECT_ERROR(kpi::absamplesizemean(0, 40, 0.1, 0.05, 0.8, true), Errc::div_by_zero);
    EXPECT_ERROR(kpi::absamplesizemean(50, -40, 2, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesizemean(50, 40, 2, 1.0, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesizemean(50, 40, 2, 0.05, 0.0, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesizemean(kNaN, 40, 2, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesizemean(50, 40, kInf, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::absamplesizemean(50, 1e300, 1e-300, 0.05, 0.8, false), Errc::num);
}

TEST(AbMdeMean, FormulaAndRoundTrip) {
    // [i24-mp] (z_{1−α/2} + z_power)·sd·√(2/n), ÷ |mean| when relative.
    EXPECT_VALUE(kpi::abmdemean(50, 40, 1000, 0.05, 0.8, false), 5.0116279939673382607, 1e-13);
    EXPECT_VALUE(kpi::abmdemean(50, 40, 1000, 0.05, 0.8, true), 0.10023255987934676521, 1e-15);
    EXPECT_VALUE(kpi::abmdemean(-20, 10, 250, 0.05, 0.8, true), 0.12529069984918345652, 1e-15);
    // The inverse of ABSAMPLESIZEMEAN.
    EXPECT_VALUE(kpi::abmdemean(50, 40, 6279.1037874792717655, 0.05, 0.8, false), 2.0, 1e-13);
    EXPECT_VALUE(kpi::abmdemean(50, 40, 4018.6264239867334838, 0.05, 0.8, true), 0.05, 1e-15);
    EXPECT_VALUE(kpi::abmdemean(50, 40, 1000, 0.05, 0.01, false), 0.0, 0.0);
}

TEST(AbMdeMean, Errors) {
    EXPECT_ERROR(kpi::abmdemean(50, 40, 0, 0.05, 0.8, false), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abmdemean(0, 40, 1000, 0.05, 0.8, true), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abmdemean(50, 40, -1000, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abmdemean(50, -40, 1000, 0.05, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abmdemean(50, 40, 1000, 0.0, 0.8, false), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abmdemean(50, 40, 1000, 0.05, 1.5, false), Errc::invalid_argument);
}

// ------------------------------------------- ABSEQCI / ABSEQPVALUE / ABSEQMEANCI

TEST(AbSeqCi, Formula) {
    // [i24-mp] the confidence sequence (ρ from α and N*, half-width of eq. 9) at 40 digits.
    EXPECT_TRUE(IsPair(kpi::abseqci(100, 1000, 120, 1000, 5000, 0.95), -0.023688259076519275164,
                       0.063688259076519275164, 1e-15));
    EXPECT_TRUE(IsPair(kpi::abseqci(1396, 3000, 2422, 3461, 5000, 0.95), 0.19804879693925878865,
                       0.27088002902626177381, 1e-15));
    EXPECT_TRUE(IsPair(kpi::abseqci(500, 10000, 580, 10000, 20000, 0.95), -0.0017001404520155283637,
                       0.017700140452015528364, 1e-15));
    EXPECT_TRUE(IsPair(kpi::abseqci(500, 10000, 580, 10000, 20000, 0.9), -0.00083319482765780280519,
                       0.016833194827657802805, 1e-15));
    EXPECT_TRUE(IsPair(kpi::abseqci(50, 1000, 52, 1000, 100000, 0.95), -0.063862714426406239563,
                       0.067862714426406239563, 1e-15));
    // Wider than the fixed-horizon Wald interval of the same data (ABCI "wald").
    const auto seq = kpi::abseqci(100, 1000, 120, 1000, 5000, 0.95);
    const auto wald = kpi::abci(100, 1000, 120, 1000, 0.95, "wald");
    ASSERT_TRUE(seq && wald);
    EXPECT_LT(seq->at(0, 0).number, wald->at(0, 0).number);
    EXPECT_GT(seq->at(0, 1).number, wald->at(0, 1).number);
}

TEST(AbSeqPValue, FormulaAndAgreementWithTheInterval) {
    // [i24-mp] min(1, 1/E), E = exp(ρ² n d² / (2V(nρ² + 1))) / √(nρ² + 1).
    EXPECT_VALUE(kpi::abseqpvalue(100, 1000, 120, 1000, 5000, 0.95), 0.9388856039651477493, 1e-14);
    EXPECT_VALUE(kpi::abseqpvalue(500, 10000, 580, 10000, 20000, 0.95), 0.18499659050962009697, 1e-14);
    EXPECT_VALUE(kpi::abseqpvalue(500, 10000, 580, 10000, 20000, 0.9), 0.18092569269119830895, 1e-14);
    EXPECT_VALUE(kpi::abseqpvalue(50, 1000, 52, 1000, 100000, 0.95), 1.0, 0.0);
    EXPECT_VALUE(kpi::abseqpvalue(200, 2000, 262, 2000, 4000, 0.95), 0.045416677108267745307, 1e-15);
    const auto p = kpi::abseqpvalue(1396, 3000, 2422, 3461, 5000, 0.95);
    ASSERT_TRUE(p.ok());
    EXPECT_NEAR(*p / 6.3001284633646960688e-76, 1.0, 1e-12);
    // Below α exactly when the interval excludes 0: 200/2000 vs 262/2000 just does.
    EXPECT_TRUE(IsPair(kpi::abseqci(200, 2000, 262, 2000, 4000, 0.95), 0.00035799055184898257538,
                       0.061642009448151017425, 1e-15));
    // A far larger test: ln E overflows exp() in double, never the p-value.
    EXPECT_VALUE(kpi::abseqpvalue(1e8, 1e9, 2e8, 1e9, 1e9, 0.95), 0.0, 1e-300);
}

TEST(AbSeqCi, Errors) {
    EXPECT_ERROR(kpi::abseqci(100, 1000, 120, 1000, 0, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(100, 1000, 120, 1000, -5, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(100, 1000, 120, 1000, kInf, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(100, 1000, 120, 1000, 5000, 1.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(100, 1000, 120, 1000, 5000, 0.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(-1, 1000, 120, 1000, 5000, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(1001, 1000, 120, 1000, 5000, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqci(0, 0, 120, 1000, 5000, 0.95), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abseqci(0, 1000, 0, 1000, 5000, 0.95), Errc::div_by_zero);  // no variance
    EXPECT_ERROR(kpi::abseqpvalue(0, 1000, 1000, 1000, 5000, 0.95), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abseqpvalue(100, 1000, 120, 1000, 0, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqpvalue(100, 1000, 120, 1000, 5000, 1.2), Errc::invalid_argument);
}

TEST(AbSeqMeanCi, FormulaAndGbstats) {
    // [i24-mp]
    EXPECT_TRUE(IsPair(kpi::abseqmeanci(10.5, 4.2, 120, 11.9, 5.1, 130, 5000, 0.95), -1.3799938711190734251,
                       4.1799938711190741356, 1e-13));
    EXPECT_TRUE(IsPair(kpi::abseqmeanci(50.2, 40.1, 5000, 52.0, 41.3, 5100, 10000, 0.95), -0.65839250754318344718,
                       4.2583925075431777628, 1e-13));
    // [i24-gb] gbstats' sequential tests report the relative lift with its delta-method variance
    // Var = v_b/(n_b m_a²) + v_a m_b²/(n_a m_a⁴). The same estimate and variance as an absolute difference
    // (sd_a' = √v_a·m_b/m_a², sd_b' = √v_b/m_a, mean_b' = lift) must give gbstats' published intervals:
    // test_sequential_test_runs (N* = 1000): (−0.55844, 1.56516);
    EXPECT_TRUE(IsPair(kpi::abseqmeanci(0, 13.409152766238289355, 3000, 0.50336108585623572702, 13.315483903298087868,
                                        3461, 1000, 0.95),
                       -0.55844, 1.56516, 5e-6));
    // test_sequential_test_runs_prop (proportions 1396/3000 vs 2422/3461, N* = 5000): (0.40098, 0.60675).
    EXPECT_TRUE(IsPair(kpi::abseqmeanci(0, 1.6120104349502639592, 3000, 0.50386335168214960149, 0.98498378320063005312,
                                        3461, 5000, 0.95),
                       0.40098, 0.60675, 5e-6));
}

TEST(AbSeqMeanCi, Errors) {
    EXPECT_ERROR(kpi::abseqmeanci(10.5, 4.2, 1, 11.9, 5.1, 130, 5000, 0.95), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abseqmeanci(10.5, 0, 120, 11.9, 0, 130, 5000, 0.95), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abseqmeanci(10.5, -4.2, 120, 11.9, 5.1, 130, 5000, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqmeanci(10.5, 4.2, -120, 11.9, 5.1, 130, 5000, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqmeanci(kNaN, 4.2, 120, 11.9, 5.1, 130, 5000, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqmeanci(10.5, 4.2, 120, 11.9, 5.1, 130, 0, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abseqmeanci(10.5, 4.2, 120, 11.9, 5.1, 130, 5000, 1.0), Errc::invalid_argument);
}

// Looking every day: 2,000 simulated A/A tests (both arms convert at 10 %), 30 looks of 200 visitors per arm
// each, planned total 12,000. The sequential interval may exclude 0 at some look in at most α of them (within
// 3 Monte Carlo standard errors); the fixed-horizon p-value, checked at every look, falls below α far more
// often (the peeking problem the sequential test solves).
TEST(AbSeqCi, SimulatedAATestsKeepTheFalsePositiveRate) {
    constexpr int kTests = 2000, kLooks = 30, kPerLook = 200;
    constexpr double kAlpha = 0.05, kRate = 0.10;
    std::mt19937_64 rng(20240924);
    std::binomial_distribution<int> draw(kPerLook, kRate);
    int seq_hits = 0, fixed_hits = 0;
    for (int t = 0; t < kTests; ++t) {
        double ca = 0, cb = 0, n = 0;
        bool seq_hit = false, fixed_hit = false;
        for (int look = 0; look < kLooks; ++look) {
            ca += draw(rng);
            cb += draw(rng);
            n += kPerLook;
            const auto ci = kpi::abseqci(ca, n, cb, n, 2.0 * kLooks * kPerLook, 1.0 - kAlpha);
            const auto p = kpi::abpvalue(ca, n, cb, n, 2);
            ASSERT_TRUE(ci && p);
            if (ci->at(0, 0).number > 0.0 || ci->at(0, 1).number < 0.0) seq_hit = true;
            if (*p < kAlpha) fixed_hit = true;
        }
        seq_hits += seq_hit;
        fixed_hits += fixed_hit;
    }
    const double seq_rate = double(seq_hits) / kTests, fixed_rate = double(fixed_hits) / kTests;
    const double mc = 3.0 * std::sqrt(kAlpha * (1.0 - kAlpha) / kTests);
    EXPECT_LE(seq_rate, kAlpha + mc) << "sequential false-positive rate";
    EXPECT_GT(fixed_rate, kAlpha + mc) << "fixed-horizon rate with peeking";
    std::cout << "[ sim ] sequential " << seq_rate << ", fixed-horizon with 30 looks " << fixed_rate << "\n";
}

}  // namespace

// ------------------------------------------------ ABPROBBESTMEAN / ABLOSSMEAN
namespace {

kpi::MixedRange i24_cells(std::vector<kpi::Input> v) {
    kpi::MixedRange r;
    r.rows = v.size();
    r.cols = 1;
    r.cells = std::move(v);
    return r;
}
kpi::MixedRange i24_col(std::initializer_list<double> v) {
    std::vector<kpi::Input> c;
    for (double x : v) c.push_back(kpi::Input::of(x));
    return i24_cells(std::move(c));
}
kpi::MixedRange i24_row(std::initializer_list<double> v) {
    kpi::MixedRange r = i24_col(v);
    std::swap(r.rows, r.cols);
    return r;
}

// want: NaN = a blank cell.
::testing::AssertionResult I24Vector(const kpi::Result<kpi::Table>& r, std::size_t rows, std::size_t cols,
                                     const std::vector<double>& want, double tol) {
    if (!r) return ::testing::AssertionFailure() << "error " << kpi::to_string(r.error());
    if (r->rows != rows || r->cols != cols) return ::testing::AssertionFailure() << "shape " << r->rows << "x" << r->cols;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const kpi::Cell& c = r->cells[i];
        if (std::isnan(want[i])) {
            if (c.kind != kpi::Cell::Kind::empty) return ::testing::AssertionFailure() << "cell " << i << " not blank";
        } else if (c.kind != kpi::Cell::Kind::number || !(std::fabs(c.number - want[i]) <= tol)) {
            return ::testing::AssertionFailure() << std::setprecision(17) << "cell " << i << " got " << c.number
                                                 << ", expected " << want[i] << " ± " << tol;
        }
    }
    return ::testing::AssertionSuccess();
}

struct I24BestCase {
    std::vector<double> means, sds, ns, p, loss;
};
kpi::MixedRange i24_from(const std::vector<double>& v) {
    std::vector<kpi::Input> c;
    for (double x : v) c.push_back(kpi::Input::of(x));
    return i24_cells(std::move(c));
}

// [i24-q] mpmath quad at 30 digits with breakpoints (scipy quad agrees to 1e-14 where all sd > 0);
// loss = ∫ Φ_k (1 − Π_{j≠k} Φ_j).
const I24BestCase kI24Best[] = {
    {{10.5, 11.9, 11.2}, {4.2, 5.1, 4.8}, {120, 130, 125},
     {0.0042105273552386403, 0.86759578280986088, 0.12819368983490048},
     {1.440847118515417, 0.040847118515416643, 0.74084711851541771}},
    // Two arms: Φ(d/σ) and σ(φ(z) + zΦ(z)) in closed form give the same digits.
    {{50.2, 52.0}, {40.1, 41.3}, {5000, 5100},
     {0.013131344311105761, 0.98686865568889424}, {1.8037141740298634, 0.0037141740298662103}},
    // An arm with sd 0 (nobody bought: every value 0) is a point mass.
    {{0, 0.8, 1.0}, {0, 3, 2.5}, {100, 100, 100},
     {1.2131290926901761e-7, 0.30427383957263787, 0.69572603911445286},
     {1.0757885250786256, 0.27578852507862551, 0.075788525078625554}},
    // Very different spreads (a step-like Φ next to a wide one).
    {{100, 101, 99.5, 100.8}, {50, 1, 80, 10}, {1000, 1000, 1000, 1000},
     {0.20971732151939941, 0.39203700966463944, 0.24526931740693762, 0.15297635140902353},
     {1.6657115144546642, 0.6657115144546642, 2.1657115144546642, 0.86571151445466704}},
    // Only point masses, two tied at the top: they share the win.
    {{5, 5, 3}, {0, 0, 0}, {10, 10, 10}, {0.5, 0.5, 0.0}, {0.0, 0.0, 2.0}},
    // Seven close arms.
    {{1.00, 1.02, 1.01, 0.99, 1.03, 1.00, 0.98}, {2.0, 2.1, 1.9, 2.2, 2.0, 2.05, 1.95}, {20000, 20000, 20000, 20000, 20000, 20000, 20000},
     {0.024200557950136402, 0.26184180147719398, 0.08078800018541613, 0.0080626506120266046, 0.5983084226759966,
      0.026175757205669895, 0.00062280989356038727},
     {0.035283574113145174, 0.015283574113145156, 0.025283574113145165, 0.045283574113145183, 0.0052835741131451474,
      0.035283574113145174, 0.055283574113145192}},
};

TEST(AbProbBestMean, MatchesQuadratureReferences) {
    for (const auto& c : kI24Best) {
        const auto r = kpi::abprobbestmean(i24_from(c.means), i24_from(c.sds), i24_from(c.ns));
        EXPECT_TRUE(I24Vector(r, c.means.size(), 1, c.p, 1e-9));
        if (r) {
            double sum = 0.0;
            for (const auto& cell : r->cells) sum += cell.number;
            EXPECT_NEAR(sum, 1.0, 1e-15);
        }
    }
}

TEST(AbLossMean, MatchesQuadratureReferences) {
    for (const auto& c : kI24Best) {
        const auto r = kpi::ablossmean(i24_from(c.means), i24_from(c.sds), i24_from(c.ns));
        // Absolute, in the metric's unit: 1e-9 of the largest standard error at least.
        EXPECT_TRUE(I24Vector(r, c.means.size(), 1, c.loss, 1e-10));
    }
}

TEST(AbProbBestMean, ShapeBlanksAndPairing) {
    // A row in, a row out.
    EXPECT_TRUE(I24Vector(kpi::abprobbestmean(i24_row({50.2, 52.0}), i24_row({40.1, 41.3}), i24_row({5000, 5100})), 1, 2,
                          {0.013131344311105761, 0.98686865568889424}, 1e-9));
    // A header row and an unused arm (all three cells empty or text) give blanks in place, never a shift.
    const auto means = i24_cells({kpi::Input::of(u"mean"), kpi::Input::of(50.2), kpi::Input::empty_cell(), kpi::Input::of(52.0)});
    const auto sds = i24_cells({kpi::Input::of(u"sd"), kpi::Input::of(40.1), kpi::Input::empty_cell(), kpi::Input::of(41.3)});
    const auto ns = i24_cells({kpi::Input::of(u"n"), kpi::Input::of(5000), kpi::Input::of(u"-"), kpi::Input::of(5100)});
    EXPECT_TRUE(I24Vector(kpi::abprobbestmean(means, sds, ns), 4, 1, {kNaN, 0.013131344311105761, kNaN, 0.98686865568889424}, 1e-9));
    EXPECT_TRUE(I24Vector(kpi::ablossmean(means, sds, ns), 4, 1, {kNaN, 1.8037141740298634, kNaN, 0.0037141740298662103}, 1e-10));
    // A partly filled arm is an error, not a skipped arm.
    const auto partial = i24_cells({kpi::Input::of(5000), kpi::Input::empty_cell(), kpi::Input::of(u"-"), kpi::Input::of(5100)});
    EXPECT_ERROR(kpi::abprobbestmean(means, sds, partial), Errc::invalid_argument);
    const auto with_error = i24_cells({kpi::Input::of(u"n"), kpi::Input::of(5000), kpi::Input::failed(Errc::div_by_zero), kpi::Input::of(5100)});
    EXPECT_ERROR(kpi::ablossmean(means, sds, with_error), Errc::div_by_zero);
}

TEST(AbProbBestMean, Errors) {
    const auto m2 = i24_col({1, 2}), s2 = i24_col({1, 1}), n2 = i24_col({10, 10});
    EXPECT_ERROR(kpi::abprobbestmean(i24_col({1}), i24_col({1}), i24_col({10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestmean(m2, s2, i24_col({10, 10, 10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestmean(m2, i24_col({1, -1}), n2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestmean(m2, s2, i24_col({10, -10})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestmean(i24_col({1, kInf}), s2, n2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abprobbestmean(m2, s2, i24_col({10, 1})), Errc::div_by_zero);
    EXPECT_ERROR(kpi::ablossmean(m2, s2, i24_col({0, 10})), Errc::div_by_zero);
    // Means and spreads at the edge of the double range leave no finite window: #NUM!, never a hang.
    EXPECT_ERROR(kpi::abprobbestmean(i24_col({1e308, -1e308}), i24_col({1e308, 1e308}), n2), Errc::num);
    EXPECT_ERROR(kpi::ablossmean(i24_col({1e308, -1e308}), i24_col({1e308, 1e308}), n2), Errc::num);
    std::vector<double> many(21, 1.0);
    EXPECT_ERROR(kpi::ablossmean(i24_from(many), i24_from(many), i24_from(std::vector<double>(21, 10.0))),
                        Errc::invalid_argument);
}

TEST(AbProbBestMean, TwentyArmsAreFastAndAddUp) {
    std::vector<double> m, s, n;
    for (int i = 0; i < 20; ++i) {
        m.push_back(10.0 + 0.01 * i);
        s.push_back(5.0 + 0.2 * (i % 7));
        n.push_back(1e4 + 137.0 * i);
    }
    const auto t0 = std::chrono::steady_clock::now();
    const auto p = kpi::abprobbestmean(i24_from(m), i24_from(s), i24_from(n));
    const auto l = kpi::ablossmean(i24_from(m), i24_from(s), i24_from(n));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(p && l);
    double sum = 0.0;
    for (const auto& c : p->cells) sum += c.number;
    EXPECT_NEAR(sum, 1.0, 1e-15);
    // Losses differ by exactly the differences of the means (E[max] is common to all arms).
    for (int i = 1; i < 20; ++i) EXPECT_NEAR(l->cells[i].number - l->cells[0].number, m[0] - m[i], 1e-10);
    std::cout << "[ time ] 20 arms, both functions: " << ms << " ms\n";
}

// ---------------------------------------------------------------- ABCUPED

const std::vector<double> kI24Ya{14.0, 17.0, 10.5, 23.5, 15.0, 12.0, 21.0, 9.0, 18.5, 14.5};
const std::vector<double> kI24Xa{12.0, 15.5, 9.0, 20.0, 14.0, 11.5, 18.0, 7.5, 16.0, 13.0};
const std::vector<double> kI24Yb{13.0, 21.0, 16.5, 10.0, 23.0, 18.5, 15.0, 19.5, 13.5, 17.0, 12.0, 22.5};
const std::vector<double> kI24Xb{10.0, 17.5, 13.0, 8.0, 19.0, 15.0, 12.5, 16.5, 11.0, 14.0, 9.5, 18.0};

std::vector<double> i24_plus(std::vector<double> v, double c) {
    for (double& x : v) x += c;
    return v;
}

TEST(AbCuped, MatchesNumpy) {
    // [i24-np] the definition with numpy (θ = 1.1668769587691803).
    EXPECT_TRUE(I24Row(kpi::abcuped(i24_from(kI24Ya), i24_from(kI24Xa), i24_from(kI24Yb), i24_from(kI24Xb), 0.95),
                       {1.272218717353848, 0.8181515793583467, 1.7262858553493492, 3.9856823374394555e-08,
                        0.9850280978053672},
                       1e-12));
    EXPECT_TRUE(I24Row(kpi::abcuped(i24_from(kI24Ya), i24_from(kI24Xa), i24_from(kI24Yb), i24_from(kI24Xb), 0.9),
                       {1.272218717353848, 0.8911535627374256, 1.6532838719702703, 3.9856823374394555e-08,
                        0.9850280978053672},
                       1e-12));
    // [i24-sm] equal pre-period means: statsmodels OLS y ~ treatment + (x − x̄) gives the same difference, 0.6
    // (with unequal means OLS's within-arm slope differs: 1.2722256215861385 for the data above).
    EXPECT_TRUE(I24Row(kpi::abcuped(i24_col({2, 3, 5, 4, 6}), i24_col({1, 2, 3, 4, 5}), i24_col({4, 5, 5, 2, 7}),
                                    i24_col({2, 4, 3, 1, 5}), 0.95),
                       {0.6, -0.18398559381602198, 1.3839855938160213, 0.13361440253771634, 0.8620689655172413}, 1e-12));
}

TEST(AbCuped, MoneyWithALargeOffsetKeepsItsDigits) {
    // 1e9 added to every value changes neither θ, the difference nor any variance: the answer above.
    // (numpy's own float64 evaluation of the shifted data drifts by 1e-8 in the difference.)
    EXPECT_TRUE(I24Row(kpi::abcuped(i24_from(i24_plus(kI24Ya, 1e9)), i24_from(i24_plus(kI24Xa, 1e9)),
                                    i24_from(i24_plus(kI24Yb, 1e9)), i24_from(i24_plus(kI24Xb, 1e9)), 0.95),
                       {1.272218717353848, 0.8181515793583467, 1.7262858553493492, 3.9856823374394555e-08,
                        0.9850280978053672},
                       1e-9));
}

TEST(AbCuped, ConstantPrePeriodMeansNoAdjustment) {
    // [i24-np] θ = 0: the plain normal-approximation difference of the means, variance reduction 0.
    EXPECT_TRUE(I24Row(kpi::abcuped(i24_from(kI24Ya), i24_from(std::vector<double>(10, 5.0)), i24_from(kI24Yb),
                                    i24_from(std::vector<double>(12, 5.0)), 0.95),
                       {1.2916666666666679, -2.4192532428440905, 5.002586576177427, 0.49510728396365256, 0.0}, 1e-12));
}

TEST(AbCuped, SkipsPairsWithAnEmptyOrTextSide) {
    // The data of MatchesNumpy with a header, a row missing its pre value and an empty row in arm A.
    std::vector<kpi::Input> ya{kpi::Input::of(u"revenue")}, xa{kpi::Input::of(u"pre")};
    for (std::size_t i = 0; i < kI24Ya.size(); ++i) {
        ya.push_back(kpi::Input::of(kI24Ya[i]));
        xa.push_back(kpi::Input::of(kI24Xa[i]));
    }
    ya.push_back(kpi::Input::of(99.0));
    xa.push_back(kpi::Input::empty_cell());
    ya.push_back(kpi::Input::empty_cell());
    xa.push_back(kpi::Input::empty_cell());
    EXPECT_TRUE(I24Row(kpi::abcuped(i24_cells(ya), i24_cells(xa), i24_from(kI24Yb), i24_from(kI24Xb), 0.95),
                       {1.272218717353848, 0.8181515793583467, 1.7262858553493492, 3.9856823374394555e-08,
                        0.9850280978053672},
                       1e-12));
}

TEST(AbCuped, Errors) {
    const auto y = i24_col({1, 2, 3}), x = i24_col({1, 3, 2});
    EXPECT_ERROR(kpi::abcuped(y, i24_col({1, 2}), y, x, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abcuped(y, x, y, x, 1.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abcuped(y, x, y, x, 0.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abcuped(i24_col({1}), i24_col({1}), y, x, 0.95), Errc::div_by_zero);
    EXPECT_ERROR(kpi::abcuped(i24_col({4, 4}), i24_col({1, 1}), i24_col({4, 4}), i24_col({1, 1}), 0.95),
                        Errc::div_by_zero);
    EXPECT_ERROR(kpi::abcuped(i24_col({1, kNaN, 3}), x, y, x, 0.95), Errc::invalid_argument);
    EXPECT_ERROR(kpi::abcuped(i24_cells({kpi::Input::of(1.0), kpi::Input::failed(Errc::num), kpi::Input::of(3.0)}), x,
                                     y, x, 0.95),
                        Errc::num);
}

TEST(AbCuped, MillionRowsPerArm) {
    // Speed of the two passes; the result is the same as the small data repeated (θ, means and variances
    // scale exactly, the standard error shrinks by √(n ratio)).
    constexpr std::size_t kReps = 100000;
    std::vector<kpi::Input> ya, xa, yb, xb;
    ya.reserve(kReps * 10);
    xa.reserve(kReps * 10);
    yb.reserve(kReps * 12);
    xb.reserve(kReps * 12);
    for (std::size_t r = 0; r < kReps; ++r) {
        for (std::size_t i = 0; i < 10; ++i) ya.push_back(kpi::Input::of(kI24Ya[i])), xa.push_back(kpi::Input::of(kI24Xa[i]));
        for (std::size_t i = 0; i < 12; ++i) yb.push_back(kpi::Input::of(kI24Yb[i])), xb.push_back(kpi::Input::of(kI24Xb[i]));
    }
    const auto mya = i24_cells(std::move(ya)), mxa = i24_cells(std::move(xa)), myb = i24_cells(std::move(yb)),
               mxb = i24_cells(std::move(xb));
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = kpi::abcuped(mya, mxa, myb, mxb, 0.95);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->at(0, 0).number, 1.272218717353848, 1e-9);
    std::cout << "[ time ] ABCUPED over 1,000,000 + 1,200,000 rows: " << ms << " ms\n";
}

}  // namespace
