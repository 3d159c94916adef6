// Calc arguments → core values, for every function: optional arguments
// (omitted, "" or an empty cell mean the default), ranges (empty and text cells
// skipped), option text. The rules themselves are in adapter_rules.hpp, shared
// with the C-level add-in (addin-c/bridge.cxx); this reads C++ UNO values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Reference.hxx>
#include <com/sun/star/uno/Sequence.hxx>

#include "adapter_rules.hpp"
#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpicalc::args {

namespace css = ::com::sun::star;
using Rows = css::uno::Sequence< css::uno::Sequence< css::uno::Any > >;

// Numbers of a range or inline array; empty and text cells are skipped (like SUM).
kpi::Result<kpi::NumberRange> to_range(const Rows& rows);
// Every cell of a range, text kept as views into `rows` (valid during the call).
kpi::Result<kpi::MixedRange> to_cells(const Rows& rows);

// Calc passes an empty cell to an optional argument as 0 (it cannot tell us the
// cell was empty); `zero_is_default` makes that 0 mean "use the default" for
// arguments where 0 is not a meaningful value.
kpi::Result<double> opt_number(const css::uno::Any& a, double fallback, bool zero_is_default);
kpi::Result<std::optional<double>> opt_number(const css::uno::Any& a, bool zero_is_default);
// UTF-8 option text; the default when omitted, "" or an empty cell.
kpi::Result<std::string> opt_text(const css::uno::Any& a, const char* fallback);

// One word an option accepts (UTF-8) and the canonical English word the core gets.
using Choice = rules::Choice;
// The canonical word for the option text typed (trimmed; ASCII letters in any
// case, so "Average", "平均" and "average" all give "average"); `fallback` when
// omitted, "" or an empty cell; a word not in `choices` is Err:502.
kpi::Result<std::string> opt_choice(const css::uno::Any& a, const char* fallback, const Choice* choices,
                                    std::size_t count);
template <std::size_t N>
kpi::Result<std::string> opt_choice(const css::uno::Any& a, const char* fallback, const Choice (&choices)[N]) {
    return opt_choice(a, fallback, choices, N);
}
// An optional range (IDL any): nullopt when omitted, "" or an empty cell (0);
// a range or inline array as to_range; a single number as a one-value range.
kpi::Result<std::optional<kpi::NumberRange>> opt_range(const css::uno::Any& a);
kpi::Result<bool> opt_bool(const css::uno::Any& a, bool fallback);
// An optional range: nullopt when omitted or ""; a single cell (Calc passes it
// as a plain value) becomes a 1×1 range; texts view memory owned by `a`.
kpi::Result<std::optional<kpi::MixedRange>> opt_cells(const css::uno::Any& a);
// A free text (a separator) as typed, not trimmed: the default when omitted,
// "" or an empty cell (0); any other number → invalid_argument.
kpi::Result<std::u16string> opt_string(const css::uno::Any& a, const char16_t* fallback);

// The document's null date (serial number 0), from the hidden caller argument.
kpi::CivilDate null_date(const css::uno::Reference< css::beans::XPropertySet >& options);

}  // namespace kpicalc::args
