// kpi::Result keeps its invariant: a success always holds a value that was
// given, an error never reads as a number in a user's cell.
#include <gtest/gtest.h>

#include "kpi/result.hpp"

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
#endif
