#include "kpi/conversion.hpp"

#include "kpi/validate.hpp"

namespace kpi {
namespace {
Result<double> rate(double events, double population) noexcept {
    if (!is_count(events) || !is_count(population)) return Errc::invalid_argument;
    return ratio(events, population);
}
}  // namespace

Result<double> convrate(double conversions, double visitors) noexcept { return rate(conversions, visitors); }
Result<double> ctr(double clicks, double impressions) noexcept { return rate(clicks, impressions); }
Result<double> openrate(double opens, double delivered) noexcept { return rate(opens, delivered); }
Result<double> ctor(double clicks, double opens) noexcept { return rate(clicks, opens); }
Result<double> engagement(double engagements, double reach) noexcept { return rate(engagements, reach); }
Result<double> winrate(double won, double opportunities) noexcept {
    if (is_count(won) && is_count(opportunities) && won > opportunities) return Errc::invalid_argument;
    return rate(won, opportunities);
}
}  // namespace kpi
