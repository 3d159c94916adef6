// 2. Conversion and engagement rates: events over the population exposed.
// Event counts may exceed the population (a visitor can convert twice), so
// these rates may exceed 1; WINRATE's won deals are a subset and may not.
#pragma once
#include "kpi/result.hpp"

namespace kpi {
Result<double> convrate(double conversions, double visitors) noexcept;
Result<double> ctr(double clicks, double impressions) noexcept;
Result<double> openrate(double opens, double delivered) noexcept;
Result<double> ctor(double clicks, double opens) noexcept;
Result<double> engagement(double engagements, double reach) noexcept;
Result<double> winrate(double won, double opportunities) noexcept;
}  // namespace kpi
