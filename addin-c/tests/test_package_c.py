"""kpicalc-c.oxt (KPI_OXT): the binary-UNO add-in is registered in environment
"uno" for its platform, and its library talks to LibreOffice through the C
ABI only: it links only the URE's C libraries (no cppuhelper), imports only
C functions from them (no mangled C++ name), exports only the component
constructor, and loads on older Linux systems like the C++ add-in's library (no
runtime symbol version newer than glibc 2.17 / GCC 5, no RUNPATH)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))  # kpitools
from kpitools import elf  # noqa: E402

OXT = Path(os.environ.get("KPI_OXT", Path(__file__).resolve().parents[2] / "build" / "kpicalc-c.oxt"))
LIB = "libkpicalc_c.so"
COMPONENTS = "kpicalc-c.components"
NS = {"c": "http://openoffice.org/2010/uno-components",
      "m": "http://openoffice.org/2001/manifest"}
ALLOWED = re.compile(r"^(libuno_(cppu|sal)\.so\.3|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libc\.so\.6|libm\.so\.6|"
                     r"ld-linux-x86-64\.so\.2)$")


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    d = tmp_path_factory.mktemp("oxt")
    with zipfile.ZipFile(OXT) as z:
        z.extract(LIB, d)
    return d / LIB


def test_registered_in_the_uno_environment():
    with zipfile.ZipFile(OXT) as z:
        names = z.namelist()
        assert "libkpicalc.so" not in names  # the C++ add-in is not in this package
        comps = ET.fromstring(z.read(COMPONENTS))
        manifest = ET.fromstring(z.read("META-INF/manifest.xml"))
    component = comps.find("c:component", NS)
    assert component.get("environment") == "uno"
    assert component.get("uri") == LIB
    impl = component.find("c:implementation", NS)
    assert impl.get("constructor") == "org_kpicalc_Functions_get_implementation"
    assert {s.get("name") for s in impl.findall("c:service", NS)} == {"com.sun.star.sheet.AddIn",
                                                                      "org.kpicalc.Functions"}
    entries = {e.get("{%s}full-path" % NS["m"]): e.get("{%s}media-type" % NS["m"])
               for e in manifest.findall("m:file-entry", NS)}
    assert entries[COMPONENTS] == "application/vnd.sun.star.uno-components;platform=Linux_x86_64"


def test_links_only_the_ure_c_libraries(lib):
    dyn = subprocess.run(["readelf", "-d", lib], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dyn)
    assert "libuno_cppu.so.3" in needed and "libuno_sal.so.3" in needed
    bad = [n for n in needed if not ALLOWED.match(n)]
    assert not bad, f"unexpected shared libraries: {bad}"


def test_imports_only_c_functions_from_the_ure(lib):
    out = subprocess.run(["nm", "-D", "--undefined-only", lib], capture_output=True, text=True, check=True).stdout
    imported = [l.split()[-1] for l in out.splitlines() if l.strip()]
    ure = [s for s in imported if re.match(r"(rtl|osl|uno|typelib)_", s)]
    assert ure, "no URE function imported?"
    cxx_uno = [s for s in imported if re.match(r"_ZN?K?(3com|3rtl|4cppu|3osl)", s)]
    assert not cxx_uno, f"C++ UNO symbols imported: {cxx_uno}"


def test_exports_only_the_component_constructor(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    exported = [l.split()[-1] for l in out.splitlines() if l.split()[1] in "TDBRVWiu"]
    assert exported == ["org_kpicalc_Functions_get_implementation"], exported


def test_runtime_symbol_versions_are_old_enough(lib):
    symbols, refs = elf.runtime_versions_too_new(lib)
    assert not symbols, f"symbols need a newer C/C++ runtime than allowed: {symbols}"
    assert not refs, f"version references above the limit: {refs}"


def test_no_runpath(lib):
    paths = elf.library_paths(lib)
    assert not paths, f"the library carries library paths of the build machine: {paths}"
