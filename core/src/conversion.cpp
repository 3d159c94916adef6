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
    return NpsShares{promoters / n, detractors / n, n};
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
    const double score = s->promoters - s->detractors;
    // P + D − NPS² is the variance of one answer scored +1/0/−1; never below 0 in exact arithmetic.
    const double var = std::max(0.0, s->promoters + s->detractors - score * score);
    const double half = z * std::sqrt(var / s->n);
    if (!std::isfinite(half)) return Errc::num;
    Table t(1, 2);
    t.at(0, 0) = Cell::of(score - half);
    t.at(0, 1) = Cell::of(score + half);
    return t;
}

Result<double> csat(const NumberRange& scores, double satisfied_from) noexcept {
    if (!std::isfinite(satisfied_from)) return Errc::invalid_argument;
    double satisfied = 0.0;
    for (double x : scores.values) {
        if (!is_count(x)) return Errc::invalid_argument;  // ratings are finite and ≥ 0
        if (x >= satisfied_from) satisfied += 1.0;
    }
    return ratio(satisfied, static_cast<double>(scores.values.size()));
}
}  // namespace kpi
