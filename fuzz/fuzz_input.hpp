// Turns fuzzer bytes into the values Calc can hand the core: doubles biased
// towards the hostile ones (NaN, ±inf, ±1e308, 0, negatives, huge counts),
// option strings, and mixed ranges with empty, text and error cells (and
// grouping keys that differ only in case or in the sign of zero).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "kpi/types.hpp"
#include "option_words.inc"

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

    bool empty() const { return p_ >= end_; }

    std::uint8_t byte() { return p_ < end_ ? *p_++ : 0; }

    double number() {
        static constexpr double special[] = {
            0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 12.0, 1000.0, 1e6, 1e7, 1e15, 1e308, -1e308,
            std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::denorm_min(),
            std::numeric_limits<double>::max(), 45292.0, 0.95, 1e-300, 0.999999999, 3.5};
        const std::uint8_t tag = byte();
        if (tag < 160) return special[tag % (sizeof special / sizeof special[0])];
        double d = 0;
        std::uint8_t raw[sizeof d] = {};
        for (auto& b : raw) b = byte();
        std::memcpy(&d, raw, sizeof d);
        return d;
    }

    // Mostly a word of the catalogue's options (option_words.inc, every language),
    // sometimes a near miss, sometimes random bytes.
    std::string option() {
        static constexpr const char* near_miss[] = {"", "START", " month ", "x", "Holm ", "bh\t"};
        constexpr std::size_t words = sizeof kOptionWords / sizeof kOptionWords[0];
        constexpr std::size_t misses = sizeof near_miss / sizeof near_miss[0];
        const std::uint8_t tag = byte();
        if (tag < 200) {
            const std::size_t k = tag % (words + misses);
            return k < words ? kOptionWords[k] : near_miss[k - words];
        }
        std::string s;
        for (std::uint8_t n = byte() % 12; n > 0; --n) s.push_back(static_cast<char>(byte()));
        return s;
    }

    kpi::NumberRange numbers() {
        kpi::NumberRange r;
        r.orientation = byte() & 1 ? kpi::Orientation::row : kpi::Orientation::column;
        for (std::size_t n = length(); n > 0 && !empty(); --n) r.values.push_back(number());
        return r;
    }

    // Cells keep their text alive in `texts_` for the call's duration.
    kpi::MixedRange cells(std::size_t count) {
        kpi::MixedRange r;
        r.rows = count;
        r.cols = 1;
        for (std::size_t i = 0; i < count; ++i) {
            switch (byte() % 6) {
                case 0: r.cells.push_back(kpi::Input::empty_cell()); break;
                case 1: {
                    texts_.push_back(std::u16string(1, static_cast<char16_t>(u'a' + byte() % 4)));
                    r.cells.push_back(kpi::Input::of(std::u16string_view(texts_.back())));
                    break;
                }
                case 2: r.cells.push_back(kpi::Input::failed(kpi::Errc::div_by_zero)); break;
                default: r.cells.push_back(kpi::Input::of(number())); break;
            }
        }
        return r;
    }

    // Cells for the grouping key (channel names, customer ids): mostly texts
    // pieced from strings that differ only in case (ASCII, Greek final sigma, a
    // surrogate pair), in full folding (ß, ss) or by a lone surrogate, and
    // numbers that differ only in the sign of zero.
    kpi::MixedRange key_cells(std::size_t count) {
        static constexpr std::u16string_view pieces[] = {
            u"", u"a", u"A", u"seo", u"SEO", u"Σ", u"σ", u"ς", u"ß", u"ss", u"\U00010400",
            u"\U00010428", u"\xD801", u"客户"};
        static constexpr double keys[] = {0.0, -0.0, 1.0, 2024.0,
                                          std::numeric_limits<double>::quiet_NaN()};
        kpi::MixedRange r;
        r.rows = count;
        r.cols = 1;
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint8_t tag = byte();
            if (tag < 160) {
                std::u16string s;
                for (std::uint8_t n = 1 + tag % 3; n > 0; --n)
                    s += pieces[byte() % (sizeof pieces / sizeof pieces[0])];
                texts_.push_back(std::move(s));
                r.cells.push_back(kpi::Input::of(std::u16string_view(texts_.back())));
            } else if (tag < 230) {
                r.cells.push_back(kpi::Input::of(keys[tag % (sizeof keys / sizeof keys[0])]));
            } else if (tag < 250) {
                r.cells.push_back(kpi::Input::empty_cell());
            } else {
                r.cells.push_back(kpi::Input::failed(kpi::Errc::value));
            }
        }
        return r;
    }

    std::size_t length() { return byte() % 64; }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
    std::deque<std::u16string> texts_;  // a deque: growing it never moves the strings views point into
};
