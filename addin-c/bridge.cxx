// The C++ side of the binary-UNO add-in: Calc's arguments as binary UNO
// hands them over (uno_Any, uno_Sequence — plain C structs) → core values,
// the core, and its result → binary-UNO values. The same rules as the C++
// add-in's addin/args.cxx and addin/calc_result.cxx, on C structs instead of
// the C++ UNO types: no C++ UNO header and no C++ type or exception crosses
// into component.c (kpic.h), so the library does not depend on the C++ ABI
// LibreOffice was built with.
#include "kpic.h"

#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include <osl/interlck.h>
#include <rtl/string.h>
#include <rtl/ustring.h>
#include <typelib/typedescription.h>
#include <uno/any2.h>
#include <uno/data.h>
#include <uno/sequence2.h>

#include "kpi/result.hpp"
#include "kpi/types.hpp"
#include "kpi/validate.hpp"

namespace kpicalc::c {

namespace {

// Type references every result needs, set once by kpic_init.
typelib_TypeDescriptionReference* g_double = nullptr;
typelib_TypeDescriptionReference* g_string = nullptr;
typelib_TypeDescriptionReference* g_row = nullptr;   // sequence< any >
typelib_TypeDescriptionReference* g_rows = nullptr;  // sequence< sequence< any > >
uno_Sequence* g_empty_rows = nullptr;                // returned when nothing else can be allocated

// ---------------------------------------------------------------- arguments

typelib_TypeClass type_class(const uno_Any& a) { return a.pType->eTypeClass; }

const rtl_uString* as_string(const uno_Any& a) {
    return type_class(a) == typelib_TypeClass_STRING ? *static_cast<rtl_uString* const*>(a.pData) : nullptr;
}

// The numeric types css::uno::Any's operator>>= (double&) accepts, and booleans.
std::optional<double> as_number(const uno_Any& a) {
    const void* p = a.pData;
    switch (type_class(a)) {
        case typelib_TypeClass_DOUBLE: return *static_cast<const double*>(p);
        case typelib_TypeClass_BOOLEAN: return *static_cast<const sal_Bool*>(p) ? 1.0 : 0.0;
        case typelib_TypeClass_BYTE: return *static_cast<const sal_Int8*>(p);
        case typelib_TypeClass_SHORT: return *static_cast<const sal_Int16*>(p);
        case typelib_TypeClass_UNSIGNED_SHORT: return *static_cast<const sal_uInt16*>(p);
        case typelib_TypeClass_LONG: return *static_cast<const sal_Int32*>(p);
        case typelib_TypeClass_UNSIGNED_LONG: return *static_cast<const sal_uInt32*>(p);
        case typelib_TypeClass_FLOAT: return *static_cast<const float*>(p);
        default: return std::nullopt;
    }
}

bool is_blank(const uno_Any& a) {
    if (type_class(a) == typelib_TypeClass_VOID) return true;
    const rtl_uString* s = as_string(a);
    return s && s->length == 0;
}

std::u16string_view view(const rtl_uString* s) {
    return {reinterpret_cast<const char16_t*>(s->buffer), static_cast<std::size_t>(s->length)};
}

// A range (sequence< sequence< any > >): its rows, and the cells of a row.
uno_Sequence* const* rows_of(const uno_Sequence* rows) {
    return reinterpret_cast<uno_Sequence* const*>(rows->elements);
}
const uno_Any* cells_of(const uno_Sequence* row) { return reinterpret_cast<const uno_Any*>(row->elements); }

// Exactly sequence< sequence< any > > inside an any, as `a >>= rows` accepts it.
const uno_Sequence* as_rows(const uno_Any& a) {
    if (type_class(a) != typelib_TypeClass_SEQUENCE) return nullptr;
    if (!typelib_typedescriptionreference_equals(a.pType, g_rows)) return nullptr;
    return *static_cast<uno_Sequence* const*>(a.pData);
}

}  // namespace

namespace cargs {

struct Choice {
    const char* word;
    const char* canonical;
};

// Numbers of a range or inline array; empty and text cells are skipped (like SUM).
kpi::Result<kpi::NumberRange> to_range(const uno_Sequence* rows) {
    kpi::NumberRange out;
    std::size_t count = 0;
    const sal_Int32 n_rows = rows->nElements;
    for (sal_Int32 r = 0; r < n_rows; ++r) count += static_cast<std::size_t>(rows_of(rows)[r]->nElements);
    out.values.reserve(count);
    // A single row with several cells is a row; anything else reads as a column.
    out.orientation = (n_rows == 1 && rows_of(rows)[0]->nElements > 1) ? kpi::Orientation::row
                                                                     : kpi::Orientation::column;
    for (sal_Int32 r = 0; r < n_rows; ++r) {
        const uno_Sequence* row = rows_of(rows)[r];
        const uno_Any* cells = cells_of(row);
        for (sal_Int32 c = 0; c < row->nElements; ++c)
            if (auto d = as_number(cells[c])) out.values.push_back(*d);
    }
    return out;
}

// Every cell of a range, text kept as views into `rows` (valid during the call).
kpi::Result<kpi::MixedRange> to_cells(const uno_Sequence* rows) {
    kpi::MixedRange out;
    out.rows = static_cast<std::size_t>(rows->nElements);
    out.cols = out.rows ? static_cast<std::size_t>(rows_of(rows)[0]->nElements) : 0;
    out.cells.reserve(out.rows * out.cols);
    for (std::size_t r = 0; r < out.rows; ++r) {
        const uno_Sequence* row = rows_of(rows)[r];
        if (static_cast<std::size_t>(row->nElements) != out.cols) return kpi::Errc::invalid_argument;
        const uno_Any* cells = cells_of(row);
        for (std::size_t c = 0; c < out.cols; ++c) {
            if (const rtl_uString* s = as_string(cells[c]))
                out.cells.push_back(kpi::Input::of(view(s)));
            else if (auto d = as_number(cells[c]))
                out.cells.push_back(kpi::Input::of(*d));
            else
                out.cells.push_back(kpi::Input::empty_cell());
        }
    }
    return out;
}

// An empty cell arrives as 0; `zero_is_default` makes it mean "the default".
kpi::Result<std::optional<double>> opt_number(const uno_Any& a, bool zero_is_default) {
    if (is_blank(a)) return std::optional<double>{};
    if (as_string(a)) return kpi::Errc::value;  // text where a number is expected
    auto d = as_number(a);
    if (!d) return kpi::Errc::value;
    if (zero_is_default && *d == 0.0) return std::optional<double>{};
    return d;
}

kpi::Result<double> opt_number(const uno_Any& a, double fallback, bool zero_is_default) {
    auto r = opt_number(a, zero_is_default);
    if (!r) return r.error();
    return r.value().value_or(fallback);
}

// UTF-8 option text, trimmed like OUString::trim; `fallback` when omitted, "" or an empty cell.
kpi::Result<std::string> opt_text(const uno_Any& a, const char* fallback) {
    if (is_blank(a)) return std::string(fallback);
    if (const rtl_uString* s = as_string(a)) {
        rtl_uString* trimmed = nullptr;
        rtl_uString_newTrim(&trimmed, const_cast<rtl_uString*>(s));
        rtl_String* utf8 = nullptr;
        rtl_uString2String(&utf8, trimmed->buffer, trimmed->length, RTL_TEXTENCODING_UTF8,
                           OUSTRING_TO_OSTRING_CVTFLAGS);
        rtl_uString_release(trimmed);
        std::string out;
        try {
            out.assign(utf8->buffer, static_cast<std::size_t>(utf8->length));
        } catch (...) {
            rtl_string_release(utf8);
            throw;
        }
        rtl_string_release(utf8);
        return out;
    }
    // An empty cell arrives as 0; any other number cannot name an option.
    if (auto d = as_number(a); d && *d == 0.0) return std::string(fallback);
    return kpi::Errc::invalid_argument;
}

// Free text used as typed (a separator), as addin/args.cxx's opt_string: `fallback`
// when omitted, "" or an empty cell; any other number is no text.
kpi::Result<std::u16string> opt_string(const uno_Any& a, const char16_t* fallback) {
    if (is_blank(a)) return std::u16string(fallback);
    if (const rtl_uString* s = as_string(a))
        return std::u16string(reinterpret_cast<const char16_t*>(s->buffer), static_cast<std::size_t>(s->length));
    if (auto d = as_number(a); d && *d == 0.0) return std::u16string(fallback);
    return kpi::Errc::invalid_argument;
}

template <std::size_t N>
kpi::Result<std::string> opt_choice(const uno_Any& a, const char* fallback, const Choice (&choices)[N]) {
    auto text = opt_text(a, fallback);
    if (!text) return text.error();
    for (std::size_t i = 0; i < N; ++i)
        if (kpi::option_is(*text, choices[i].word)) return std::string(choices[i].canonical);
    return kpi::Errc::invalid_argument;
}

// nullopt when omitted, "" or an empty cell (0); a range as to_range; a number as a one-value range.
kpi::Result<std::optional<kpi::NumberRange>> opt_range(const uno_Any& a) {
    using Out = std::optional<kpi::NumberRange>;
    if (is_blank(a)) return Out{};
    if (const uno_Sequence* rows = as_rows(a)) {
        auto r = to_range(rows);
        if (!r) return r.error();
        return Out{std::move(r.value())};
    }
    if (as_string(a)) return kpi::Errc::value;
    auto d = as_number(a);
    if (!d) return kpi::Errc::value;
    if (*d == 0.0) return Out{};
    return Out{kpi::NumberRange{{*d}, kpi::Orientation::column}};
}

kpi::Result<bool> opt_bool(const uno_Any& a, bool fallback) {
    if (is_blank(a)) return fallback;
    if (auto d = as_number(a)) return *d != 0.0;
    if (const rtl_uString* s = as_string(a)) {
        if (rtl_ustr_ascii_compareIgnoreAsciiCase_WithLength(s->buffer, s->length, "TRUE") == 0) return true;
        if (rtl_ustr_ascii_compareIgnoreAsciiCase_WithLength(s->buffer, s->length, "FALSE") == 0) return false;
    }
    return kpi::Errc::value;
}

// nullopt when omitted or ""; a single cell (a plain value) becomes a 1×1 range.
kpi::Result<std::optional<kpi::MixedRange>> opt_cells(const uno_Any& a) {
    using Out = std::optional<kpi::MixedRange>;
    if (is_blank(a)) return Out{};
    if (type_class(a) == typelib_TypeClass_SEQUENCE) {
        const uno_Sequence* rows = as_rows(a);
        if (!rows) return kpi::Errc::value;
        auto r = to_cells(rows);
        if (!r) return r.error();
        return Out(std::move(r).value());
    }
    kpi::MixedRange one;
    one.rows = one.cols = 1;
    if (const rtl_uString* s = as_string(a))
        one.cells.push_back(kpi::Input::of(view(s)));
    else if (auto d = as_number(a))
        one.cells.push_back(kpi::Input::of(*d));
    else
        return kpi::Errc::value;
    return Out(std::move(one));
}

}  // namespace cargs

namespace {

// ------------------------------------------------------------------ results

// Calc encodes an error in a double as a quiet NaN whose low bits hold the code.
double error_nan(kpi::Errc e) {
    const std::uint64_t bits = 0x7FF8000000000000ULL | kpi::calc_code(e);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

// Owns a sequence< sequence< any > > until it is handed to Calc.
class RowsOwner {
public:
    RowsOwner() = default;
    RowsOwner(const RowsOwner&) = delete;
    RowsOwner& operator=(const RowsOwner&) = delete;
    ~RowsOwner() {
        if (seq_) uno_type_destructData(&seq_, g_rows, nullptr);
    }
    void allocate(sal_Int32 n) {
        if (!uno_type_sequence_construct(&seq_, g_rows, nullptr, n, nullptr)) throw std::bad_alloc();
    }
    // Row r becomes a new sequence< any > of `cols` void anys.
    uno_Any* new_row(sal_Int32 r, sal_Int32 cols) {
        uno_Sequence* row = nullptr;
        if (!uno_type_sequence_construct(&row, g_row, nullptr, cols, nullptr)) throw std::bad_alloc();
        uno_Sequence** slot = reinterpret_cast<uno_Sequence**>(seq_->elements) + r;
        uno_type_destructData(slot, g_row, nullptr);
        *slot = row;
        return reinterpret_cast<uno_Any*>(row->elements);
    }
    uno_Sequence* release() {
        uno_Sequence* s = seq_;
        seq_ = nullptr;
        return s;
    }

private:
    uno_Sequence* seq_ = nullptr;
};

void set_number(uno_Any* cell, double d) { uno_type_any_assign(cell, &d, g_double, nullptr, nullptr); }

void set_text(uno_Any* cell, std::u16string_view text) {
    rtl_uString* s = nullptr;
    rtl_uString_newFromStr_WithLength(&s, reinterpret_cast<const sal_Unicode*>(text.data()),
                                      static_cast<sal_Int32>(text.size()));
    if (!s) throw std::bad_alloc();
    uno_type_any_assign(cell, &s, g_string, nullptr, nullptr);
    rtl_uString_release(s);
}

uno_Sequence* one_cell(double d) {
    RowsOwner out;
    out.allocate(1);
    set_number(out.new_row(0, 1), d);
    return out.release();
}

// Rows after the last non-blank one beyond this many are left out, as the
// C++ add-in does (addin/calc_result.cxx: a blank element costs Calc O(n)).
constexpr std::size_t kFullShapeRows = 10000;

std::size_t rows_to_return(const kpi::Table& t) {
    std::size_t last = t.rows;
    while (last > kFullShapeRows) {
        bool blank = true;
        for (std::size_t c = 0; c < t.cols && blank; ++c)
            blank = t.at(last - 1, c).kind == kpi::Cell::Kind::empty;
        if (!blank) break;
        --last;
    }
    return last;
}

uno_Sequence* to_rows(const kpi::Table& t) {
    if (t.rows == 0 || t.cols == 0) return one_cell(error_nan(kpi::Errc::not_available));  // Calc needs a cell
    const std::size_t n_rows = rows_to_return(t);
    RowsOwner out;
    out.allocate(static_cast<sal_Int32>(n_rows));
    for (std::size_t r = 0; r < n_rows; ++r) {
        uno_Any* cells = out.new_row(static_cast<sal_Int32>(r), static_cast<sal_Int32>(t.cols));
        for (std::size_t c = 0; c < t.cols; ++c) {
            const kpi::Cell& cell = t.at(r, c);
            switch (cell.kind) {
                case kpi::Cell::Kind::number: set_number(&cells[c], cell.number); break;
                case kpi::Cell::Kind::error: set_number(&cells[c], error_nan(cell.error)); break;
                case kpi::Cell::Kind::text: set_text(&cells[c], t.texts[cell.text_index]); break;
                // The empty text, not a void any: Calc counts a void element as 0.
                case kpi::Cell::Kind::empty: set_text(&cells[c], std::u16string_view()); break;
            }
        }
    }
    return out.release();
}

uno_Sequence* acquired_empty_rows() {
    osl_atomic_increment(&g_empty_rows->nRefCount);
    return g_empty_rows;
}

#define KPIC_TAKE(name, expr)                         \
    auto name##_result = (expr);                      \
    if (!name##_result) return name##_result.error(); \
    auto& name = name##_result.value()

template <class F>
void scalar_out(void* ret, F&& body) noexcept {
    kpi::Errc e = kpi::Errc::value;
    try {
        kpi::Result<double> r = body();
        if (r) {
            *static_cast<double*>(ret) = r.value();
            return;
        }
        e = r.error();
    } catch (...) {
        e = kpi::Errc::value;  // e.g. bad_alloc: never let it reach Calc
    }
    *static_cast<double*>(ret) = error_nan(e);
}

template <class F>
void array_out(void* ret, F&& body) noexcept {
    kpi::Errc e = kpi::Errc::value;
    try {
        kpi::Result<kpi::Table> r = body();
        if (r) {
            *static_cast<uno_Sequence**>(ret) = to_rows(r.value());
            return;
        }
        e = r.error();
    } catch (...) {
        e = kpi::Errc::value;
    }
    try {
        *static_cast<uno_Sequence**>(ret) = one_cell(error_nan(e));
    } catch (...) {
        *static_cast<uno_Sequence**>(ret) = acquired_empty_rows();  // out of memory: no cell at all
    }
}

}  // namespace

}  // namespace kpicalc::c

#include "kpic_calls.inc"

extern "C" int kpic_init(void) {
    using namespace kpicalc::c;
    if (g_empty_rows) return 0;  // component.c calls this under its own lock
    g_double = *typelib_static_type_getByTypeClass(typelib_TypeClass_DOUBLE);
    g_string = *typelib_static_type_getByTypeClass(typelib_TypeClass_STRING);
    typelib_static_sequence_type_init(&g_row, *typelib_static_type_getByTypeClass(typelib_TypeClass_ANY));
    typelib_static_sequence_type_init(&g_rows, g_row);
    if (!g_double || !g_string || !g_row || !g_rows) return -1;
    uno_Sequence* empty = nullptr;
    if (!uno_type_sequence_construct(&empty, g_rows, nullptr, 0, nullptr)) return -1;
    g_empty_rows = empty;
    return 0;
}

extern "C" int kpic_call(size_t index, void* ret, void* const* args, const kpic_date* null_date) {
    using namespace kpicalc::c;
    if (index >= sizeof(kCalls) / sizeof(kCalls[0])) return -1;
    kpi::CivilDate nd;  // 1899-12-30, Calc's default
    if (null_date) nd = kpi::CivilDate{null_date->year, null_date->month, null_date->day};
    kCalls[index](ret, args, nd);  // every call catches everything (scalar_out / array_out)
    return 0;
}
