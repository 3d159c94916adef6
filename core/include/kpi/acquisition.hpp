// Acquisition and cost: what a customer, lead, click or impression costs.
#pragma once
#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {
// Sum of all acquisition costs (media + people + tools) per new customer.
Result<double> cac(const NumberRange& costs, double new_customers) noexcept;
Result<double> cpl(double cost, double leads) noexcept;
Result<double> cpa(double cost, double conversions) noexcept;
Result<double> cpc(double cost, double clicks) noexcept;
// Cost per thousand impressions.
Result<double> cpm(double cost, double impressions) noexcept;
// Profit per customer minus CAC; negative means each new customer loses money.
Result<double> unitmargin(double profit_per_customer, double cac) noexcept;
}  // namespace kpi
