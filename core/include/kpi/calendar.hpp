// The calendar of COHORT and RFM: day numbers to calendar dates and back.
// Pure C++, no UNO.
#pragma once

#include <cstdint>

#include "kpi/types.hpp"

namespace kpi {

// Proleptic Gregorian calendar arithmetic on day numbers counted from
// 1970-01-01 (day 0). Exact for every date whose year fits an int, including
// dates before 1900 and before year 0 (year 0 = 1 BC, a leap year).
namespace calendar {

// Day number of year-month-day. Requires 1 <= month <= 12; a day past the end
// of the month simply counts on into the next month.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

// The date of a day number; |days| must stay below 7e11 so the year fits an int.
CivilDate civil_from_days(std::int64_t days) noexcept;

// True when the date exists (month 1–12, day within the month, leap years).
bool is_valid(const CivilDate& date) noexcept;

// a ÷ b rounded towards −∞ (b ≠ 0).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace calendar

}  // namespace kpi
