// Retention and churn over one period, and revenue retention.
#pragma once
#include <string_view>

#include "kpi/result.hpp"

namespace kpi {
// (CE − CN) / CS. CN > CE, or more customers kept than started with, is Err:502.
Result<double> retention(double start_customers, double end_customers, double new_customers) noexcept;
// lost / denominator; method "start" (start), "average" ((start + end) / 2 with
// end = start + new − lost) or "serviced" (start + new).
Result<double> churn(double start_customers, double lost_customers, double new_customers,
                     std::string_view method) noexcept;
// 1 − (1 − period_churn)^periods_per_year.
Result<double> churnannual(double period_churn, double periods_per_year) noexcept;
// Expected lifetime in periods: 1 / churn.
Result<double> lifetime(double churn) noexcept;
Result<double> nrr(double start_revenue, double expansion, double contraction, double churned) noexcept;
Result<double> grr(double start_revenue, double contraction, double churned) noexcept;
Result<double> repeatrate(double repeat_customers, double customers) noexcept;
}  // namespace kpi
