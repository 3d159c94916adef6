// What both adapters (addin/: C++ UNO, addin-c/: binary UNO) do the same way,
// once: the result rules (error NaNs, trailing blank rows) and, in Rules<V>,
// Calc arguments → core values. Optional
// arguments (omitted, "" or an empty cell mean the default), ranges (empty and
// text cells skipped, or kept as cells), option text, booleans. What a value
// is comes from the adapter's `V` (addin/args.cxx reads css::uno::Any,
// addin-c/bridge.cxx reads binary UNO's uno_Any), which provides:
//   V::Value, V::Rows                        an argument and a sequence< sequence< any > >
//   bool V::is_void(const Value&)
//   std::optional<std::u16string_view> V::text(const Value&)    a string
//   std::optional<double> V::number(const Value&)  the numeric types css::uno::Any's
//                                                  operator>>= (double&) accepts, and booleans
//   bool V::is_sequence(const Value&)
//   const Rows* V::rows(const Value&)        exactly sequence< sequence< any > >, else null
//   std::size_t V::row_count(const Rows&), V::col_count(const Rows&, row)
//   const Value& V::cell(const Rows&, row, col)
//   std::string V::trimmed_utf8(const Value&)  a string trimmed as OUString::trim, in UTF-8
// Header-only (templates): no C++ UNO type in it, so the C-level adapter can use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "kpi/result.hpp"
#include "kpi/types.hpp"
#include "kpi/validate.hpp"

namespace kpicalc::rules {

// ------------------------------------------------------------------ results

// Calc encodes an error in a double as a quiet NaN whose low bits hold the code.
inline double error_nan(kpi::Errc e) {
    const std::uint64_t bits = 0x7FF8000000000000ULL | kpi::calc_code(e);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

// Calc stores an array result in a matrix that starts out numeric; turning an
// element into a text moves the rest of the matrix, so a result of n blank
// elements costs O(n²): a FUNNEL over a whole column (1,048,576 rows) took
// 230 s per recalculation. Rows after the last non-blank one are no result
// anyone reads, so beyond this many rows they are left out (Calc shows #N/A
// there if the array formula is taller); shorter results keep their shape.
inline constexpr std::size_t kFullShapeRows = 10000;

inline std::size_t rows_to_return(const kpi::Table& t) {
    std::size_t last = t.rows;  // one past the last row holding a non-blank cell
    while (last > kFullShapeRows) {
        bool blank = true;
        for (std::size_t c = 0; c < t.cols && blank; ++c)
            blank = t.at(last - 1, c).kind == kpi::Cell::Kind::empty;
        if (!blank) break;
        --last;
    }
    return last;
}

// ---------------------------------------------------------------- arguments

// One word an option accepts (UTF-8) and the canonical English word the core gets.
struct Choice {
    const char* word;
    const char* canonical;
};

template <class V>
struct Rules {
    using Value = typename V::Value;
    using Rows = typename V::Rows;

    static bool is_blank(const Value& a) {
        if (V::is_void(a)) return true;
        const auto s = V::text(a);
        return s && s->empty();
    }

    // Numbers of a range or inline array; empty and text cells are skipped (like SUM).
    static kpi::Result<kpi::NumberRange> to_range(const Rows& rows) {
        kpi::NumberRange out;
        const std::size_t n_rows = V::row_count(rows);
        std::size_t count = 0;
        for (std::size_t r = 0; r < n_rows; ++r) count += V::col_count(rows, r);
        out.values.reserve(count);
        // A single row with several cells is a row; anything else reads as a column.
        out.orientation = (n_rows == 1 && V::col_count(rows, 0) > 1) ? kpi::Orientation::row
                                                                     : kpi::Orientation::column;
        for (std::size_t r = 0; r < n_rows; ++r)
            for (std::size_t c = 0, n = V::col_count(rows, r); c < n; ++c)
                if (auto d = V::number(V::cell(rows, r, c))) out.values.push_back(*d);
        return out;
    }

    // Every cell of a range, text kept as views into `rows` (valid during the call).
    static kpi::Result<kpi::MixedRange> to_cells(const Rows& rows) {
        kpi::MixedRange out;
        out.rows = V::row_count(rows);
        out.cols = out.rows ? V::col_count(rows, 0) : 0;
        out.cells.reserve(out.rows * out.cols);
        for (std::size_t r = 0; r < out.rows; ++r) {
            if (V::col_count(rows, r) != out.cols) return kpi::Errc::invalid_argument;
            for (std::size_t c = 0; c < out.cols; ++c) out.cells.push_back(input(V::cell(rows, r, c)));
        }
        return out;
    }

    // Calc passes an empty cell to an optional argument as 0 (it cannot tell us
    // the cell was empty); `zero_is_default` makes that 0 mean "use the default"
    // for arguments where 0 is not a meaningful value.
    static kpi::Result<std::optional<double>> opt_number(const Value& a, bool zero_is_default) {
        if (is_blank(a)) return std::optional<double>{};
        if (V::text(a)) return kpi::Errc::value;  // text where a number is expected
        auto d = V::number(a);
        if (!d) return kpi::Errc::value;
        if (zero_is_default && *d == 0.0) return std::optional<double>{};
        return d;
    }

    static kpi::Result<double> opt_number(const Value& a, double fallback, bool zero_is_default) {
        auto r = opt_number(a, zero_is_default);
        if (!r) return r.error();
        return r.value().value_or(fallback);
    }

    // UTF-8 option text, trimmed; `fallback` when omitted, "" or an empty cell.
    static kpi::Result<std::string> opt_text(const Value& a, const char* fallback) {
        if (is_blank(a)) return std::string(fallback);
        if (V::text(a)) return V::trimmed_utf8(a);
        // An empty cell arrives as 0; any other number cannot name an option.
        if (auto d = V::number(a); d && *d == 0.0) return std::string(fallback);
        return kpi::Errc::invalid_argument;
    }

    // The canonical word for the option text typed (trimmed; ASCII letters in any
    // case, so "Average", "平均" and "average" all give "average"); `fallback`
    // when omitted, "" or an empty cell; a word not in `choices` is Err:502.
    static kpi::Result<std::string> opt_choice(const Value& a, const char* fallback, const Choice* choices,
                                               std::size_t count) {
        auto text = opt_text(a, fallback);
        if (!text) return text.error();
        for (std::size_t i = 0; i < count; ++i)
            if (kpi::option_is(*text, choices[i].word)) return std::string(choices[i].canonical);
        return kpi::Errc::invalid_argument;
    }

    // A free text (a separator) as typed, not trimmed: `fallback` when omitted,
    // "" or an empty cell (0); any other number is no text.
    static kpi::Result<std::u16string> opt_string(const Value& a, const char16_t* fallback) {
        if (is_blank(a)) return std::u16string(fallback);
        if (auto s = V::text(a)) return std::u16string(*s);
        if (auto d = V::number(a); d && *d == 0.0) return std::u16string(fallback);
        return kpi::Errc::invalid_argument;
    }

    // An optional range (IDL any): nullopt when omitted, "" or an empty cell (0);
    // a range or inline array as to_range; a single number as a one-value range.
    static kpi::Result<std::optional<kpi::NumberRange>> opt_range(const Value& a) {
        using Out = std::optional<kpi::NumberRange>;
        if (is_blank(a)) return Out{};
        if (const Rows* rows = V::rows(a)) {
            auto r = to_range(*rows);
            if (!r) return r.error();
            return Out{std::move(r.value())};
        }
        if (V::text(a)) return kpi::Errc::value;  // text where numbers are expected
        auto d = V::number(a);
        if (!d) return kpi::Errc::value;
        if (*d == 0.0) return Out{};  // an empty cell arrives as 0
        return Out{kpi::NumberRange{{*d}, kpi::Orientation::column}};
    }

    // A number (0 is FALSE), or the text TRUE / FALSE in any ASCII case.
    static kpi::Result<bool> opt_bool(const Value& a, bool fallback) {
        if (is_blank(a)) return fallback;
        if (auto d = V::number(a)) return *d != 0.0;
        if (auto s = V::text(a)) {
            if (equals_ascii_nocase(*s, "TRUE")) return true;
            if (equals_ascii_nocase(*s, "FALSE")) return false;
        }
        return kpi::Errc::value;
    }

    // An optional range: nullopt when omitted or ""; a single cell (Calc passes
    // it as a plain value) becomes a 1×1 range; texts view memory owned by `a`.
    static kpi::Result<std::optional<kpi::MixedRange>> opt_cells(const Value& a) {
        using Out = std::optional<kpi::MixedRange>;
        if (is_blank(a)) return Out{};
        if (V::is_sequence(a)) {
            // Calc passes a range as sequence<sequence<any>>: read in place.
            const Rows* rows = V::rows(a);
            if (!rows) return kpi::Errc::value;
            auto r = to_cells(*rows);
            if (!r) return r.error();
            return Out(std::move(r).value());
        }
        if (!V::text(a) && !V::number(a)) return kpi::Errc::value;
        kpi::MixedRange one;
        one.rows = one.cols = 1;
        one.cells.push_back(input(a));
        return Out(std::move(one));
    }

private:
    static kpi::Input input(const Value& cell) {
        if (auto s = V::text(cell)) return kpi::Input::of(*s);
        if (auto d = V::number(cell)) return kpi::Input::of(*d);
        return kpi::Input::empty_cell();
    }

    static bool equals_ascii_nocase(std::u16string_view s, std::string_view ascii) {
        if (s.size() != ascii.size()) return false;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char16_t c = s[i];
            char a = ascii[i];
            if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - u'a' + u'A');
            if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
            if (c != static_cast<char16_t>(static_cast<unsigned char>(a))) return false;
        }
        return true;
    }
};

}  // namespace kpicalc::rules
