#include "kpi/retention.hpp"

#include <cmath>

#include "kpi/validate.hpp"

namespace kpi {

Result<double> retention(double start_customers, double end_customers, double new_customers) noexcept {
    if (!is_count(start_customers) || !is_count(end_customers) || !is_count(new_customers))
        return Errc::invalid_argument;
    if (new_customers > end_customers) return Errc::invalid_argument;
    // Keeping more existing customers than there were is inconsistent data.
    if (end_customers - new_customers > start_customers && start_customers > 0.0)
        return Errc::invalid_argument;
    return ratio(end_customers - new_customers, start_customers);
}

Result<double> churn(double start_customers, double lost_customers, double new_customers,
                     std::string_view method) noexcept {
    if (!is_count(start_customers) || !is_count(lost_customers) || !is_count(new_customers))
        return Errc::invalid_argument;
    // Cannot lose more than were served.
    if (lost_customers > start_customers + new_customers) return Errc::invalid_argument;
    // "average": (start + end) / 2 with end = start + new − lost, written as
    // start + (new − lost) / 2 so that start + end is never formed.
    double den = 0.0;
    if (option_is(method, "start")) den = start_customers;
    else if (option_is(method, "average")) den = start_customers + (new_customers - lost_customers) / 2.0;
    else if (option_is(method, "serviced")) den = start_customers + new_customers;
    else return Errc::invalid_argument;
    // Finite counts whose sum overflows: lost / inf would silently give 0.
    if (!std::isfinite(den)) return Errc::num;
    return ratio(lost_customers, den);
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

Result<double> nrr(double start_revenue, double expansion, double contraction, double churned) noexcept {
    if (!is_count(start_revenue) || !is_count(expansion) || !is_count(contraction) || !is_count(churned))
        return Errc::invalid_argument;
    if (contraction + churned > start_revenue) return Errc::invalid_argument;  // lost more than there was
    return ratio(start_revenue + expansion - contraction - churned, start_revenue);
}

Result<double> grr(double start_revenue, double contraction, double churned) noexcept {
    if (!is_count(start_revenue) || !is_count(contraction) || !is_count(churned)) return Errc::invalid_argument;
    if (contraction + churned > start_revenue) return Errc::invalid_argument;
    return ratio(start_revenue - contraction - churned, start_revenue);  // ≤ 1: expansion is not an input
}

Result<double> repeatrate(double repeat_customers, double customers) noexcept {
    if (!is_count(repeat_customers) || !is_count(customers)) return Errc::invalid_argument;
    if (repeat_customers > customers) return Errc::invalid_argument;
    return ratio(repeat_customers, customers);
}
}  // namespace kpi
