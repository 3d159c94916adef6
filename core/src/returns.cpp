#include "kpi/returns.hpp"

#include "kpi/validate.hpp"

namespace kpi {

Result<double> roi(double gain, double cost) noexcept {
    if (!is_money(gain) || !is_count(cost)) return Errc::invalid_argument;
    if (cost == 0.0) return Errc::div_by_zero;
    return finite((gain - cost) / cost);
}

Result<double> mroi(double revenue, double marketing_cost, double gross_margin, double other_costs) noexcept {
    if (!is_money(revenue) || !is_count(marketing_cost) || !is_margin(gross_margin) || !is_count(other_costs))
        return Errc::invalid_argument;
    const double spend = marketing_cost + other_costs;
    if (spend == 0.0) return Errc::div_by_zero;
    return finite((revenue * gross_margin - spend) / spend);
}

Result<double> roas(double revenue, double ad_spend) noexcept {
    if (!is_money(revenue) || !is_count(ad_spend)) return Errc::invalid_argument;
    return ratio(revenue, ad_spend);
}

Result<double> breakevenroas(double gross_margin) noexcept {
    // A negative margin can never be repaid by more revenue.
    if (!is_margin(gross_margin) || gross_margin < 0.0) return Errc::invalid_argument;
    return ratio(1.0, gross_margin);
}
}  // namespace kpi
