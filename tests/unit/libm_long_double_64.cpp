// Only in the KPI_LONG_DOUBLE_64 build (core + unit tests with GCC's
// -mlong-double-64 on x86_64): long double is then the same 64-bit type as
// double, as with MSVC and on macOS arm64. glibc's long double functions
// (sqrtl, expl, …) still expect the x87 80-bit format, so a call from code
// built that way returns garbage; with `-Wl,--wrap=<name>` for each name below
// (cmake/KpiLongDouble64.cmake) the linker sends every such call here, to the
// double function, which is what the C library of MSVC and of macOS does.
// Boost.Math calls some of them internally (expl, log1pl, powl, sqrtl seen in
// predictive.cpp.o) even with promote_double<false>.
#include <cmath>

#if __SIZEOF_LONG_DOUBLE__ != 8
#error "libm_long_double_64.cpp belongs to the -mlong-double-64 build only"
#endif

extern "C" {
#define KPI_WRAP1(f) \
    long double __wrap_##f##l(long double x) { return std::f(static_cast<double>(x)); }
#define KPI_WRAP2(f)                                                  \
    long double __wrap_##f##l(long double x, long double y) {         \
        return std::f(static_cast<double>(x), static_cast<double>(y)); \
    }
KPI_WRAP1(sqrt) KPI_WRAP1(exp) KPI_WRAP1(expm1) KPI_WRAP1(log) KPI_WRAP1(log1p) KPI_WRAP1(log10)
KPI_WRAP1(log2) KPI_WRAP1(floor) KPI_WRAP1(ceil) KPI_WRAP1(trunc) KPI_WRAP1(round) KPI_WRAP1(nearbyint)
KPI_WRAP1(lgamma) KPI_WRAP1(tgamma) KPI_WRAP1(erf) KPI_WRAP1(erfc) KPI_WRAP1(sin) KPI_WRAP1(cos)
KPI_WRAP1(tan) KPI_WRAP1(atan) KPI_WRAP1(cbrt)
KPI_WRAP2(pow) KPI_WRAP2(hypot) KPI_WRAP2(fmod) KPI_WRAP2(atan2)
long double __wrap_frexpl(long double x, int* e) { return std::frexp(static_cast<double>(x), e); }
long double __wrap_ldexpl(long double x, int e) { return std::ldexp(static_cast<double>(x), e); }
#undef KPI_WRAP1
#undef KPI_WRAP2
}
