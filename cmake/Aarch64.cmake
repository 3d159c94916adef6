# The linux_aarch64 add-in (addin-c/'s binary-UNO library, as on x86_64), for
# the same .oxt as the x86_64 one: the whole
# project cross-built with Debian's aarch64-linux-gnu-g++ (cmake/aarch64-linux-gnu.cmake)
# in build/aarch64, linked against Debian's arm64 URE libraries, which
# tools/aarch64-sysroot.sh unpacks into build/aarch64-sysroot. Sets
# KPI_AARCH64_SO (the .so to ship) when it is built; packaging/CMakeLists.txt
# then lists linux_aarch64 among the platforms. With KPI_TESTS, ctest runs the
# cross-built unit tests and a smoke test of the shipped .so under qemu-user.
string(TOUPPER "${KPI_AARCH64}" _kpi_aarch64_mode)
set(KPI_AARCH64_SO "")
if(NOT _kpi_aarch64_mode MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "KPI_AARCH64 must be AUTO, ON or OFF, not '${KPI_AARCH64}'")
endif()
function(kpi_aarch64_unavailable why)
  if(_kpi_aarch64_mode STREQUAL "ON")
    message(FATAL_ERROR "KPI_AARCH64=ON: ${why}")
  endif()
  message(WARNING "The .oxt is built WITHOUT linux_aarch64: ${why} (tools/setup.sh installs what it needs; -DKPI_AARCH64=OFF silences this)")
endfunction()

if(NOT _kpi_aarch64_mode STREQUAL "OFF")
  find_program(KPI_AARCH64_CXX aarch64-linux-gnu-g++)
  find_program(KPI_AARCH64_STRIP aarch64-linux-gnu-strip)
  set(KPI_AARCH64_SYSROOT ${CMAKE_BINARY_DIR}/aarch64-sysroot)
  if(NOT KPI_AARCH64_CXX OR NOT KPI_AARCH64_STRIP)
    kpi_aarch64_unavailable("no aarch64 cross compiler (g++-aarch64-linux-gnu)")
  else()
    # Once per build folder; needs Debian's archive (and the arm64 architecture).
    execute_process(COMMAND bash ${PROJECT_SOURCE_DIR}/tools/aarch64-sysroot.sh ${KPI_AARCH64_SYSROOT}
                    RESULT_VARIABLE _kpi_sysroot_rc)
    if(_kpi_sysroot_rc)
      kpi_aarch64_unavailable("tools/aarch64-sysroot.sh could not fetch Debian's arm64 URE libraries")
    else()
      include(ExternalProject)
      set(KPI_AARCH64_BUILD ${CMAKE_BINARY_DIR}/aarch64)
      set(KPI_AARCH64_SO ${KPI_AARCH64_BUILD}/addin-c/libkpicalc_c.so)  # the binary-UNO add-in
      ExternalProject_Add(kpi_aarch64
        SOURCE_DIR ${PROJECT_SOURCE_DIR}
        BINARY_DIR ${KPI_AARCH64_BUILD}
        CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/cmake/aarch64-linux-gnu.cmake
                   -DKPI_AARCH64_SYSROOT=${KPI_AARCH64_SYSROOT}
                   -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
                   -DKPI_PACKAGE=OFF -DKPI_AARCH64=OFF -DKPI_TESTS=${KPI_TESTS}
                   -DKPI_PORTABLE_ABI=${KPI_PORTABLE_ABI}
        INSTALL_COMMAND ""
        BUILD_ALWAYS ON   # its own make decides what is out of date
        BUILD_BYPRODUCTS ${KPI_AARCH64_SO} ${KPI_AARCH64_BUILD}/addin/kpi_addin_smoke)
      message(STATUS "linux_aarch64 add-in: cross-built in ${KPI_AARCH64_BUILD}")
    endif()
  endif()
endif()

if(KPI_AARCH64_SO AND KPI_TESTS)
  find_program(KPI_QEMU_AARCH64 qemu-aarch64)
  if(KPI_QEMU_AARCH64)
    add_test(NAME aarch64.addin_smoke
             COMMAND bash ${PROJECT_SOURCE_DIR}/tools/aarch64-smoke.sh ${CMAKE_BINARY_DIR}/kpicalc.oxt
                     ${KPI_AARCH64_BUILD}/addin/kpi_addin_smoke ${KPI_AARCH64_SYSROOT})
    add_test(NAME aarch64.unit_tests
             COMMAND ${KPI_QEMU_AARCH64} -L /usr/aarch64-linux-gnu
                     ${KPI_AARCH64_BUILD}/tests/kpi_unit_tests --gtest_brief=1)
    set_tests_properties(aarch64.addin_smoke aarch64.unit_tests PROPERTIES LABELS "unit;aarch64" TIMEOUT 1500)
    # ≈1.5 min of CPU under qemu (128-bit long double in software), minutes on a
    # loaded machine: left out by tools/test-fast.sh like the other slow tests.
    set_property(TEST aarch64.unit_tests APPEND PROPERTY LABELS slow)
  else()
    # The .oxt ships an aarch64 .so: without qemu it is untested, and ctest says so.
    message(WARNING "qemu-aarch64 not found: the linux_aarch64 add-in is built but its tests fail (tools/setup.sh installs qemu-user)")
    add_test(NAME aarch64.qemu_missing
             COMMAND sh -c "echo 'qemu-aarch64 not installed: the shipped linux_aarch64 .so is untested (run tools/setup.sh)'; exit 1")
    set_tests_properties(aarch64.qemu_missing PROPERTIES LABELS "unit;aarch64")
  endif()
endif()
