# KPI_LONG_DOUBLE_64: the core and its unit tests with a 64-bit long double,
# as MSVC (Windows) and Apple clang on arm64 have it, simulated with GCC's
# -mlong-double-64 on x86_64 Linux (tools/test.sh runs it). glibc's long
# double functions keep the 80-bit format, so every call to one is sent to the
# double function (tests/unit/libm_long_double_64.cpp); the unit test
# `unit.no_80bit_libm` fails if the test program still imports one of them
# (a name missing from KPI_LIBM_LONG_DOUBLE below).
set(KPI_LIBM_LONG_DOUBLE sqrtl expl expm1l logl log1pl log10l log2l floorl ceill truncl roundl nearbyintl
    lgammal tgammal erfl erfcl sinl cosl tanl atanl cbrtl powl hypotl fmodl atan2l frexpl ldexpl)
if(KPI_LONG_DOUBLE_64)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    message(FATAL_ERROR "KPI_LONG_DOUBLE_64 simulates a 64-bit long double with GCC on x86_64 only")
  endif()
  set(KPI_ADDIN OFF)
  set(KPI_BENCH OFF)
  add_compile_options(-mlong-double-64)
  foreach(f ${KPI_LIBM_LONG_DOUBLE})
    add_link_options(-Wl,--wrap=${f})
  endforeach()
endif()
