# The windows_x86_64 add-in, for the same .oxt as the Linux ones: the
# binary-UNO (C-level) adapter of addin-c/ cross-built with MinGW-w64 into a
# DLL (addin-c/build_windows.sh; Windows LibreOffice is MSVC-built, and only a
# component in environment "uno" is mapped to it whatever compiler built it).
# Sets KPI_WINDOWS_DLL (the DLL to ship) when Debian's g++-mingw-w64-x86-64 is
# installed (tools/setup.sh installs it); addin-c/CMakeLists.txt builds it
# (target kpicalc_c_dll), packaging/CMakeLists.txt then lists windows_x86_64
# among the platforms of kpicalc.oxt. Linux keeps loading the C++ add-in: the
# manifest entries of other platforms are skipped by LibreOffice.
string(TOUPPER "${KPI_WINDOWS}" _kpi_windows_mode)
set(KPI_WINDOWS_DLL "")
if(NOT _kpi_windows_mode MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "KPI_WINDOWS must be AUTO, ON or OFF, not '${KPI_WINDOWS}'")
endif()
if(NOT _kpi_windows_mode STREQUAL "OFF")
  find_program(KPI_MINGW_CXX x86_64-w64-mingw32-g++-posix)
  if(KPI_MINGW_CXX)
    set(KPI_WINDOWS_DLL ${CMAKE_BINARY_DIR}/addin-c/win/kpicalc_c.dll)
    message(STATUS "windows_x86_64 add-in: kpicalc.oxt gets kpicalc_c.dll, cross-built with ${KPI_MINGW_CXX}")
  elseif(_kpi_windows_mode STREQUAL "ON")
    message(FATAL_ERROR "KPI_WINDOWS=ON: no MinGW-w64 cross compiler (x86_64-w64-mingw32-g++-posix)")
  else()
    message(WARNING "The .oxt is built WITHOUT windows_x86_64: no MinGW-w64 cross compiler "
                    "(g++-mingw-w64-x86-64; tools/setup.sh installs it; -DKPI_WINDOWS=OFF silences this)")
  endif()
endif()
