// Shared assertions: a Result holds a value near the expected one, or an error.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "kpi/result.hpp"
#include "kpi/types.hpp"

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

#define EXPECT_VALUE(expr, expected, tol)                                                  \
    do {                                                                                   \
        const auto r_ = (expr);                                                            \
        ASSERT_TRUE(r_.ok()) << #expr << " gave " << kpi::to_string(r_.error());           \
        EXPECT_NEAR(r_.value(), (expected), (tol)) << #expr;                               \
    } while (0)

#define EXPECT_ERROR(expr, code)                                                           \
    do {                                                                                   \
        const auto r_ = (expr);                                                            \
        EXPECT_FALSE(r_.ok()) << #expr << " gave a value";                                 \
        EXPECT_EQ(r_.error(), (code)) << #expr << " gave " << kpi::to_string(r_.error());  \
    } while (0)

inline kpi::NumberRange numbers(std::initializer_list<double> v) { return kpi::NumberRange{v, kpi::Orientation::column}; }

// A one-column range of cells as the add-in hands it to the core.
inline kpi::MixedRange cells(std::vector<kpi::Input> v) {
    kpi::MixedRange r;
    r.rows = v.size();
    r.cols = 1;
    r.cells = std::move(v);
    return r;
}

// Texts for robustness tests: the empty text, a letter in both cases, a digit, CJK.
inline constexpr std::u16string_view kRandomTexts[] = {u"", u"a", u"A", u"5", u"客户"};

// A random cell for robustness tests: empty, one of `texts`, an error, or one of `numbers`.
template <class Rng>
kpi::Input random_cell(Rng& rng, std::span<const double> numbers,
                       std::span<const std::u16string_view> texts = kRandomTexts) {
    switch (rng() % 5) {
        case 0: return kpi::Input::empty_cell();
        case 1: return kpi::Input::of(texts[rng() % texts.size()]);
        case 2: return kpi::Input::failed(static_cast<kpi::Errc>(1 + rng() % 6));
        default: return kpi::Input::of(numbers[rng() % numbers.size()]);
    }
}
