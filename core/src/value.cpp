#include "kpi/value.hpp"

#include "kpi/validate.hpp"

namespace kpi {

Result<double> aov(double revenue, double orders) noexcept {
    if (!is_money(revenue) || !is_count(orders)) return Errc::invalid_argument;
    return ratio(revenue, orders);
}

Result<double> arpu(double revenue, double users) noexcept {
    if (!is_money(revenue) || !is_count(users)) return Errc::invalid_argument;
    return ratio(revenue, users);
}

Result<double> clv(double avg_order_value, double purchases_per_year, double years,
                   double gross_margin) noexcept {
    if (!is_money(avg_order_value) || !is_count(purchases_per_year) || !is_count(years) ||
        !is_margin(gross_margin))
        return Errc::invalid_argument;
    return finite(avg_order_value * purchases_per_year * years * gross_margin);
}

Result<double> clvdisc(double margin_per_period, double retention, double discount_rate,
                       std::string_view timing) noexcept {
    if (!is_money(margin_per_period) || !is_unit(retention) || !std::isfinite(discount_rate) ||
        discount_rate <= -1.0)
        return Errc::invalid_argument;
    const bool at_end = option_is(timing, "end");
    if (!at_end && !option_is(timing, "start")) return Errc::invalid_argument;
    const double den = 1.0 + discount_rate - retention;
    if (den == 0.0) return Errc::div_by_zero;
    if (den < 0.0) return Errc::num;  // retention outpaces discounting: no finite value
    return finite(margin_per_period * (at_end ? retention : 1.0 + discount_rate) / den);
}

Result<double> ltvcac(double ltv, double cac) noexcept {
    if (!is_money(ltv) || !is_count(cac)) return Errc::invalid_argument;
    return ratio(ltv, cac);
}

Result<double> payback(double cac, double revenue_per_period, double gross_margin) noexcept {
    if (!is_count(cac) || !is_money(revenue_per_period) || !is_margin(gross_margin)) return Errc::invalid_argument;
    const double per_period = revenue_per_period * gross_margin;
    if (per_period == 0.0) return Errc::div_by_zero;
    if (per_period < 0.0) return Errc::num;  // each period loses money: never pays back
    return finite(cac / per_period);
}
}  // namespace kpi
