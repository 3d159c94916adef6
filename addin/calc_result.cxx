#include "calc_result.hxx"

#include <cstdint>
#include <cstring>
#include <limits>

#include <rtl/ustring.hxx>

#include "adapter_rules.hpp"


#if !defined(_FORTIFY_SOURCE) || _FORTIFY_SOURCE < 2 || !defined(__OPTIMIZE__)
#error "the add-in ships hardened: build with -O2 -D_FORTIFY_SOURCE=2"
#endif

namespace kpicalc {

namespace {

using rules::error_nan;
using rules::rows_to_return;

}  // namespace

double calc_error(kpi::Errc e) { return error_nan(e); }

css::uno::Any calc_error_cell(kpi::Errc e) { return css::uno::Any(error_nan(e)); }

ResultRows to_rows(const kpi::Table& t) {
    const std::size_t n_rows = rows_to_return(t);
    ResultRows rows(static_cast<sal_Int32>(n_rows));
    auto* out = rows.getArray();
    for (std::size_t r = 0; r < n_rows; ++r) {
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
                    // The empty text, not an empty any: Calc turns a void
                    // element into a value 0 that COUNT/AVERAGE count, charts
                    // plot and .xlsx/.ods store as 0, while "" is skipped by
                    // all of them (tests/integration/test_blank_cells.py).
                    cells[c] <<= rtl::OUString();
                    break;
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
