// Core results → what Calc shows. Every generated entry point runs its body
// through scalar_call/array_call, which catch every C++ exception: an
// exception escaping a UNO call would crash LibreOffice and lose user work.
#pragma once

#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Sequence.hxx>

#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpicalc {

namespace css = ::com::sun::star;
using ResultRows = css::uno::Sequence< css::uno::Sequence< css::uno::Any > >;

// A double that Calc shows as the given error: a NaN carrying Calc's error
// code. Calc reads the code back out (checked for 502, 503, 519, 532 in the
// integration tests), so no exception ever has to cross the UNO bridge.
double calc_error(kpi::Errc e);
// An array cell that Calc shows as that error.
css::uno::Any calc_error_cell(kpi::Errc e);

ResultRows to_rows(const kpi::Table& t);

// Bind a converted argument or return its error from the enclosing lambda.
#define KPI_TAKE(name, expr)                          \
    auto name##_result = (expr);                      \
    if (!name##_result) return name##_result.error(); \
    auto& name = name##_result.value()

template <class F>
double scalar_call(F&& body) {
    kpi::Errc e = kpi::Errc::value;
    try {
        kpi::Result<double> r = body();
        if (r) return r.value();
        e = r.error();
    } catch (...) {
        e = kpi::Errc::value;  // e.g. bad_alloc: never let it reach Calc
    }
    return calc_error(e);
}

template <class F>
ResultRows array_call(F&& body) {
    kpi::Errc e = kpi::Errc::value;
    try {
        kpi::Result<kpi::Table> r = body();
        if (r) return to_rows(r.value());
        e = r.error();
    } catch (...) {
        e = kpi::Errc::value;
    }
    css::uno::Sequence< css::uno::Any > cell(1);
    cell.getArray()[0] = calc_error_cell(e);
    return ResultRows(&cell, 1);
}

}  // namespace kpicalc
