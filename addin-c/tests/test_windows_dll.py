"""kpicalc-c.oxt (KPI_OXT) for Windows x86_64: the MinGW-built DLL imports
only the URE's C libraries (sal3.dll, cppu3.dll) and Windows' own DLLs — no
MinGW runtime DLL (libstdc++, libgcc, winpthread are linked in) — exports only
the component constructor, and is registered for Windows_x86_64 in environment
"uno" (the one MSVC-built LibreOffice maps to from its own, mscx)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

OXT = Path(os.environ.get("KPI_OXT", Path(__file__).resolve().parents[2] / "build" / "kpicalc-c.oxt"))
DLL = "kpicalc_c.dll"
COMPONENTS = "kpicalc-c-windows.components"
NS = {"c": "http://openoffice.org/2010/uno-components", "m": "http://openoffice.org/2001/manifest"}
# The URE's C libraries, and DLLs every Windows has.
ALLOWED = {"sal3.dll", "cppu3.dll", "kernel32.dll", "msvcrt.dll", "user32.dll", "advapi32.dll"}
OBJDUMP = shutil.which("x86_64-w64-mingw32-objdump") or "objdump"


@pytest.fixture(scope="module")
def pe(tmp_path_factory):
    d = tmp_path_factory.mktemp("oxt")
    with zipfile.ZipFile(OXT) as z:
        z.extract(DLL, d)
    return subprocess.run([OBJDUMP, "-p", d / DLL], capture_output=True, text=True, check=True).stdout


def test_is_an_x86_64_dll(pe):
    assert "file format pei-x86-64" in pe
    assert re.search(r"^Magic\s+020b\s+\(PE32\+\)", pe, re.M)


def test_imports_only_the_ure_and_system_dlls(pe):
    imported = {m.lower() for m in re.findall(r"DLL Name: (\S+)", pe)}
    assert {"sal3.dll", "cppu3.dll"} <= imported, imported
    assert not imported - ALLOWED, f"unexpected DLLs: {sorted(imported - ALLOWED)}"


def test_imports_c_functions_only_from_the_ure(pe):
    # Each import block: "DLL Name: X" followed by its hint/name lines.
    blocks = re.split(r"\n\s*DLL Name: ", pe)
    for block in blocks[1:]:
        dll = block.split()[0].lower()
        if dll not in ("sal3.dll", "cppu3.dll"):
            continue
        names = re.findall(r"^\s+[0-9a-f]+\s+\d+\s+(\S+)$", block.split("\n\n")[0], re.M)
        assert names, dll
        prefix = r"(rtl|osl)_" if dll == "sal3.dll" else r"(uno|typelib)_"
        assert all(re.match(prefix, n) for n in names), (dll, names)


def test_exports_only_the_component_constructor(pe):
    table = pe[pe.index("[Ordinal/Name Pointer] Table"):]
    exported = re.findall(r"^\s+\[\s*\d+\]\s+(\S+)$", table, re.M)
    assert exported == ["org_kpicalc_Functions_get_implementation"], exported


def test_registered_for_windows_in_the_uno_environment():
    with zipfile.ZipFile(OXT) as z:
        comps = ET.fromstring(z.read(COMPONENTS))
        manifest = ET.fromstring(z.read("META-INF/manifest.xml"))
        description = z.read("description.xml").decode("utf-8")
    component = comps.find("c:component", NS)
    assert component.get("environment") == "uno"
    assert component.get("uri") == DLL
    entries = {e.get("{%s}full-path" % NS["m"]): e.get("{%s}media-type" % NS["m"])
               for e in manifest.findall("m:file-entry", NS)}
    assert entries[COMPONENTS] == "application/vnd.sun.star.uno-components;platform=Windows_x86_64"
    platforms = re.search(r'<platform value="([^"]*)"', description).group(1).split(",")
    assert "windows_x86_64" in platforms and "linux_x86_64" in platforms
