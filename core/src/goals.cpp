#include "kpi/goals.hpp"

#include <cmath>

#include "kpi/pairs.hpp"
#include "kpi/sum.hpp"
#include "kpi/validate.hpp"

namespace kpi {

Result<double> attain(double actual, double target, double direction, std::optional<double> cap) noexcept {
    if (!is_money(actual) || !is_money(target)) return Errc::invalid_argument;
    // A cap is a ceiling on an attainment (a ratio ≥ 0): a negative one would
    // turn every result into that negative number.
    if (cap && (!std::isfinite(*cap) || *cap <= 0.0)) return Errc::invalid_argument;
    Result<double> r = Errc::invalid_argument;
    if (direction == 1.0) r = ratio(actual, target);
    else if (direction == -1.0) r = ratio(target, actual);
    else return Errc::invalid_argument;
    if (r && cap && r.value() > *cap) return *cap;
    return r;
}

Result<double> pace(double actual, double target, double elapsed, double total) noexcept {
    if (!is_money(actual) || !is_money(target) || !is_count(elapsed) || !is_count(total))
        return Errc::invalid_argument;
    if (total == 0.0) return Errc::div_by_zero;
    const double expected = target * (elapsed / total);
    if (!std::isfinite(expected)) return Errc::num;  // would silently give 0
    return ratio(actual, expected);
}

Result<double> reqgrowth(double current, double target, double periods) noexcept {
    if (!is_count(current) || !is_count(target) || !is_count(periods)) return Errc::invalid_argument;
    if (current == 0.0 || periods == 0.0) return Errc::div_by_zero;
    return finite(std::pow(target / current, 1.0 / periods) - 1.0);
}

Result<double> vsbaseline(double actual, double baseline, double direction) noexcept {
    if (!is_money(actual) || !is_money(baseline)) return Errc::invalid_argument;
    if (direction != 1.0 && direction != -1.0) return Errc::invalid_argument;
    if (baseline == 0.0) return Errc::div_by_zero;
    // Divided by |baseline|, so the sign says whether actual lies above the baseline
    // also when the baseline is negative (an MROI of −0.50 rising to 1.09 is +3.18, not
    // −3.18). The difference is exact for nearby values (no cancellation); where it
    // overflows although the ratio would not, actual/|baseline| − sign(baseline).
    const double scale = std::fabs(baseline);
    double change = (actual - baseline) / scale;
    if (!std::isfinite(change)) change = actual / scale - (baseline > 0.0 ? 1.0 : -1.0);
    return finite(direction == 1.0 ? change : -change);
}

Result<double> scorecard(const MixedRange& scores, const MixedRange& weights) noexcept {
    // Each weight belongs to the score in its position (kpi/pairs.hpp): a row
    // with neither is skipped, a score without a weight (or the reverse) and
    // ranges of different shapes are Err:502.
    const Result<std::size_t> items = check_pairs({&scores, &weights});
    if (!items) return items.error();
    CompensatedSum weighted, total;
    for (std::size_t i = 0; i < scores.cells.size(); ++i) {
        const Input& s = scores.cells[i];
        const Input& w = weights.cells[i];
        if (s.kind != Input::Kind::number) continue;  // then w is no number either
        if (!is_money(s.number) || !is_count(w.number)) return Errc::invalid_argument;
        weighted.add(s.number * w.number);
        total.add(w.number);
    }
    if (total.value() == 0.0) return Errc::div_by_zero;
    if (!std::isfinite(total.value())) return Errc::num;  // finite weights overflowing the sum
    return finite(weighted.value() / total.value());
}
}  // namespace kpi
