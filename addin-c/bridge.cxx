// The C++ side of the binary-UNO add-in: Calc's arguments as binary UNO
// hands them over (uno_Any, uno_Sequence — plain C structs) → core values,
// the core, and its result → binary-UNO values. The argument rules are the C++
// add-in's own (addin/adapter_rules.hpp), read from C structs instead of the C++
// UNO types; the results follow addin/calc_result.cxx. No C++ UNO header and no
// C++ type or exception crosses into component.c (kpic.h), so the library does
// not depend on the C++ ABI LibreOffice was built with.
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
#include "adapter_rules.hpp"

namespace kpicalc::c {

namespace {

// Type references every result needs, set once by kpic_init.
typelib_TypeDescriptionReference* g_double = nullptr;
typelib_TypeDescriptionReference* g_string = nullptr;
typelib_TypeDescriptionReference* g_row = nullptr;   // sequence< any >
typelib_TypeDescriptionReference* g_rows = nullptr;  // sequence< sequence< any > >
uno_Sequence* g_empty_rows = nullptr;                // returned when nothing else can be allocated

// ---------------------------------------------------------------- arguments

// How the rules (addin/adapter_rules.hpp, shared with the C++ add-in) read binary
// UNO values: a range is a uno_Sequence of uno_Sequence rows of uno_Any cells.
struct CValues {
    using Value = uno_Any;
    using Rows = uno_Sequence;

    static typelib_TypeClass type_class(const uno_Any& a) { return a.pType->eTypeClass; }
    static const rtl_uString* string_of(const uno_Any& a) {
        return type_class(a) == typelib_TypeClass_STRING ? *static_cast<rtl_uString* const*>(a.pData) : nullptr;
    }

    static bool is_void(const uno_Any& a) { return type_class(a) == typelib_TypeClass_VOID; }
    static std::optional<std::u16string_view> text(const uno_Any& a) {
        const rtl_uString* s = string_of(a);
        if (!s) return std::nullopt;
        return std::u16string_view(reinterpret_cast<const char16_t*>(s->buffer), static_cast<std::size_t>(s->length));
    }
    // The numeric types css::uno::Any's operator>>= (double&) accepts, and booleans.
    static std::optional<double> number(const uno_Any& a) {
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
    static bool is_sequence(const uno_Any& a) { return type_class(a) == typelib_TypeClass_SEQUENCE; }
    // Exactly sequence< sequence< any > > inside an any, as `a >>= rows` accepts it.
    static const uno_Sequence* rows(const uno_Any& a) {
        if (!is_sequence(a) || !typelib_typedescriptionreference_equals(a.pType, g_rows)) return nullptr;
        return *static_cast<uno_Sequence* const*>(a.pData);
    }
    static const uno_Sequence* row(const uno_Sequence& rows, std::size_t r) {
        return reinterpret_cast<uno_Sequence* const*>(rows.elements)[r];
    }
    static std::size_t row_count(const uno_Sequence& rows) { return static_cast<std::size_t>(rows.nElements); }
    static std::size_t col_count(const uno_Sequence& rows, std::size_t r) {
        return static_cast<std::size_t>(row(rows, r)->nElements);
    }
    static const uno_Any& cell(const uno_Sequence& rows, std::size_t r, std::size_t c) {
        return reinterpret_cast<const uno_Any*>(row(rows, r)->elements)[c];
    }
    // Trimmed like OUString::trim (rtl_uString_newTrim is what it calls), in UTF-8.
    static std::string trimmed_utf8(const uno_Any& a) {
        rtl_uString* trimmed = nullptr;
        rtl_uString_newTrim(&trimmed, const_cast<rtl_uString*>(string_of(a)));
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
};

}  // namespace

// What the generated calls (kpic_calls.inc, tools/gen_addin_c.py) use: the
// same names and arguments as the C++ add-in's args:: functions.
namespace cargs {

using R = rules::Rules<CValues>;
using Choice = rules::Choice;

inline kpi::Result<kpi::NumberRange> to_range(const uno_Sequence* rows) { return R::to_range(*rows); }
inline kpi::Result<kpi::MixedRange> to_cells(const uno_Sequence* rows) { return R::to_cells(*rows); }
inline kpi::Result<std::optional<double>> opt_number(const uno_Any& a, bool zero_is_default) {
    return R::opt_number(a, zero_is_default);
}
inline kpi::Result<double> opt_number(const uno_Any& a, double fallback, bool zero_is_default) {
    return R::opt_number(a, fallback, zero_is_default);
}
inline kpi::Result<std::u16string> opt_string(const uno_Any& a, const char16_t* fallback) {
    return R::opt_string(a, fallback);
}
template <std::size_t N>
kpi::Result<std::string> opt_choice(const uno_Any& a, const char* fallback, const Choice (&choices)[N]) {
    return R::opt_choice(a, fallback, choices, N);
}
inline kpi::Result<std::optional<kpi::NumberRange>> opt_range(const uno_Any& a) { return R::opt_range(a); }
inline kpi::Result<bool> opt_bool(const uno_Any& a, bool fallback) { return R::opt_bool(a, fallback); }
inline kpi::Result<std::optional<kpi::MixedRange>> opt_cells(const uno_Any& a) { return R::opt_cells(a); }

}  // namespace cargs

namespace {

// ------------------------------------------------------------------ results

using rules::error_nan;
using rules::rows_to_return;

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
