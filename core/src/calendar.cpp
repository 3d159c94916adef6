// The proleptic Gregorian calendar — see kpi/calendar.hpp for the contract.
#include "kpi/calendar.hpp"

namespace kpi {

namespace calendar {

// The calendar is counted in 400-year eras starting on 0000-03-01: every era
// has the same 146097 days, and starting the year in March puts the leap day
// at the very end of the year, so the day of the year does not depend on
// whether the year is leap.
namespace {
constexpr std::int64_t kDaysPerEra = 146097;
// Day number (from 1970-01-01) of 0000-03-01, the first day of era 0.
constexpr std::int64_t kEra0Start = -719468;
}  // namespace

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
    // March-based year: January and February belong to the previous year.
    const std::int64_t y = month <= 2 ? year - 1 : year;
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t year_of_era = y - era * 400;                 // 0 … 399
    const std::int64_t march_month = month > 2 ? month - 3 : month + 9;  // Mar = 0 … Feb = 11
    // Days before the month in a March-based year (31,30,31,30,31,31,30,31,30,31,31,…):
    // the month lengths repeat 5-month patterns of 153 days.
    const std::int64_t day_of_year = (153 * march_month + 2) / 5 + static_cast<std::int64_t>(day) - 1;
    const std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return kEra0Start + era * kDaysPerEra + day_of_era;
}

CivilDate civil_from_days(std::int64_t days) noexcept {
    const std::int64_t since_era0 = days - kEra0Start;
    const std::int64_t era = floor_div(since_era0, kDaysPerEra);
    const std::int64_t day_of_era = since_era0 - era * kDaysPerEra;  // 0 … 146096
    // Remove the leap days before this day (every 4th year, but not the
    // 100th unless the 400th; the era's last day is the 400th year's leap
    // day) to get whole 365-day years.
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / (kDaysPerEra - 1)) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // 0 … 365
    const std::int64_t march_month = (5 * day_of_year + 2) / 153;           // 0 … 11
    const std::int64_t day = day_of_year - (153 * march_month + 2) / 5 + 1;
    const std::int64_t month = march_month < 10 ? march_month + 3 : march_month - 9;
    const std::int64_t year = era * 400 + year_of_era + (month <= 2 ? 1 : 0);
    return CivilDate{static_cast<int>(year), static_cast<unsigned>(month), static_cast<unsigned>(day)};
}

bool is_valid(const CivilDate& date) noexcept {
    if (date.month < 1 || date.month > 12 || date.day < 1) return false;
    static constexpr unsigned kMonthLength[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const std::int64_t y = date.year;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return date.day <= kMonthLength[date.month - 1] + (date.month == 2 && leap ? 1u : 0u);
}

}  // namespace calendar

}  // namespace kpi
