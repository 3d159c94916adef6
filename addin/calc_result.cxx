#include "calc_result.hxx"

#include <cstdint>
#include <cstring>
#include <limits>

#include <rtl/ustring.hxx>


#if !defined(_FORTIFY_SOURCE) || _FORTIFY_SOURCE < 2 || !defined(__OPTIMIZE__)
#error "the add-in ships hardened: build with -O2 -D_FORTIFY_SOURCE=2"
#endif

namespace kpicalc {

namespace {

// Calc encodes an error in a double as a quiet NaN whose low bits hold the code.
double error_nan(std::uint16_t code) {
    const std::uint64_t bits = 0x7FF8000000000000ULL | code;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

}  // namespace

double calc_error(kpi::Errc e) { return error_nan(kpi::calc_code(e)); }

css::uno::Any calc_error_cell(kpi::Errc e) { return css::uno::Any(error_nan(kpi::calc_code(e))); }

ResultRows to_rows(const kpi::Table& t) {
    ResultRows rows(static_cast<sal_Int32>(t.rows));
    auto* out = rows.getArray();
    for (std::size_t r = 0; r < t.rows; ++r) {
        css::uno::Sequence< css::uno::Any > row(static_cast<sal_Int32>(t.cols));
        auto* cells = row.getArray();
        for (std::size_t c = 0; c < t.cols; ++c) {
            const kpi::Cell& cell = t.at(r, c);
            switch (cell.kind) {
                case kpi::Cell::Kind::number:
                    cells[c] <<= cell.number;
                    break;
                case kpi::Cell::Kind::error:
                    cells[c] = calc_error_cell(cell.error);
                    break;
                case kpi::Cell::Kind::text: {
                    const std::u16string& text = t.texts[cell.text_index];
                    cells[c] <<= rtl::OUString(reinterpret_cast<const sal_Unicode*>(text.data()), static_cast<sal_Int32>(text.size()));
                    break;
                }
                case kpi::Cell::Kind::empty:
                    break;  // an empty any: Calc leaves the cell empty
            }
        }
        out[r] = row;
    }
    if (t.rows == 0 || t.cols == 0) {  // Calc needs at least one cell
        css::uno::Sequence< css::uno::Any > cell(1);
        cell.getArray()[0] = calc_error_cell(kpi::Errc::not_available);
        return ResultRows(&cell, 1);
    }
    return rows;
}

}  // namespace kpicalc
