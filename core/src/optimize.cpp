#include "kpi/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kpi::opt {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double max_abs(const std::vector<double>& v) {
    double m = 0.0;
    for (double e : v) m = std::max(m, std::abs(e));
    return m;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

// The objective with the box and non-finite values folded into +inf, and a
// count of evaluations.
struct Counted {
    const Objective& f;
    double box;
    int budget;
    int evaluations = 0;

    bool exhausted() const { return evaluations >= budget; }

    double operator()(const std::vector<double>& x, std::vector<double>& g) {
        if (exhausted()) return kInfinity;  // every loop below also stops on exhausted()
        ++evaluations;
        for (double e : x)
            if (!std::isfinite(e) || std::abs(e) > box) return kInfinity;
        g.assign(x.size(), 0.0);
        const double v = f(x, g);
        if (!std::isfinite(v)) return kInfinity;
        for (double e : g)
            if (!std::isfinite(e)) return kInfinity;
        return v;
    }
};

struct Point {
    std::vector<double> x, g;
    double value = kInfinity;
};

// BFGS on the inverse Hessian with Armijo backtracking. Returns the best point
// reached and whether its gradient met the tolerance.
bool bfgs(Counted& f, Point& p, const Options& o, int& iterations) {
    const std::size_t n = p.x.size();
    std::vector<double> h(n * n, 0.0);
    auto reset = [&] {
        std::fill(h.begin(), h.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) h[i * n + i] = 1.0;
    };
    reset();
    bool fresh = true;  // h is the identity
    std::vector<double> d(n), xn(n), gn(n), s(n), y(n), hy(n);
    // Largest move of one coordinate in one step: keeps a first step on a flat
    // objective from leaping to where it is not finite.
    constexpr double kMaxStep = 4.0;
    for (; iterations < o.max_iterations; ++iterations) {
        const double gnorm = max_abs(p.g);
        if (gnorm <= o.gradient_tolerance) return true;
        if (f.exhausted()) return false;
        for (std::size_t i = 0; i < n; ++i) {
            double v = 0.0;
            for (std::size_t j = 0; j < n; ++j) v -= h[i * n + j] * p.g[j];
            d[i] = v;
        }
        double slope = dot(d, p.g);
        if (!(slope < 0.0)) {  // not a descent direction: restart from steepest descent
            reset();
            fresh = true;
            for (std::size_t i = 0; i < n; ++i) d[i] = -p.g[i];
            slope = dot(d, p.g);
        }
        double step = std::min(1.0, kMaxStep / max_abs(d));
        double fn = kInfinity;
        bool moved = false;
        for (int k = 0; k < 50 && !f.exhausted(); ++k, step *= 0.5) {
            for (std::size_t i = 0; i < n; ++i) xn[i] = p.x[i] + step * d[i];
            fn = f(xn, gn);
            // At the optimum of a long sum the full step changes f by less than
            // its rounding: the gradient is then as small as f can resolve.
            if (k == 0 && std::abs(fn - p.value) <= 1e-15 * std::max(1.0, std::abs(p.value)) &&
                gnorm <= 1e3 * o.gradient_tolerance) {
                if (fn < p.value) {
                    p.x = xn;
                    p.g = gn;
                    p.value = fn;
                }
                return true;
            }
            if (fn <= p.value + 1e-4 * step * slope) {
                moved = fn < p.value || xn != p.x;
                break;
            }
        }
        if (!(fn <= p.value + 1e-4 * step * slope) || !moved) {
            if (!fresh) {  // a stale curvature estimate: retry along the gradient
                reset();
                fresh = true;
                continue;
            }
            // No decrease is representable any more: accept only if the
            // gradient is at the noise level of a sum of many terms.
            return gnorm <= 1e3 * o.gradient_tolerance;
        }
        for (std::size_t i = 0; i < n; ++i) {
            s[i] = xn[i] - p.x[i];
            y[i] = gn[i] - p.g[i];
        }
        const double sy = dot(s, y);
        p.x = xn;
        p.g = gn;
        const bool tiny_change = std::abs(p.value - fn) <= 1e-16 * std::max(1.0, std::abs(fn));
        p.value = fn;
        if (sy > 1e-12 * std::sqrt(dot(s, s) * dot(y, y))) {
            if (fresh) {  // scale the identity to the observed curvature first
                const double scale = sy / dot(y, y);
                for (double& e : h) e *= scale;
            }
            for (std::size_t i = 0; i < n; ++i) {
                double v = 0.0;
                for (std::size_t j = 0; j < n; ++j) v += h[i * n + j] * y[j];
                hy[i] = v;
            }
            const double yhy = dot(y, hy);
            const double rho = 1.0 / sy;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    h[i * n + j] += rho * ((1.0 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
            fresh = false;
        }
        if (tiny_change && max_abs(p.g) <= 1e3 * o.gradient_tolerance) return true;
    }
    return max_abs(p.g) <= o.gradient_tolerance;
}

// Nelder–Mead from p (simplex edge `size`), bounded by `budget` evaluations.
void nelder_mead(Counted& f, Point& p, double size, int budget) {
    const std::size_t n = p.x.size();
    std::vector<std::vector<double>> v(n + 1, p.x);
    std::vector<double> fv(n + 1), g;
    fv[0] = p.value;
    for (std::size_t i = 0; i < n; ++i) {
        v[i + 1][i] += size;
        fv[i + 1] = f(v[i + 1], g);
    }
    std::vector<std::size_t> idx(n + 1);
    std::vector<double> c(n), xr(n), xe(n);
    const int stop = f.evaluations + budget;
    while (f.evaluations < stop && !f.exhausted()) {
        std::iota(idx.begin(), idx.end(), 0);
        std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return fv[a] < fv[b]; });
        const std::size_t best = idx[0], worst = idx[n], second = idx[n - 1];
        if (std::isfinite(fv[worst]) && fv[worst] - fv[best] <= 1e-15 * (1.0 + std::abs(fv[best]))) break;
        std::fill(c.begin(), c.end(), 0.0);
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t i = 0; i < n; ++i) c[i] += v[idx[k]][i] / static_cast<double>(n);
        auto along = [&](double t, std::vector<double>& out) {
            for (std::size_t i = 0; i < n; ++i) out[i] = c[i] + t * (v[worst][i] - c[i]);
            return f(out, g);
        };
        const double fr = along(-1.0, xr);
        if (fr < fv[best]) {
            const double fe = along(-2.0, xe);
            if (fe < fr) { v[worst] = xe; fv[worst] = fe; }
            else { v[worst] = xr; fv[worst] = fr; }
        } else if (fr < fv[second]) {
            v[worst] = xr; fv[worst] = fr;
        } else {
            const double fc = fr < fv[worst] ? along(-0.5, xe) : along(0.5, xe);
            if (fc < std::min(fr, fv[worst])) {
                v[worst] = xe; fv[worst] = fc;
            } else {  // shrink towards the best vertex
                for (std::size_t k = 1; k <= n; ++k) {
                    std::vector<double>& vk = v[idx[k]];
                    for (std::size_t i = 0; i < n; ++i) vk[i] = v[best][i] + 0.5 * (vk[i] - v[best][i]);
                    fv[idx[k]] = f(vk, g);
                }
            }
        }
    }
    const std::size_t best = static_cast<std::size_t>(std::min_element(fv.begin(), fv.end()) - fv.begin());
    if (fv[best] < p.value) {
        std::vector<double> gb;
        const double value = f(v[best], gb);  // its gradient (inf once the budget is spent)
        if (std::isfinite(value)) {
            p.x = v[best];
            p.g = std::move(gb);
            p.value = value;
        }
    }
}

}  // namespace

Result<Minimum> minimize(const Objective& objective, std::vector<double> x0, const Options& options) {
    if (x0.empty()) return Errc::invalid_argument;
    for (double e : x0)
        if (!std::isfinite(e)) return Errc::invalid_argument;
    Counted f{objective, options.box, std::max(1, options.max_evaluations)};
    Point p;
    p.x = std::move(x0);
    p.value = f(p.x, p.g);
    if (!std::isfinite(p.value)) return Errc::num;
    int iterations = 0;
    bool ok = bfgs(f, p, options, iterations);
    // BFGS stalled (a kink, a poor curvature model, a start far out): let the
    // derivative-free simplex move it, then polish with BFGS once more.
    for (int round = 0; !ok && round < 2 && !f.exhausted(); ++round) {
        nelder_mead(f, p, round == 0 ? 1.0 : 0.1, 10 * options.max_iterations);
        int more = 0;
        ok = bfgs(f, p, options, more);
        iterations += more;
    }
    if (!ok) return Errc::no_convergence;
    return Minimum{p.x, p.value, max_abs(p.g), iterations, f.evaluations};
}

}  // namespace kpi::opt
