// The one Boost.Math policy of the core: no function may throw into Calc, so
// every error is ignored and surfaces as NaN/inf, which callers turn into
// Errc values (finite() etc.). Kept in double precision: the approximations
// are accurate to a few ulp, and promoting to long double made ABPVALUE 4x
// slower per call.
#pragma once

#include <boost/math/distributions/complement.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/policies/policy.hpp>

namespace kpi {

namespace bmp = boost::math::policies;
using MathPolicy = bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::pole_error<bmp::ignore_error>,
                               bmp::overflow_error<bmp::ignore_error>, bmp::underflow_error<bmp::ignore_error>,
                               bmp::denorm_error<bmp::ignore_error>, bmp::evaluation_error<bmp::ignore_error>,
                               bmp::rounding_error<bmp::ignore_error>,
                               bmp::indeterminate_result_error<bmp::ignore_error>, bmp::promote_double<false>>;

// z_{1 − (1 − c)/2}: the two-sided normal critical value for confidence c ∈ (0, 1),
// shared by the intervals of the experiments and conversion families.
inline double z_two_sided(double confidence) {
    return boost::math::quantile(
        boost::math::complement(boost::math::normal_distribution<double, MathPolicy>(), (1.0 - confidence) / 2.0));
}

}  // namespace kpi
