// Conversion and engagement rates: events over the population exposed.
// Event counts may exceed the population (a visitor can convert twice), so
// these rates may exceed 1; WINRATE's won deals are a subset and may not.
#pragma once
#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {
Result<double> convrate(double conversions, double visitors) noexcept;
Result<double> ctr(double clicks, double impressions) noexcept;
Result<double> openrate(double opens, double delivered) noexcept;
Result<double> ctor(double clicks, double opens) noexcept;
Result<double> engagement(double engagements, double reach) noexcept;
Result<double> winrate(double won, double opportunities) noexcept;

// Survey scores (empty and text cells already skipped by the add-in).
// NPS: (promoters − detractors) / answers; promoters answer 9–10, detractors
// 0–6. Every answer must be a whole number in 0–10, else Err:502 (an answer
// outside the scale is a data error, never dropped); no answer → #DIV/0!.
Result<double> nps(const NumberRange& scores) noexcept;
// NPSCI: {low, high} (1×2), the adjusted Wald interval of Rocks (2016): with
// n' = n + 3, P' = (promoters + 3/4) / n', D' = (detractors + 3/4) / n' and
// NPS' = P' − D', NPS' ± z·√((P' + D' − NPS'²) / n'), clipped to [−1, 1]; z the
// two-sided normal quantile of `confidence` in (0, 1). Never zero width; for
// large n it agrees with the Wald NPS ± z·√((P + D − NPS²) / n).
Result<Table> npsci(const NumberRange& scores, double confidence);
// CSAT: share of answers ≥ satisfied_from on a 1..scale_max scale. Every answer
// must be a whole number in 1..scale_max (44, 0 or 4.5 on a 1–5 scale is a data
// error → Err:502, never counted or dropped); scale_max a whole number ≥ 1 and
// satisfied_from in [1, scale_max], else Err:502; no answer → #DIV/0!.
Result<double> csat(const NumberRange& scores, double satisfied_from = 4.0, double scale_max = 5.0) noexcept;
}  // namespace kpi
