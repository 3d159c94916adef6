#include "kpi/predictive.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include "kpi/math_policy.hpp"
#include "kpi/optimize.hpp"
#include "kpi/pairs.hpp"

namespace kpi {
namespace {

using Policy = MathPolicy;

double lgam(double x) { return boost::math::lgamma(x, Policy()); }
double psi(double x) { return boost::math::digamma(x, Policy()); }
double lbeta(double a, double b) { return lgam(a) + lgam(b) - lgam(a + b); }

// A fitted parameter outside [1e-8, 1e8] (on the fit's own scale) means the
// likelihood kept improving towards a boundary: the data do not determine it.
constexpr double kParamLimit = 18.420680743952367;  // ln 1e8
// Smallest curvature of the mean negative log-likelihood in log-parameters that
// still counts as determined (CDNOW's is 3e-3, a 25-customer sample's too; a ridge gives ~1e-12).
constexpr double kMinCurvature = 1e-6;
// CLVBGNBD horizon cap: 100 years of months keeps one call well under a second.
constexpr double kMaxMonths = 1200;

bool positive(double v) { return std::isfinite(v) && v > 0.0; }
bool whole(double v) { return std::isfinite(v) && v >= 0.0 && v == std::floor(v); }

// The `params` argument: exactly n finite positive numbers.
bool read_params(const NumberRange& p, std::size_t n, double* out) {
    if (p.values.size() != n) return false;
    for (std::size_t i = 0; i < n; ++i) {
        if (!positive(p.values[i])) return false;
        out[i] = p.values[i];
    }
    return true;
}

struct BgNbd {
    double r, alpha, a, b;
};

// The BG/NBD `params` argument {r, α, a, b}, read member by member (the
// struct is no array to index into).
bool read_bgnbd(const NumberRange& params, BgNbd& out) {
    double v[4];
    if (!read_params(params, 4, v)) return false;
    out = BgNbd{v[0], v[1], v[2], v[3]};
    return true;
}

// One customer's (x, t_x, T) as the models require them.
bool customer_ok(double x, double tx, double T) {
    if (!whole(x) || !std::isfinite(tx) || !std::isfinite(T)) return false;
    if (tx < 0.0 || T < 0.0 || tx > T) return false;
    return x > 0.0 || tx == 0.0;
}

// ln of the odds that a BG/NBD customer has dropped out: ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)).
double log_dropout_odds(const BgNbd& p, double x, double tx, double T) {
    return std::log(p.a / (p.b + x - 1.0)) + (p.r + x) * std::log1p((T - tx) / (p.alpha + tx));
}

// P(alive) = 1 / (1 + odds) as a logistic, so huge odds give 0, never NaN.
double p_alive(const BgNbd& p, double x, double tx, double T) {
    if (x == 0.0) return 1.0;
    const double lo = log_dropout_odds(p, x, tx, T);
    return lo > 0.0 ? std::exp(-lo) / (1.0 + std::exp(-lo)) : 1.0 / (1.0 + std::exp(lo));
}

// ---- BG/NBD expectations as Beta mixtures
//
// Given the purchase rate λ and the dropout probability p, a customer alive now
// makes (1 − e^(−λpt))/p purchases in the next t on average; λ ~ Gamma(r', α')
// turns e^(−λpt) into (α'/(α'+pt))^r'. So every expectation is E_p[h(p)] over a
// Beta(a, b') with h(p) = (1 − (1 + p·t/α')^(−r'))/p: positive, bounded
// (h(0) = r'·t/α'), decreasing, computable without cancellation as
// −expm1(−r'·log1p(p·t/α'))/p — unlike the ₂F₁ closed forms (FHL 2005 eq. 9, 10),
// whose series cancel catastrophically for large r (a wrong finite number, not an
// error). New customer: r' = r, α' = α, b' = b; customer (x, t_x, T):
// P(alive) × the same with r' = r + x, α' = α + T, b' = b + x.
//
// The integral runs in s = ln p (the Beta weight p^(a−1) and the transition of h
// are smooth there) with tanh–sinh quadrature on pieces split at the Beta's
// centre and spread and at h's transition, so no narrow peak can be stepped over.
// Below p0 the integrand is constant to 1e-14 and that end is integrated in closed
// form (the Beta mass below 1e-300 is not negligible when a is 0.01); next to p = 1
// the variable u = (−s)^b' takes the singularity of (1 − p)^(b'−1) out when b' < 1.
// Tanh–sinh's error estimate is the change made by its last
// level, whose own error is far smaller (the rule converges double-exponentially);
// when that change stays above 1e-10 relative the result is #NUM!. The sweep
// against mpmath in the unit tests measures the actual error.

constexpr double kQuadTolerance = 1e-10;  // per piece: stop once a level changes the piece by less
constexpr double kQuadAccept = 1e-10;     // total of those last changes accepted, relative

// (Not const: Boost 1.74's integrate() is not a const member, though it only
// reads the node table, whose lazy growth is guarded by a mutex.)
boost::math::quadrature::tanh_sinh<double>& quadrature() {
    static boost::math::quadrature::tanh_sinh<double> q;  // built once
    return q;
}

constexpr double kLn2Pi = 1.8378770664093455;  // ln 2π

// ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]: Stirling's series for x >= 10 (error < 1e-16 there).
double stirling_tail(double x) {
    if (x < 10.0) return lgam(x) - ((x - 0.5) * std::log(x) - x + 0.5 * kLn2Pi);
    const double z = 1.0 / (x * x);
    return (1.0 / 12.0 - z * (1.0 / 360.0 - z * (1.0 / 1260.0 - z * (1.0 / 1680.0)))) / x;
}

// E_{p ~ Beta(a, b)}[g(p)] for a positive, bounded g with |g(p)/g(0) − 1| <= slope·p
// (h and CLVBGNBD's sums of increments: slope = (r'+1)·t/α' at the longest t).
template <class G>
Result<double> beta_mixture(double a, double b, double slope, const G& g) noexcept {
    try {
        if (!positive(a) || !positive(b) || !std::isfinite(slope)) return Errc::num;
        // ln of the weight p^a (1−p)^(b−1) / B(a, b) (ds = dp/p) as a·(s − la) + (b−1)·(l1p − lc) + C,
        // la = ln(a/(a+b)), lc = ln(b/(a+b)): ln Γ(a) etc. of large a, b (ulp 1e-10 at 1e5) never
        // meet; Stirling's form of ln B leaves only C, of order ln(a+b).
        const double la = -std::log1p(b / a), lc = -std::log1p(a / b);
        const double C = 0.5 * (la - lc + std::log(a + b) - kLn2Pi) - stirling_tail(a) - stirling_tail(b) +
                         stirling_tail(a + b);
        auto log_weight = [&](double s, double l1p) { return a * (s - la) + (b - 1.0) * (l1p - lc) + C; };
        const double p0 = 1e-14 / (1.0 + slope + std::abs(b - 1.0));  // also (1 − p)^(b−1) ≈ 1 below
        if (!(p0 > 1e-290) || !std::isfinite(C)) return Errc::num;
        const double slo = std::log(p0);
        // Below p0 in closed form: ∫₀^p0 p^(a−1) dp / B = p0^a / (a·B).
        double total = g(p0) * std::exp(log_weight(slo, 0.0) - std::log(a));
        // The integrand at s = ln p, given also −s, which near p = 1 must be known
        // better than s's rounding allows.
        auto f = [&](double s, double minus_s) {
            const double p = std::exp(s);
            const double l1p = minus_s < 0.6931471805599453 ? std::log(-std::expm1(-minus_s)) : std::log1p(-p);
            const double w = std::exp(log_weight(s, l1p));
            return w == 0.0 ? 0.0 : w * g(p);
        };
        // Split points: h's transition, the centre of ln p (its mean, or where
        // (1−p)^b' sets in when a is small), and, when the Beta is a narrow peak
        // in ln p, ±3 and ±8 standard deviations around it.
        const double m = psi(a) - psi(a + b);
        const double sd = std::sqrt(boost::math::trigamma(a, Policy()) - boost::math::trigamma(a + b, Policy()));
        std::vector<double> cut{slo, 0.0, -std::log1p(slope), m};
        if (sd < 1.0)
            cut.insert(cut.end(), {m - 3 * sd, m + 3 * sd, m - 8 * sd, m + 8 * sd});
        else
            cut.push_back(-std::log1p(a + b));
        for (double& c : cut) c = std::isfinite(c) ? std::clamp(c, slo, 0.0) : slo;
        std::sort(cut.begin(), cut.end());
        cut.erase(std::unique(cut.begin(), cut.end()), cut.end());
        double err = 0.0;
        for (std::size_t i = 0; i + 1 < cut.size(); ++i) {
            double e = 0.0, l1 = 0.0;
            if (i + 2 < cut.size()) {
                // The two-argument form: Boost's one-argument form asserts (debug builds)
                // that no node rounds onto an end, which nodes next to a large |s| do.
                total += quadrature().integrate([&](double s, double) { return f(s, -s); }, cut[i], cut[i + 1],
                                                kQuadTolerance, &e, &l1);
            } else if (b >= 1.0) {  // up to p = 1; Boost passes the distance to the nearer end
                auto piece = [&](double s, double dist) { return f(s, dist > 0.0 ? dist : -s); };
                total += quadrature().integrate(piece, cut[i], 0.0, kQuadTolerance, &e, &l1);
            } else {
                // (1 − p)^(b'−1) is singular at p = 1: with −s = u^(1/b') the weight
                // (−s)^(b'−1) ds becomes du/b', and the integrand is finite at u = 0.
                const double ib = 1.0 / b;
                auto piece = [&](double u, double) {
                    if (u == 0.0) return g(1.0) * std::exp(log_weight(0.0, 0.0)) * ib;
                    const double ms = std::pow(u, ib);
                    if (ms == 0.0) return g(1.0) * std::exp(log_weight(0.0, 0.0)) * ib;
                    // f(s)·ds/du = f(s)·ms^(1−b')/b'
                    const double ratio = ms < 1e-8 ? 1.0 - 0.5 * ms : -std::expm1(-ms) / ms;  // (1 − p)/(−s)
                    const double w = std::exp(log_weight(-ms, std::log(ratio)));
                    return w * g(std::exp(-ms)) * ib;
                };
                total += quadrature().integrate(piece, 0.0, std::pow(-cut[i], b), kQuadTolerance, &e, &l1);
            }
            // Boost 1.74 reports the error on its reference interval [−1, 1]: scale it like the integral.
            err += e * 0.5 * (i + 2 < cut.size() || b >= 1.0 ? cut[i + 1] - cut[i] : std::pow(-cut[i], b));
        }
        if (!std::isfinite(total) || !(err <= kQuadAccept * total)) return Errc::num;
        return total;
    } catch (...) {
        return Errc::num;
    }
}

// E_{p ~ Beta(a, b)}[(1 − (α/(α+pt))^r)/p]: expected purchases in t of a
// customer alive now, with posterior Gamma(r, α) rate and Beta(a, b) dropout.
Result<double> alive_purchases(double r, double alpha, double a, double b, double t) noexcept {
    if (t == 0.0) return 0.0;
    const double y = t / alpha;
    return beta_mixture(a, b, (r + 1.0) * y, [=](double p) { return -std::expm1(-r * std::log1p(p * y)) / p; });
}

Result<double> expected(const BgNbd& p, double x, double tx, double T, double t) {
    const auto u = alive_purchases(p.r + x, p.alpha + T, p.a, p.b + x, t);
    if (!u) return u;
    return finite(u.value() * p_alive(p, x, tx, T));
}

Table row(std::initializer_list<double> values) {
    Table t(1, values.size());
    std::size_t i = 0;
    for (double v : values) t.at(0, i++) = Cell::of(v);
    return t;
}

// Smallest eigenvalue of a symmetric n×n matrix (cyclic Jacobi, n <= 4).
double min_eigenvalue(std::vector<double> m, std::size_t n) {
    for (int sweep = 0; sweep < 50; ++sweep) {
        double off = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) off += m[i * n + j] * m[i * n + j];
        if (off < 1e-30) break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = m[p * n + q];
                if (apq == 0.0) continue;
                const double theta = (m[q * n + q] - m[p * n + p]) / (2.0 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {  // columns p, q
                    const double kp = m[k * n + p], kq = m[k * n + q];
                    m[k * n + p] = c * kp - s * kq;
                    m[k * n + q] = s * kp + c * kq;
                }
                for (std::size_t k = 0; k < n; ++k) {  // rows p, q
                    const double pk = m[p * n + k], qk = m[q * n + k];
                    m[p * n + k] = c * pk - s * qk;
                    m[q * n + k] = s * pk + c * qk;
                }
            }
    }
    double lo = m[0];
    for (std::size_t i = 1; i < n; ++i) lo = std::min(lo, m[i * n + i]);
    return lo;
}

// Minimise a fit objective (a mean negative log-likelihood) in log-parameters.
// Err:523 unless it converges to a point inside the parameter limits where the
// likelihood is curved in every direction: a flat direction (a ridge, or a
// maximum at infinity the search merely slowed down on) means the data do not
// determine the parameters, whatever values the search stopped at.
Result<std::vector<double>> fit(const opt::Objective& f, std::size_t n) {
    opt::Options o;
    o.gradient_tolerance = 1e-10;
    auto m = opt::minimize(f, std::vector<double>(n, 0.0), o);
    if (!m) return m.error() == Errc::num ? Errc::no_convergence : m.error();
    std::vector<double> theta(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (std::abs(m->x[i]) > kParamLimit) return Errc::no_convergence;
        theta[i] = std::exp(m->x[i]);
    }
    // Hessian by central differences of the analytic gradient.
    constexpr double kStep = 1e-4;  // in the log-parameters
    std::vector<double> hess(n * n), u = m->x, gp(n), gm(n);
    for (std::size_t j = 0; j < n; ++j) {
        u[j] = m->x[j] + kStep;
        const double fp = f(u, gp);
        u[j] = m->x[j] - kStep;
        const double fm = f(u, gm);
        u[j] = m->x[j];
        if (!std::isfinite(fp) || !std::isfinite(fm)) return Errc::no_convergence;
        for (std::size_t i = 0; i < n; ++i) hess[i * n + j] = (gp[i] - gm[i]) / (2.0 * kStep);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) hess[i * n + j] = hess[j * n + i] = 0.5 * (hess[i * n + j] + hess[j * n + i]);
    if (!(min_eigenvalue(hess, n) > kMinCurvature)) return Errc::no_convergence;
    return theta;
}

}  // namespace

// ---------------------------------------------------------------- BG/NBD

namespace {
// Per-customer ranges paired cell by cell (kpi/pairs.hpp), read as one number
// column each: the positions where every range holds a number, in row-major
// order. Dropping blanks per range first would shift one column against another.
Result<std::vector<NumberRange>> customer_columns(std::initializer_list<const MixedRange*> ranges) {
    const auto items = check_pairs(ranges);
    if (!items) return items.error();
    std::vector<NumberRange> out(ranges.size());
    for (auto& column : out) column.values.reserve(items.value());
    const MixedRange& first = **ranges.begin();
    for (std::size_t i = 0; i < first.cells.size(); ++i) {
        if (first.cells[i].kind != Input::Kind::number) continue;  // no customer here
        std::size_t k = 0;
        for (const MixedRange* r : ranges) out[k++].values.push_back(r->cells[i].number);
    }
    return out;
}
}  // namespace

namespace {
// BGNBDFIT, or MBGNBDFIT when `modified`: the modified BG/NBD (Batislam, Denizel &
// Filiztekin 2007) lets a customer also drop out right after the first purchase, so
// its likelihood has B(a, b+x+1) for B(a, b+x), b+x for b+x−1, and the dropout term
// for x = 0 too.
Result<Table> bg_family_fit(const NumberRange& frequency, const NumberRange& recency, const NumberRange& age,
                            double penalizer, bool modified) {
    const double shift = modified ? 1.0 : 0.0;
    const auto& X = frequency.values;
    const auto& TX = recency.values;
    const auto& TT = age.values;
    if (X.empty() || X.size() != TX.size() || X.size() != TT.size()) return Errc::invalid_argument;
    if (!std::isfinite(penalizer) || penalizer < 0.0) return Errc::invalid_argument;
    double scale = 0.0;
    bool repeat = false;
    for (std::size_t i = 0; i < X.size(); ++i) {
        if (!customer_ok(X[i], TX[i], TT[i])) return Errc::invalid_argument;
        scale = std::max(scale, TT[i]);
        repeat = repeat || X[i] > 0.0;
    }
    if (!repeat) return Errc::no_convergence;  // a and b do not enter the likelihood
    if (scale == 0.0) scale = 1.0;
    // Time in units of the longest age (α is fitted on that scale, as lifetimes
    // does); identical customers collapse into one weighted row.
    // The likelihood only needs logs of α + T, α + t_x and b + x − 1 and the x-only
    // special functions, each once per distinct value (CDNOW: 2,357 customers,
    // 30 frequencies, 84 ages, 1,016 distinct customers).
    auto distinct = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        return v;
    };
    std::vector<double> txs(TX.size()), Ts(TT.size());
    for (std::size_t i = 0; i < X.size(); ++i) {
        txs[i] = TX[i] / scale;
        Ts[i] = TT[i] / scale;
    }
    const std::vector<double> xs = distinct(X);
    txs = distinct(std::move(txs));
    Ts = distinct(std::move(Ts));
    auto index = [](const std::vector<double>& v, double e) {
        return static_cast<std::uint32_t>(std::lower_bound(v.begin(), v.end(), e) - v.begin());
    };
    struct Row { std::uint32_t xi, ki, ti; double w; };
    std::vector<Row> data(X.size());
    std::vector<double> wx(xs.size(), 0.0);  // customers per frequency
    for (std::size_t i = 0; i < X.size(); ++i) {
        data[i] = {index(xs, X[i]), index(txs, TX[i] / scale), index(Ts, TT[i] / scale), 1.0};
        wx[data[i].xi] += 1.0;
    }
    std::sort(data.begin(), data.end(), [](const Row& l, const Row& r) {
        return std::tie(l.xi, l.ki, l.ti) < std::tie(r.xi, r.ki, r.ti);
    });
    std::size_t kept = 0;  // identical customers become one weighted row
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (kept > 0 && data[kept - 1].xi == data[i].xi && data[kept - 1].ki == data[i].ki &&
            data[kept - 1].ti == data[i].ti)
            data[kept - 1].w += 1.0;
        else
            data[kept++] = data[i];
    }
    data.resize(kept);
    const double total = static_cast<double>(X.size());
    std::vector<double> lT(Ts.size()), iT(Ts.size()), ltx(txs.size()), itx(txs.size()), lbx(xs.size()),
        ibx(xs.size());
    auto nll = [&](const std::vector<double>& u, std::vector<double>& g) {
        const double r = std::exp(u[0]), al = std::exp(u[1]), a = std::exp(u[2]), b = std::exp(u[3]);
        const double lr = lgam(r), lab = lbeta(a, b), pr = psi(r), pab = psi(a + b), pb = psi(b);
        const double lal = std::log(al), la = std::log(a);
        double ll = total * r * lal, gr = total * lal, gal = total * r / al, ga = 0.0, gb = 0.0;
        for (std::size_t k = 0; k < xs.size(); ++k) {
            const double x = xs[k], w = wx[k];
            const double xb = x + shift;
            const double pabx = psi(a + b + xb);
            ll += w * (lgam(r + x) - lr + lbeta(a, b + xb) - lab);
            gr += w * (psi(r + x) - pr);
            ga += w * (pab - pabx);
            gb += w * (psi(b + xb) - pabx - pb + pab);
            const bool dropout = x > 0.0 || modified;  // the dropout term exists
            lbx[k] = dropout ? std::log(b + x - 1.0 + shift) : 0.0;
            ibx[k] = dropout ? 1.0 / (b + x - 1.0 + shift) : 0.0;
        }
        for (std::size_t j = 0; j < Ts.size(); ++j) {
            lT[j] = std::log(al + Ts[j]);
            iT[j] = 1.0 / (al + Ts[j]);
        }
        for (std::size_t j = 0; j < txs.size(); ++j) {
            ltx[j] = std::log(al + txs[j]);
            itx[j] = 1.0 / (al + txs[j]);
        }
        for (const Row& d : data) {
            const double x = xs[d.xi], rx = r + x, w = d.w;
            const double A3 = -rx * lT[d.ti];
            if (x == 0.0 && !modified) {
                ll += w * A3;
                gr -= w * lT[d.ti];
                gal -= w * rx * iT[d.ti];
                continue;
            }
            const double A4 = la - lbx[d.xi] - rx * ltx[d.ki];
            const double diff = A4 - A3, e = std::exp(-std::abs(diff));
            const double w4 = diff > 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e), w3 = 1.0 - w4;
            ll += w * (std::max(A3, A4) + std::log1p(e));
            gr -= w * (w3 * lT[d.ti] + w4 * ltx[d.ki]);
            gal -= w * rx * (w3 * iT[d.ti] + w4 * itx[d.ki]);
            ga += w * w4 / a;
            gb -= w * w4 * ibx[d.xi];
        }
        const double th[4] = {r, al, a, b};
        const double gt[4] = {gr, gal, ga, gb};
        double pen = 0.0;
        for (int i = 0; i < 4; ++i) {
            pen += penalizer * th[i] * th[i];
            g[i] = -th[i] * gt[i] / total + 2.0 * penalizer * th[i] * th[i];
        }
        return -ll / total + pen;
    };
    auto theta = fit(nll, 4);
    if (!theta) return theta.error();
    const auto& t = theta.value();
    return row({t[0], t[1] * scale, t[2], t[3]});
}
}  // namespace

Result<Table> bgnbdfit(const NumberRange& frequency, const NumberRange& recency, const NumberRange& age,
                       double penalizer) {
    return bg_family_fit(frequency, recency, age, penalizer, false);
}

Result<Table> bgnbdfit(const MixedRange& frequency, const MixedRange& recency, const MixedRange& age,
                       double penalizer) {
    const auto c = customer_columns({&frequency, &recency, &age});
    if (!c) return c.error();
    return bg_family_fit(c.value()[0], c.value()[1], c.value()[2], penalizer, false);
}

Result<double> bgnbdexpected(const NumberRange& params, double frequency, double recency, double age,
                             double t) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!customer_ok(frequency, recency, age) || !std::isfinite(t) || t < 0.0) return Errc::invalid_argument;
    return expected(p, frequency, recency, age, t);
}

Result<double> bgnbdalive(const NumberRange& params, double frequency, double recency, double age) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!customer_ok(frequency, recency, age)) return Errc::invalid_argument;
    return finite(p_alive(p, frequency, recency, age));
}

Result<double> bgnbdnew(const NumberRange& params, double t) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!std::isfinite(t) || t < 0.0) return Errc::invalid_argument;
    return expected(p, 0.0, 0.0, 0.0, t);
}

Result<double> bgnbdprob(const NumberRange& params, double n, double t) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!whole(n) || !std::isfinite(t) || t < 0.0) return Errc::invalid_argument;
    if (t == 0.0) return n == 0.0 ? 1.0 : 0.0;
    // NBD part in logs (no Γ overflow); the tail 1 − qʳ Σ_{j<n} NB(j) is the
    // regularised incomplete beta 1 − I_q(r, n), with q = α/(α+t), in one call.
    const double lq = -std::log1p(t / p.alpha);
    const double lp = std::log(t) - std::log(p.alpha + t);
    const double lab = lbeta(p.a, p.b);
    double v = std::exp(lbeta(p.a, p.b + n) - lab + lgam(p.r + n) - lgam(p.r) - lgam(n + 1.0) + p.r * lq + n * lp);
    if (n > 0.0) {
        const double q = p.alpha / (p.alpha + t);
        v += std::exp(lbeta(p.a + 1.0, p.b + n - 1.0) - lab) * boost::math::ibetac(p.r, n, q, Policy());
    }
    return finite(v);
}

// ---------------------------------------------------------------- MBG/NBD

namespace {
// P(alive) of the modified BG/NBD: 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), for x = 0 too.
double mbg_p_alive(const BgNbd& p, double x, double tx, double T) {
    const double lo = std::log(p.a / (p.b + x)) + (p.r + x) * std::log1p((T - tx) / (p.alpha + tx));
    return lo > 0.0 ? std::exp(-lo) / (1.0 + std::exp(-lo)) : 1.0 / (1.0 + std::exp(lo));
}
}  // namespace

Result<Table> mbgnbdfit(const NumberRange& frequency, const NumberRange& recency, const NumberRange& age,
                        double penalizer) {
    return bg_family_fit(frequency, recency, age, penalizer, true);
}

Result<Table> mbgnbdfit(const MixedRange& frequency, const MixedRange& recency, const MixedRange& age,
                        double penalizer) {
    const auto c = customer_columns({&frequency, &recency, &age});
    if (!c) return c.error();
    return bg_family_fit(c.value()[0], c.value()[1], c.value()[2], penalizer, true);
}

// Alive after x repeat purchases, the dropout probability is Beta(a, b+x+1) (x+1
// survived chances to drop out), and the future is the BG/NBD's.
Result<double> mbgnbdexpected(const NumberRange& params, double frequency, double recency, double age,
                              double t) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!customer_ok(frequency, recency, age) || !std::isfinite(t) || t < 0.0) return Errc::invalid_argument;
    const auto u = alive_purchases(p.r + frequency, p.alpha + age, p.a, p.b + frequency + 1.0, t);
    if (!u) return u;
    return finite(u.value() * mbg_p_alive(p, frequency, recency, age));
}

Result<double> mbgnbdalive(const NumberRange& params, double frequency, double recency, double age) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!customer_ok(frequency, recency, age)) return Errc::invalid_argument;
    return finite(mbg_p_alive(p, frequency, recency, age));
}

// E[X(t)] = E_{p ~ Beta(a, b)}[(1−p)/p · (1 − (α/(α+pt))^r)] = b/(a+b) · E_{p ~ Beta(a, b+1)}[h(p)]:
// a new customer first survives the dropout at the first purchase.
Result<double> mbgnbdnew(const NumberRange& params, double t) noexcept {
    BgNbd p{};
    if (!read_bgnbd(params, p)) return Errc::invalid_argument;
    if (!std::isfinite(t) || t < 0.0) return Errc::invalid_argument;
    const auto u = alive_purchases(p.r, p.alpha, p.a, p.b + 1.0, t);
    if (!u) return u;
    return finite(u.value() * (p.b / (p.a + p.b)));
}

// ---------------------------------------------------------------- Gamma–Gamma

Result<Table> ggfit(const NumberRange& frequency, const NumberRange& monetary) {
    const auto& X = frequency.values;
    const auto& M = monetary.values;
    if (X.empty() || X.size() != M.size()) return Errc::invalid_argument;
    struct Row { double x, z, w; };  // a repeat buyer's x and x·m, and how many share them
    std::vector<Row> data;
    double scale = 0.0;
    for (std::size_t i = 0; i < X.size(); ++i) {
        if (!whole(X[i]) || !std::isfinite(M[i])) return Errc::invalid_argument;
        if (X[i] == 0.0) continue;  // no repeat purchase: no spend observed
        if (M[i] <= 0.0) return Errc::invalid_argument;
        data.push_back({X[i], M[i], 1.0});
        scale += M[i];
    }
    if (data.empty()) return Errc::no_convergence;
    const double total = static_cast<double>(data.size());
    scale /= total;  // v is fitted in units of the mean spend
    // Per customer, with s = p x + q and z = x·m:
    //   ln Γ(s) − ln Γ(p x) − ln Γ(q) + q ln v + (p x − 1) ln m + p x ln x − s ln(v + z)
    // = [ln Γ(s) − ln Γ(p x)] − ln Γ(q) + p (x ln m + x ln x − x ln v) − ln m − s ln(1 + z/v).
    // The bracket depends on x only (once per distinct frequency), the middle on sums
    // taken once here, and only the last term on each customer's z: one log1p per
    // distinct (x, z) and evaluation, where the per-customer form took four special
    // functions and four logs (100,000 customers: minutes per failing fit). ln(1 + z/v)
    // also avoids the cancellation of q ln v − q ln(v + z) for large v.
    double c_p = 0.0, c_1 = 0.0, sum_x = 0.0;
    for (auto& d : data) {
        d.z /= scale;
        const double lm = std::log(d.z);
        c_p += d.x * (lm + std::log(d.x));
        c_1 += lm;
        sum_x += d.x;
        d.z *= d.x;
    }
    std::sort(data.begin(), data.end(), [](const Row& l, const Row& r) { return std::tie(l.x, l.z) < std::tie(r.x, r.z); });
    std::vector<double> xs, wx;  // distinct frequencies and their customers
    std::size_t kept = 0;        // identical (x, z) become one weighted row
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (xs.empty() || xs.back() != data[i].x) {
            xs.push_back(data[i].x);
            wx.push_back(0.0);
        }
        wx.back() += 1.0;
        if (kept > 0 && data[kept - 1].x == data[i].x && data[kept - 1].z == data[i].z)
            data[kept - 1].w += 1.0;
        else
            data[kept++] = data[i];
    }
    data.resize(kept);
    // The per-customer sums depend on v alone: kept for the last v, so evaluations
    // that move only p and q (the curvature check) skip them.
    double cached_v = std::numeric_limits<double>::quiet_NaN();
    double s_l1 = 0.0, s_xl1 = 0.0, s_t = 0.0, s_x = 0.0;
    auto nll = [&](const std::vector<double>& u, std::vector<double>& g) {
        const double p = std::exp(u[0]), q = std::exp(u[1]), v = std::exp(u[2]);
        if (!(v == cached_v)) {
            const double iv = 1.0 / v;
            s_l1 = s_xl1 = s_t = s_x = 0.0;
            for (const Row& d : data) {
                const double t = d.z * iv, l1 = std::log1p(t), it = d.w / (1.0 + t);
                s_l1 += d.w * l1;
                s_xl1 += d.w * d.x * l1;
                s_t += it * t;
                s_x += it * d.x;
            }
            cached_v = v;
        }
        const double lv = std::log(v);
        double ll = -total * lgam(q) + p * (c_p - sum_x * lv) - c_1 - q * s_l1 - p * s_xl1;
        double gp = c_p - sum_x * lv - s_xl1, gq = -total * psi(q) - s_l1;
        for (std::size_t k = 0; k < xs.size(); ++k) {
            const double px = p * xs[k], ppq = psi(px + q);
            ll += wx[k] * (lgam(px + q) - lgam(px));
            gp += wx[k] * xs[k] * (ppq - psi(px));
            gq += wx[k] * ppq;
        }
        g[0] = -p * gp / total;
        g[1] = -q * gq / total;
        g[2] = -(q * s_t - p * s_x) / total;  // v·∂ll/∂v = Σ (q t − p x)/(1 + t), t = z/v
        return -ll / total;
    };
    auto theta = fit(nll, 3);
    if (!theta) return theta.error();
    const auto& t = theta.value();
    return row({t[0], t[1], t[2] * scale});
}

Result<Table> ggfit(const MixedRange& frequency, const MixedRange& monetary) {
    const auto c = customer_columns({&frequency, &monetary});
    if (!c) return c.error();
    return ggfit(c.value()[0], c.value()[1]);
}

namespace {
Result<double> gg_mean(const double* g, double x, double m) {
    const double p = g[0], q = g[1], v = g[2];
    if (x == 0.0) return q > 1.0 ? finite(v * p / (q - 1.0)) : Result<double>(Errc::num);
    const double den = p * x + q - 1.0;
    if (!(den > 0.0)) return Errc::num;
    return finite((v * p + p * x * m) / den);
}
}  // namespace

Result<double> ggspend(const NumberRange& params, double frequency, double monetary) noexcept {
    double g[3];
    if (!read_params(params, 3, g)) return Errc::invalid_argument;
    if (!whole(frequency) || !std::isfinite(monetary)) return Errc::invalid_argument;
    if (frequency > 0.0 && monetary <= 0.0) return Errc::invalid_argument;
    return gg_mean(g, frequency, monetary);
}

Result<double> clvbgnbd(const NumberRange& bgnbd_params, const NumberRange& gg_params, double frequency,
                        double recency, double age, double monetary, double months,
                        double discount_rate_monthly, double units_per_month) noexcept {
    BgNbd p{};
    double g[3];
    if (!read_bgnbd(bgnbd_params, p) || !read_params(gg_params, 3, g)) return Errc::invalid_argument;
    if (!customer_ok(frequency, recency, age) || !std::isfinite(monetary)) return Errc::invalid_argument;
    if (frequency > 0.0 && monetary <= 0.0) return Errc::invalid_argument;
    if (!whole(months) || months > kMaxMonths) return Errc::invalid_argument;
    if (!std::isfinite(discount_rate_monthly) || discount_rate_monthly <= -1.0) return Errc::invalid_argument;
    if (!positive(units_per_month)) return Errc::invalid_argument;
    const auto spend = gg_mean(g, frequency, monetary);
    if (!spend) return spend;
    const double alive = p_alive(p, frequency, recency, age);
    const int n = static_cast<int>(months);
    if (n == 0) return 0.0;
    // Σ_i d^i (E(i·u) − E((i−1)·u)) as one Beta mixture: each month's increment
    // q_(i−1)^r' − q_i^r', q_i = (1 + p·i·y)^(−r'), y = u/α', is positive and
    // computed as a product, so no difference of rounded expectations is taken.
    const double ld = std::log1p(discount_rate_monthly);
    std::array<double, static_cast<std::size_t>(kMaxMonths) + 1> disc{};  // no allocation in a noexcept function
    for (int i = 1; i <= n; ++i) disc[i] = std::exp(-i * ld);
    const double rr = p.r + frequency, y = units_per_month / (p.alpha + age);
    auto increments = [&](double q) {
        double s = 0.0, lprev = 0.0, eprev = 1.0;  // ln(1 + p·(i−1)·y), its power −r'
        for (int i = 1; i <= n; ++i) {
            const double l = std::log1p(static_cast<double>(i) * q * y);
            const double e = std::exp(-rr * l);
            // e_(i−1) − e_i = e_(i−1)·(1 − e^(−r'(l_i − l_(i−1)))), exact when the two are close.
            s += disc[i] * (e < 0.5 * eprev ? eprev - e : -eprev * std::expm1(-rr * (l - lprev)));
            lprev = l;
            eprev = e;
        }
        return s / q;
    };
    const auto mix = beta_mixture(p.a, p.b + frequency, (rr + 1.0) * y * n, increments);
    if (!mix) return mix;
    const double sum = mix.value();
    return finite(spend.value() * alive * sum);
}

// ---------------------------------------------------------------- sBG

Result<Table> sbgfit(const MixedRange& survivors) {
    // The counts in period order. Their position is their period, so a gap (an
    // empty or text cell between two counts) would move every later count one
    // period earlier: Err:502. Empty and text cells before the first count (a
    // header) and after the last are no part of the series.
    std::vector<double> n;
    bool ended = false;  // a blank cell followed the counts
    for (const Input& c : survivors.cells) {
        if (c.kind == Input::Kind::error) return c.error;
        if (c.kind != Input::Kind::number) {
            ended = !n.empty();
            continue;
        }
        if (ended) return Errc::invalid_argument;
        n.push_back(c.number);
    }
    if (n.size() < 2) return Errc::invalid_argument;
    // (Two values — one period — only determine the mean churn α/(α+β): see the curvature check.)
    for (std::size_t t = 0; t < n.size(); ++t) {
        if (!std::isfinite(n[t]) || n[t] < 0.0) return Errc::invalid_argument;
        if (t > 0 && n[t] > n[t - 1]) return Errc::invalid_argument;
    }
    if (n[0] <= 0.0) return Errc::invalid_argument;
    // Nobody churned, or everybody at once: the likelihood has no interior maximum.
    if (n.back() == n[0] || n[1] == 0.0) return Errc::no_convergence;
    const std::size_t k = n.size() - 1;
    auto nll = [&](const std::vector<double>& u, std::vector<double>& g) {
        const double al = std::exp(u[0]), be = std::exp(u[1]);
        // ln S(t) = Σ_{i≤t} ln((β+i−1)/(α+β+i−1)); ln P(T=t) = ln S(t−1) + ln α − ln(α+β+t−1).
        double ls = 0.0, dsa = 0.0, dsb = 0.0;  // ln S(t−1) and its derivatives
        double ll = 0.0, ga = 0.0, gb = 0.0;
        for (std::size_t t = 1; t <= k; ++t) {
            const double s = al + be + static_cast<double>(t) - 1.0;
            const double died = n[t - 1] - n[t];
            if (died > 0.0) {
                ll += died * (ls + std::log(al) - std::log(s));
                ga += died * (dsa + 1.0 / al - 1.0 / s);
                gb += died * (dsb - 1.0 / s);
            }
            const double bt = be + static_cast<double>(t) - 1.0;
            ls += std::log(bt) - std::log(s);
            dsa -= 1.0 / s;
            dsb += 1.0 / bt - 1.0 / s;
        }
        ll += n[k] * ls;
        ga += n[k] * dsa;
        gb += n[k] * dsb;
        g[0] = -al * ga / n[0];
        g[1] = -be * gb / n[0];
        return -ll / n[0];
    };
    auto theta = fit(nll, 2);
    if (!theta) return theta.error();
    return row({theta.value()[0], theta.value()[1]});
}

Result<double> sbgsurvival(const NumberRange& params, double t) noexcept {
    double s[2];
    if (!read_params(params, 2, s)) return Errc::invalid_argument;
    if (!std::isfinite(t) || t < 0.0) return Errc::invalid_argument;
    if (t == 0.0) return 1.0;
    return finite(std::exp(lbeta(s[0], s[1] + t) - lbeta(s[0], s[1])));
}

Result<double> sbgretention(const NumberRange& params, double t) noexcept {
    double s[2];
    if (!read_params(params, 2, s)) return Errc::invalid_argument;
    if (!std::isfinite(t) || t < 1.0) return Errc::invalid_argument;
    return finite((s[1] + t - 1.0) / (s[0] + s[1] + t - 1.0));
}

}  // namespace kpi
