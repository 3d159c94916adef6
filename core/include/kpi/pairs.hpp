// Ranges that describe the same items (conversions and visitors per arm, scores
// and weights, channels with their revenue and cost) pair cell by cell by
// position, never after dropping blanks: dropping first would shift one range
// against the other (a header row, an empty arm, blanks in different rows)
// and pair one item's numbers with another's. The rule, as the reference
// states it in its conventions:
// - the ranges have the same shape; a row and a column of the same length
//   also pair (element k with element k), any other difference → Err:502;
// - a position where every cell is empty or text (a header row, an empty arm)
//   is no item: it is skipped, and an array result leaves its cell blank;
// - a position where one range holds a number and another an empty or text
//   cell → Err:502 (an item with half its data);
// - an error cell → that error (the first in row-major order).
#pragma once

#include <cstddef>
#include <initializer_list>

#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {

// A range counts as one-dimensional when it is one row or one column.
constexpr bool is_vector(const MixedRange& r) noexcept { return r.rows == 1 || r.cols == 1; }

// Same shape, or a row and a column (or two vectors) of the same length.
constexpr bool same_items(const MixedRange& a, const MixedRange& b) noexcept {
    if (a.cells.size() != a.rows * a.cols || b.cells.size() != b.rows * b.cols) return false;
    if (a.rows == b.rows && a.cols == b.cols) return true;
    return is_vector(a) && is_vector(b) && a.cells.size() == b.cells.size();
}

// Checks ranges of the same items by the rule above and returns how many
// positions hold a number in every range (the items). Afterwards a position
// is an item exactly when the first range holds a number there.
inline Result<std::size_t> check_pairs(std::initializer_list<const MixedRange*> ranges) noexcept {
    if (ranges.size() == 0) return std::size_t{0};
    const MixedRange& first = **ranges.begin();
    for (const MixedRange* r : ranges)
        if (!same_items(first, *r)) return Errc::invalid_argument;
    std::size_t items = 0;
    bool mixed = false;
    for (std::size_t i = 0; i < first.cells.size(); ++i) {
        std::size_t numbers = 0;
        for (const MixedRange* r : ranges) {
            const Input& c = r->cells[i];
            if (c.kind == Input::Kind::error) return c.error;
            if (c.kind == Input::Kind::number) ++numbers;
        }
        if (numbers == ranges.size()) ++items;
        else if (numbers != 0) mixed = true;  // an error cell further on still wins
    }
    if (mixed) return Errc::invalid_argument;
    return items;
}

}  // namespace kpi
