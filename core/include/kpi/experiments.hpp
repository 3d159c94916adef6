// Experiments: A/B-test statistics (reference: "Experiments (A/B tests)"; A = control, B = variant).
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

#include <cstddef>
#include <optional>
#include <string_view>

#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {

// (conv_b/n_b) / (conv_a/n_a) - 1. conv_a = 0 → #DIV/0!.
Result<double> ablift(double conv_a, double n_a, double conv_b, double n_b) noexcept;

// p-value of the pooled two-proportion z-test (the z of abzscore).
// tails = 2: 2·(1 − Φ(|z|)); tails = 1: the one-tailed p-value in the direction
// of the observed difference, 1 − Φ(|z|) (half the two-tailed one, as Calc's
// TTEST does). tails must be exactly 1 or 2, else Err:502.
// Degenerate: a pooled rate of 0 or 1 (no conversions at all, or every visitor
// converted, in both arms) gives a zero standard error → #DIV/0!.
Result<double> abpvalue(double conv_a, double n_a, double conv_b, double n_b, double tails) noexcept;

// Pooled z for B − A: (p_b − p_a) / sqrt(p(1−p)(1/n_a + 1/n_b)), p pooled.
// Pooled rate 0 or 1 → #DIV/0! (as abpvalue).
Result<double> abzscore(double conv_a, double n_a, double conv_b, double n_b) noexcept;

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
                            double power, bool relative) noexcept;

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
Result<double> abprobbest(double conv_a, double n_a, double conv_b, double n_b) noexcept;

// Expected loss of choosing an arm (Chris Stucchio's closed form, Beta(1, 1)
// priors): choice "b" → E[max(p_a − p_b, 0)], choice "a" → E[max(p_b − p_a, 0)].
//   E[max(p_a − p_b, 0)] = m_a·P(Beta(α_a+1, β_a) > p_b) − m_b·P(p_a > Beta(α_b+1, β_b))
// with the probabilities computed exactly as in abprobbest (both tails of each
// sum are kept, so there is no 1 − P cancellation): absolute error < 3e-17
// measured on the same cases. Same size rule; above it the normal
// approximation E[max(D, 0)] = σ·(φ(μ/σ) + (μ/σ)·Φ(μ/σ)), measured absolute
// error < 1e-15 there (the loss is itself of the order of σ ≈ 1e-5).
// choice is case-insensitive; other text → Err:502.
Result<double> abloss(double conv_a, double n_a, double conv_b, double n_b, std::string_view choice) noexcept;

// Chi-square goodness-of-fit p-value (1 degree of freedom) for a sample-ratio
// mismatch: χ² = (n_a − N s)² / (N s (1 − s)), N = n_a + n_b, s = expected_share_a
// in (0, 1) (else Err:502). N = 0 → #DIV/0!.
Result<double> srmpvalue(double n_a, double n_b, double expected_share_a) noexcept;

// The size rule of abprobbest/abloss (see abprobbest).
inline constexpr double kBayesExactTerms = 2.0e6;

// ---------------------------------------------------------------------------
// Many arms, means and multiple comparisons (issue 12).

// ABMDE: the smallest upward effect that n_per_arm visitors per arm detect, the
// exact inverse of absamplesize: absamplesize(p, abmde(p, n, …), …) = n. It is
// the smallest root δ > 0 of δ·√n = z_{1−α/2}·√(2 p1 q1) + z_{power}·√(p1 q1 + p2 q2),
// p2 = p1 + δ (bracketed on a grid of [0, 1 − p1], then bisected to the last
// bit); returned as δ, or δ / p1 when `relative`. baseline_rate in (0, 1),
// alpha and power in (0, 1) (Err:502); n_per_arm must be finite and > 0
// (negative → Err:502, 0 → #DIV/0!). No effect up to a 100 % target rate is
// detectable with that sample → #NUM!. If power is so low that any sample
// reaches it (z_{1−α/2} + z_{power} ≤ 0) the result is 0.
Result<double> abmde(double baseline_rate, double n_per_arm, double alpha, double power, bool relative) noexcept;

// ABTTEST: p-value of Welch's two-sample t-test from summary statistics, as
// scipy.stats.ttest_ind_from_stats(equal_var=False): sd are sample standard
// deviations (n − 1 denominator), t = (mean_b − mean_a) / √(sd_a²/n_a + sd_b²/n_b),
// Welch–Satterthwaite degrees of freedom, Student t from Boost.Math.
// tails = 2: two-sided; tails = 1: one-sided in the direction of the observed
// difference (half the two-sided value, as abpvalue). Means finite, sd finite
// and ≥ 0, n finite and ≥ 0 (else Err:502); an arm with n ≤ 1 (no sample
// variance) or both sd 0 → #DIV/0!.
Result<double> abttest(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b,
                       double tails) noexcept;

// ABMEANCI: {low, high} (1×2) for mean_b − mean_a (Welch: diff ± t_{df}·se), or
// with `relative` for the lift mean_b / mean_a − 1 by the delta method:
//   Var(R) ≈ (sd_b²/n_b) / mean_a² + mean_b²·(sd_a²/n_a) / mean_a⁴,
// with the Satterthwaite degrees of freedom of those two terms. Checks as
// abttest; confidence in (0, 1); relative with mean_a = 0 → #DIV/0!.
Result<Table> abmeanci(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b,
                       double confidence, bool relative);

// ABPROBBESTN: P(arm i has the highest rate) for 2–20 arms, Beta(1, 1) priors:
//   P_i = ∫ f_i(x) Π_{j≠i} F_j(x) dx
// by adaptive Gauss–Kronrod quadrature over the part of [0, 1] holding all but
// 1e-15 of arm i's posterior, split where another arm's posterior begins, peaks
// and ends (so every piece is smooth); the values are then divided by their sum
// (which differs from 1 by the quadrature error only). One value per arm, laid
// out like `conversions`. Measured: within 6e-8 of the exact two-arm value
// (abprobbest) for up to 1e10 visitors per arm, within 1e-9 of mpmath/scipy
// quadrature references; 1e9 visitors × 3 arms take ~10 ms. An arm whose two
// Beta parameters both exceed 1e10 (beyond Boost's accurate range) is replaced
// by the normal with its mean and variance (skewness < 2e-5; measured error
// < 1e-9 against abprobbest from 1e11 to 1e18 visitors). Counts as abprobbest (whole numbers, ≤ visitors).
// conversions and visitors pair cell by cell (kpi/pairs.hpp): a position where
// both are empty or text (a header, an empty arm) is no arm and its result cell
// is blank; a number beside an empty or text cell, or ranges of different
// shapes → Err:502. The result has the shape of `conversions`, each arm's value
// in its arm's cell. 2 to 20 arms, else Err:502; an arm with 0 visitors →
// #DIV/0!; a piece that does not converge within the depth bound → Err:523.
Result<Table> abprobbestn(const MixedRange& conversions, const MixedRange& visitors);

// ABCHISQ: p-value of Pearson's chi-square test of homogeneity on the k × 2
// table (conversions, non-conversions) of 2–20 arms, no continuity correction
// (scipy.stats.chi2_contingency(correction=False)); k − 1 degrees of freedom.
// For two arms it equals abpvalue(…, 2). Counts as abpvalue (finite, ≥ 0,
// conversions ≤ visitors). The ranges pair cell by cell as in abprobbestn
// (blank pairs skipped, a half-filled pair or different shapes → Err:502);
// fewer than 2 or more than 20 arms → Err:502; an arm with 0 visitors, or a
// pooled rate of 0 or 1 → #DIV/0!.
Result<double> abchisq(const MixedRange& conversions, const MixedRange& visitors) noexcept;

// SRMPVALUEN: chi-square goodness-of-fit p-value (k − 1 degrees of freedom) of
// the visitors of 2–20 arms against expected shares (default: equal). The shares
// are divided by their sum, so 50;50 or 1;1;2 work as well as fractions; each
// must be finite and > 0 (else Err:502). Without shares, the numbers of
// `visitors` are the arms (empty and text cells skipped); with shares the two
// ranges pair cell by cell as in abprobbestn (a visitor count without a share,
// a share without a count, or different shapes → Err:502). A single empty or 0
// cell as expected_shares means omitted (Calc passes an empty cell as 0).
// No visitors → #DIV/0!. For two arms it equals srmpvalue(n_a, n_b, share_a).
Result<double> srmpvaluen(const MixedRange& visitors, const std::optional<MixedRange>& expected_shares) noexcept;

// PADJUST: adjusted p-values, statsmodels multipletests: "bonferroni" min(1, m·p);
// "holm" step-down max_{j ≤ i} min(1, (m − j + 1)·p_(j)); "bh" Benjamini–Hochberg
// step-up min_{j ≥ i} min(1, m/j·p_(j)); m = number of p-values. Same shape as
// the input, cell for cell; empty and text cells stay empty and are not counted.
// A p-value outside [0, 1] or an unknown method → Err:502; an error cell is
// returned as the result; no p-value at all → #N/A.
Result<Table> padjust(const MixedRange& p_values, std::string_view method);

// Bounds of the many-arm functions.
inline constexpr std::size_t kMaxArms = 20;

// ---------------------------------------------------------------------------
// Revenue and other means, looking every day, variance reduction (issue 24).
//
// Common rules: a mean is any finite number; a standard deviation, a size
// (n), a planned total must be finite and ≥ 0 (else Err:502); a size below 2
// where a sample variance is needed → #DIV/0!; confidence, alpha and power in
// (0, 1) (else Err:502).

// MEANSD: {mean, sd} (1×2) of n values from their sum and sum of squares
// (the export of a warehouse): sum / n and √((sum_of_squares − sum²/n) / (n − 1)).
// The subtraction is done in long double; a variance below 0 by more than
// 1e-9 of sum_of_squares (no data gives that) → Err:502, within it (rounding
// of a constant metric) → sd 0. n < 2 → #DIV/0!; n negative, sum or
// sum_of_squares not finite, sum_of_squares < 0 → Err:502.
Result<Table> meansd(double n, double sum, double sum_of_squares);

// ABSAMPLESIZEMEAN: visitors per arm to detect an effect δ on a mean with a
// two-sided test, normal approximation, unrounded:
//   n = 2·(z_{1−α/2} + z_{power})²·sd² / δ²,  δ = min_detectable_effect, or
//   δ = min_detectable_effect·mean when `relative` (sign ignored).
// The textbook formula ignores the far tail of the two-sided test (rejections
// in the wrong direction); statsmodels' NormalIndPower.solve_power counts them
// and gives a slightly smaller n (2.4e-6 smaller at α = 0.05, power 0.8; 0.15 %
// at α = 0.1, power 0.5; see tests/unit/test_experiments.cpp). δ = 0 → #DIV/0!; sd = 0
// needs no visitors (0); power so low that z_{1−α/2} + z_{power} ≤ 0 → 0 (any
// sample reaches it, as absamplesize).
Result<double> absamplesizemean(double mean, double sd, double min_detectable_effect, double alpha, double power,
                                bool relative) noexcept;

// ABMDEMEAN: the inverse, (z_{1−α/2} + z_{power})·sd·√(2 / n_per_arm), divided
// by |mean| when `relative` (an effect size is positive; mean 0 → #DIV/0!).
// n_per_arm negative → Err:502, 0 → #DIV/0!; z_{1−α/2} + z_{power} ≤ 0 → 0.
Result<double> abmdemean(double mean, double sd, double n_per_arm, double alpha, double power,
                         bool relative) noexcept;

// Sequential tests: the asymptotic confidence sequence of Waudby-Smith,
// Arbour, Sinha, Kennedy & Ramdas (2023), as GrowthBook's gbstats computes it
// (two-sided). For an estimate d with variance V after n = n_a + n_b
// observations, planned total N* (> 0, finite, else Err:502), α = 1 − confidence:
//   ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*),
//   half-width = √(n·V) · √(2(nρ² + 1) / (n²ρ²) · ln(√(nρ² + 1) / α)).
// The interval {d − half-width, d + half-width} holds the true difference at
// every look with probability ≥ confidence (asymptotically), so a test may be
// checked daily. V = 0 (every rate 0 or 1, or both sd 0) → #DIV/0!.

// ABSEQCI: {low, high} (1×2) for p_b − p_a, V = p_a(1−p_a)/n_a + p_b(1−p_b)/n_b.
// Counts as abci (finite, ≥ 0, conversions ≤ visitors; an arm with 0 visitors → #DIV/0!).
Result<Table> abseqci(double conv_a, double n_a, double conv_b, double n_b, double planned_total,
                      double confidence);

// ABSEQPVALUE: the always-valid p-value min(1, 1/E) with the e-value
//   E = exp(ρ²·n·d² / (2V(nρ² + 1))) / √(nρ² + 1)
// (gbstats, eq. 155 of the paper), d = p_b − p_a, computed as exp(−ln E) so a
// huge E gives a tiny p, never an overflow. It is below α exactly when
// abseqci at that confidence excludes 0.
Result<double> abseqpvalue(double conv_a, double n_a, double conv_b, double n_b, double planned_total,
                           double confidence) noexcept;

// ABSEQMEANCI: {low, high} (1×2) for mean_b − mean_a, V = sd_a²/n_a + sd_b²/n_b.
// n < 2 in an arm → #DIV/0! (a standard deviation needs two observations).
Result<Table> abseqmeanci(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b,
                          double planned_total, double confidence);

// ABPROBBESTMEAN / ABLOSSMEAN over 2–20 arms given by (mean, sd, n) triples:
// each arm's true mean ~ Normal(mean, sd²/n) (flat prior, normal likelihood).
// The three ranges pair cell by cell by position (they must have the same
// number of cells, else Err:502): a triple whose three cells are all empty or
// text (a header row, an unused arm) is no arm and gets a blank result cell in
// its place; a partly filled triple → Err:502; an error cell → that error.
// The result has the shape of `means`. Fewer than 2 or more than 20 arms →
// Err:502; n < 2 → #DIV/0!; a mean not finite, sd or n negative → Err:502.
// An arm with sd = 0 is a point mass at its mean (all its values were equal):
// it is handled exactly (ties between point masses share their probability).
//
// ABPROBBESTMEAN: P_k = ∫ φ_k(x) Π_{j≠k} Φ_j(x) dx over m_k ± 12 σ_k, by
// 31-point Gauss–Kronrod rules (Boost.Math) on pieces split at m_k ± 0, 2, 6 σ_k,
// at every arm's mean and, for an arm much narrower than σ_k, at its ± 0.5, 2,
// 6 σ_j; a piece is halved until its error estimate is within its share of
// 1e-12 (at most 20,000 pieces, else Err:523). The values are divided by their
// sum (which differs from 1 by the quadrature error only). Measured: within
// 1e-9 of mpmath references (six cases, point masses included); 20 arms,
// both functions, ~20–60 ms.
Result<Table> abprobbestmean(const MixedRange& means, const MixedRange& sds, const MixedRange& ns);

// ABLOSSMEAN: the expected loss E[max_j μ_j − μ_k] of choosing arm k, in the
// metric's unit. Exchanging E over μ_k with ∫ P(max_{j≠k} μ_j > x) dx over
// x > μ_k gives the positive integral ∫ Φ_k(x)·(1 − Π_{j≠k} Φ_j(x)) dx
// (1 − Π from the upper tails: a clear winner's tiny loss keeps its digits, no
// difference of large numbers); same pieces, over m_k − 12 σ_k to the highest
// other m_j + 12 σ_j, tolerance 1e-12 × the larger of the widest σ and that
// range. Measured within 1e-10 of mpmath references.
Result<Table> ablossmean(const MixedRange& means, const MixedRange& sds, const MixedRange& ns);

// ABCUPED: CUPED (Deng et al. 2013) with one θ pooled over both arms.
// metric_a / pre_a and metric_b / pre_b pair cell by cell (each pair of
// ranges must have the same number of cells, else Err:502); a pair with an
// empty or text cell on either side is skipped; an error cell → that error.
//   θ = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)² over both arms (x̄, ȳ pooled; θ = 0 when
//   Σ(x − x̄)² = 0), ỹ_k = ȳ_k − θ(x̄_k − x̄), Var(ỹ_k) = s²_k(y − θx) / n_k,
//   difference ỹ_b − ỹ_a ± z·se, se = √(Var(ỹ_a) + Var(ỹ_b)), two-sided
//   normal p-value, variance reduction 1 − se² / (s²_a(y)/n_a + s²_b(y)/n_b).
// Returns {difference, low, high, p-value, variance reduction} (1×5). Two
// passes over the data (sums, then sums of products about each arm's means),
// compensated. Fewer than 2 pairs in an arm, or se = 0 → #DIV/0!; the
// reduction cell alone is #DIV/0! when the metric does not vary at all.
// Numbers must be finite (Err:502); confidence in (0, 1).
Result<Table> abcuped(const MixedRange& metric_a, const MixedRange& pre_a, const MixedRange& metric_b,
                      const MixedRange& pre_b, double confidence);

}  // namespace kpi
