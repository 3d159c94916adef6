"""What a shipped Linux library of the add-in may ask of the machine it runs on,
read from the ELF file with binutils (objdump). Used by the package tests of
both adapters (tests/integration/test_package.py for libkpicalc.so,
addin-c/tests/test_package_c.py for libkpicalc_c.so); cmake/KpiPortableAbi.cmake
and addin/portable_abi.cxx make the libraries pass.

The newest symbol version of each runtime a library may ask for: glibc 2.17
(RHEL 7 and later; Debian 11 has 2.31) and the libstdc++/libgcc_s of GCC 5
(GLIBCXX_3.4.21, CXXABI_1.3.9, GCC_4.8.0), as LibreOffice's own Linux builds
require. A newer one makes the loader refuse the library on such systems
(Debian 11: "GLIBCXX_3.4.29 not found")."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

VERSION_LIMITS = {"GLIBC": (2, 17), "GLIBCXX": (3, 4, 21), "CXXABI": (1, 3, 9), "GCC": (4, 8, 0)}
VERSION = re.compile(r"\b(GLIBC|GLIBCXX|CXXABI|GCC)_(\d+(?:\.\d+)*)\b")


def objdump(*args) -> str:
    return subprocess.run(["objdump", *map(str, args)], capture_output=True, text=True, check=True).stdout


def too_new(text: str) -> list[str]:
    """The runtime symbol versions named in `text` above VERSION_LIMITS."""
    return sorted({f"{lib}_{ver}" for lib, ver in VERSION.findall(text)
                   if tuple(int(p) for p in ver.split(".")) > VERSION_LIMITS[lib]})


def runtime_versions_too_new(lib: Path) -> tuple[list, list[str]]:
    """Per imported symbol (objdump -T: [version, name] pairs) and as the loader
    checks them (the version references of objdump -p): what is too new.
    Raises AssertionError when objdump's output has no versioned symbol or no
    reference to libc at all (its format changed: the check would pass blindly)."""
    symbols = objdump("-T", lib)
    assert VERSION.search(symbols), "no versioned runtime symbol found: objdump output changed?"
    bad_symbols = [line.split()[-2:] for line in symbols.splitlines() if too_new(line)]
    refs = objdump("-p", lib).partition("Version References:")[2]
    assert "required from libc.so.6" in refs, "no version reference to libc: objdump output changed?"
    return bad_symbols, too_new(refs)


def library_paths(lib: Path) -> list[str]:
    """RUNPATH / RPATH entries of the dynamic section (the build machine's folders)."""
    dynamic = objdump("-p", lib).partition("Dynamic Section:")[2].partition("Version")[0]
    assert "NEEDED" in dynamic, "no dynamic section read: objdump output changed?"
    return re.findall(r"^\s*((?:RUNPATH|RPATH)\s.*)$", dynamic, re.M)
