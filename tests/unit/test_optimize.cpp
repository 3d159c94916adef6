#include "kpi/optimize.hpp"

#include <cmath>

#include "test_support.hpp"

using kpi::Errc;
using kpi::opt::minimize;
using Vec = std::vector<double>;

namespace {
// Rosenbrock's valley: minimum 0 at (1, 1), a curved narrow valley that defeats
// naive steepest descent.
double rosenbrock(const Vec& x, Vec& g) {
    const double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2.0 * a - 400.0 * x[0] * b;
    g[1] = 200.0 * b;
    return a * a + 100.0 * b * b;
}
}  // namespace

TEST(Optimize, RosenbrockFromTheClassicStart) {
    auto m = minimize(rosenbrock, {-1.2, 1.0});
    ASSERT_TRUE(m.ok()) << kpi::to_string(m.error());
    EXPECT_NEAR(m->x[0], 1.0, 1e-6);
    EXPECT_NEAR(m->x[1], 1.0, 1e-6);
    EXPECT_LT(m->value, 1e-12);
    EXPECT_LE(m->gradient_norm, 1e-5);
}

TEST(Optimize, BadStartsFarFromTheMinimum) {
    for (const Vec& x0 : {Vec{-30.0, 30.0}, Vec{25.0, -25.0}, Vec{0.0, 35.0}}) {
        auto m = minimize(rosenbrock, x0);
        ASSERT_TRUE(m.ok()) << x0[0] << "," << x0[1] << ": " << kpi::to_string(m.error());
        EXPECT_NEAR(m->x[0], 1.0, 1e-5);
        EXPECT_NEAR(m->x[1], 1.0, 1e-5);
    }
}

// An ill-conditioned 4-D quadratic (scales 1 … 1e6) with a known minimum.
TEST(Optimize, IllConditionedQuadratic) {
    const double w[4] = {1.0, 1e2, 1e4, 1e6}, c[4] = {3.0, -2.0, 0.5, 7.0};
    auto f = [&](const Vec& x, Vec& g) {
        double v = 0.0;
        for (int i = 0; i < 4; ++i) {
            v += 0.5 * w[i] * (x[i] - c[i]) * (x[i] - c[i]);
            g[i] = w[i] * (x[i] - c[i]);
        }
        return v;
    };
    auto m = minimize(f, {0, 0, 0, 0});
    ASSERT_TRUE(m.ok());
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(m->x[i], c[i], 1e-6) << i;
}

// The log-likelihood of a Poisson rate in log space: a typical fit objective
// (minimum at ln(mean)).
TEST(Optimize, PoissonRateInLogSpace) {
    const double counts[] = {3, 0, 4, 2, 6, 1};  // mean 16/6
    auto f = [&](const Vec& u, Vec& g) {
        const double lam = std::exp(u[0]);
        double nll = 0.0;
        for (double k : counts) nll += lam - k * u[0];
        g[0] = 6.0 * lam - 16.0;
        return nll;
    };
    auto m = minimize(f, {5.0});
    ASSERT_TRUE(m.ok());
    EXPECT_NEAR(std::exp(m->x[0]), 16.0 / 6.0, 1e-9);
}

TEST(Optimize, FlatObjectiveStopsAtOnce) {
    auto f = [](const Vec&, Vec& g) { g.assign(g.size(), 0.0); return 2.5; };
    auto m = minimize(f, {0.3, -0.7});
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->x, (Vec{0.3, -0.7}));
    EXPECT_EQ(m->value, 2.5);
}

// Unbounded below: no minimum exists, so the search must give up, bounded.
TEST(Optimize, NoMinimumIsNoConvergence) {
    auto linear = [](const Vec& x, Vec& g) { g[0] = -1.0; return -x[0]; };
    EXPECT_ERROR(minimize(linear, {0.0}), Errc::no_convergence);
    // Decreasing towards an asymptote (e^-x): the gradient never vanishes inside the box.
    auto tail = [](const Vec& x, Vec& g) { g[0] = -std::exp(-x[0]); return std::exp(-x[0]); };
    // The gradient falls below the tolerance only far out; the fits reject such
    // points by their parameter limits.
    auto m = minimize(tail, {0.0});
    ASSERT_TRUE(m.ok());
    EXPECT_GT(m->x[0], 15.0);
    auto concave = [](const Vec& x, Vec& g) { g[0] = -2.0 * x[0]; return -x[0] * x[0]; };
    EXPECT_ERROR(minimize(concave, {0.1}), Errc::no_convergence);
}

TEST(Optimize, NonFiniteObjective) {
    auto nan = [](const Vec&, Vec& g) { g[0] = 0.0; return std::nan(""); };
    EXPECT_ERROR(minimize(nan, {1.0}), Errc::num);
    // Defined only for x > 0 (like a log-likelihood of a raw parameter): the
    // search must step back from the NaN region and still find x = 2.
    auto f = [](const Vec& x, Vec& g) {
        if (x[0] <= 0.0) { g[0] = std::nan(""); return std::nan(""); }
        g[0] = 1.0 - 2.0 / x[0];
        return x[0] - 2.0 * std::log(x[0]);
    };
    auto m = minimize(f, {30.0});
    ASSERT_TRUE(m.ok());
    EXPECT_NEAR(m->x[0], 2.0, 1e-7);
    // A NaN gradient at a finite value counts as infeasible too.
    auto bad_grad = [](const Vec& x, Vec& g) { g[0] = x[0] > 1.0 ? std::nan("") : 2.0 * (x[0] - 3.0); return (x[0] - 3.0) * (x[0] - 3.0); };
    EXPECT_ERROR(minimize(bad_grad, {0.0}), Errc::no_convergence);
}

TEST(Optimize, InvalidStart) {
    EXPECT_ERROR(minimize(rosenbrock, {}), Errc::invalid_argument);
    EXPECT_ERROR(minimize(rosenbrock, {kNaN, 1.0}), Errc::invalid_argument);
    EXPECT_ERROR(minimize(rosenbrock, {kInf, 1.0}), Errc::invalid_argument);
}

// A kink at the minimum (|x| has no gradient there): BFGS stalls, the fallback
// must still land within the tolerance or report no convergence — never loop.
TEST(Optimize, KinkIsBounded) {
    auto f = [](const Vec& x, Vec& g) { g[0] = x[0] >= 0 ? 1.0 : -1.0; return std::abs(x[0]); };
    auto m = minimize(f, {3.3});
    EXPECT_FALSE(m.ok());
    EXPECT_EQ(m.error(), Errc::no_convergence);
}

// Issue 25: fits that fail ran BFGS, then two Nelder–Mead restarts of up to 5,000
// evaluations each (10,000–29,000 evaluations: minutes on 100,000 customers). Every
// run is now bounded by Options::max_evaluations, counted over all its phases.
TEST(Optimize, EvaluationsAreBoundedOverAllPhases) {
    int calls = 0;
    // A cusp at the minimum: BFGS stalls, the simplex crawls (1,329 evaluations before).
    auto cusp = [&](const Vec& x, Vec& g) {
        ++calls;
        const double r = std::sqrt(std::abs(x[0]));
        g[0] = (x[0] >= 0 ? 0.5 : -0.5) / (r + 1e-300);
        g[1] = 2.0 * x[1];
        return r + x[1] * x[1];
    };
    auto m = minimize(cusp, {2.0, 1.0});
    EXPECT_ERROR(m, Errc::no_convergence);
    EXPECT_LE(calls, kpi::opt::Options{}.max_evaluations);
    // A smaller budget is honoured too, also where the search would succeed with more.
    int rosen_calls = 0;
    auto counted_rosenbrock = [&](const Vec& x, Vec& g) { ++rosen_calls; return rosenbrock(x, g); };
    kpi::opt::Options few;
    few.max_evaluations = 20;
    EXPECT_ERROR(minimize(counted_rosenbrock, {-1.2, 1.0}, few), Errc::no_convergence);
    EXPECT_LE(rosen_calls, 20);
    rosen_calls = 0;
    EXPECT_TRUE(minimize(counted_rosenbrock, {-1.2, 1.0}).ok());
    EXPECT_LE(rosen_calls, 200);
}
