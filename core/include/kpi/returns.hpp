// Return on spend.
#pragma once
#include "kpi/result.hpp"

namespace kpi {
Result<double> roi(double gain, double cost) noexcept;
// (revenue × gross_margin − marketing_cost − other_costs) / (marketing_cost + other_costs).
Result<double> mroi(double revenue, double marketing_cost, double gross_margin, double other_costs) noexcept;
Result<double> roas(double revenue, double ad_spend) noexcept;
// The ROAS at which ad spend is exactly repaid by gross margin: 1 / gross_margin.
Result<double> breakevenroas(double gross_margin) noexcept;
}  // namespace kpi
