// 2. Conversion and engagement rates: events over the population exposed.
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
// NPSCI: {low, high} (1×2) = NPS ± z·√((P + D − NPS²) / n), P and D the
// promoter and detractor shares, z the two-sided normal quantile of
// `confidence` in (0, 1). Not clamped to [−1, 1] (the spec's Wald formula).
Result<Table> npsci(const NumberRange& scores, double confidence);
// CSAT: share of answers ≥ satisfied_from. The scale is the user's (1–5, 1–7,
// 0–10); answers must be finite and ≥ 0 (a rating below 0 is a data error →
// Err:502), satisfied_from finite; no answer → #DIV/0!.
Result<double> csat(const NumberRange& scores, double satisfied_from) noexcept;
}  // namespace kpi
