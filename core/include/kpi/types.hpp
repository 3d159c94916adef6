// Plain value types shared by the KPI families: ranges in, tables out.
// Deliberately UNO-free; the add-in converts Calc's sequences into these.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kpi/result.hpp"

namespace kpi {

enum class Orientation : unsigned char { column, row };

// A calendar date; the add-in passes the document's null date (serial 0) so
// date serials are interpreted exactly as the document does.
struct CivilDate {
    int year = 1899;
    unsigned month = 12;
    unsigned day = 30;
};

// A numeric range after Calc dropped empty and text cells (SUM semantics).
// `orientation` remembers whether the user passed a row or a column so that
// "one value per element" results can follow it.
struct NumberRange {
    std::vector<double> values;
    Orientation orientation = Orientation::column;
};

// One cell of a range whose text and empty cells matter (ids, channel names).
// `text` views memory owned by the caller for the duration of the call.
struct Input {
    enum class Kind : unsigned char { empty, number, text, error };
    Kind kind = Kind::empty;
    double number = 0.0;
    std::u16string_view text;
    Errc error = Errc::ok;  // set when kind == error

    static Input empty_cell() noexcept { return {}; }
    static Input of(double x) noexcept { return {Kind::number, x, {}, Errc::ok}; }
    static Input of(std::u16string_view s) noexcept { return {Kind::text, 0.0, s, Errc::ok}; }
    static Input failed(Errc e) noexcept { return {Kind::error, 0.0, {}, e}; }
};

// A rectangular range of Input cells, row-major.
struct MixedRange {
    std::vector<Input> cells;
    std::size_t rows = 0;
    std::size_t cols = 0;
};

// One cell of an array result. A text cell (a channel name, a customer id)
// keeps its string in the owning Table's `texts`, so cells stay small and
// trivially copyable for the million-cell tables COHORT builds.
struct Cell {
    enum class Kind : unsigned char { number, empty, error, text };
    Kind kind = Kind::empty;
    double number = 0.0;
    Errc error = Errc::ok;
    std::size_t text_index = 0;  // into Table::texts when kind == text

    static Cell empty_cell() noexcept { return {}; }
    static Cell of(double x) noexcept { return {Kind::number, x, Errc::ok, 0}; }
    static Cell failed(Errc e) noexcept { return {Kind::error, 0.0, e, 0}; }
    // A scalar result as a cell: its value, or its error in place.
    static Cell from(const Result<double>& r) noexcept {
        return r ? of(r.value()) : failed(r.error());
    }
};

// An array result, row-major. Top-left holds the headline number.
struct Table {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<Cell> cells;

    Table() = default;
    Table(std::size_t r, std::size_t c) : rows(r), cols(c), cells(r * c) {}
    std::vector<std::u16string> texts;  // the strings of the text cells

    Cell& at(std::size_t r, std::size_t c) noexcept { return cells[r * cols + c]; }
    const Cell& at(std::size_t r, std::size_t c) const noexcept { return cells[r * cols + c]; }

    // Put a text at (r, c); the table owns a copy.
    void set_text(std::size_t r, std::size_t c, std::u16string_view s) {
        texts.emplace_back(s);
        Cell& cell = at(r, c);
        cell = Cell{};
        cell.kind = Cell::Kind::text;
        cell.text_index = texts.size() - 1;
    }
    std::u16string_view text_at(std::size_t r, std::size_t c) const noexcept {
        return texts[at(r, c).text_index];
    }

    // A list of values laid out as a column or a row, like the input it came from.
    static Table vector(const std::vector<Cell>& v, Orientation o) {
        Table t = o == Orientation::column ? Table(v.size(), 1) : Table(1, v.size());
        t.cells = v;
        return t;
    }
};

}  // namespace kpi
