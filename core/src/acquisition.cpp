#include "kpi/acquisition.hpp"

#include "kpi/sum.hpp"
#include "kpi/validate.hpp"

namespace kpi {
Result<double> cac(const NumberRange& costs, double new_customers) noexcept {
    CompensatedSum sum;
    for (double c : costs.values) {
        if (!is_count(c)) return Errc::invalid_argument;
        sum.add(c);
    }
    const double total = sum.value();
    if (!std::isfinite(total)) return Errc::num;  // finite parts overflowing the sum
    return count_ratio(total, new_customers);
}

Result<double> cpl(double cost, double leads) noexcept { return count_ratio(cost, leads); }
Result<double> cpa(double cost, double conversions) noexcept { return count_ratio(cost, conversions); }
Result<double> cpc(double cost, double clicks) noexcept { return count_ratio(cost, clicks); }
Result<double> cpm(double cost, double impressions) noexcept {
    if (!is_count(cost) || !is_count(impressions)) return Errc::invalid_argument;
    if (impressions == 0.0) return Errc::div_by_zero;
    return finite(cost / impressions * 1000.0);
}

Result<double> unitmargin(double profit_per_customer, double cac) noexcept {
    if (!is_money(profit_per_customer) || !is_count(cac)) return Errc::invalid_argument;
    return finite(profit_per_customer - cac);
}
}  // namespace kpi
