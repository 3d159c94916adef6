"""What a shipped Linux library of the add-in may ask of the machine it runs on,
read from the ELF file with binutils (objdump, readelf; both read an ELF of any
architecture). Used by the package tests of both adapters and both architectures
(tests/integration/test_package.py for the Linux x86_64 library of kpicalc.oxt
and of kpicalc-cxx.oxt, test_package_aarch64.py for linux_aarch64/);
cmake/KpiPortableAbi.cmake and addin/portable_abi.cxx make the libraries pass.

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


# The shared libraries a shipped library may need: LibreOffice's URE and the C/C++
# runtime, plus the architecture's dynamic loader.
URE_AND_RUNTIME = (r"libuno_(cppuhelpergcc3|cppu|sal|salhelpergcc3)\.so\.\d+|"
                   r"libstdc\+\+\.so\.6|libgcc_s\.so\.1|libc\.so\.6|libm\.so\.6")
LOADERS = {"x86_64": r"ld-linux-x86-64\.so\.2", "aarch64": r"ld-linux-aarch64\.so\.1"}


def readelf(*args) -> str:
    return subprocess.run(["readelf", "-W", *map(str, args)], capture_output=True, text=True, check=True).stdout


def needed(lib: Path) -> list[str]:
    """The DT_NEEDED entries: the shared libraries the loader must find."""
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", readelf("-d", lib))


def unexpected_needed(lib: Path, arch: str, allowed_libs: str = URE_AND_RUNTIME) -> list[str]:
    """The needed libraries beyond `allowed_libs` (a pattern; by default the URE and
    the C/C++ runtime) and `arch`'s loader. Raises AssertionError when none is read
    at all (the check would pass blindly)."""
    names = needed(lib)
    assert names, "no NEEDED entry read: readelf output changed?"
    allowed = re.compile(rf"^({allowed_libs}|{LOADERS[arch]})$")
    return [n for n in names if not allowed.match(n)]


def exported(lib: Path) -> list[str]:
    """Every symbol the library defines for others (global, weak or unique
    binding, any type), without its version."""
    out = []
    for line in readelf("--dyn-syms", lib).splitlines():
        f = line.split()
        if len(f) >= 8 and f[0].endswith(":") and f[6] != "UND" and f[4] in ("GLOBAL", "WEAK", "UNIQUE"):
            out.append(f[7].split("@")[0])
    return out


# libc functions a library built with _FORTIFY_SOURCE and no business with files,
# processes or the network never imports.
FORBIDDEN_IMPORTS = {"strcpy", "strcat", "sprintf", "vsprintf", "gets", "system", "popen",
                     "fork", "execve", "socket", "connect", "fopen", "open"}


def imports(lib: Path) -> list[str]:
    """The symbols the library takes from others (versioned: every one of them), without the version."""
    return re.findall(r"UND (\w+)@", readelf("--dyn-syms", lib))


def hardening_problems(lib: Path) -> list[str]:
    """What is missing of full RELRO (RELRO + BIND_NOW) and the stack protector,
    and which forbidden libc functions it imports."""
    problems = []
    dyn = readelf("-d", lib)
    if not ("BIND_NOW" in dyn or "FLAGS_1" in dyn and "NOW" in dyn):
        problems.append("no BIND_NOW")
    if "GNU_RELRO" not in readelf("-l", lib):
        problems.append("no GNU_RELRO segment")
    imported = set(imports(lib))
    if "__stack_chk_fail" not in imported:  # built with the stack protector
        problems.append("no stack protector (__stack_chk_fail not imported)")
    if imported & FORBIDDEN_IMPORTS:
        problems.append(f"imports {sorted(imported & FORBIDDEN_IMPORTS)}")
    return problems


CONSTRUCTOR = "org_kpicalc_Functions_get_implementation"  # the one symbol a library exports


def _exports_problems(lib: Path) -> list[str]:
    names = exported(lib)
    return [] if names == [CONSTRUCTOR] else [f"exports {names}, not just {CONSTRUCTOR}"]


# Every limit a shipped add-in library is held to, whatever its architecture: check
# name → check(lib, arch) giving what is wrong (empty when nothing is). The package
# tests run each as a test of its own.
LIBRARY_CHECKS = {
    "needs only the URE and the C/C++ runtime": lambda lib, arch: unexpected_needed(lib, arch),
    "no symbol of a newer C/C++ runtime": lambda lib, arch: runtime_versions_too_new(lib)[0],
    "no version reference above the limit": lambda lib, arch: runtime_versions_too_new(lib)[1],
    "no RUNPATH or RPATH": lambda lib, arch: library_paths(lib),
    "exports only the component constructor": lambda lib, arch: _exports_problems(lib),
    "hardened": lambda lib, arch: hardening_problems(lib),
}


# What the binary-UNO add-in (addin-c/) adds to LIBRARY_CHECKS: it talks to
# LibreOffice through the C ABI only, so it needs only the URE's C libraries
# (no cppuhelper, no salhelper) and imports no C++ UNO function; whichever
# compiler built LibreOffice, it maps the library's environment "uno" to its own.
URE_C_AND_RUNTIME = r"libuno_(cppu|sal)\.so\.3|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libc\.so\.6|libm\.so\.6"


def c_abi_needed_problems(lib: Path, arch: str) -> list[str]:
    problems = [f"needs {n}" for n in unexpected_needed(lib, arch, URE_C_AND_RUNTIME)]
    names = needed(lib)
    return problems + [f"does not need {n}" for n in ("libuno_cppu.so.3", "libuno_sal.so.3") if n not in names]


def cxx_uno_imports(lib: Path) -> list[str]:
    imported = imports(lib)
    assert any(re.match(r"(rtl|osl|uno|typelib)_", s) for s in imported), "no URE function imported?"
    return [s for s in imported if re.match(r"_ZN?K?(3com|3rtl|4cppu|3osl|3uno)", s)]


C_ABI_CHECKS = {
    "needs only the URE's C libraries": c_abi_needed_problems,
    "imports no C++ UNO function": lambda lib, arch: cxx_uno_imports(lib),
}
