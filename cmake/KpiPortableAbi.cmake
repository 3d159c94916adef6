# kpi_portable_linux_library(TARGET): what every shipped Linux library of the
# add-in (addin/ libkpicalc.so, addin-c/ libkpicalc_c.so) needs to load on
# other machines than the build machine:
# - no RUNPATH: inside LibreOffice the URE libraries are already loaded, and the
#   build machine's folders mean nothing (or something else) on a user's machine;
# - with KPI_PORTABLE_ABI (default ON), old symbol versions of the C/C++ runtime
#   (glibc 2.17, GCC 5): addin/portable_abi.cxx, whose wrappers and the
#   --wrap list below go together. The target's version script must keep the
#   wrappers local (both exports.map files export only the constructor).
# tests/integration/test_package.py (for kpicalc.oxt's libkpicalc_c.so and
# kpicalc-cxx.oxt's libkpicalc.so) and test_package_aarch64.py check the result
# with the same helper (tools/kpitools/elf.py).
function(kpi_portable_linux_library target)
  set_target_properties(${target} PROPERTIES SKIP_BUILD_RPATH ON)
  if(KPI_PORTABLE_ABI)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/addin/portable_abi.cxx)
    target_link_options(${target} PRIVATE
      -Wl,--wrap=exp -Wl,--wrap=log -Wl,--wrap=pow
      -Wl,--wrap=_ZSt28__throw_bad_array_new_lengthv -Wl,--wrap=__libc_single_threaded)
  endif()
endfunction()
