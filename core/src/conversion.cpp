#include "kpi/conversion.hpp"

#include <algorithm>
#include <cmath>

#include "kpi/math_policy.hpp"
#include "kpi/validate.hpp"

namespace kpi {
Result<double> convrate(double conversions, double visitors) noexcept { return count_ratio(conversions, visitors); }
Result<double> ctr(double clicks, double impressions) noexcept { return count_ratio(clicks, impressions); }
Result<double> openrate(double opens, double delivered) noexcept { return count_ratio(opens, delivered); }
Result<double> ctor(double clicks, double opens) noexcept { return count_ratio(clicks, opens); }
Result<double> engagement(double engagements, double reach) noexcept { return count_ratio(engagements, reach); }
Result<double> winrate(double won, double opportunities) noexcept {
    if (is_count(won) && is_count(opportunities) && won > opportunities) return Errc::invalid_argument;
    return count_ratio(won, opportunities);
}

namespace {
// Promoter and detractor shares of 0–10 answers.
struct NpsShares {
    double promoters;
    double detractors;
    double n;
    double promoter_count;
    double detractor_count;
};
Result<NpsShares> nps_shares(const NumberRange& scores) {
    double promoters = 0.0, detractors = 0.0;
    for (double x : scores.values) {
        // An answer outside the 0–10 scale (or 8.5) is a data error: dropping it would bias the score.
        if (!std::isfinite(x) || x < 0.0 || x > 10.0 || x != std::floor(x)) return Errc::invalid_argument;
        if (x >= 9.0) promoters += 1.0;
        else if (x <= 6.0) detractors += 1.0;
    }
    if (scores.values.empty()) return Errc::div_by_zero;
    const auto n = static_cast<double>(scores.values.size());
    return NpsShares{promoters / n, detractors / n, n, promoters, detractors};
}
}  // namespace

Result<double> nps(const NumberRange& scores) noexcept {
    const Result<NpsShares> s = nps_shares(scores);
    if (!s) return s.error();
    return finite(s->promoters - s->detractors);
}

Result<Table> npsci(const NumberRange& scores, double confidence) {
    if (!is_open_unit(confidence)) return Errc::invalid_argument;
    const Result<NpsShares> s = nps_shares(scores);
    if (!s) return s.error();
    const double z = z_two_sided(confidence);
    // Adjusted Wald interval of Rocks (2016, The American Statistician 70(4)), as his R
    // package NPS computes it: 3/4 promoter, 3/2 passive and 3/4 detractor pseudo-answers
    // are added before the Wald interval of the adjusted shares. Every adjusted share is
    // above 0, so the spread P + D − NPS² is too and the interval never has zero width
    // (all promoters no longer gives {1; 1}); its centre lies strictly inside (−1, 1), and
    // the bounds are clipped to [−1, 1] where the interval reaches past them (few answers).
    // For large samples it approaches NPS ± z·√((P + D − NPS²) / n).
    const double n = s->n + 3.0;
    const double promoters = (s->promoter_count + 0.75) / n;
    const double detractors = (s->detractor_count + 0.75) / n;
    const double score = promoters - detractors;
    // P + D − NPS² is the variance of one answer scored +1/0/−1; above 0 here, the max
    // only guards rounding.
    const double var = std::max(0.0, promoters + detractors - score * score);
    const double half = z * std::sqrt(var / n);
    if (!std::isfinite(half)) return Errc::num;
    Table t(1, 2);
    t.at(0, 0) = Cell::of(std::max(-1.0, score - half));
    t.at(0, 1) = Cell::of(std::min(1.0, score + half));
    return t;
}

Result<double> csat(const NumberRange& scores, double satisfied_from, double scale_max) noexcept {
    // A scale is 1..scale_max in whole steps; a satisfied level outside it would make
    // every answer satisfied (or none), a silent 100 % or 0 %.
    if (!std::isfinite(scale_max) || scale_max < 1.0 || scale_max != std::floor(scale_max))
        return Errc::invalid_argument;
    if (!std::isfinite(satisfied_from) || satisfied_from < 1.0 || satisfied_from > scale_max)
        return Errc::invalid_argument;
    double satisfied = 0.0;
    for (double x : scores.values) {
        // An answer off the scale (44, 0, 4.5 on 1–5) is a data error: counting it
        // (or dropping it) would bias the share.
        if (!std::isfinite(x) || x < 1.0 || x > scale_max || x != std::floor(x)) return Errc::invalid_argument;
        if (x >= satisfied_from) satisfied += 1.0;
    }
    return ratio(satisfied, static_cast<double>(scores.values.size()));
}
}  // namespace kpi
