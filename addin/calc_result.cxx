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

// Calc stores an array result in a matrix that starts out numeric; turning an
// element into a text moves the rest of the matrix, so a result of n blank
// elements costs O(n²): a FUNNEL over a whole column (1,048,576 rows) took
// 230 s per recalculation. Rows after the last non-blank one are no result
// anyone reads, so beyond this many rows they are left out (Calc shows #N/A
// there if the array formula is taller); shorter results keep their shape.
constexpr std::size_t kFullShapeRows = 10000;

std::size_t rows_to_return(const kpi::Table& t) {
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

}  // namespace

double calc_error(kpi::Errc e) { return error_nan(kpi::calc_code(e)); }

css::uno::Any calc_error_cell(kpi::Errc e) { return css::uno::Any(error_nan(kpi::calc_code(e))); }

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
