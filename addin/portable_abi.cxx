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
//   the original versions (x86_64: GLIBC_2.2.5; aarch64: GLIBC_2.17, that
//   port's first glibc), still present in every glibc.
// - std::__throw_bad_array_new_length: GCC >= 11's headers call it from
//   std::allocator (GLIBCXX_3.4.29, missing from the libstdc++ of Debian 11,
//   Ubuntu 20.04, RHEL 8). It only throws std::bad_array_new_length, which
//   older libstdc++ has (CXXABI_1.3.8); the wrapper does the same.
// - __libc_single_threaded (GLIBC_2.32): GCC >= 11's headers read this glibc
//   flag to skip atomic reference counting in a process that never started a
//   thread (shared_ptr, locale, Boost's quadrature tables). Ours always says
//   "maybe several threads" (0), so every count is atomic: correct everywhere,
//   as on a glibc without the flag.
//
// tests/integration/test_package.py reads `objdump -T` of the shipped .so and
// fails on any newer version, so a symbol that needs a new entry here shows up
// there. The version script keeps these wrappers local to the .so.
#include <new>

#if !defined(__linux__)
#error "portable_abi.cxx pins glibc symbol versions; build with -DKPI_PORTABLE_ABI=OFF elsewhere"
#elif defined(__x86_64__)
#define KPI_GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define KPI_GLIBC_BASE "GLIBC_2.17"
#else
#error "portable_abi.cxx knows the first glibc version of x86_64 and aarch64 only; build with -DKPI_PORTABLE_ABI=OFF elsewhere"
#endif

extern "C" {

// The names on the left are local aliases: .symver binds each to the old
// version of the glibc symbol on the right.
double kpi_glibc_exp_base(double);
double kpi_glibc_log_base(double);
double kpi_glibc_pow_base(double, double);
__asm__(".symver kpi_glibc_exp_base, exp@" KPI_GLIBC_BASE);
__asm__(".symver kpi_glibc_log_base, log@" KPI_GLIBC_BASE);
__asm__(".symver kpi_glibc_pow_base, pow@" KPI_GLIBC_BASE);

double __wrap_exp(double x) { return kpi_glibc_exp_base(x); }
double __wrap_log(double x) { return kpi_glibc_log_base(x); }
double __wrap_pow(double x, double y) { return kpi_glibc_pow_base(x, y); }

// std::__throw_bad_array_new_length() (mangled; --wrap works on symbol names).
[[noreturn]] void __wrap__ZSt28__throw_bad_array_new_lengthv() { throw std::bad_array_new_length(); }
char __wrap___libc_single_threaded = 0;

}  // extern "C"
