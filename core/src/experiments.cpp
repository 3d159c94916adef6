// Experiments: A/B-test statistics. See kpi/experiments.hpp for the contract
// and the decisions on degenerate input.
#include "kpi/experiments.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/complement.hpp>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "kpi/math_policy.hpp"
#include "kpi/pairs.hpp"
#include "kpi/sum.hpp"
#include "kpi/validate.hpp"

namespace kpi {
namespace {

using Policy = MathPolicy;
using Normal = boost::math::normal_distribution<double, Policy>;
using ChiSquared = boost::math::chi_squared_distribution<double, Policy>;
using StudentT = boost::math::students_t_distribution<double, Policy>;
using BetaDist = boost::math::beta_distribution<double, Policy>;

// Intermediates in long double: on x86_64 Linux the x87 80-bit format (64-bit
// mantissa, exponent range to 1e4932); with MSVC and on macOS arm64 it is
// double. Nothing below relies on its range (the formulas avoid overflow
// themselves), and where double's 53 bits are not enough — the exact Bayesian
// sums — `Wide` is long double when it has at least 64 bits, else a
// double-double (106 bits). tools/test.sh runs the unit tests both ways
// (KPI_LONG_DOUBLE_64).
using ld = long double;

// A double-double: the unevaluated sum hi + lo, |lo| ≤ ulp(hi)/2 (Dekker;
// Hida, Li & Bailey's QD library). Only what the Bayesian sums need.
struct DD {
    double hi = 0.0;
    double lo = 0.0;
    DD() = default;
    DD(double x) : hi(x) {}  // NOLINT: implicit, like a widening conversion
    DD(double h, double l) : hi(h), lo(l) {}
    explicit operator double() const { return hi + lo; }
    explicit operator long double() const { return static_cast<long double>(hi) + lo; }
};
inline DD quick_two_sum(double a, double b) {  // |a| ≥ |b|
    const double s = a + b;
    return {s, b - (s - a)};
}
inline DD two_sum(double a, double b) {
    const double s = a + b;
    const double bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}
inline DD two_prod(double a, double b) {
    const double p = a * b;
    return {p, std::fma(a, b, -p)};
}
inline DD operator+(DD a, DD b) {
    DD s = two_sum(a.hi, b.hi);
    const DD t = two_sum(a.lo, b.lo);
    s = quick_two_sum(s.hi, s.lo + t.hi);
    return quick_two_sum(s.hi, s.lo + t.lo);
}
inline DD operator-(DD a) { return {-a.hi, -a.lo}; }
inline DD operator-(DD a, DD b) { return a + -b; }
inline DD operator*(DD a, DD b) {
    const DD p = two_prod(a.hi, b.hi);
    return quick_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
inline DD operator/(DD a, DD b) {
    const double q1 = a.hi / b.hi;
    DD r = a - b * DD(q1);
    const double q2 = r.hi / b.hi;
    r = r - b * DD(q2);
    const double q3 = r.hi / b.hi;
    return quick_two_sum(q1, q2) + DD(q3);
}
inline DD& operator+=(DD& a, DD b) { return a = a + b; }
inline DD& operator*=(DD& a, DD b) { return a = a * b; }

using Wide = std::conditional_t<(std::numeric_limits<long double>::digits >= 64), long double, DD>;
// A Wide from a product of two whole numbers below 2^53: exact either way.
template <class W = Wide>  // a template, so that only one branch is compiled
W wide_product(ld a, ld b) {
    if constexpr (std::is_same_v<W, DD>) {
        return two_prod(static_cast<double>(a), static_cast<double>(b));
    } else {
        return a * b;
    }
}
inline double approx(Wide w) { return static_cast<double>(w); }

// Upper-tail probability 1 − Φ(z), exact in the far tail (no 1 − x). Boost's
// normal cdf maps ±inf to 0/1 itself.
double normal_sf(double z) { return boost::math::cdf(boost::math::complement(Normal(), z)); }
double normal_cdf(double z) { return boost::math::cdf(Normal(), z); }

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

// Pooled z for B − A, written so that n_a + n_b, 1/n and the products never
// overflow or underflow for any finite double input, also where long double is
// double: the sums of counts are halved when they would overflow, and
//   sqrt(1/n_a + 1/n_b) = sqrt(1 + lo/hi) / sqrt(lo),  lo = min(n), hi = max(n).
Result<double> pooled_z(double conv_a, double n_a, double conv_b, double n_b) {
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    const ld pa = ld(conv_a) / ld(n_a);
    const ld pb = ld(conv_b) / ld(n_b);
    const ld half = std::isinf(ld(n_a) + ld(n_b)) ? 0.5L : 1.0L;
    const ld pool = (half * conv_a + half * conv_b) / (half * n_a + half * n_b);
    const ld pq = pool * (1.0L - pool);
    // Degenerate: pooled rate 0 or 1 → both arms identical, zero standard error.
    if (!(pq > 0.0L)) return Errc::div_by_zero;
    const ld lo = std::min<ld>(n_a, n_b);
    const ld hi = std::max<ld>(n_a, n_b);
    const ld se = std::sqrt(pq) * std::sqrt(1.0L + lo / hi) / std::sqrt(lo);
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
    Wide lower;  // P(Y ≤ k0)
    Wide upper;  // P(Y > k0)
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
// k, n, α and β are whole numbers below 2^53 (kMaxSupport), so every factor of
// ρ is exact in double, and its products exact in Wide.
std::optional<Split> bb_split(ld n, ld al, ld be, ld k0) {
    const auto rho = [&](ld k) -> Wide {
        return wide_product(n - k, k + al) / wide_product(k + 1.0L, n - k - 1.0L + be);
    };
    // Mode: last k with ρ(k) ≥ 1 is floor((n(α−1) + 1 − β)/(α + β − 2)); mode = that + 1.
    ld mode = std::floor((n * (al - 1.0L) + 1.0L - be) / (al + be - 2.0L)) + 1.0L;
    mode = std::clamp(mode, 0.0L, n);

    Wide lower = 0.0;
    Wide upper = 0.0;
    const auto add = [&](ld k, Wide t) { (k <= k0 ? lower : upper) += t; };
    add(mode, 1.0);
    std::size_t steps = 0;
    const auto tail_done = [&](auto t, auto r) {  // generic: only one branch is instantiated
        if constexpr (std::is_same_v<Wide, DD>) {  // the bound needs no extra precision
            const double rr = approx(r);
            return rr < 1.0 && approx(t) * rr / (1.0 - rr) < static_cast<double>(kTailEps) * approx(lower + upper);
        } else {
            return r < 1.0L && t * r / (1.0L - r) < kTailEps * (lower + upper);
        }
    };

    // Right of the mode.
    Wide t = 1.0;
    for (ld k = mode; k < n; k += 1.0L) {
        if (++steps > kHardCap) return std::nullopt;
        const Wide r = rho(k);
        t *= r;
        add(k + 1.0L, t);
        if (tail_done(t, r)) break;
    }
    // Left of the mode: t(k−1) = t(k) / ρ(k−1).
    t = 1.0;
    for (ld k = mode; k > 0.0L; k -= 1.0L) {
        if (++steps > kHardCap) return std::nullopt;
        const Wide r = Wide(1.0) / rho(k - 1.0L);
        t *= r;
        add(k - 1.0L, t);
        if (tail_done(t, r)) break;
    }
    const Wide total = lower + upper;
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
        // Means as exact ratios in Wide: the difference cancels to ~1e-6 of its terms.
        const Wide m1 = Wide(x1.a) / Wide(x1.a + x1.b);
        const Wide m2 = Wide(x2.a) / Wide(x2.a + x2.b);
        return std::max(approx(m1 * p1->lower - m2 * p2->lower), 0.0);
    }
    // Normal approximation: D = X1 − X2 ~ N(μ, σ²), E[max(D, 0)] = σ(φ(z) + zΦ(z)).
    const Gauss g = difference(x2, x1);
    if (!(g.sigma > 0.0)) return std::max(g.mu, 0.0);
    const double z = g.mu / g.sigma;
    const double phi = boost::math::pdf(Normal(), z);
    return std::max(g.sigma * (phi + z * normal_cdf(z)), 0.0);
}

}  // namespace

Result<double> ablift(double conv_a, double n_a, double conv_b, double n_b) noexcept {
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    if (conv_a == 0.0) return Errc::div_by_zero;
    const ld lift = (ld(conv_b) / ld(n_b)) / (ld(conv_a) / ld(n_a)) - 1.0L;
    return finite(static_cast<double>(lift));
}

Result<double> abpvalue(double conv_a, double n_a, double conv_b, double n_b, double tails) noexcept {
    if (tails != 1.0 && tails != 2.0) return Errc::invalid_argument;
    const Result<double> z = pooled_z(conv_a, n_a, conv_b, n_b);
    if (!z) return z;
    const double one = normal_sf(std::fabs(*z));
    return finite(tails == 2.0 ? 2.0 * one : one);
}

Result<double> abzscore(double conv_a, double n_a, double conv_b, double n_b) noexcept {
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
                            double power, bool relative) noexcept {
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

Result<double> abprobbest(double conv_a, double n_a, double conv_b, double n_b) noexcept {
    const Result<Posteriors> post = posteriors(conv_a, n_a, conv_b, n_b);
    if (!post) return post.error();
    if (const auto p = prob_greater(post->a, post->b)) return finite(approx(p->lower));
    const Gauss g = difference(post->a, post->b);
    if (!(g.sigma > 0.0)) return g.mu > 0.0 ? 1.0 : g.mu < 0.0 ? 0.0 : 0.5;
    return finite(normal_cdf(g.mu / g.sigma));
}

Result<double> abloss(double conv_a, double n_a, double conv_b, double n_b, std::string_view choice) noexcept {
    const bool choose_b = option_is(choice, "b");
    if (!choose_b && !option_is(choice, "a")) return Errc::invalid_argument;
    const Result<Posteriors> post = posteriors(conv_a, n_a, conv_b, n_b);
    if (!post) return post.error();
    return finite(choose_b ? expected_shortfall(post->a, post->b) : expected_shortfall(post->b, post->a));
}

Result<double> srmpvalue(double n_a, double n_b, double expected_share_a) noexcept {
    if (!is_count(n_a) || !is_count(n_b) || !is_open_unit(expected_share_a)) return Errc::invalid_argument;
    // Halved when n_a + n_b would overflow (χ² is proportional to the counts),
    // and dev² never formed: no overflow also where long double is double.
    const ld half = std::isinf(ld(n_a) + ld(n_b)) ? 0.5L : 1.0L;
    const ld total = half * n_a + half * n_b;
    if (total == 0.0L) return Errc::div_by_zero;
    const ld s = expected_share_a;
    const ld dev = half * n_a - total * s;
    const auto chi2 = static_cast<double>((dev / total) * (dev / (s * (1.0L - s))) / half);
    // A statistic beyond double range is a p-value of 0 to double precision.
    if (!std::isfinite(chi2)) return 0.0;
    return finite(boost::math::cdf(boost::math::complement(ChiSquared(1.0), chi2)));
}


// ===========================================================================
// Many arms, means and multiple comparisons (issue 12).
// ===========================================================================
namespace {

// ABMDE's equation: f(δ) = δ·√n − (z_a·√(2 p1 q1) + z_b·√(p1 q1 + p2 q2)), p2 = p1 + δ.
// The same expressions as absamplesize, so that the round trip is exact.
ld mde_gap(ld p1, ld n, ld za, ld zb, ld delta) {
    const ld p2 = p1 + delta;
    return delta * std::sqrt(n) -
           (za * std::sqrt(2.0L * p1 * (1.0L - p1)) + zb * std::sqrt(p1 * (1.0L - p1) + p2 * (1.0L - p2)));
}

// Welch's summary: difference B − A, the two variance terms, their degrees of freedom.
struct Welch {
    ld diff;
    ld var_a;  // sd_a² / n_a
    ld var_b;  // sd_b² / n_b
    ld df;
};

// Satterthwaite degrees of freedom of v_a + v_b with n_a − 1 and n_b − 1 df.
ld satterthwaite(ld va, ld vb, ld na, ld nb) {
    const ld s = va + vb;
    return s * s / (va * va / (na - 1.0L) + vb * vb / (nb - 1.0L));
}

Result<Welch> welch(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b) {
    if (!is_money(mean_a) || !is_money(mean_b) || !is_count(sd_a) || !is_count(sd_b) || !is_count(n_a) ||
        !is_count(n_b))
        return Errc::invalid_argument;
    // One observation has no sample variance: the n − 1 denominator is 0.
    if (n_a <= 1.0 || n_b <= 1.0) return Errc::div_by_zero;
    const ld va = ld(sd_a) * ld(sd_a) / ld(n_a);
    const ld vb = ld(sd_b) * ld(sd_b) / ld(n_b);
    if (!(va + vb > 0.0L)) return Errc::div_by_zero;
    return Welch{ld(mean_b) - ld(mean_a), va, vb, satterthwaite(va, vb, ld(n_a), ld(n_b))};
}

// p-value of a chi-square statistic over k cells (k − 1 df); a statistic too
// large for a double is as far in the tail as it gets.
Result<double> chi2_sf(ld chi2, std::size_t k) noexcept {
    const auto x = static_cast<double>(chi2);
    if (!std::isfinite(x)) return 0.0;
    return finite(boost::math::cdf(boost::math::complement(ChiSquared(double(k - 1)), x)));
}

// Student t upper tail and two-sided critical value; df beyond double range is normal.
double t_sf(double t, ld df) {
    if (!(df < ld(std::numeric_limits<double>::max()))) return normal_sf(t);
    return boost::math::cdf(boost::math::complement(StudentT(static_cast<double>(df)), t));
}
double t_two_sided(double confidence, ld df) {
    if (!(df < ld(std::numeric_limits<double>::max()))) return z_two_sided(confidence);
    return boost::math::quantile(boost::math::complement(StudentT(static_cast<double>(df)), (1.0 - confidence) / 2.0));
}

// Arms of the k-arm functions: same number of values in both ranges, 2–20.
Errc check_arm_count(std::size_t a, std::size_t b) {
    if (a != b || a < 2 || a > kMaxArms) return Errc::invalid_argument;
    return Errc::ok;
}

// ---- ABPROBBESTN: vector Gauss–Kronrod over the union of the posteriors. ----
// Every arm's integrand f_i(x)·Π_{j≠i} F_j(x) is evaluated at the same nodes,
// so each node costs one pdf and one cdf per arm. Pieces are split where an
// arm's posterior begins, peaks or ends; a piece whose Kronrod–Gauss difference
// is above kQuadTol for any arm is halved, at most kQuadMaxPieces times.
using GK = boost::math::quadrature::gauss_kronrod<double, 31>;
using G15 = boost::math::quadrature::gauss<double, 15>;
constexpr double kTailMass = 1e-15;        // posterior mass left outside each window
constexpr double kQuadTol = 1e-9;          // per piece, absolute, on a probability
constexpr std::size_t kQuadMaxPieces = 4000;

// Beta(a, b), or — when both a and b exceed kNormalFrom, where Boost's Beta
// quantiles and densities lose accuracy and speed — the normal with the same mean
// and variance: its skewness is then below 2/√kNormalFrom = 2e-5 (measured
// error against the exact two-arm sum: < 1e-9 from 1e11 to 1e18 visitors).
constexpr double kNormalFrom = 1e10;
struct Posterior {
    BetaDist beta;
    Normal normal;
    bool is_normal;
    double lo, mean, hi;
    double cdf(double x) const {
        return is_normal ? boost::math::cdf(normal, x) : boost::math::cdf(beta, x);
    }
    double pdf(double x) const {
        return is_normal ? boost::math::pdf(normal, x) : boost::math::pdf(beta, x);
    }
};

// Integrand values of every arm at x (out[i] = f_i(x)·Π_{j≠i} F_j(x)).
void best_integrands(const std::vector<Posterior>& arms, double x, std::vector<double>& cdf,
                     std::vector<double>& suffix, std::vector<double>& out) {
    const std::size_t k = arms.size();
    for (std::size_t i = 0; i < k; ++i) cdf[i] = arms[i].cdf(x);
    suffix[k] = 1.0;
    for (std::size_t i = k; i-- > 0;) suffix[i] = suffix[i + 1] * cdf[i];
    double prefix = 1.0;
    for (std::size_t i = 0; i < k; ++i) {
        const double others = prefix * suffix[i + 1];
        out[i] = others > 0.0 ? arms[i].pdf(x) * others : 0.0;
        prefix *= cdf[i];
    }
}

// Kronrod sums (and Kronrod − Gauss differences) of all arms on [a, b].
void gk_piece(const std::vector<Posterior>& arms, double a, double b, std::vector<double>& kron,
              std::vector<double>& diff) {
    const std::size_t k = arms.size();
    std::vector<double> cdf(k), suffix(k + 1), fp(k), fm(k);
    const double c = 0.5 * (a + b), h = 0.5 * (b - a);
    const auto& xs = GK::abscissa();
    const auto& wk = GK::weights();
    const auto& wg = G15::weights();
    std::vector<double> gauss(k, 0.0);
    // Node 0 (the centre) is shared by both rules: 15 Gauss points is odd.
    best_integrands(arms, c, cdf, suffix, fp);
    for (std::size_t i = 0; i < k; ++i) {
        kron[i] = fp[i] * wk[0];
        gauss[i] = fp[i] * wg[0];
    }
    for (std::size_t n = 1; n < xs.size(); ++n) {
        best_integrands(arms, c + h * xs[n], cdf, suffix, fp);
        best_integrands(arms, c - h * xs[n], cdf, suffix, fm);
        for (std::size_t i = 0; i < k; ++i) {
            kron[i] += (fp[i] + fm[i]) * wk[n];
            if (n % 2 == 0) gauss[i] += (fp[i] + fm[i]) * wg[n / 2];
        }
    }
    for (std::size_t i = 0; i < k; ++i) {
        kron[i] *= h;
        diff[i] = std::fabs(kron[i] - gauss[i] * h);
    }
}

// The arms are the item positions of the paired ranges (kpi/pairs.hpp).
Result<Table> probbestn(const MixedRange& conversions, const MixedRange& visitors) {
    const Result<std::size_t> items = check_pairs({&conversions, &visitors});
    if (!items) return items.error();
    const std::size_t k = *items;
    if (Errc e = check_arm_count(k, k); e != Errc::ok) return e;
    std::vector<std::size_t> where;  // cell index of every arm
    where.reserve(k);
    std::vector<Posterior> arms;
    arms.reserve(k);
    bool empty_arm = false;
    for (std::size_t at = 0; at < conversions.cells.size(); ++at) {
        if (conversions.cells[at].kind != Input::Kind::number) continue;
        where.push_back(at);
        const double c = conversions.cells[at].number, n = visitors.cells[at].number;
        if (Errc e = check_arm(c, n); e != Errc::ok) return e;
        const auto wc = whole(c), wn = whole(n);
        if (!wc || !wn || *wc > *wn) return Errc::invalid_argument;
        if (*wn == 0.0L) empty_arm = true;
        const Beta b{*wc + 1.0L, *wn - *wc + 1.0L};
        const bool normal = std::min(b.a, b.b) > kNormalFrom;
        arms.push_back({BetaDist(static_cast<double>(b.a), static_cast<double>(b.b)),
                        Normal(static_cast<double>(b.mean()), static_cast<double>(std::sqrt(b.variance()))), normal,
                        0.0, 0.0, 0.0});
    }
    if (empty_arm) return Errc::div_by_zero;
    std::vector<double> cuts;
    for (Posterior& p : arms) {
        if (p.is_normal) {
            p.mean = boost::math::mean(p.normal);
            p.lo = boost::math::quantile(p.normal, kTailMass);
            p.hi = boost::math::quantile(boost::math::complement(p.normal, kTailMass));
        } else {
            p.mean = boost::math::mean(p.beta);
            p.lo = boost::math::quantile(p.beta, kTailMass);
            p.hi = boost::math::quantile(boost::math::complement(p.beta, kTailMass));
        }
        if (!(p.lo >= 0.0 && p.lo <= p.mean && p.mean <= p.hi && p.hi <= 1.0)) return Errc::num;
        cuts.insert(cuts.end(), {p.lo, p.mean, p.hi});
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    std::vector<double> total(k, 0.0), kron(k), diff(k);
    std::vector<std::pair<double, double>> todo;
    for (std::size_t c = cuts.size(); c-- > 1;) todo.emplace_back(cuts[c - 1], cuts[c]);
    std::size_t pieces = 0;
    while (!todo.empty()) {
        if (++pieces > kQuadMaxPieces) return Errc::no_convergence;
        const auto [a, b] = todo.back();
        todo.pop_back();
        gk_piece(arms, a, b, kron, diff);
        double worst = 0.0;
        for (std::size_t i = 0; i < k; ++i) {
            if (!std::isfinite(kron[i])) return Errc::num;
            worst = std::max(worst, diff[i]);
        }
        const double mid = 0.5 * (a + b);
        if (worst > kQuadTol) {
            // Too narrow to halve in double precision: the estimate is what it is.
            if (!(a < mid && mid < b)) return Errc::no_convergence;
            todo.emplace_back(mid, b);
            todo.emplace_back(a, mid);
            continue;
        }
        for (std::size_t i = 0; i < k; ++i) total[i] += kron[i];
    }
    double sum = 0.0;
    for (double t : total) sum += t;
    if (!(sum > 0.0) || !std::isfinite(sum)) return Errc::num;
    // The shape of `conversions`; a skipped position stays blank beside its input.
    Table out(conversions.rows, conversions.cols);
    for (std::size_t i = 0; i < k; ++i) out.cells[where[i]] = Cell::of(total[i] / sum);
    return out;
}

}  // namespace

Result<double> abmde(double baseline_rate, double n_per_arm, double alpha, double power, bool relative) noexcept {
    if (!is_open_unit(baseline_rate) || !is_open_unit(alpha) || !is_open_unit(power) || !is_count(n_per_arm))
        return Errc::invalid_argument;
    if (n_per_arm == 0.0) return Errc::div_by_zero;
    const ld p1 = baseline_rate;
    const ld n = n_per_arm;
    const ld za = boost::math::quantile(boost::math::complement(Normal(), alpha / 2.0));
    const ld zb = boost::math::quantile(Normal(), power);
    // Power so low that any sample reaches it: the smallest effect is 0.
    if (mde_gap(p1, n, za, zb, 0.0L) >= 0.0L) return 0.0;
    // First sign change on a grid of (0, 1 − p1], then bisection to the last bit.
    constexpr int kGrid = 256;
    const ld top = 1.0L - p1;
    ld lo = 0.0L, hi = -1.0L;
    for (int g = 1; g <= kGrid; ++g) {
        const ld d = top * g / kGrid;
        if (mde_gap(p1, n, za, zb, d) >= 0.0L) {
            hi = d;
            break;
        }
        lo = d;
    }
    if (hi < 0.0L) return Errc::num;  // not even a jump to a 100 % rate is detectable
    for (int it = 0; it < 200; ++it) {  // 200 halvings exhaust any long double interval
        const ld mid = 0.5L * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        (mde_gap(p1, n, za, zb, mid) >= 0.0L ? hi : lo) = mid;
    }
    const ld delta = hi;
    return finite(static_cast<double>(relative ? delta / p1 : delta));
}

Result<double> abttest(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b,
                       double tails) noexcept {
    if (tails != 1.0 && tails != 2.0) return Errc::invalid_argument;
    const Result<Welch> w = welch(mean_a, sd_a, n_a, mean_b, sd_b, n_b);
    if (!w) return w.error();
    const auto t = static_cast<double>(w->diff / std::sqrt(w->var_a + w->var_b));
    if (!std::isfinite(t)) return Errc::num;
    const double one = t_sf(std::fabs(t), w->df);
    return finite(tails == 2.0 ? 2.0 * one : one);
}

Result<Table> abmeanci(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b,
                       double confidence, bool relative) {
    if (!is_open_unit(confidence)) return Errc::invalid_argument;
    const Result<Welch> w = welch(mean_a, sd_a, n_a, mean_b, sd_b, n_b);
    if (!w) return w.error();
    if (!relative) {
        const ld half = ld(t_two_sided(confidence, w->df)) * std::sqrt(w->var_a + w->var_b);
        return pair(w->diff - half, w->diff + half);
    }
    if (mean_a == 0.0) return Errc::div_by_zero;
    const ld ma = mean_a, mb = mean_b;
    const ld lift = mb / ma - 1.0L;
    // Delta method on R = mean_b / mean_a: the two terms of Var(R).
    const ld tb = w->var_b / (ma * ma);
    const ld ta = mb * mb * w->var_a / (ma * ma * ma * ma);
    if (!(ta + tb > 0.0L)) return pair(lift, lift);  // mean_b = 0 and sd_b = 0: R is exactly 0
    const ld half = ld(t_two_sided(confidence, satterthwaite(ta, tb, ld(n_a), ld(n_b)))) * std::sqrt(ta + tb);
    return pair(lift - half, lift + half);
}

Result<Table> abprobbestn(const MixedRange& conversions, const MixedRange& visitors) {
    // Boost's root finders (the Beta quantiles) throw on extreme parameters
    // whatever the policy says; nothing may escape the core.
    try {
        return probbestn(conversions, visitors);
    } catch (...) {
        return Errc::num;
    }
}

Result<double> abchisq(const MixedRange& conversions, const MixedRange& visitors) noexcept {
    const Result<std::size_t> items = check_pairs({&conversions, &visitors});
    if (!items) return items.error();
    const std::size_t k = *items;
    if (Errc e = check_arm_count(k, k); e != Errc::ok) return e;
    // The arms: the positions where conversions (and so visitors) hold a number.
    const auto is_arm = [&](std::size_t at) { return conversions.cells[at].kind == Input::Kind::number; };
    ld conv = 0.0L, n = 0.0L;
    bool empty_arm = false;
    for (std::size_t at = 0; at < conversions.cells.size(); ++at) {
        if (!is_arm(at)) continue;
        const double c = conversions.cells[at].number, v = visitors.cells[at].number;
        if (Errc e = check_arm(c, v); e != Errc::ok) return e;
        if (v == 0.0) empty_arm = true;
        conv += c;
        n += v;
    }
    if (empty_arm) return Errc::div_by_zero;
    const ld pool = conv / n;
    const ld pq = pool * (1.0L - pool);
    if (!(pq > 0.0L)) return Errc::div_by_zero;  // no conversions at all, or all converted
    // Σ over both columns of (O − E)²/E = Σ_i (c_i − n_i p)² / (n_i p (1 − p)).
    ld chi2 = 0.0L;
    for (std::size_t at = 0; at < conversions.cells.size(); ++at) {
        if (!is_arm(at)) continue;
        const ld ni = visitors.cells[at].number;
        const ld dev = ld(conversions.cells[at].number) - ni * pool;
        chi2 += dev * dev / (ni * pq);
    }
    return chi2_sf(chi2, k);
}

Result<double> srmpvaluen(const MixedRange& visitors, const std::optional<MixedRange>& expected_shares) noexcept {
    // Calc passes an empty cell given as expected_shares as the number 0: a
    // single cell can never hold the shares of 2 or more arms, so it means "omitted".
    const MixedRange* shares = expected_shares ? &*expected_shares : nullptr;
    if (shares && shares->cells.size() == 1 &&
        (shares->cells[0].kind == Input::Kind::empty ||
         (shares->cells[0].kind == Input::Kind::number && shares->cells[0].number == 0.0)))
        shares = nullptr;
    // Without shares the visitors alone are the arms (empty and text cells skipped);
    // with them, the two ranges pair cell by cell.
    std::size_t k = 0;
    if (shares) {
        const Result<std::size_t> items = check_pairs({&visitors, shares});
        if (!items) return items.error();
        k = *items;
    } else {
        for (const Input& c : visitors.cells) {
            if (c.kind == Input::Kind::error) return c.error;
            if (c.kind == Input::Kind::number) ++k;
        }
    }
    if (Errc e = check_arm_count(k, k); e != Errc::ok) return e;
    const auto is_arm = [&](std::size_t at) { return visitors.cells[at].kind == Input::Kind::number; };
    const auto share_at = [&](std::size_t at) { return shares ? shares->cells[at].number : 1.0; };
    ld total = 0.0L, share_sum = 0.0L;
    for (std::size_t at = 0; at < visitors.cells.size(); ++at) {
        if (!is_arm(at)) continue;
        if (!is_count(visitors.cells[at].number)) return Errc::invalid_argument;
        total += visitors.cells[at].number;
        const double s = share_at(at);
        if (!std::isfinite(s) || !(s > 0.0)) return Errc::invalid_argument;
        share_sum += s;
    }
    if (!std::isfinite(static_cast<double>(share_sum))) return Errc::invalid_argument;
    if (total == 0.0L) return Errc::div_by_zero;
    ld chi2 = 0.0L;
    for (std::size_t at = 0; at < visitors.cells.size(); ++at) {
        if (!is_arm(at)) continue;
        const ld expected = total * (ld(share_at(at)) / share_sum);
        const ld dev = ld(visitors.cells[at].number) - expected;
        chi2 += dev * dev / expected;
    }
    return chi2_sf(chi2, k);
}

Result<Table> padjust(const MixedRange& p_values, std::string_view method) {
    enum class M { bonferroni, holm, bh } m;
    if (option_is(method, "bonferroni")) m = M::bonferroni;
    else if (option_is(method, "holm")) m = M::holm;
    else if (option_is(method, "bh")) m = M::bh;
    else return Errc::invalid_argument;
    if (p_values.cells.size() != p_values.rows * p_values.cols) return Errc::invalid_argument;
    std::vector<std::size_t> where;  // cell index of every p-value
    for (std::size_t i = 0; i < p_values.cells.size(); ++i) {
        const Input& c = p_values.cells[i];
        if (c.kind == Input::Kind::error) return c.error;
        if (c.kind != Input::Kind::number) continue;
        if (!is_unit(c.number)) return Errc::invalid_argument;
        where.push_back(i);
    }
    if (where.empty()) return Errc::not_available;
    const auto count = static_cast<double>(where.size());
    const auto p = [&](std::size_t j) { return p_values.cells[where[j]].number; };
    std::vector<std::size_t> order(where.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p(x) < p(y); });
    std::vector<double> adj(where.size());
    if (m == M::bonferroni) {
        for (std::size_t j = 0; j < adj.size(); ++j) adj[j] = std::min(1.0, count * p(j));
    } else if (m == M::holm) {
        double running = 0.0;  // step-down: a running maximum from the smallest p
        for (std::size_t r = 0; r < order.size(); ++r) {
            running = std::max(running, std::min(1.0, (count - double(r)) * p(order[r])));
            adj[order[r]] = running;
        }
    } else {
        double running = 1.0;  // step-up: a running minimum from the largest p
        for (std::size_t r = order.size(); r-- > 0;) {
            running = std::min(running, std::min(1.0, count / double(r + 1) * p(order[r])));
            adj[order[r]] = running;
        }
    }
    Table t(p_values.rows, p_values.cols);
    for (std::size_t j = 0; j < where.size(); ++j) t.cells[where[j]] = Cell::of(adj[j]);
    return t;
}

}  // namespace kpi

// ===========================================================================
// Revenue and other means, sequential tests, CUPED (issue 24).
// ===========================================================================
namespace kpi {
namespace {

// z_{1−α/2} + z_{power}: the sum both sample-size formulas for means use.
ld z_sum(double alpha, double power) {
    const ld za = boost::math::quantile(boost::math::complement(Normal(), alpha / 2.0));
    const ld zb = boost::math::quantile(Normal(), power);
    return za + zb;
}

// ---- Sequential tests (asymptotic confidence sequence). ----
// a = n·ρ², ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*.
ld seq_a(ld n, double planned_total, double alpha) {
    const ld l = -2.0L * std::log(ld(alpha));
    return n * (l + std::log1p(l)) / ld(planned_total);
}

// half-width² = V · 2(a + 1)/a · ln(√(a + 1)/α): the paper's
// √(nV)·√(2(nρ² + 1)/(n²ρ²)·ln(√(nρ² + 1)/α)) with nV·1/(n²ρ²) = V/a.
ld seq_halfwidth(ld v, ld a, double alpha) {
    return std::sqrt(v * 2.0L * (a + 1.0L) / a * (0.5L * std::log1p(a) - std::log(ld(alpha))));
}

Errc check_sequential(double planned_total, double confidence) {
    if (!std::isfinite(planned_total) || !(planned_total > 0.0) || !is_open_unit(confidence))
        return Errc::invalid_argument;
    return Errc::ok;
}

struct Estimate {
    ld d;  // B − A
    ld v;  // its variance
    ld n;  // observations in both arms
};

Result<Estimate> proportion_estimate(double conv_a, double n_a, double conv_b, double n_b) {
    if (Errc e = check_arms(conv_a, n_a, conv_b, n_b); e != Errc::ok) return e;
    const ld pa = ld(conv_a) / ld(n_a), pb = ld(conv_b) / ld(n_b);
    const ld qa = (ld(n_a) - ld(conv_a)) / ld(n_a), qb = (ld(n_b) - ld(conv_b)) / ld(n_b);
    const ld v = pa * qa / ld(n_a) + pb * qb / ld(n_b);
    if (!(v > 0.0L)) return Errc::div_by_zero;  // every rate 0 or 1: no variance to scale by
    return Estimate{pb - pa, v, ld(n_a) + ld(n_b)};
}

Result<Table> sequential_interval(const Estimate& e, double planned_total, double confidence) {
    const double alpha = 1.0 - confidence;
    const ld half = seq_halfwidth(e.v, seq_a(e.n, planned_total, alpha), alpha);
    return pair(e.d - half, e.d + half);
}

// ---- Many arms with normal means: (mean, sd, n) triples. ----
struct MeanArm {
    double mean;
    double sigma;  // sd / √n: the standard error of the arm's mean; 0 = a point mass
};
struct MeanArms {
    std::vector<MeanArm> arms;
    std::vector<std::size_t> where;  // cell index of each arm in `means`
};

bool is_blank(const Input& c) { return c.kind == Input::Kind::empty || c.kind == Input::Kind::text; }

Result<MeanArms> read_mean_arms(const MixedRange& means, const MixedRange& sds, const MixedRange& ns) {
    const std::size_t cells = means.cells.size();
    if (cells != means.rows * means.cols || sds.cells.size() != cells || ns.cells.size() != cells)
        return Errc::invalid_argument;
    MeanArms out;
    std::size_t small = 0;  // arms with fewer than 2 observations
    for (std::size_t i = 0; i < cells; ++i) {
        const Input* c[3] = {&means.cells[i], &sds.cells[i], &ns.cells[i]};
        for (const Input* x : c)
            if (x->kind == Input::Kind::error) return x->error;
        if (is_blank(*c[0]) && is_blank(*c[1]) && is_blank(*c[2])) continue;  // a header row, an unused arm
        for (const Input* x : c)
            if (x->kind != Input::Kind::number) return Errc::invalid_argument;  // a partly filled arm
        const double m = c[0]->number, sd = c[1]->number, n = c[2]->number;
        if (!is_money(m) || !is_count(sd) || !is_count(n)) return Errc::invalid_argument;
        if (n < 2.0) {
            ++small;
            continue;
        }
        const double sigma = static_cast<double>(ld(sd) / std::sqrt(ld(n)));
        out.arms.push_back({m, sigma});
        out.where.push_back(i);
    }
    // Every check for Err:502 comes first; then an arm without a variance.
    const std::size_t count = out.arms.size() + small;
    if (count < 2 || count > kMaxArms) return Errc::invalid_argument;
    if (small > 0) return Errc::div_by_zero;
    return out;
}

constexpr double kSqrt2 = 1.4142135623730950488;
constexpr double kSqrt2Pi = 2.5066282746310005024;

// Φ and its complement for one arm; a point mass is a step at its mean.
double arm_cdf(const MeanArm& a, double x) {
    if (a.sigma == 0.0) return x >= a.mean ? 1.0 : 0.0;
    return 0.5 * std::erfc(-(x - a.mean) / (a.sigma * kSqrt2));
}
double arm_sf(const MeanArm& a, double x) {
    if (a.sigma == 0.0) return x < a.mean ? 1.0 : 0.0;
    return 0.5 * std::erfc((x - a.mean) / (a.sigma * kSqrt2));
}

constexpr double kWindow = 12.0;             // ±12 σ: the normal mass outside is 3.6e-33
constexpr double kMeanQuadTol = 1e-12;  // absolute, on a probability (on a loss: × the arms' scale)
using GKMean = boost::math::quadrature::gauss_kronrod<double, 31, Policy>;

// The breakpoints inside (lo, hi): the reference scale's own mean ± 0, 2, 6 σ,
// and where another arm's Φ jumps (a point mass: its mean) or turns sharply
// on that scale (σ_j < σ_ref / 4: its mean ± 0.5, 2, 6 σ_j); arms as wide as
// the reference are smooth there and only add their mean. With lo and hi, sorted.
std::vector<double> mean_cuts(const std::vector<MeanArm>& arms, double ref_mean, double ref_sigma, double lo,
                              double hi) {
    std::vector<double> cuts{lo, hi};
    const auto add = [&](double x) {
        if (x > lo && x < hi) cuts.push_back(x);
    };
    for (double c : {0.0, -2.0, 2.0, -6.0, 6.0}) add(ref_mean + c * ref_sigma);
    for (const MeanArm& a : arms) {
        add(a.mean);
        if (a.sigma > 0.0 && a.sigma < 0.25 * ref_sigma)
            for (double c : {-0.5, 0.5, -2.0, 2.0, -6.0, 6.0}) add(a.mean + c * a.sigma);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

// ∫ f over the pieces between `cuts` to an absolute accuracy `abs_tol`: one
// 31-point Gauss–Kronrod rule per piece (Boost.Math, depth 0: no recursion of
// its own, whose tolerance is relative and never met where f is ~0), a piece
// whose Kronrod–Gauss difference exceeds its share of abs_tol (by length) is
// halved. At most kMeanQuadMaxPieces pieces (else Err:523); a value or a
// window that is not finite → #NUM!.
constexpr std::size_t kMeanQuadMaxPieces = 20000;
template <class F>
Result<double> integrate_pieces(F f, const std::vector<double>& cuts, double abs_tol) {
    if (cuts.size() < 2) return 0.0;
    const double length = cuts.back() - cuts.front();
    // Means and spreads near the double range (1e308) leave no finite window.
    if (!std::isfinite(length) || !(length > 0.0) || !std::isfinite(abs_tol)) return Errc::num;
    std::vector<std::pair<double, double>> todo;
    for (std::size_t i = cuts.size(); i-- > 1;) todo.emplace_back(cuts[i - 1], cuts[i]);
    double total = 0.0;
    std::size_t pieces = 0;
    while (!todo.empty()) {
        if (++pieces > kMeanQuadMaxPieces) return Errc::no_convergence;
        const auto [a, b] = todo.back();
        todo.pop_back();
        double err = 0.0;
        const double q = GKMean::integrate(f, a, b, 0, 0.0, &err);
        // Boost 1.74 reports a depth-0 error on [−1, 1], unscaled by the half-length.
        err *= 0.5 * (b - a);
        if (!std::isfinite(q) || !std::isfinite(err)) return Errc::num;
        const double mid = 0.5 * (a + b);
        // A piece's share of the tolerance, never below 1e-3 of it (the rounding
        // floor of a short piece); the pieces' bound keeps the sum of shares ≤ 21·abs_tol.
        if (err > abs_tol * std::max((b - a) / length, 1e-3) && a < mid && mid < b) {
            todo.emplace_back(mid, b);
            todo.emplace_back(a, mid);
            continue;
        }
        total += q;
    }
    return total;
}

// P(arm k has the highest true mean).
Result<double> prob_best_mean(const std::vector<MeanArm>& arms, std::size_t k) {
    const MeanArm& ak = arms[k];
    if (ak.sigma == 0.0) {
        // A point mass wins when every other arm falls below its mean; tied
        // point masses share the win.
        double p = 1.0, ties = 1.0;
        for (std::size_t j = 0; j < arms.size(); ++j) {
            if (j == k) continue;
            if (arms[j].sigma > 0.0) p *= arm_cdf(arms[j], ak.mean);
            else if (arms[j].mean > ak.mean) return 0.0;
            else if (arms[j].mean == ak.mean) ties += 1.0;
        }
        return p / ties;
    }
    const auto f = [&](double x) {
        const double t = (x - ak.mean) / ak.sigma;
        double v = std::exp(-0.5 * t * t) / (ak.sigma * kSqrt2Pi);
        for (std::size_t j = 0; j < arms.size() && v > 0.0; ++j)
            if (j != k) v *= arm_cdf(arms[j], x);
        return v;
    };
    const auto cuts = mean_cuts(arms, ak.mean, ak.sigma, ak.mean - kWindow * ak.sigma, ak.mean + kWindow * ak.sigma);
    return integrate_pieces(f, cuts, kMeanQuadTol);
}

// E[max_j μ_j − μ_k] = ∫ Φ_k(x)·(1 − Π_{j≠k} Φ_j(x)) dx (swap the order of
// E over μ_k and ∫ P(max_{j≠k} μ_j > x) dx over x > μ_k): a positive
// integrand, no difference of large numbers.
Result<double> loss_mean(const std::vector<MeanArm>& arms, std::size_t k) {
    const MeanArm& ak = arms[k];
    // The integrand is below Φ_k (negligible under m_k − 12σ_k) and below
    // Σ_{j≠k} Q_j (negligible above every other arm's m_j + 12σ_j).
    const double lo = ak.mean - kWindow * ak.sigma;
    double hi = -std::numeric_limits<double>::infinity();
    double scale = ak.sigma;
    for (std::size_t j = 0; j < arms.size(); ++j) {
        if (j == k) continue;
        hi = std::max(hi, arms[j].mean + kWindow * arms[j].sigma);
        scale = std::max(scale, arms[j].sigma);
    }
    if (!(hi > lo)) return 0.0;
    const auto f = [&](double x) {
        const double fk = arm_cdf(ak, x);
        if (fk == 0.0) return 0.0;
        double log_g = 0.0;  // ln Π_{j≠k} Φ_j = Σ ln(1 − Q_j): 1 − Π keeps its digits in the far right
        for (std::size_t j = 0; j < arms.size(); ++j) {
            if (j == k) continue;
            const double q = arm_sf(arms[j], x);
            if (q >= 1.0) return fk;  // some arm surely above x
            log_g += std::log1p(-q);
        }
        return fk * -std::expm1(log_g);
    };
    // The reference scale: this arm's spread, or (a point mass) the widest other arm's.
    const double ref_sigma = ak.sigma > 0.0 ? ak.sigma : scale;
    const auto cuts = mean_cuts(arms, ak.mean, ref_sigma, lo, hi);
    // The tolerance scales with the arms' spread (all σ 0: exact steps, any tolerance).
    const Result<double> l = integrate_pieces(f, cuts, kMeanQuadTol * std::max(scale, hi - lo));
    if (!l) return l;
    return std::max(*l, 0.0);
}

template <class PerArm>
Result<Table> per_mean_arm(const MixedRange& means, const MixedRange& sds, const MixedRange& ns, PerArm per_arm,
                           bool normalise) {
    const Result<MeanArms> in = read_mean_arms(means, sds, ns);
    if (!in) return in.error();
    const std::size_t k = in->arms.size();
    std::vector<double> v(k);
    double sum = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        const Result<double> r = per_arm(in->arms, i);
        if (!r) return r.error();
        if (!std::isfinite(*r)) return Errc::num;
        v[i] = *r;
        sum += *r;
    }
    if (normalise) {
        if (!(sum > 0.0) || !std::isfinite(sum)) return Errc::num;
        for (double& x : v) x /= sum;
    }
    Table t(means.rows, means.cols);  // blank where no arm
    for (std::size_t i = 0; i < k; ++i) t.cells[in->where[i]] = Cell::of(v[i]);
    return t;
}

// ---- CUPED. ----
struct CupedArm {
    double n = 0.0;
    // Each mean as m0 + c (m0 the compensated mean in double, c = Σ(value − m0)/n
    // its correction), kept apart: the difference of two arms' means then keeps
    // its digits however large the values are next to their spread (money with a
    // large offset), also where long double is double (MSVC, macOS arm64).
    double x_m0 = 0.0, y_m0 = 0.0;
    ld x_c = 0.0L, y_c = 0.0L;
    ld sxx = 0.0L, syy = 0.0L, sxy = 0.0L;  // about the arm's own means
};

// Both passes over one arm. A pair with an empty or text cell on either side is
// skipped; an error cell is returned; a number must be finite. Pass 1: a
// compensated mean m0; pass 2: compensated sums of d = value − m0 and of their
// products, corrected for Σd (the corrected two-pass algorithm of Chan, Golub
// & LeVeque): accurate however large the values are next to their spread.
Result<CupedArm> cuped_arm(const MixedRange& metric, const MixedRange& pre) {
    const std::size_t cells = metric.cells.size();
    if (pre.cells.size() != cells) return Errc::invalid_argument;
    CompensatedSum sx, sy;
    std::size_t n = 0;
    for (std::size_t i = 0; i < cells; ++i) {
        const Input& y = metric.cells[i];
        const Input& x = pre.cells[i];
        if (y.kind == Input::Kind::error) return y.error;
        if (x.kind == Input::Kind::error) return x.error;
        if (y.kind != Input::Kind::number || x.kind != Input::Kind::number) continue;
        if (!std::isfinite(y.number) || !std::isfinite(x.number)) return Errc::invalid_argument;
        sx.add(x.number);
        sy.add(y.number);
        ++n;
    }
    CupedArm a;
    a.n = static_cast<double>(n);
    if (n < 2) return a;  // the caller says #DIV/0!
    const double mx = sx.value() / a.n, my = sy.value() / a.n;
    if (!std::isfinite(mx) || !std::isfinite(my)) return Errc::num;
    CompensatedSum dx_sum, dy_sum, cxx, cyy, cxy;
    for (std::size_t i = 0; i < cells; ++i) {
        const Input& y = metric.cells[i];
        const Input& x = pre.cells[i];
        if (y.kind != Input::Kind::number || x.kind != Input::Kind::number) continue;
        const double dx = x.number - mx, dy = y.number - my;
        dx_sum.add(dx);
        dy_sum.add(dy);
        cxx.add(dx * dx);
        cyy.add(dy * dy);
        cxy.add(dx * dy);
    }
    const ld nn = a.n, ex = dx_sum.value(), ey = dy_sum.value();
    a.x_m0 = mx;
    a.y_m0 = my;
    a.x_c = ex / nn;
    a.y_c = ey / nn;
    a.sxx = std::max(ld(cxx.value()) - ex * ex / nn, 0.0L);
    a.syy = std::max(ld(cyy.value()) - ey * ey / nn, 0.0L);
    a.sxy = ld(cxy.value()) - ex * ey / nn;
    if (!std::isfinite(static_cast<double>(a.sxx)) || !std::isfinite(static_cast<double>(a.syy)) ||
        !std::isfinite(static_cast<double>(a.sxy)))
        return Errc::num;
    return a;
}

}  // namespace

Result<Table> meansd(double n, double sum, double sum_of_squares) {
    if (!is_count(n) || !is_money(sum) || !is_count(sum_of_squares)) return Errc::invalid_argument;
    if (n < 2.0) return Errc::div_by_zero;
    const ld s = sum, ss = sum_of_squares, nn = n;
    ld dev = ss - s * s / nn;  // (n − 1)·variance
    if (dev < 0.0L) {
        if (dev < -1e-9L * ss) return Errc::invalid_argument;  // no real data gives that
        dev = 0.0L;                                           // rounding of a constant metric
    }
    const auto mean = static_cast<double>(s / nn);
    const auto sd = static_cast<double>(std::sqrt(dev / (nn - 1.0L)));
    if (!std::isfinite(mean) || !std::isfinite(sd)) return Errc::num;
    Table t(1, 2);
    t.at(0, 0) = Cell::of(mean);
    t.at(0, 1) = Cell::of(sd);
    return t;
}

Result<double> absamplesizemean(double mean, double sd, double min_detectable_effect, double alpha, double power,
                                bool relative) noexcept {
    if (!is_money(mean) || !is_count(sd) || !std::isfinite(min_detectable_effect) || !is_open_unit(alpha) ||
        !is_open_unit(power))
        return Errc::invalid_argument;
    const ld delta = relative ? ld(min_detectable_effect) * ld(mean) : ld(min_detectable_effect);
    if (delta == 0.0L) return Errc::div_by_zero;
    const ld z = z_sum(alpha, power);
    if (!(z > 0.0L)) return 0.0;  // any sample reaches so low a power
    return finite(static_cast<double>(2.0L * z * z * ld(sd) * ld(sd) / (delta * delta)));
}

Result<double> abmdemean(double mean, double sd, double n_per_arm, double alpha, double power,
                         bool relative) noexcept {
    if (!is_money(mean) || !is_count(sd) || !is_count(n_per_arm) || !is_open_unit(alpha) || !is_open_unit(power))
        return Errc::invalid_argument;
    if (n_per_arm == 0.0) return Errc::div_by_zero;
    if (relative && mean == 0.0) return Errc::div_by_zero;
    const ld z = z_sum(alpha, power);
    if (!(z > 0.0L)) return 0.0;
    const ld effect = z * ld(sd) * std::sqrt(2.0L / ld(n_per_arm));
    return finite(static_cast<double>(relative ? effect / std::fabs(ld(mean)) : effect));
}

Result<Table> abseqci(double conv_a, double n_a, double conv_b, double n_b, double planned_total,
                      double confidence) {
    if (Errc e = check_sequential(planned_total, confidence); e != Errc::ok) return e;
    const Result<Estimate> e = proportion_estimate(conv_a, n_a, conv_b, n_b);
    if (!e) return e.error();
    return sequential_interval(*e, planned_total, confidence);
}

Result<double> abseqpvalue(double conv_a, double n_a, double conv_b, double n_b, double planned_total,
                           double confidence) noexcept {
    if (Errc e = check_sequential(planned_total, confidence); e != Errc::ok) return e;
    const Result<Estimate> e = proportion_estimate(conv_a, n_a, conv_b, n_b);
    if (!e) return e.error();
    const ld a = seq_a(e->n, planned_total, 1.0 - confidence);
    // ln E = ρ²·n·d² / (2V(nρ² + 1)) − ½ ln(nρ² + 1).
    const ld log_e = a * (e->d * e->d / e->v) / (2.0L * (a + 1.0L)) - 0.5L * std::log1p(a);
    if (!(log_e > 0.0L)) return 1.0;
    return finite(static_cast<double>(std::exp(-log_e)));
}

Result<Table> abseqmeanci(double mean_a, double sd_a, double n_a, double mean_b, double sd_b, double n_b,
                          double planned_total, double confidence) {
    if (Errc e = check_sequential(planned_total, confidence); e != Errc::ok) return e;
    if (!is_money(mean_a) || !is_money(mean_b) || !is_count(sd_a) || !is_count(sd_b) || !is_count(n_a) ||
        !is_count(n_b))
        return Errc::invalid_argument;
    if (n_a < 2.0 || n_b < 2.0) return Errc::div_by_zero;
    const ld v = ld(sd_a) * ld(sd_a) / ld(n_a) + ld(sd_b) * ld(sd_b) / ld(n_b);
    if (!(v > 0.0L)) return Errc::div_by_zero;
    return sequential_interval(Estimate{ld(mean_b) - ld(mean_a), v, ld(n_a) + ld(n_b)}, planned_total, confidence);
}

Result<Table> abprobbestmean(const MixedRange& means, const MixedRange& sds, const MixedRange& ns) {
    try {
        return per_mean_arm(means, sds, ns, prob_best_mean, true);
    } catch (...) {  // nothing may escape the core
        return Errc::num;
    }
}

Result<Table> ablossmean(const MixedRange& means, const MixedRange& sds, const MixedRange& ns) {
    try {
        return per_mean_arm(means, sds, ns, loss_mean, false);
    } catch (...) {
        return Errc::num;
    }
}

Result<Table> abcuped(const MixedRange& metric_a, const MixedRange& pre_a, const MixedRange& metric_b,
                      const MixedRange& pre_b, double confidence) {
    if (!is_open_unit(confidence)) return Errc::invalid_argument;
    const Result<CupedArm> ra = cuped_arm(metric_a, pre_a);
    if (!ra) return ra.error();
    const Result<CupedArm> rb = cuped_arm(metric_b, pre_b);
    if (!rb) return rb.error();
    const CupedArm& a = *ra;
    const CupedArm& b = *rb;
    if (a.n < 2.0 || b.n < 2.0) return Errc::div_by_zero;
    const ld na = a.n, nb = b.n, n = na + nb;
    // Each arm's mean minus the pooled mean, from the difference of the arm means.
    // (b.m0 − a.m0 is exact when the means are within a factor 2 of each other.)
    const ld gap_x = ld(b.x_m0 - a.x_m0) + (b.x_c - a.x_c), gap_y = ld(b.y_m0 - a.y_m0) + (b.y_c - a.y_c);
    const ld dxa = -nb * gap_x / n, dxb = na * gap_x / n;
    const ld dya = -nb * gap_y / n, dyb = na * gap_y / n;
    // Pooled sums about the pooled means = within-arm sums + between-arm terms.
    const ld sxx = a.sxx + b.sxx + na * dxa * dxa + nb * dxb * dxb;
    const ld sxy = a.sxy + b.sxy + na * dxa * dya + nb * dxb * dyb;
    const ld theta = sxx > 0.0L ? sxy / sxx : 0.0L;
    // Sample variance of y − θx in an arm, from the same centred sums.
    const auto resid_var = [&](const CupedArm& k) {
        const ld s = k.syy - 2.0L * theta * k.sxy + theta * theta * k.sxx;
        return std::max(s, 0.0L) / (ld(k.n) - 1.0L);
    };
    const ld va = resid_var(a) / na, vb = resid_var(b) / nb;
    const ld diff = gap_y - theta * gap_x;
    const ld se = std::sqrt(va + vb);
    if (!(se > 0.0L)) return Errc::div_by_zero;
    const ld z = z_two_sided(confidence);
    const auto zstat = static_cast<double>(diff / se);
    if (!std::isfinite(zstat)) return Errc::num;
    const ld unadjusted = a.syy / (na - 1.0L) / na + b.syy / (nb - 1.0L) / nb;
    Table t(1, 5);
    const double cells[4] = {static_cast<double>(diff), static_cast<double>(diff - z * se),
                             static_cast<double>(diff + z * se), 2.0 * normal_sf(std::fabs(zstat))};
    for (int i = 0; i < 4; ++i) {
        if (!std::isfinite(cells[i])) return Errc::num;
        t.at(0, i) = Cell::of(cells[i]);
    }
    t.at(0, 4) = unadjusted > 0.0L ? Cell::from(finite(static_cast<double>(1.0L - (va + vb) / unadjusted)))
                                   : Cell::failed(Errc::div_by_zero);
    return t;
}

}  // namespace kpi
