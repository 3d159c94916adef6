// Text matching by Unicode simple case folding — see kpi/key.hpp.
#include "kpi/key.hpp"

#include <algorithm>
#include <iterator>

namespace kpi {
namespace {

struct FoldPair {
    char32_t from, to;
};
constexpr FoldPair kFold[] =
#include "casefold_table.inc"
    ;

// Simple case folding (CaseFolding.txt C + S): one code point to one.
char32_t fold(char32_t c) noexcept {
    if (c < 0x80) return c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c;
    const auto* end = std::end(kFold);
    const auto* it = std::lower_bound(std::begin(kFold), end, c,
                                      [](const FoldPair& p, char32_t x) { return p.from < x; });
    return it != end && it->from == c ? it->to : c;
}

// The folded code points of a UTF-16 text; a lone surrogate stands for itself.
class Folded {
public:
    explicit Folded(std::u16string_view s) noexcept : s_(s) {}
    bool next(char32_t& out) noexcept {
        if (i_ >= s_.size()) return false;
        char32_t c = s_[i_++];
        if (c >= 0xD800 && c < 0xDC00 && i_ < s_.size() && s_[i_] >= 0xDC00 && s_[i_] < 0xE000)
            c = 0x10000 + ((c - 0xD800) << 10) + (s_[i_++] - 0xDC00);
        out = fold(c);
        return true;
    }

private:
    std::u16string_view s_;
    std::size_t i_ = 0;
};

}  // namespace

namespace detail {

std::size_t folded_hash(std::u16string_view s) noexcept {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a over folded code points
    Folded f(s);
    for (char32_t c; f.next(c);) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return static_cast<std::size_t>(h);
}

bool folded_equal(std::u16string_view a, std::u16string_view b) noexcept {
    Folded fa(a), fb(b);
    for (;;) {
        char32_t ca = 0, cb = 0;
        const bool more_a = fa.next(ca), more_b = fb.next(cb);
        if (more_a != more_b) return false;
        if (!more_a) return true;
        if (ca != cb) return false;
    }
}

}  // namespace detail
}  // namespace kpi
