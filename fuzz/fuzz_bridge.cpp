// libFuzzer target over the C-level add-in's argument conversion
// (addin-c/bridge.cxx: kpic_call): every catalogue function, called with the
// binary-UNO values Calc could hand it — doubles, anys (void, numbers of
// every UNO numeric type, booleans, texts, ranges, and wrong sequence types)
// and sequence< sequence< any > > ranges (ragged ones too) whose cells are
// any of those — made from the fuzzer's bytes. Invariants checked on every
// call: no crash / UB / leak (ASan + UBSan + LeakSanitizer: the refcounted UNO
// values must all be released), a scalar result is finite or an error NaN
// whose payload is a Calc error code, an array result is a non-empty
// rectangle of numbers and texts (kpic.h: `ret` is always written).
// Seed corpus fuzz/corpus/bridge: one input per function index (the first two
// bytes, modulo the number of functions) followed by 96 bytes of a fixed
// pattern, written once by a short script; libFuzzer grows it from there.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include <rtl/ustring.h>
#include <typelib/typedescription.h>
#include <uno/any2.h>
#include <uno/data.h>
#include <uno/sequence2.h>

#include "fuzz_input.hpp"
#include "kpic.h"

namespace {

typelib_TypeDescriptionReference* type_of(typelib_TypeClass tc) { return *typelib_static_type_getByTypeClass(tc); }

struct Types {
    typelib_TypeDescriptionReference* row = nullptr;       // sequence< any >
    typelib_TypeDescriptionReference* rows = nullptr;      // sequence< sequence< any > >
    typelib_TypeDescriptionReference* doubles = nullptr;   // sequence< double >: not a range
    typelib_TypeDescriptionReference* drows = nullptr;     // sequence< sequence< double > >: not either
    Types() {
        typelib_static_sequence_type_init(&row, type_of(typelib_TypeClass_ANY));
        typelib_static_sequence_type_init(&rows, row);
        typelib_static_sequence_type_init(&doubles, type_of(typelib_TypeClass_DOUBLE));
        typelib_static_sequence_type_init(&drows, doubles);
    }
};
const Types& types() {
    static const Types t;
    return t;
}

// Texts Calc could pass: option words of every language (with stray spaces
// and case), TRUE/FALSE, keys that differ only in case, a lone surrogate.
std::u16string text(FuzzInput& in) {
    static constexpr std::u16string_view pieces[] = {
        u"", u" ", u"TRUE", u"false", u"a", u"A", u"Σ", u"ς", u"\xD801", u"客户", u"1", u"\t"};
    const std::uint8_t tag = in.byte();
    std::u16string s;
    if (tag < 96) {
        const std::string w = in.option();  // UTF-8; decode the ASCII and CJK words well enough
        rtl_uString* u = nullptr;
        rtl_string2UString(&u, w.data(), static_cast<sal_Int32>(w.size()), RTL_TEXTENCODING_UTF8,
                           OSTRING_TO_OUSTRING_CVTFLAGS);
        s.assign(reinterpret_cast<const char16_t*>(u->buffer), static_cast<std::size_t>(u->length));
        rtl_uString_release(u);
        if (tag & 1) s = u" " + s + u" ";
    } else {
        for (std::uint8_t n = 1 + tag % 3; n > 0; --n) s += pieces[in.byte() % std::size(pieces)];
    }
    return s;
}

// A scalar any into `a` (constructed): void, a number of some UNO type, a boolean or a text.
void scalar_any(FuzzInput& in, uno_Any* a) {
    switch (in.byte() % 9) {
        case 0: uno_any_construct(a, nullptr, nullptr, nullptr); return;
        case 1: {
            sal_Bool b = in.byte() & 1;
            uno_type_any_construct(a, &b, type_of(typelib_TypeClass_BOOLEAN), nullptr);
            return;
        }
        case 2: {
            sal_Int32 l = static_cast<sal_Int8>(in.byte()) * 1000003;  // small and large, both signs
            uno_type_any_construct(a, &l, type_of(typelib_TypeClass_LONG), nullptr);
            return;
        }
        case 3: {
            float f = static_cast<float>(in.byte()) / 4.0f;
            uno_type_any_construct(a, &f, type_of(typelib_TypeClass_FLOAT), nullptr);
            return;
        }
        case 4: {
            sal_Int8 b = static_cast<sal_Int8>(in.byte());
            uno_type_any_construct(a, &b, type_of(typelib_TypeClass_BYTE), nullptr);
            return;
        }
        case 5:
        case 6: {
            const std::u16string s = text(in);
            rtl_uString* u = nullptr;
            rtl_uString_newFromStr_WithLength(&u, reinterpret_cast<const sal_Unicode*>(s.data()),
                                              static_cast<sal_Int32>(s.size()));
            uno_type_any_construct(a, &u, type_of(typelib_TypeClass_STRING), nullptr);
            rtl_uString_release(u);
            return;
        }
        default: {
            double d = in.number();
            uno_type_any_construct(a, &d, type_of(typelib_TypeClass_DOUBLE), nullptr);
            return;
        }
    }
}

// A sequence< sequence< any > > of up to 16 × 8 cells, one row in eight ragged.
uno_Sequence* rows(FuzzInput& in) {
    const sal_Int32 n_rows = in.byte() % 17;
    const sal_Int32 n_cols = 1 + in.byte() % 8;
    uno_Sequence* seq = nullptr;
    if (!uno_type_sequence_construct(&seq, types().rows, nullptr, n_rows, nullptr)) std::abort();
    for (sal_Int32 r = 0; r < n_rows; ++r) {
        const sal_Int32 cols = in.byte() % 8 == 0 ? static_cast<sal_Int32>(in.byte() % 9) : n_cols;
        uno_Sequence* row = nullptr;
        if (!uno_type_sequence_construct(&row, types().row, nullptr, cols, nullptr)) std::abort();
        auto* cells = reinterpret_cast<uno_Any*>(row->elements);
        for (sal_Int32 c = 0; c < cols; ++c) {
            uno_Any v;
            scalar_any(in, &v);
            uno_type_any_assign(&cells[c], v.pData, v.pType, nullptr, nullptr);
            uno_any_destruct(&v, nullptr);
        }
        auto** slot = reinterpret_cast<uno_Sequence**>(seq->elements) + r;
        uno_type_destructData(slot, types().row, nullptr);
        *slot = row;
    }
    return seq;
}

// An `any` argument: mostly a scalar, often a range, sometimes a sequence of the wrong type.
void any_arg(FuzzInput& in, uno_Any* a) {
    const std::uint8_t tag = in.byte() % 8;
    if (tag < 4) return scalar_any(in, a);
    if (tag < 7) {
        uno_Sequence* s = rows(in);
        uno_type_any_construct(a, &s, types().rows, nullptr);
        uno_type_destructData(&s, types().rows, nullptr);
        return;
    }
    uno_Sequence* s = nullptr;
    const bool nested = in.byte() & 1;
    typelib_TypeDescriptionReference* t = nested ? types().drows : types().doubles;
    if (!uno_type_sequence_construct(&s, t, nullptr, in.byte() % 4, nullptr)) std::abort();
    uno_type_any_construct(a, &s, t, nullptr);
    uno_type_destructData(&s, t, nullptr);
}

// The codes the core's errors have in Calc (kpi/calc_errors.def).
bool is_calc_code(unsigned code) {
    switch (code) {
#define KPI_CALC_ERROR(errc, c, text) case c:
#define KPI_CALC_ONLY(c, text)
#include "kpi/calc_errors.def"
#undef KPI_CALC_ERROR
#undef KPI_CALC_ONLY
            return true;
        default: return false;
    }
}

void check_scalar(double d) {
    if (std::isfinite(d)) return;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &d, sizeof d);
    // Calc's error NaN: quiet, one of the core's error codes in the low bits.
    if ((bits & 0xFFFFFFFFFFFF0000ULL) != 0x7FF8000000000000ULL) std::abort();
    if (!is_calc_code(static_cast<unsigned>(bits & 0xFFFF))) std::abort();
}

void check_rows(const uno_Sequence* seq) {
    if (!seq || seq->nElements < 1) std::abort();  // an empty one only when out of memory
    auto* const* rs = reinterpret_cast<uno_Sequence* const*>(seq->elements);
    const sal_Int32 cols = rs[0]->nElements;
    if (cols < 1) std::abort();
    for (sal_Int32 r = 0; r < seq->nElements; ++r) {
        if (rs[r]->nElements != cols) std::abort();
        const auto* cells = reinterpret_cast<const uno_Any*>(rs[r]->elements);
        for (sal_Int32 c = 0; c < cols; ++c) {
            const typelib_TypeClass tc = cells[c].pType->eTypeClass;
            if (tc == typelib_TypeClass_DOUBLE)
                check_scalar(*static_cast<const double*>(cells[c].pData));
            else if (tc != typelib_TypeClass_STRING)
                std::abort();  // a void element would read as 0 in Calc
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (kpic_init() != 0) std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    const std::size_t index = ((std::size_t{in.byte()} << 8) | in.byte()) % kpic_function_count;
    const kpic_function_info& fn = kpic_functions[index];

    // The argument array as binary UNO hands it over: a pointer to each value.
    std::deque<double> doubles;
    std::deque<uno_Any> anys;
    std::deque<uno_Sequence*> seqs;
    void* no_interface = nullptr;  // the hidden XPropertySet: component.c reads it, not kpic_call
    std::vector<void*> args;
    for (const char* k = fn.kinds; *k; ++k) {
        switch (*k) {
            case 'p': args.push_back(&no_interface); break;
            case 'd': args.push_back(&doubles.emplace_back(in.number())); break;
            case 'r': args.push_back(&seqs.emplace_back(rows(in))); break;
            case 'a': any_arg(in, &anys.emplace_back()); args.push_back(&anys.back()); break;
            default: std::abort();  // a kind tools/gen_addin_c.py does not write
        }
    }
    if (args.size() != fn.arg_count) std::abort();
    // The documents' null dates Calc offers (1899-12-30, 1900-01-01, 1904-01-01).
    static constexpr kpic_date null_dates[] = {{1899, 12, 30}, {1900, 1, 1}, {1904, 1, 1}};
    const kpic_date date = null_dates[in.byte() % 3];

    union {
        double d;
        uno_Sequence* s;
    } ret;
    ret.s = nullptr;
    if (kpic_call(index, &ret, args.data(), fn.caller ? &date : nullptr) != 0) std::abort();
    if (fn.returns_array) {
        check_rows(ret.s);
        uno_type_destructData(&ret.s, types().rows, nullptr);
    } else {
        check_scalar(ret.d);
    }
    for (uno_Any& a : anys) uno_any_destruct(&a, nullptr);
    for (uno_Sequence*& s : seqs) uno_type_destructData(&s, types().rows, nullptr);
    return 0;
}
