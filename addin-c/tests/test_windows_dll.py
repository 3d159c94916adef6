"""kpicalc-c.oxt (KPI_OXT) for Windows x86_64: the MinGW-built DLL imports
only the URE's C libraries (sal3.dll, cppu3.dll) and Windows' own DLLs — no
MinGW runtime DLL (libstdc++, libgcc, winpthread are linked in) — exports only
the component constructor, and is registered for Windows_x86_64 in environment
"uno" (the one MSVC-built LibreOffice maps to from its own, mscx)."""
from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))  # kpitools
from kpitools import pe  # noqa: E402

OXT = Path(os.environ.get("KPI_OXT", Path(__file__).resolve().parents[2] / "build" / "kpicalc-c.oxt"))
DLL = "kpicalc_c.dll"
COMPONENTS = "kpicalc-c-windows.components"
NS = {"c": "http://openoffice.org/2010/uno-components", "m": "http://openoffice.org/2001/manifest"}


@pytest.fixture(scope="module")
def pe_text(tmp_path_factory):
    d = tmp_path_factory.mktemp("oxt")
    with zipfile.ZipFile(OXT) as z:
        z.extract(DLL, d)
    return pe.objdump_p(d / DLL)


def test_is_an_x86_64_dll(pe_text):
    assert pe.is_x86_64_dll(pe_text)


def test_imports_only_the_ure_and_system_dlls(pe_text):
    problems = pe.import_problems(pe_text)
    assert not problems, problems


def test_exports_only_the_component_constructor(pe_text):
    assert pe.exports(pe_text) == [pe.CONSTRUCTOR]


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
