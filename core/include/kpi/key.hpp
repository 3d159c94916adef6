// A cell's value as a grouping key — a number or a text — for the functions
// that group rows by a cell: customer ids (COHORT, RFM) and channel names
// (MROITABLE). One type, so both agree on what a number key is; the text
// matching differs and is chosen explicitly by each caller.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "kpi/types.hpp"

namespace kpi {

// How two text keys match.
enum class TextMatch : unsigned char {
    // Code unit for code unit: "ab" ≠ "AB". Customer ids.
    exact,
    // Unicode simple case folding (CaseFolding.txt C + S, one code point to
    // one): "SEO" = "seo", "Москва" = "москва", "Σ" = "σ" = "ς"; "ß" ≠ "ss",
    // no trimming, no width or accent folding. Channel names.
    folded,
};

// A number (compared by its bits, with -0 folded onto +0 so that 0 = -0 and
// 1 = 1.0) or a text (a view: the caller keeps the string alive). A number
// never equals a text: 5 ≠ "5".
class Key {
public:
    static Key of(double x) noexcept {
        Key k;
        k.bits_ = std::bit_cast<std::uint64_t>(x == 0.0 ? 0.0 : x);
        return k;
    }
    static Key of(std::u16string_view s) noexcept {
        Key k;
        k.is_text_ = true;
        k.text_ = s;
        return k;
    }
    // The key of a number or text cell (callers skip empty and error cells).
    static Key of(const Input& in) noexcept {
        return in.kind == Input::Kind::text ? of(in.text) : of(in.number);
    }

    bool is_text() const noexcept { return is_text_; }
    double number() const noexcept { return std::bit_cast<double>(bits_); }
    std::u16string_view text() const noexcept { return text_; }
    std::uint64_t bits() const noexcept { return bits_; }

    // Writes the key into a result cell (a text is copied into the table).
    void write_to(Table& t, std::size_t r, std::size_t c) const {
        if (is_text_) t.set_text(r, c, text_);
        else t.at(r, c) = Cell::of(number());
    }

private:
    bool is_text_ = false;
    std::uint64_t bits_ = 0;
    std::u16string_view text_;
};

namespace detail {
std::size_t folded_hash(std::u16string_view s) noexcept;
bool folded_equal(std::u16string_view a, std::u16string_view b) noexcept;

// splitmix64 finaliser: spreads consecutive numeric ids over the buckets.
constexpr std::size_t mix(std::uint64_t z) noexcept {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<std::size_t>(z ^ (z >> 31));
}
}  // namespace detail

template <TextMatch M>
struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
        if (!k.is_text()) return detail::mix(k.bits());
        if constexpr (M == TextMatch::exact) return std::hash<std::u16string_view>{}(k.text());
        else return detail::folded_hash(k.text());
    }
};

template <TextMatch M>
struct KeyEqual {
    bool operator()(const Key& a, const Key& b) const noexcept {
        if (a.is_text() != b.is_text()) return false;
        if (!a.is_text()) return a.bits() == b.bits();
        if constexpr (M == TextMatch::exact) return a.text() == b.text();
        else return detail::folded_equal(a.text(), b.text());
    }
};

// A hash map from keys matched by M.
template <class V, TextMatch M>
using KeyMap = std::unordered_map<Key, V, KeyHash<M>, KeyEqual<M>>;

}  // namespace kpi
