// SMART goal tracking: attainment, pace, required growth, weighted scorecards.
#pragma once
#include <optional>

#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {
// direction 1 (higher is better): actual / target; −1 (lower is better): target / actual.
// At most cap when given; a cap ≤ 0 → invalid_argument (0 means no cap
// in the catalogue: Calc passes an empty cell as 0).
Result<double> attain(double actual, double target, double direction, std::optional<double> cap) noexcept;
// actual / (target × elapsed / total): ≥ 1 means on track.
Result<double> pace(double actual, double target, double elapsed, double total) noexcept;
// (target / current)^(1 / periods) − 1.
Result<double> reqgrowth(double current, double target, double periods) noexcept;
// direction 1 (higher is better): (actual − baseline) / |baseline|; −1 (lower is
// better): (baseline − actual) / |baseline|, so an improvement is positive either
// way, also for a negative baseline (a loss, a negative MROI).
Result<double> vsbaseline(double actual, double baseline, double direction = 1.0) noexcept;
// Σ score·weight / Σ weight. Scores and weights pair cell by cell
// (kpi/pairs.hpp): a position where both are empty or text (a header, a
// blank row) is skipped; a score without a weight or a weight without a score
// (a number beside an empty or text cell), or ranges of different shapes (a
// row and a column of the same length pair) → Err:502.
Result<double> scorecard(const MixedRange& scores, const MixedRange& weights) noexcept;
}  // namespace kpi
