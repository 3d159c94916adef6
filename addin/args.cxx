#include "args.hxx"

#include <cmath>

#include <com/sun/star/util/Date.hpp>
#include <cppu/unotype.hxx>
#include <rtl/ustring.hxx>

#include "kpi/validate.hpp"

namespace kpicalc::args {

using css::uno::Any;
using css::uno::TypeClass;

namespace {

const rtl::OUString* as_string(const Any& a) {
    return a.getValueTypeClass() == css::uno::TypeClass_STRING
               ? static_cast<const rtl::OUString*>(a.getValue())
               : nullptr;
}

std::optional<double> as_number(const Any& a) {
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

bool is_blank(const Any& a) {
    if (!a.hasValue()) return true;
    const rtl::OUString* s = as_string(a);
    return s && s->isEmpty();
}

}  // namespace

kpi::Result<kpi::NumberRange> to_range(const Rows& rows) {
    kpi::NumberRange out;
    std::size_t count = 0;
    for (const auto& row : rows) count += static_cast<std::size_t>(row.getLength());
    out.values.reserve(count);
    // A single row with several cells is a row; anything else reads as a column.
    out.orientation = (rows.getLength() == 1 && rows[0].getLength() > 1) ? kpi::Orientation::row
                                                                       : kpi::Orientation::column;
    for (const auto& row : rows)
        for (const Any& cell : row)
            if (auto d = as_number(cell)) out.values.push_back(*d);
    return out;
}

kpi::Result<kpi::MixedRange> to_cells(const Rows& rows) {
    kpi::MixedRange out;
    out.rows = static_cast<std::size_t>(rows.getLength());
    out.cols = out.rows ? static_cast<std::size_t>(rows[0].getLength()) : 0;
    out.cells.reserve(out.rows * out.cols);
    for (const auto& row : rows) {
        if (static_cast<std::size_t>(row.getLength()) != out.cols) return kpi::Errc::invalid_argument;
        for (const Any& cell : row) {
            if (const rtl::OUString* s = as_string(cell)) {
                out.cells.push_back(kpi::Input::of(std::u16string_view(
                    reinterpret_cast<const char16_t*>(s->getStr()), static_cast<std::size_t>(s->getLength()))));
            } else if (auto d = as_number(cell)) {
                out.cells.push_back(kpi::Input::of(*d));
            } else {
                out.cells.push_back(kpi::Input::empty_cell());
            }
        }
    }
    return out;
}

kpi::Result<std::optional<double>> opt_number(const Any& a, bool zero_is_default) {
    if (is_blank(a)) return std::optional<double>{};
    if (as_string(a)) return kpi::Errc::value;  // text where a number is expected
    auto d = as_number(a);
    if (!d) return kpi::Errc::value;
    if (zero_is_default && *d == 0.0) return std::optional<double>{};
    return d;
}

kpi::Result<double> opt_number(const Any& a, double fallback, bool zero_is_default) {
    auto r = opt_number(a, zero_is_default);
    if (!r) return r.error();
    return r.value().value_or(fallback);
}

kpi::Result<std::string> opt_text(const Any& a, const char* fallback) {
    if (is_blank(a)) return std::string(fallback);
    if (const rtl::OUString* s = as_string(a)) {
        rtl::OString utf8 = rtl::OUStringToOString(s->trim(), RTL_TEXTENCODING_UTF8);
        return std::string(utf8.getStr(), static_cast<std::size_t>(utf8.getLength()));
    }
    // An empty cell arrives as 0; any other number cannot name an option.
    if (auto d = as_number(a); d && *d == 0.0) return std::string(fallback);
    return kpi::Errc::invalid_argument;
}

kpi::Result<std::string> opt_choice(const Any& a, const char* fallback, const Choice* choices,
                                    std::size_t count) {
    auto text = opt_text(a, fallback);
    if (!text) return text.error();
    for (std::size_t i = 0; i < count; ++i)
        if (kpi::option_is(*text, choices[i].word)) return std::string(choices[i].canonical);
    return kpi::Errc::invalid_argument;
}

kpi::Result<std::optional<kpi::NumberRange>> opt_range(const Any& a) {
    using Out = std::optional<kpi::NumberRange>;
    if (is_blank(a)) return Out{};
    Rows rows;
    if (a >>= rows) {
        auto r = to_range(rows);
        if (!r) return r.error();
        return Out{std::move(r.value())};
    }
    if (as_string(a)) return kpi::Errc::value;  // text where numbers are expected
    auto d = as_number(a);
    if (!d) return kpi::Errc::value;
    if (*d == 0.0) return Out{};  // an empty cell arrives as 0
    return Out{kpi::NumberRange{{*d}, kpi::Orientation::column}};
}

kpi::Result<bool> opt_bool(const Any& a, bool fallback) {
    if (is_blank(a)) return fallback;
    if (auto d = as_number(a)) return *d != 0.0;
    if (const rtl::OUString* s = as_string(a)) {
        if (s->equalsIgnoreAsciiCase("TRUE")) return true;
        if (s->equalsIgnoreAsciiCase("FALSE")) return false;
    }
    return kpi::Errc::value;
}

kpi::Result<std::optional<kpi::MixedRange>> opt_cells(const Any& a) {
    if (is_blank(a)) return std::optional<kpi::MixedRange>{};
    if (a.getValueTypeClass() == css::uno::TypeClass_SEQUENCE) {
        // Calc passes a range as sequence<sequence<any>>; read it in place so
        // the text views point into the argument itself.
        if (a.getValueType() != cppu::UnoType<Rows>::get()) return kpi::Errc::value;
        auto r = to_cells(*static_cast<const Rows*>(a.getValue()));
        if (!r) return r.error();
        return std::optional<kpi::MixedRange>(std::move(r).value());
    }
    kpi::MixedRange one;
    one.rows = one.cols = 1;
    if (const rtl::OUString* s = as_string(a))
        one.cells.push_back(kpi::Input::of(std::u16string_view(
            reinterpret_cast<const char16_t*>(s->getStr()), static_cast<std::size_t>(s->getLength()))));
    else if (auto d = as_number(a))
        one.cells.push_back(kpi::Input::of(*d));
    else
        return kpi::Errc::value;
    return std::optional<kpi::MixedRange>(std::move(one));
}

kpi::Result<std::u16string> opt_string(const Any& a, const char16_t* fallback) {
    if (is_blank(a)) return std::u16string(fallback);
    if (const rtl::OUString* s = as_string(a))
        return std::u16string(reinterpret_cast<const char16_t*>(s->getStr()),
                              static_cast<std::size_t>(s->getLength()));
    // An empty cell arrives as 0; any other number is no text.
    if (auto d = as_number(a); d && *d == 0.0) return std::u16string(fallback);
    return kpi::Errc::invalid_argument;
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
