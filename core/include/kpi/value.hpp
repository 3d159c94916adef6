// Customer value: order value, revenue per user, lifetime value, payback.
#pragma once
#include <string_view>

#include "kpi/result.hpp"

namespace kpi {
Result<double> aov(double revenue, double orders) noexcept;
Result<double> arpu(double revenue, double users) noexcept;
// avg_order_value × purchases_per_year × years × gross_margin.
Result<double> clv(double avg_order_value, double purchases_per_year, double years,
                   double gross_margin) noexcept;
// Discounted CLV of an infinite geometric series of margins; timing "end"
// (first margin after one period): m·r / (1 + d − r); "start": m·(1 + d) / (1 + d − r).
// When r > 1 + d the series diverges: #NUM!.
Result<double> clvdisc(double margin_per_period, double retention, double discount_rate,
                       std::string_view timing) noexcept;
Result<double> ltvcac(double ltv, double cac) noexcept;
// Periods until the margin earned repays CAC; #NUM! when it never does.
Result<double> payback(double cac, double revenue_per_period, double gross_margin) noexcept;
}  // namespace kpi
