// Experiments: A/B-test statistics. See kpi/experiments.hpp for the contract
// and the decisions on degenerate input.
#include "kpi/experiments.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/complement.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/policies/policy.hpp>

#include "kpi/validate.hpp"

namespace kpi {
namespace {

// Boost.Math must never throw here: every error is ignored and surfaces as a
// NaN/inf, which the callers turn into Errc values (finite() etc.).
namespace bmp = boost::math::policies;
using Policy = bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::pole_error<bmp::ignore_error>,
                           bmp::overflow_error<bmp::ignore_error>, bmp::underflow_error<bmp::ignore_error>,
                           bmp::denorm_error<bmp::ignore_error>, bmp::evaluation_error<bmp::ignore_error>,
                           bmp::rounding_error<bmp::ignore_error>,
                           bmp::indeterminate_result_error<bmp::ignore_error>,
                           // Double-precision approximations are accurate to a few ulp;
                           // promoting to long double made ABPVALUE 4x slower per call.
                           bmp::promote_double<false>>;
using Normal = boost::math::normal_distribution<double, Policy>;
using ChiSquared = boost::math::chi_squared_distribution<double, Policy>;

// The exact Bayesian sums and the overflow-free intermediates rely on the x87
// 80-bit (or wider) long double: 64-bit mantissa, exponent range to 1e4932.
static_assert(std::numeric_limits<long double>::digits >= 64 &&
                  std::numeric_limits<long double>::max_exponent10 >= 4900,
              "experiments.cpp needs an extended-precision long double");
using ld = long double;

// Upper-tail probability 1 − Φ(z), exact in the far tail (no 1 − x). Boost's
// normal cdf maps ±inf to 0/1 itself.
double normal_sf(double z) { return boost::math::cdf(boost::math::complement(Normal(), z)); }
double normal_cdf(double z) { return boost::math::cdf(Normal(), z); }

// z_{1 − (1 − c)/2}: the two-sided critical value for confidence c ∈ (0, 1).
double z_two_sided(double confidence) {
    return boost::math::quantile(boost::math::complement(Normal(), (1.0 - confidence) / 2.0));
}

// One arm: conversions out of visitors.
Errc check_arm(double conv, double n) noexcept {
    if (!is_count(conv) || !is_count(n) || conv > n) return Errc::invalid_argument;
    return Errc::ok;
}

// Both arms valid (Err:502 first, whichever arm), then both non-empty (#DIV/0!).
Errc check_arms(double conv_a, double n_a, double conv_b, double n_b) noexcept {
    if (Errc e = check_arm(conv_a, n_a); e != Errc::ok) return e;
    if (Errc e = check_arm(conv_b, n_b); e != Errc::ok) return e;
    if (n_a == 0.0 || n_b == 0.0) return Errc::div_by_zero;
    return Errc::ok;
}

Result<Table> pair(ld low, ld high) {
    const auto lo = static_cast<double>(low);
    const auto hi = static_cast<double>(high);
    if (!std::isfinite(lo) || !std::isfinite(hi)) return Errc::num;
    Table t(1, 2);
    t.at(0, 0) = Cell::of(lo);
    t.at(0, 1) = Cell::of(hi);
    return t;
}

// Pooled z for B − A, in long double so that n_a + n_b, 1/n and the products
// never overflow or underflow for any finite double input.
Result<double> pooled_z(double conv_a, double n_a, double conv_b, double n_b) {
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    const ld pa = ld(conv_a) / ld(n_a);
    const ld pb = ld(conv_b) / ld(n_b);
    const ld pool = (ld(conv_a) + ld(conv_b)) / (ld(n_a) + ld(n_b));
    const ld pq = pool * (1.0L - pool);
    // Degenerate: pooled rate 0 or 1 → both arms identical, zero standard error.
    if (!(pq > 0.0L)) return Errc::div_by_zero;
    const ld se = std::sqrt(pq * (1.0L / ld(n_a) + 1.0L / ld(n_b)));
    return finite(static_cast<double>((pb - pa) / se));
}

// Wilson score interval for x successes out of n > 0 trials (0 <= x <= n).
// The low end uses the cancellation-free form low = x² / (n·D·(c + h)), which
// equals c − h algebraically (c = centre, h = half-width, D = n + z²).
struct Interval {
    ld low;
    ld high;
};
Interval wilson(ld x, ld n, ld z) {
    const ld z2 = z * z;
    const ld den = n + z2;
    const ld p = x / n;
    const ld q = (n - x) / n;
    const ld centre = (x + z2 / 2.0L) / den;
    const ld half = z * std::sqrt(n * p * q + z2 / 4.0L) / den;
    ld low = x * x / (n * den * (centre + half));
    if (!std::isfinite(low)) low = centre - half;  // only if x² overflowed a huge n
    ld high = centre + half;
    low = std::clamp(low, 0.0L, 1.0L);
    high = std::clamp(high, 0.0L, 1.0L);
    if (x == 0.0L) low = 0.0L;
    if (x == n) high = 1.0L;
    return {low, high};
}

// ---------------------------------------------------------------------------
// Exact Beta–Beta comparisons.
//
// For X1 ~ Beta(a1, b1), X2 ~ Beta(a2, b2) with whole-number parameters,
//   P(X2 > X1) = P(Y ≤ a2 − 1),  Y ~ BetaBinomial(a2 + b2 − 1, a1, b1),
// because 1 − I_x(a2, b2) = P(Binomial(a2 + b2 − 1, x) ≤ a2 − 1) for whole a2,
// b2, averaged over x ~ Beta(a1, b1). (Equivalent to Evan Miller's sum, but
// over a finite-support pmf whose total is known to be 1.) By symmetry also
//   P(X2 > X1) = P(Y' ≥ a1),     Y' ~ BetaBinomial(a1 + b1 − 1, a2, b2).
// ---------------------------------------------------------------------------

constexpr ld kTailEps = 1e-19L;  // stop when the remaining tail < kTailEps · sum
constexpr ld kMaxSupport = 9007199254740992.0L;  // 2^53: k and k+1 stay exact
constexpr std::size_t kHardCap = static_cast<std::size_t>(2 * kBayesExactTerms);

struct Split {
    ld lower;  // P(Y ≤ k0)
    ld upper;  // P(Y > k0)
};

// Variance of BetaBinomial(n, α, β).
ld bb_variance(ld n, ld al, ld be) {
    const ld s = al + be;
    return n * (al / s) * (be / s) * (s + n) / (s + 1.0L);
}

// Terms the exact sum may need: the whole support, or 50 sd — enough for the
// 1e-19 tail bound even where a log-concave tail is only exponential
// (log(1e19) ≈ 44 sd); a near-normal pmf stops after about ±9 sd.
ld bb_terms(ld n, ld al, ld be) {
    if (n > kMaxSupport) return std::numeric_limits<ld>::infinity();
    const ld window = 50.0L * std::sqrt(bb_variance(n, al, be)) + 16.0L;
    return std::min(n + 1.0L, window);
}

// P(Y ≤ k0) and P(Y > k0) for Y ~ BetaBinomial(n, α, β), α, β ≥ 1, α + β > 2.
// The pmf is log-concave for α, β ≥ 1: the ratio
//   ρ(k) = t(k+1)/t(k) = (n − k)(k + α) / ((k + 1)(n − k − 1 + β))
// decreases in k. Terms are scaled so the start (the mode) is 1, summed
// outward; once ρ < 1 the rest of a tail is below t·ρ/(1 − ρ) (geometric
// bound), which stops the walk. nullopt if the hard cap would be exceeded.
std::optional<Split> bb_split(ld n, ld al, ld be, ld k0) {
    const auto rho = [&](ld k) { return ((n - k) * (k + al)) / ((k + 1.0L) * (n - k - 1.0L + be)); };
    // Mode: last k with ρ(k) ≥ 1 is floor((n(α−1) + 1 − β)/(α + β − 2)); mode = that + 1.
    ld mode = std::floor((n * (al - 1.0L) + 1.0L - be) / (al + be - 2.0L)) + 1.0L;
    mode = std::clamp(mode, 0.0L, n);

    ld lower = 0.0L;
    ld upper = 0.0L;
    const auto add = [&](ld k, ld t) { (k <= k0 ? lower : upper) += t; };
    add(mode, 1.0L);
    std::size_t steps = 0;

    // Right of the mode.
    ld t = 1.0L;
    for (ld k = mode; k < n; k += 1.0L) {
        if (++steps > kHardCap) return std::nullopt;
        const ld r = rho(k);
        t *= r;
        add(k + 1.0L, t);
        if (r < 1.0L && t * r / (1.0L - r) < kTailEps * (lower + upper)) break;
    }
    // Left of the mode: t(k−1) = t(k) / ρ(k−1).
    t = 1.0L;
    for (ld k = mode; k > 0.0L; k -= 1.0L) {
        if (++steps > kHardCap) return std::nullopt;
        const ld r = 1.0L / rho(k - 1.0L);
        t *= r;
        add(k - 1.0L, t);
        if (r < 1.0L && t * r / (1.0L - r) < kTailEps * (lower + upper)) break;
    }
    const ld total = lower + upper;
    return Split{lower / total, upper / total};
}

// A Beta posterior Beta(a, b) with a, b whole numbers ≥ 1.
struct Beta {
    ld a;
    ld b;
    ld mean() const { return a / (a + b); }
    ld variance() const { return mean() * (b / (a + b)) / (a + b + 1.0L); }
};

// {P(X2 > X1), P(X2 < X1)}, each computed directly (no 1 − P), or nullopt when
// the exact sum is too long (then the caller uses the normal approximation).
std::optional<Split> prob_greater(Beta x1, Beta x2) {
    const ld n1 = x2.a + x2.b - 1.0L;  // Y  ~ BB(n1, a1, b1), P = P(Y ≤ a2 − 1)
    const ld n2 = x1.a + x1.b - 1.0L;  // Y' ~ BB(n2, a2, b2), P = P(Y' > a1 − 1)
    const ld cost1 = bb_terms(n1, x1.a, x1.b);
    const ld cost2 = bb_terms(n2, x2.a, x2.b);
    if (std::min(cost1, cost2) > ld(kBayesExactTerms)) return std::nullopt;
    if (cost1 <= cost2) {
        auto s = bb_split(n1, x1.a, x1.b, x2.a - 1.0L);
        if (s) return Split{s->lower, s->upper};
    }
    auto s = bb_split(n2, x2.a, x2.b, x1.a - 1.0L);
    if (s) return Split{s->upper, s->lower};
    return std::nullopt;
}

// Whole-number count: values within a relative 1e-9 of an integer are rounded
// to it (formula noise: 29%*100 is 28.999999999999996); anything else is not a count.
std::optional<ld> whole(double x) {
    const double r = std::nearbyint(x);
    if (std::fabs(x - r) > 1e-9 * std::max(1.0, std::fabs(r))) return std::nullopt;
    return ld(r);
}

struct Posteriors {
    Beta a;
    Beta b;
};

Result<Posteriors> posteriors(double conv_a, double n_a, double conv_b, double n_b) {
    if (Errc e = check_arm(conv_a, n_a); e != Errc::ok) return e;
    if (Errc e = check_arm(conv_b, n_b); e != Errc::ok) return e;
    const auto ca = whole(conv_a), na = whole(n_a), cb = whole(conv_b), nb = whole(n_b);
    if (!ca || !na || !cb || !nb || *ca > *na || *cb > *nb) return Errc::invalid_argument;
    if (*na == 0.0L || *nb == 0.0L) return Errc::div_by_zero;
    return Posteriors{{*ca + 1.0L, *na - *ca + 1.0L}, {*cb + 1.0L, *nb - *cb + 1.0L}};
}

// Normal approximation of D = X2 − X1: mean and standard deviation.
struct Gauss {
    double mu;
    double sigma;
};
Gauss difference(Beta x1, Beta x2) {
    return {static_cast<double>(x2.mean() - x1.mean()),
            static_cast<double>(std::sqrt(x1.variance() + x2.variance()))};
}

// E[max(X1 − X2, 0)] — the expected loss of choosing X2.
double expected_shortfall(Beta x1, Beta x2) {
    // Exact: E[X1·1{X1>X2}] − E[X2·1{X1>X2}] with size-biased posteriors.
    const auto p1 = prob_greater(x2, Beta{x1.a + 1.0L, x1.b});  // P(X1⁺ > X2)
    const auto p2 = prob_greater(Beta{x2.a + 1.0L, x2.b}, x1);  // P(X1 > X2⁺)
    if (p1 && p2) {
        const ld loss = x1.mean() * p1->lower - x2.mean() * p2->lower;
        return static_cast<double>(std::max(loss, 0.0L));
    }
    // Normal approximation: D = X1 − X2 ~ N(μ, σ²), E[max(D, 0)] = σ(φ(z) + zΦ(z)).
    const Gauss g = difference(x2, x1);
    if (!(g.sigma > 0.0)) return std::max(g.mu, 0.0);
    const double z = g.mu / g.sigma;
    const double phi = boost::math::pdf(Normal(), z);
    return std::max(g.sigma * (phi + z * normal_cdf(z)), 0.0);
}

}  // namespace

Result<double> ablift(double conv_a, double n_a, double conv_b, double n_b) {
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    if (conv_a == 0.0) return Errc::div_by_zero;
    const ld lift = (ld(conv_b) / ld(n_b)) / (ld(conv_a) / ld(n_a)) - 1.0L;
    return finite(static_cast<double>(lift));
}

Result<double> abpvalue(double conv_a, double n_a, double conv_b, double n_b, double tails) {
    if (tails != 1.0 && tails != 2.0) return Errc::invalid_argument;
    const Result<double> z = pooled_z(conv_a, n_a, conv_b, n_b);
    if (!z) return z;
    const double one = normal_sf(std::fabs(*z));
    return finite(tails == 2.0 ? 2.0 * one : one);
}

Result<double> abzscore(double conv_a, double n_a, double conv_b, double n_b) {
    return pooled_z(conv_a, n_a, conv_b, n_b);
}

Result<Table> abci(double conv_a, double n_a, double conv_b, double n_b, double confidence,
                   std::string_view method) {
    const bool newcombe = option_is(method, "newcombe");
    if (!newcombe && !option_is(method, "wald")) return Errc::invalid_argument;
    if (!is_open_unit(confidence)) return Errc::invalid_argument;
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    const ld z = z_two_sided(confidence);
    const ld pa = ld(conv_a) / ld(n_a);
    const ld pb = ld(conv_b) / ld(n_b);
    const ld d = pb - pa;
    if (newcombe) {
        // Newcombe (1998) method 10 for θ = p_b − p_a from Wilson limits (l, u):
        //   low  = θ − sqrt((p_b − l_b)² + (u_a − p_a)²)
        //   high = θ + sqrt((u_b − p_b)² + (p_a − l_a)²)
        const Interval wa = wilson(conv_a, n_a, z);
        const Interval wb = wilson(conv_b, n_b, z);
        const ld low = d - std::hypot(pb - wb.low, wa.high - pa);
        const ld high = d + std::hypot(wb.high - pb, pa - wa.low);
        return pair(std::clamp(low, -1.0L, 1.0L), std::clamp(high, -1.0L, 1.0L));
    }
    const ld qa = (ld(n_a) - ld(conv_a)) / ld(n_a);
    const ld qb = (ld(n_b) - ld(conv_b)) / ld(n_b);
    const ld se = std::sqrt(pa * qa / ld(n_a) + pb * qb / ld(n_b));
    return pair(d - z * se, d + z * se);
}

Result<Table> abliftci(double conv_a, double n_a, double conv_b, double n_b, double confidence) {
    if (!is_open_unit(confidence)) return Errc::invalid_argument;
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    if (conv_a == 0.0) return Errc::div_by_zero;
    const ld z = z_two_sided(confidence);
    const ld pa = ld(conv_a) / ld(n_a);
    const ld pb = ld(conv_b) / ld(n_b);
    const ld qa = (ld(n_a) - ld(conv_a)) / ld(n_a);
    const ld qb = (ld(n_b) - ld(conv_b)) / ld(n_b);
    const ld ratio = pb / pa;
    // Delta method: Var(p_b/p_a) ≈ Var(p_b)/p_a² + p_b²·Var(p_a)/p_a⁴.
    const ld var = (pb * qb / ld(n_b) + ratio * ratio * pa * qa / ld(n_a)) / (pa * pa);
    // No conversion in B, or every visitor converting in both arms, leaves the
    // delta method without a standard error: its interval would have zero
    // width, as if the lift were known exactly. Say so instead.
    if (!(var > 0.0L)) return Errc::num;
    const ld half = z * std::sqrt(var);
    return pair(ratio - 1.0L - half, ratio - 1.0L + half);
}

Result<Table> wilsonci(double successes, double trials, double confidence) {
    if (!is_open_unit(confidence)) return Errc::invalid_argument;
    if (Errc e = check_arm(successes, trials); e != Errc::ok) return e;
    if (trials == 0.0) return Errc::div_by_zero;
    const Interval w = wilson(successes, trials, z_two_sided(confidence));
    return pair(w.low, w.high);
}

Result<double> absamplesize(double baseline_rate, double min_detectable_effect, double alpha,
                            double power, bool relative) {
    if (!is_open_unit(baseline_rate) || !std::isfinite(min_detectable_effect) ||
        !is_open_unit(alpha) || !is_open_unit(power))
        return Errc::invalid_argument;
    // The target rate as the user would compute it in the sheet (0.2 + 0.8 is
    // exactly 1 in double arithmetic); the difference straight from the effect,
    // not p2 − p1, so that a tiny effect is not lost.
    const double target = relative ? baseline_rate * (1.0 + min_detectable_effect)
                                   : baseline_rate + min_detectable_effect;
    if (!(target >= 0.0 && target <= 1.0)) return Errc::invalid_argument;
    const ld p1 = baseline_rate;
    const ld p2 = target;
    const ld delta = relative ? p1 * ld(min_detectable_effect) : ld(min_detectable_effect);
    if (delta == 0.0L) return Errc::div_by_zero;
    const ld za = boost::math::quantile(boost::math::complement(Normal(), alpha / 2.0));
    const ld zb = boost::math::quantile(Normal(), power);
    const ld root = za * std::sqrt(2.0L * p1 * (1.0L - p1)) + zb * std::sqrt(p1 * (1.0L - p1) + p2 * (1.0L - p2));
    if (!(root > 0.0L)) return root <= 0.0L ? Result<double>(0.0) : Result<double>(Errc::num);
    return finite(static_cast<double>(root * root / (delta * delta)));
}

Result<double> abprobbest(double conv_a, double n_a, double conv_b, double n_b) {
    const Result<Posteriors> post = posteriors(conv_a, n_a, conv_b, n_b);
    if (!post) return post.error();
    if (const auto p = prob_greater(post->a, post->b)) return finite(static_cast<double>(p->lower));
    const Gauss g = difference(post->a, post->b);
    if (!(g.sigma > 0.0)) return g.mu > 0.0 ? 1.0 : g.mu < 0.0 ? 0.0 : 0.5;
    return finite(normal_cdf(g.mu / g.sigma));
}

Result<double> abloss(double conv_a, double n_a, double conv_b, double n_b, std::string_view choice) {
    const bool choose_b = option_is(choice, "b");
    if (!choose_b && !option_is(choice, "a")) return Errc::invalid_argument;
    const Result<Posteriors> post = posteriors(conv_a, n_a, conv_b, n_b);
    if (!post) return post.error();
    return finite(choose_b ? expected_shortfall(post->a, post->b) : expected_shortfall(post->b, post->a));
}

Result<double> srmpvalue(double n_a, double n_b, double expected_share_a) {
    if (!is_count(n_a) || !is_count(n_b) || !is_open_unit(expected_share_a)) return Errc::invalid_argument;
    const ld total = ld(n_a) + ld(n_b);
    if (total == 0.0L) return Errc::div_by_zero;
    const ld s = expected_share_a;
    const ld dev = ld(n_a) - total * s;
    const auto chi2 = static_cast<double>(dev * dev / (total * s * (1.0L - s)));
    // A statistic beyond double range is a p-value of 0 to double precision.
    if (!std::isfinite(chi2)) return 0.0;
    return finite(boost::math::cdf(boost::math::complement(ChiSquared(1.0), chi2)));
}

}  // namespace kpi
