#include "kpi/retention.hpp"

#include <cmath>

#include "kpi/validate.hpp"

namespace kpi {

Result<double> retention(double cs, double ce, double cn) noexcept {
    if (!is_count(cs) || !is_count(ce) || !is_count(cn)) return Errc::invalid_argument;
    if (cn > ce) return Errc::invalid_argument;
    // Keeping more existing customers than there were is inconsistent data.
    if (ce - cn > cs && cs > 0.0) return Errc::invalid_argument;
    return ratio(ce - cn, cs);
}

Result<double> churn(double start, double lost, double added, std::string_view method) noexcept {
    if (!is_count(start) || !is_count(lost) || !is_count(added)) return Errc::invalid_argument;
    if (lost > start + added) return Errc::invalid_argument;  // cannot lose more than were served
    // "average": (start + end) / 2 with end = start + added − lost, written as
    // start + (added − lost) / 2 so that start + end is never formed.
    double den = 0.0;
    if (option_is(method, "start")) den = start;
    else if (option_is(method, "average")) den = start + (added - lost) / 2.0;
    else if (option_is(method, "serviced")) den = start + added;
    else return Errc::invalid_argument;
    // Finite counts whose sum overflows: lost / inf would silently give 0.
    if (!std::isfinite(den)) return Errc::num;
    return ratio(lost, den);
}

Result<double> churnannual(double period_churn, double periods_per_year) noexcept {
    if (!is_unit(period_churn)) return Errc::invalid_argument;
    if (!std::isfinite(periods_per_year) || periods_per_year <= 0.0) return Errc::invalid_argument;
    // -expm1(p·log1p(−c)) keeps precision for tiny churn rates.
    if (period_churn == 1.0) return 1.0;
    return finite(-std::expm1(periods_per_year * std::log1p(-period_churn)));
}

Result<double> lifetime(double churn) noexcept {
    if (!is_unit(churn)) return Errc::invalid_argument;
    return ratio(1.0, churn);
}

Result<double> nrr(double start, double expansion, double contraction, double churned) noexcept {
    if (!is_count(start) || !is_count(expansion) || !is_count(contraction) || !is_count(churned))
        return Errc::invalid_argument;
    if (contraction + churned > start) return Errc::invalid_argument;  // lost more than there was
    return ratio(start + expansion - contraction - churned, start);
}

Result<double> grr(double start, double contraction, double churned) noexcept {
    if (!is_count(start) || !is_count(contraction) || !is_count(churned)) return Errc::invalid_argument;
    if (contraction + churned > start) return Errc::invalid_argument;
    return ratio(start - contraction - churned, start);  // ≤ 1: expansion is not an input
}

Result<double> repeatrate(double repeat_customers, double customers) noexcept {
    if (!is_count(repeat_customers) || !is_count(customers)) return Errc::invalid_argument;
    if (repeat_customers > customers) return Errc::invalid_argument;
    return ratio(repeat_customers, customers);
}
}  // namespace kpi
