# Cross-compiling for linux_aarch64 with Debian's g++-aarch64-linux-gnu.
# KPI_AARCH64_SYSROOT: the folder tools/aarch64-sysroot.sh filled with Debian's
# arm64 URE, zlib and GoogleTest; the C/C++ runtime is the cross compiler's own
# (/usr/aarch64-linux-gnu). Used by cmake/Aarch64.cmake for build/aarch64.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
# try_compile projects see the variable only when it is passed on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES KPI_AARCH64_SYSROOT)
if(NOT KPI_AARCH64_SYSROOT)
  message(FATAL_ERROR "aarch64-linux-gnu.cmake: set -DKPI_AARCH64_SYSROOT=<folder of tools/aarch64-sysroot.sh>")
endif()
set(CMAKE_FIND_ROOT_PATH ${KPI_AARCH64_SYSROOT} /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # unoidl-write, cppumaker, python: the host's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# GCC notes that passing std::pair<double, double> by value changed in GCC 10.1
# on aarch64 (-Wpsabi); it concerns only calls between code built by GCC < 10.1
# and newer, and every such call here is inside this one .so (Boost templates).
set(CMAKE_CXX_FLAGS_INIT "-Wno-psabi")
# The URE libraries need each other at link time; -rpath-link only tells the
# linker where to find them and writes nothing into the output.
set(_kpi_rpath_link "-Wl,-rpath-link,${KPI_AARCH64_SYSROOT}/usr/lib/libreoffice/program:${KPI_AARCH64_SYSROOT}/lib/aarch64-linux-gnu")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_kpi_rpath_link}")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "${_kpi_rpath_link}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${_kpi_rpath_link}")
# Header-only Boost (a link to the host's headers inside the sysroot).
set(Boost_INCLUDE_DIR ${KPI_AARCH64_SYSROOT}/usr/include CACHE PATH "")
set(Boost_NO_BOOST_CMAKE ON CACHE BOOL "")
set(LO_LINK_DIRS ${KPI_AARCH64_SYSROOT}/lib CACHE STRING "")
