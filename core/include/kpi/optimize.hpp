// A small unconstrained minimiser for the model fits (BG/NBD, Gamma–Gamma,
// sBG): BFGS with an Armijo backtracking line search on an objective with an
// analytic gradient, and a Nelder–Mead fallback when BFGS stalls. No optimiser
// library can be linked statically into the add-in, so this one lives here.
// Every loop is bounded: a fit that does not settle returns Errc::no_convergence.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "kpi/result.hpp"

namespace kpi::opt {

// f(x, grad): the objective at x, writing its gradient into grad (same size as
// x). A non-finite value marks x as infeasible; the search steps back from it.
using Objective = std::function<double(const std::vector<double>& x, std::vector<double>& grad)>;

struct Options {
    int max_iterations = 500;       // BFGS iterations (and the Nelder–Mead budget / 10)
    // Evaluations of f in all (BFGS, line searches, Nelder–Mead restarts): the bound
    // on the time a fit may take, succeed or fail. Fits that converge use well under
    // 200 (CDNOW BG/NBD 26, Gamma–Gamma 112); those that run along a ridge towards
    // infinite parameters used 10,000–29,000 before, minutes on 100,000 customers.
    int max_evaluations = 1000;
    double gradient_tolerance = 1e-8;  // converged when max |grad_i| falls below this
    double box = 40.0;              // the search stays inside |x_i| <= box
};

struct Minimum {
    std::vector<double> x;
    double value = 0.0;
    double gradient_norm = 0.0;  // max |grad_i| at x
    int iterations = 0;
    int evaluations = 0;
};

// Minimise objective from x0. Errors: invalid_argument (empty or non-finite x0),
// num (objective not finite at x0), no_convergence (the gradient never became small
// within the iteration and evaluation budgets).
Result<Minimum> minimize(const Objective& objective, std::vector<double> x0, const Options& options = {});

}  // namespace kpi::opt
