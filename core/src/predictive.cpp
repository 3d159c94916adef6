#include "kpi/predictive.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "kpi/math_policy.hpp"
#include "kpi/optimize.hpp"

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
// Series terms before giving up (#NUM!), so z → 1 cannot hang a recalculation.
constexpr int kMaxTerms = 1'000'000;
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

// (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t), in a form that
// neither overflows nor cancels: Euler's transformation turns the ₂F₁ into
// (1−z)^(a−1−r−x)·F with F = ₂F₁(a+b−1−r, a−1; a+b+x−1; z) = 1 + (a−1)·S, so the bracket over (a−1) is
// −expm1((a−1)L)/(a−1) − e^((a−1)L)·S with L = ln(1−z): finite at a = 1 (the limit −L − S).
Result<double> unconditional_series(const BgNbd& p, double x, double T, double t) {
    const double am1 = p.a - 1.0;
    const double c = p.a + p.b + x - 1.0;
    const double ap = p.a + p.b - 1.0 - p.r;
    const double z = t / (p.alpha + T + t);
    const double L = -std::log1p(t / (p.alpha + T));
    double s = 0.0, term = 1.0;
    int n = 1;
    for (;; ++n) {
        if (n > kMaxTerms) return Errc::num;
        const double den = (c + n - 1.0) * n;
        if (den == 0.0) return Errc::div_by_zero;  // a + b = 1 with x = 0: see below
        term *= (ap + n - 1.0) * (n == 1 ? 1.0 : p.a + n - 2.0) * z / den;
        s += term;
        if (!std::isfinite(s)) return Errc::num;
        if (term == 0.0 || std::abs(term) <= 1e-17 * std::abs(s)) break;
    }
    const double phi = am1 == 0.0 ? -L : -std::expm1(am1 * L) / am1;
    return finite(c * (phi - std::exp(am1 * L) * s));
}

Result<double> unconditional_part(const BgNbd& p, double x, double T, double t) {
    if (t == 0.0) return 0.0;
    auto v = unconditional_series(p, x, T, t);
    if (v || v.error() != Errc::div_by_zero) return v;
    // a + b + x − 1 = 0 (x = 0, a + b = 1): a removable singularity of the
    // ₂F₁ form, the value is analytic in a; the symmetric mean of a(1 ± 1e-5)
    // is accurate to ~1e-10 (mpmath limit 0.917946892745714 for a = b = 0.5).
    BgNbd lo = p, hi = p;
    lo.a *= 1.0 - 1e-5;
    hi.a *= 1.0 + 1e-5;
    const auto vl = unconditional_series(lo, x, T, t), vh = unconditional_series(hi, x, T, t);
    if (!vl || !vh) return Errc::num;
    return finite(0.5 * (vl.value() + vh.value()));
}

Result<double> expected(const BgNbd& p, double x, double tx, double T, double t) {
    const auto u = unconditional_part(p, x, T, t);
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

Result<Table> bgnbdfit(const NumberRange& frequency, const NumberRange& recency, const NumberRange& age,
                       double penalizer) {
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
            const double pabx = psi(a + b + x);
            ll += w * (lgam(r + x) - lr + lbeta(a, b + x) - lab);
            gr += w * (psi(r + x) - pr);
            ga += w * (pab - pabx);
            gb += w * (psi(b + x) - pabx - pb + pab);
            lbx[k] = x > 0.0 ? std::log(b + x - 1.0) : 0.0;
            ibx[k] = x > 0.0 ? 1.0 / (b + x - 1.0) : 0.0;
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
            if (x == 0.0) {
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
    const double ld = std::log1p(discount_rate_monthly);
    double sum = 0.0, prev = 0.0;
    for (int i = 1; i <= static_cast<int>(months); ++i) {
        const auto e = unconditional_part(p, frequency, age, i * units_per_month);
        if (!e) return e;
        sum += (e.value() - prev) * std::exp(-i * ld);
        prev = e.value();
    }
    return finite(spend.value() * alive * sum);
}

// ---------------------------------------------------------------- sBG

Result<Table> sbgfit(const NumberRange& survivors) {
    const auto& n = survivors.values;
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
