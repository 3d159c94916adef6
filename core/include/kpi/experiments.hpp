// Experiments: A/B-test statistics (spec section 7; A = control, B = variant).
//
// Common rules for every function below:
// - Counts (conversions, visitors) must be finite and >= 0, and conversions
//   may not exceed visitors, else Errc::invalid_argument (Err:502).
// - An arm with 0 visitors is Errc::div_by_zero (#DIV/0!), also for the
//   Bayesian functions: a posterior made of the prior alone is not a result.
// - Non-integer counts: the normal-theory functions (ABLIFT, ABPVALUE,
//   ABZSCORE, ABCI, ABLIFTCI, WILSONCI, SRMPVALUE) take them as given
//   (weighted or scaled counts). The exact Bayesian functions (ABPROBBEST,
//   ABLOSS) need whole numbers: a count within a relative 1e-9 of a whole
//   number (floating-point noise, e.g. 29%*100) is rounded to it, anything
//   else is Err:502.
// - Non-finite results are Errc::num (#NUM!). Nothing here throws.
#pragma once

#include <string_view>

#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {

// (conv_b/n_b) / (conv_a/n_a) - 1. conv_a = 0 → #DIV/0!.
Result<double> ablift(double conv_a, double n_a, double conv_b, double n_b);

// p-value of the pooled two-proportion z-test (the z of abzscore).
// tails = 2: 2·(1 − Φ(|z|)); tails = 1: the one-tailed p-value in the direction
// of the observed difference, 1 − Φ(|z|) (half the two-tailed one, as Calc's
// TTEST does). tails must be exactly 1 or 2, else Err:502.
// Degenerate: a pooled rate of 0 or 1 (no conversions at all, or every visitor
// converted, in both arms) gives a zero standard error → #DIV/0!.
Result<double> abpvalue(double conv_a, double n_a, double conv_b, double n_b, double tails);

// Pooled z for B − A: (p_b − p_a) / sqrt(p(1−p)(1/n_a + 1/n_b)), p pooled.
// Pooled rate 0 or 1 → #DIV/0! (as abpvalue).
Result<double> abzscore(double conv_a, double n_a, double conv_b, double n_b);

// {low, high} (1×2) for p_b − p_a at `confidence` (in (0, 1)).
// method "newcombe": Newcombe's hybrid score interval (1998, method 10) built
// from the two Wilson intervals; always inside [−1, 1], well-defined at 0 and
// 100 % conversion. method "wald": p_b − p_a ± z·sqrt(p_a q_a/n_a + p_b q_b/n_b),
// not clamped, zero width when both rates are 0 or 1. Other text → Err:502.
Result<Table> abci(double conv_a, double n_a, double conv_b, double n_b, double confidence,
                   std::string_view method);

// {low, high} (1×2) for the relative lift p_b/p_a − 1, delta method on the
// ratio: Var(R) ≈ p_b q_b/(n_b p_a²) + p_b² q_a/(n_a p_a³); lift ± z·sqrt(Var).
// Symmetric and not clamped (with tiny samples the low end can fall below −1).
// conv_a = 0 → #DIV/0!. conv_b = 0 gives {−1, −1}.
Result<Table> abliftci(double conv_a, double n_a, double conv_b, double n_b, double confidence);

// Wilson score interval {low, high} (1×2) for successes/trials, no continuity
// correction. 0 successes → low = 0 exactly; successes = trials → high = 1.
Result<Table> wilsonci(double successes, double trials, double confidence);

// Visitors per arm for a two-sided test (unrounded), Evan Miller's formula:
//   n = (z_{1−α/2}·sqrt(2 p1 q1) + z_{power}·sqrt(p1 q1 + p2 q2))² / (p2 − p1)²
// p1 = baseline_rate (must be in (0, 1): a 0 % or 100 % baseline has no
// variance to test against), p2 = p1 + mde, or p1·(1 + mde) when `relative`;
// p2 must lie in [0, 1] (Err:502); mde = 0 → #DIV/0!. alpha, power in (0, 1).
// If power is so low that z_{1−α/2}·sqrt(2 p1 q1) + z_{power}·sqrt(p1 q1 + p2 q2)
// ≤ 0, any sample reaches it and the result is 0.
Result<double> absamplesize(double baseline_rate, double min_detectable_effect, double alpha,
                            double power, bool relative);

// Bayesian P(p_b > p_a) with Beta(1, 1) priors, posteriors Beta(conv+1, n−conv+1).
// Exact: for whole-number parameters P(p_b > p_a) is a beta-binomial CDF,
//   P(Y ≤ conv_b),  Y ~ BetaBinomial(n_b + 1, conv_a + 1, n_a − conv_a + 1)
// (Evan Miller's closed form rewritten over a finite support; the mirrored form
// over arm A is used when it is narrower). The pmf is log-concave, so it is
// summed outward from its mode with the exact ratio of consecutive terms, in
// long double, and normalised by its total mass: no log-gamma anchor, no
// cancellation; a rigorous geometric tail bound stops each side once the rest
// is below 1e-19 of the total. Measured against 50-digit mpmath references
// (Evan Miller's sum with every term from loggamma, and quadrature): absolute
// error < 6e-17 — the rounding of the double result — on 15 cases from 1 to
// 3.18e9 visitors per arm (tests/unit/test_experiments.cpp).
//
// Bounded time and the approximation threshold: the exact sum is used while the
// narrower of the two beta-binomials needs at most kBayesExactTerms terms
// (2,000,000; estimated as its whole support or 50 standard deviations). This
// always holds when either arm has at most 3.19e9 visitors (the variance is
// then below (n + 1)/2); the worst exact case takes ~10 ms. Beyond it (both
// arms above ~3.2e9 visitors) and for counts above 2^53, the Beta posteriors are
// replaced by normals with the same means and variances:
//   P ≈ Φ((m_b − m_a) / sqrt(v_a + v_b)).
// Error bound: the branch is only reached with variances of both
// beta-binomials above 1.6e9, which — unless P is within 1e-13 of 0 or 1 —
// needs every conversion and non-conversion count above ~8e8, so each
// posterior's skewness is below 2/sqrt(8e8) ≈ 7e-5 and the first Edgeworth term
// bounds the error by 0.0665·7e-5 < 5e-6. Measured against quadrature: 2.85e-6
// in the worst case constructed (0.1 % rates, one arm 10× larger: 1.6e10/1.6e13
// vs 1.6e9/1.6e12); about 1e-11 when the arms have equal sizes (the skewness
// cancels).
Result<double> abprobbest(double conv_a, double n_a, double conv_b, double n_b);

// Expected loss of choosing an arm (Chris Stucchio's closed form, Beta(1, 1)
// priors): choice "b" → E[max(p_a − p_b, 0)], choice "a" → E[max(p_b − p_a, 0)].
//   E[max(p_a − p_b, 0)] = m_a·P(Beta(α_a+1, β_a) > p_b) − m_b·P(p_a > Beta(α_b+1, β_b))
// with the probabilities computed exactly as in abprobbest (both tails of each
// sum are kept, so there is no 1 − P cancellation): absolute error < 3e-17
// measured on the same cases. Same size rule; above it the normal
// approximation E[max(D, 0)] = σ·(φ(μ/σ) + (μ/σ)·Φ(μ/σ)), measured absolute
// error < 1e-15 there (the loss is itself of the order of σ ≈ 1e-5).
// choice is case-insensitive; other text → Err:502.
Result<double> abloss(double conv_a, double n_a, double conv_b, double n_b, std::string_view choice);

// Chi-square goodness-of-fit p-value (1 degree of freedom) for a sample-ratio
// mismatch: χ² = (n_a − N s)² / (N s (1 − s)), N = n_a + n_b, s = expected_share_a
// in (0, 1) (else Err:502). N = 0 → #DIV/0!.
Result<double> srmpvalue(double n_a, double n_b, double expected_share_a);

// The size rule of abprobbest/abloss, exposed for tests and benchmarks.
inline constexpr double kBayesExactTerms = 2.0e6;

}  // namespace kpi
