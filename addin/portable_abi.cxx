// Keeps the shipped libkpicalc.so loadable on older Linux systems (glibc 2.17,
// libstdc++ of GCC 5, i.e. LibreOffice's own baseline) when it is built on a
// newer one. Linked only when KPI_PORTABLE_ABI is ON (the default), together
// with `-Wl,--wrap=<symbol>` for every symbol below (addin/CMakeLists.txt):
// the linker then sends every call to <symbol> in the add-in AND in the
// statically linked core to __wrap_<symbol> here, so neither the core's sources
// nor its unit-test build change.
//
// Why each one:
// - exp, log, pow: glibc 2.29 gave them new symbol versions (same results,
//   errno handling without the old SVID wrapper), and a newer glibc links
//   exp@GLIBC_2.29, which an older glibc's loader refuses. The wrappers call
//   the original x86_64 versions (GLIBC_2.2.5), still present in every glibc.
// - std::__throw_bad_array_new_length: GCC >= 11's headers call it from
//   std::allocator (GLIBCXX_3.4.29, missing from the libstdc++ of Debian 11,
//   Ubuntu 20.04, RHEL 8). It only throws std::bad_array_new_length, which
//   older libstdc++ has (CXXABI_1.3.8); the wrapper does the same.
//
// tests/integration/test_package.py reads `objdump -T` of the shipped .so and
// fails on any newer version, so a symbol that needs a new entry here shows up
// there. The version script keeps these wrappers local to the .so.
#include <new>

#if !defined(__x86_64__) || !defined(__linux__)
#error "portable_abi.cxx pins x86_64 glibc symbol versions; build with -DKPI_PORTABLE_ABI=OFF elsewhere"
#endif

extern "C" {

// The names on the left are local aliases: .symver binds each to the old
// version of the glibc symbol on the right.
double kpi_glibc_exp_2_2_5(double);
double kpi_glibc_log_2_2_5(double);
double kpi_glibc_pow_2_2_5(double, double);
__asm__(".symver kpi_glibc_exp_2_2_5, exp@GLIBC_2.2.5");
__asm__(".symver kpi_glibc_log_2_2_5, log@GLIBC_2.2.5");
__asm__(".symver kpi_glibc_pow_2_2_5, pow@GLIBC_2.2.5");

double __wrap_exp(double x) { return kpi_glibc_exp_2_2_5(x); }
double __wrap_log(double x) { return kpi_glibc_log_2_2_5(x); }
double __wrap_pow(double x, double y) { return kpi_glibc_pow_2_2_5(x, y); }

// std::__throw_bad_array_new_length() (mangled; --wrap works on symbol names).
[[noreturn]] void __wrap__ZSt28__throw_bad_array_new_lengthv() { throw std::bad_array_new_length(); }

}  // extern "C"
