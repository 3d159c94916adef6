#include "kpi/returns.hpp"

#include "kpi/validate.hpp"

namespace kpi {

Result<double> roi(double gain, double cost) noexcept {
    if (!is_money(gain) || !is_count(cost)) return Errc::invalid_argument;
    if (cost == 0.0) return Errc::div_by_zero;
    return finite((gain - cost) / cost);
}

Result<double> mroi(double revenue, double marketing_cost, double gm, double other) noexcept {
    if (!is_money(revenue) || !is_count(marketing_cost) || !is_margin(gm) || !is_count(other))
        return Errc::invalid_argument;
    const double spend = marketing_cost + other;
    if (spend == 0.0) return Errc::div_by_zero;
    return finite((revenue * gm - spend) / spend);
}

Result<double> roas(double revenue, double ad_spend) noexcept {
    if (!is_money(revenue) || !is_count(ad_spend)) return Errc::invalid_argument;
    return ratio(revenue, ad_spend);
}

Result<double> breakevenroas(double gm) noexcept {
    // A negative margin can never be repaid by more revenue.
    if (!is_margin(gm) || gm < 0.0) return Errc::invalid_argument;
    return ratio(1.0, gm);
}
}  // namespace kpi
