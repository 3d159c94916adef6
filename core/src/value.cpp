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

Result<double> clv(double aov, double per_year, double years, double gm) noexcept {
    if (!is_money(aov) || !is_count(per_year) || !is_count(years) || !is_margin(gm))
        return Errc::invalid_argument;
    return finite(aov * per_year * years * gm);
}

Result<double> clvdisc(double m, double r, double d, std::string_view timing) noexcept {
    if (!is_money(m) || !is_unit(r) || !std::isfinite(d) || d <= -1.0) return Errc::invalid_argument;
    const bool at_end = option_is(timing, "end");
    if (!at_end && !option_is(timing, "start")) return Errc::invalid_argument;
    const double den = 1.0 + d - r;
    if (den == 0.0) return Errc::div_by_zero;
    if (den < 0.0) return Errc::num;  // retention outpaces discounting: no finite value
    return finite(m * (at_end ? r : 1.0 + d) / den);
}

Result<double> ltvcac(double ltv, double cac) noexcept {
    if (!is_money(ltv) || !is_count(cac)) return Errc::invalid_argument;
    return ratio(ltv, cac);
}

Result<double> payback(double cac, double revenue, double gm) noexcept {
    if (!is_count(cac) || !is_money(revenue) || !is_margin(gm)) return Errc::invalid_argument;
    const double per_period = revenue * gm;
    if (per_period == 0.0) return Errc::div_by_zero;
    if (per_period < 0.0) return Errc::num;  // each period loses money: never pays back
    return finite(cac / per_period);
}
}  // namespace kpi
