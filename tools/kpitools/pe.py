"""What the add-in's Windows DLL (addin-c/build_windows.sh, MinGW-w64) may ask
of the machine it runs on, read from the PE file with binutils (objdump -p).
Used by the package tests of both .oxt files (tests/integration/
test_package_windows.py for kpicalc.oxt, addin-c/tests/test_windows_dll.py for
kpicalc-c.oxt).

A Windows LibreOffice is MSVC-built and has no MinGW runtime, so the DLL may
import only the URE's C libraries (sal3.dll: rtl_*/osl_* functions, cppu3.dll:
uno_*/typelib_*; no C++ name) and DLLs every Windows has; libstdc++, libgcc
and winpthread are linked in. It exports only the component constructor."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# The URE's C libraries, and DLLs every Windows has.
ALLOWED = {"sal3.dll", "cppu3.dll", "kernel32.dll", "msvcrt.dll", "user32.dll", "advapi32.dll"}
URE_PREFIX = {"sal3.dll": r"(rtl|osl)_", "cppu3.dll": r"(uno|typelib)_"}
CONSTRUCTOR = "org_kpicalc_Functions_get_implementation"


def objdump_p(dll: Path) -> str:
    tool = shutil.which("x86_64-w64-mingw32-objdump") or "objdump"
    return subprocess.run([tool, "-p", str(dll)], capture_output=True, text=True, check=True).stdout


def is_x86_64_dll(pe: str) -> bool:
    return "file format pei-x86-64" in pe and bool(re.search(r"^Magic\s+020b\s+\(PE32\+\)", pe, re.M))


def imports(pe: str) -> dict[str, list[str]]:
    """{DLL name (lower case): [imported function names]} of the import table.
    Raises AssertionError when a DLL block lists no function (objdump's format
    changed: the checks would pass blindly)."""
    out = {}
    for block in re.split(r"\n\s*DLL Name: ", pe)[1:]:
        dll = block.split()[0].lower()
        names = re.findall(r"^\s+[0-9a-f]+\s+\d+\s+(\S+)$", block.split("\n\n")[0], re.M)
        assert names, f"no imported function read for {dll}: objdump output changed?"
        out[dll] = names
    return out


def import_problems(pe: str) -> list[str]:
    """Everything in the import table a Windows LibreOffice may not provide."""
    table = imports(pe)
    problems = []
    if not {"sal3.dll", "cppu3.dll"} <= set(table):
        problems.append(f"does not import the URE's sal3.dll and cppu3.dll: {sorted(table)}")
    problems += [f"imports {dll}" for dll in sorted(set(table) - ALLOWED)]
    for dll, prefix in URE_PREFIX.items():
        problems += [f"{dll}: {n} is not a C function of the URE" for n in table.get(dll, [])
                     if not re.match(prefix, n)]
    return problems


def exports(pe: str) -> list[str]:
    table = pe[pe.index("[Ordinal/Name Pointer] Table"):]
    return re.findall(r"^\s+\[\s*\d+\]\s+(\S+)$", table, re.M)
