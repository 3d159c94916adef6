// Argument checks shared by every family, so the reference's conventions are
// enforced in one place: counts/costs finite and >= 0, money finite, fractions
// inside their natural domain.
#pragma once

#include <cmath>
#include <string_view>

#include "kpi/result.hpp"

namespace kpi {

// Non-negative finite quantity: counts, costs, spend.
constexpr bool is_count(double x) noexcept { return std::isfinite(x) && x >= 0.0; }
// Any finite amount: revenue, profit, margin per customer.
constexpr bool is_money(double x) noexcept { return std::isfinite(x); }
// A probability-like fraction in [0, 1].
constexpr bool is_unit(double x) noexcept { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }
// Gross margin: finite and at most 1 (a negative margin is a loss, allowed).
constexpr bool is_margin(double x) noexcept { return std::isfinite(x) && x <= 1.0; }
// Confidence, power, alpha: strictly inside (0, 1).
constexpr bool is_open_unit(double x) noexcept { return std::isfinite(x) && x > 0.0 && x < 1.0; }

// One count over another — a rate (clicks per impression) or a cost per unit
// (cost per lead): both must be counts, else invalid_argument; then ratio().
inline Result<double> count_ratio(double num, double den) noexcept {
    if (!is_count(num) || !is_count(den)) return Errc::invalid_argument;
    return ratio(num, den);
}

// Case-insensitive ASCII comparison for option strings ("Start" == "start").
constexpr bool option_is(std::string_view given, std::string_view name) noexcept {
    if (given.size() != name.size()) return false;
    for (std::size_t i = 0; i < given.size(); ++i) {
        char a = given[i], b = name[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

}  // namespace kpi
