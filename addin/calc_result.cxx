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

// Calc's FormulaError codes (formula/errorcodes.hxx), as users see them.
constexpr std::uint16_t k_illegal_argument = 502;  // Err:502
constexpr std::uint16_t k_no_value = 519;          // #VALUE!
constexpr std::uint16_t k_no_convergence = 523;    // Err:523
constexpr std::uint16_t k_div_zero = 532;          // #DIV/0!
constexpr std::uint16_t k_illegal_fp = 503;        // #NUM!
constexpr std::uint16_t k_not_available = 0x7fff;  // #N/A

// Calc encodes an error in a double as a quiet NaN whose low bits hold the code.
double error_nan(std::uint16_t code) {
    const std::uint64_t bits = 0x7FF8000000000000ULL | code;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

std::uint16_t code_of(kpi::Errc e) {
    switch (e) {
        case kpi::Errc::invalid_argument: return k_illegal_argument;
        case kpi::Errc::div_by_zero: return k_div_zero;
        case kpi::Errc::num: return k_illegal_fp;
        case kpi::Errc::no_convergence: return k_no_convergence;
        case kpi::Errc::value: return k_no_value;
        case kpi::Errc::not_available: return k_not_available;
        case kpi::Errc::ok: break;
    }
    return k_no_value;
}

}  // namespace

double calc_error(kpi::Errc e) { return error_nan(code_of(e)); }

css::uno::Any calc_error_cell(kpi::Errc e) { return css::uno::Any(error_nan(code_of(e))); }

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
