#include "args.hxx"

#include <com/sun/star/util/Date.hpp>
#include <cppu/unotype.hxx>
#include <rtl/ustring.hxx>

#include "adapter_rules.hpp"

namespace kpicalc::args {

using css::uno::Any;

namespace {

// How the rules (adapter_rules.hpp) read C++ UNO values.
struct CxxValues {
    using Value = Any;
    using Rows = args::Rows;

    static bool is_void(const Any& a) { return !a.hasValue(); }
    static std::optional<std::u16string_view> text(const Any& a) {
        if (a.getValueTypeClass() != css::uno::TypeClass_STRING) return std::nullopt;
        const auto* s = static_cast<const rtl::OUString*>(a.getValue());
        return std::u16string_view(reinterpret_cast<const char16_t*>(s->getStr()),
                                   static_cast<std::size_t>(s->getLength()));
    }
    static std::optional<double> number(const Any& a) {
        switch (a.getValueTypeClass()) {
            case css::uno::TypeClass_DOUBLE: return *static_cast<const double*>(a.getValue());
            case css::uno::TypeClass_BOOLEAN: return *static_cast<const sal_Bool*>(a.getValue()) ? 1.0 : 0.0;
            default: {
                double d = 0.0;
                if (a >>= d) return d;  // other numeric types
                return std::nullopt;
            }
        }
    }
    static bool is_sequence(const Any& a) { return a.getValueTypeClass() == css::uno::TypeClass_SEQUENCE; }
    static const Rows* rows(const Any& a) {
        return a.getValueType() == cppu::UnoType<Rows>::get() ? static_cast<const Rows*>(a.getValue()) : nullptr;
    }
    static std::size_t row_count(const Rows& rows) { return static_cast<std::size_t>(rows.getLength()); }
    static std::size_t col_count(const Rows& rows, std::size_t r) {
        return static_cast<std::size_t>(rows[static_cast<sal_Int32>(r)].getLength());
    }
    static const Any& cell(const Rows& rows, std::size_t r, std::size_t c) {
        return rows[static_cast<sal_Int32>(r)][static_cast<sal_Int32>(c)];
    }
    static std::string trimmed_utf8(const Any& a) {
        const rtl::OString utf8 =
            rtl::OUStringToOString(static_cast<const rtl::OUString*>(a.getValue())->trim(), RTL_TEXTENCODING_UTF8);
        return std::string(utf8.getStr(), static_cast<std::size_t>(utf8.getLength()));
    }
};
using R = rules::Rules<CxxValues>;

}  // namespace

kpi::Result<kpi::NumberRange> to_range(const Rows& rows) { return R::to_range(rows); }
kpi::Result<kpi::MixedRange> to_cells(const Rows& rows) { return R::to_cells(rows); }
kpi::Result<std::optional<double>> opt_number(const Any& a, bool zero_is_default) {
    return R::opt_number(a, zero_is_default);
}
kpi::Result<double> opt_number(const Any& a, double fallback, bool zero_is_default) {
    return R::opt_number(a, fallback, zero_is_default);
}
kpi::Result<std::string> opt_text(const Any& a, const char* fallback) { return R::opt_text(a, fallback); }
kpi::Result<std::string> opt_choice(const Any& a, const char* fallback, const Choice* choices, std::size_t count) {
    return R::opt_choice(a, fallback, choices, count);
}
kpi::Result<std::optional<kpi::NumberRange>> opt_range(const Any& a) { return R::opt_range(a); }
kpi::Result<bool> opt_bool(const Any& a, bool fallback) { return R::opt_bool(a, fallback); }
kpi::Result<std::optional<kpi::MixedRange>> opt_cells(const Any& a) { return R::opt_cells(a); }
kpi::Result<std::u16string> opt_string(const Any& a, const char16_t* fallback) {
    return R::opt_string(a, fallback);
}

kpi::CivilDate null_date(const css::uno::Reference< css::beans::XPropertySet >& options) {
    kpi::CivilDate out;  // 1899-12-30, Calc's default
    if (!options.is()) return out;
    css::util::Date d;
    if (options->getPropertyValue("NullDate") >>= d)
        out = kpi::CivilDate{d.Year, d.Month, d.Day};
    return out;
}

}  // namespace kpicalc::args
