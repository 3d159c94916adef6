// kpi::Result keeps its invariant: a success always holds a value that was
// given, an error never reads as a number in a user's cell.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <utility>

#include "kpi/acquisition.hpp"
#include "kpi/breakdown.hpp"
#include "kpi/cohort.hpp"
#include "kpi/conversion.hpp"
#include "kpi/experiments.hpp"
#include "kpi/goals.hpp"
#include "kpi/predictive.hpp"
#include "kpi/result.hpp"
#include "kpi/retention.hpp"
#include "kpi/returns.hpp"
#include "kpi/value.hpp"

using kpi::Errc;
using kpi::Result;

TEST(Result, ValueAndErrorAreDistinct) {
    Result<double> v = 0.0;
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(v.value(), 0.0);
    Result<double> e = Errc::div_by_zero;
    EXPECT_FALSE(e.ok());
    EXPECT_EQ(e.error(), Errc::div_by_zero);
}

TEST(Result, ValueOrGivesTheFallbackOnlyForErrors) {
    EXPECT_EQ(Result<double>(2.5).value_or(-1.0), 2.5);
    EXPECT_EQ(Result<double>(Errc::num).value_or(-1.0), -1.0);
}

TEST(Result, FiniteAndRatioFollowTheSpec) {
    EXPECT_EQ(kpi::ratio(1.0, 0.0).error(), Errc::div_by_zero);
    EXPECT_EQ(kpi::ratio(1e308, 1e-308).error(), Errc::num);
    EXPECT_EQ(kpi::finite(std::nan("")).error(), Errc::num);
}

#if defined(KPI_CHECKED)
// Sanitizer and fuzz builds: misuse stops the program, so any test or fuzz
// input that misuses a Result fails loudly.
TEST(ResultDeathTest, BuildingAnErrorFromOkAborts) {
    EXPECT_DEATH({ Result<double> r = Errc::ok; (void)r; }, "Errc::ok");
}

TEST(ResultDeathTest, ReadingTheValueOfAnErrorAborts) {
    EXPECT_DEATH({ Result<double> r = Errc::num; (void)r.value(); }, "value\\(\\) of an error");
}
#else
// The shipped add-in must not abort inside Calc: misuse turns into #VALUE!,
// never into a success holding 0.
TEST(Result, BuildingAnErrorFromOkIsAnErrorNotAZero) {
    Result<double> r = Errc::ok;
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error(), Errc::value);
}

TEST(Result, TheNumberOfAnErrorReadsNaNNotZero) {
    Result<double> r = Errc::div_by_zero;
    EXPECT_TRUE(std::isnan(r.value()));
    EXPECT_EQ(kpi::finite(r.value()).error(), Errc::num);
}
#endif

// The noexcept rule (result.hpp): what allocates nothing is noexcept; what
// builds a table may throw std::bad_alloc for the add-in to catch. Checked at
// compile time on one entry point of each shape in every family.
namespace noexcept_rule {
const kpi::NumberRange kRange;
const kpi::MixedRange kCells;
static_assert(noexcept(kpi::cac(kRange, 1)));
static_assert(noexcept(kpi::cpl(1, 1)));
static_assert(noexcept(kpi::convrate(1, 1)));
static_assert(noexcept(kpi::nps(kRange)));
static_assert(noexcept(kpi::csat(kRange, 4)));
static_assert(noexcept(kpi::churn(1, 1, 1, "start")));
static_assert(noexcept(kpi::clvdisc(1, 1, 1, "end")));
static_assert(noexcept(kpi::roi(1, 1)));
static_assert(noexcept(kpi::scorecard(kCells, kCells)));
static_assert(noexcept(kpi::abpvalue(1, 2, 1, 2, 2)));
static_assert(noexcept(kpi::abprobbest(1, 2, 1, 2)));
static_assert(noexcept(kpi::abloss(1, 2, 1, 2, "b")));
static_assert(noexcept(kpi::abchisq(kCells, kCells)));
static_assert(noexcept(kpi::srmpvaluen(kCells, std::nullopt)));
static_assert(noexcept(kpi::bgnbdexpected(kRange, 1, 1, 1, 1)));
static_assert(noexcept(kpi::mbgnbdexpected(kRange, 1, 1, 1, 1)));
static_assert(noexcept(kpi::clvbgnbd(kRange, kRange, 1, 1, 1, 1, 1, 1, 1)));
static_assert(noexcept(kpi::sbgsurvival(kRange, 1)));
static_assert(noexcept(kpi::calendar::days_from_civil(2024, 1, 1)));
static_assert(!noexcept(kpi::funnel(kCells, "step")));
static_assert(!noexcept(kpi::mroitable(kCells, kCells, kCells, 1)));
static_assert(!noexcept(kpi::cohort(kpi::CivilDate{}, kCells, kCells, "month", 12, "nday")));
static_assert(!noexcept(kpi::npsci(kRange, 0.95)));
static_assert(!noexcept(kpi::abci(1, 2, 1, 2, 0.95, "newcombe")));
static_assert(!noexcept(kpi::padjust(kCells, "holm")));
static_assert(!noexcept(kpi::bgnbdfit(kRange, kRange, kRange, 0)));
static_assert(!noexcept(kpi::sbgfit(kCells)));
static_assert(noexcept(Result<double>(1.0)));
static_assert(!noexcept(Result<kpi::Table>(std::declval<const kpi::Table&>())));
}  // namespace noexcept_rule
