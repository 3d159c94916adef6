"""The .oxt under test (KPI_OXT) and its Linux x86_64 add-in library.

kpicalc.oxt ships the binary-UNO add-in (addin-c/, KPI_ADAPTER=c, the default);
kpicalc-cxx.oxt carries the C++ add-in (addin/, KPI_ADAPTER=cxx; ctest
integration_cxx.test_package). Either is registered in the environment of its
kind with the frozen implementation and service names, and its library loads on
a machine without -dev packages (links only LibreOffice's URE libraries and the
C/C++ runtime), also on older Linux systems (no runtime symbol version newer
than glibc 2.17 / GCC 5, no RUNPATH), exports only the component constructor,
and is hardened (RELRO + BIND_NOW, stack protector, fortify). The binary-UNO
library also talks to LibreOffice through the C ABI only."""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from kpitools import elf

MANIFEST_NS = "{http://openoffice.org/2001/manifest}"
COMPONENTS_NS = "{http://openoffice.org/2010/uno-components}"
ADAPTER = os.environ.get("KPI_ADAPTER", "c")
# adapter → (environment, library) of its registration
EXPECTED = {"c": ("uno", "libkpicalc_c.so"), "cxx": ("gcc3", "libkpicalc.so")}
CHECKS = dict(elf.LIBRARY_CHECKS) | (elf.C_ABI_CHECKS if ADAPTER == "c" else {})


def linux_component(z: zipfile.ZipFile) -> ET.Element:
    """The one <component> registered for Linux_x86_64 (the top-level kpicalc.components)."""
    root = ET.fromstring(z.read("META-INF/manifest.xml"))
    paths = [e.get(MANIFEST_NS + "full-path") for e in root.iter(MANIFEST_NS + "file-entry")
             if re.search(r";\s*platform=Linux_x86_64\b", e.get(MANIFEST_NS + "media-type"), re.I)]
    assert paths == ["kpicalc.components"], paths
    comps = ET.fromstring(z.read(paths[0])).findall(COMPONENTS_NS + "component")
    assert len(comps) == 1
    return comps[0]


def test_registration(oxt):
    assert ADAPTER in EXPECTED, f"KPI_ADAPTER={ADAPTER!r}: c or cxx"
    with zipfile.ZipFile(oxt) as z:
        names = z.namelist()
        for required in ("META-INF/manifest.xml", "description.xml", "kpicalc.rdb",
                         "registration/license.txt", "icon.png"):
            assert required in names, required
        c = linux_component(z)
        assert (c.get("environment"), c.get("uri")) == EXPECTED[ADAPTER]
        other = EXPECTED["cxx" if ADAPTER == "c" else "c"][1]
        assert other not in names, f"{other}: the other adapter's library is in this package too"
    impl = c.find(COMPONENTS_NS + "implementation")
    # Saved sheets and installed copies know the add-in by these names.
    assert (impl.get("name"), impl.get("constructor")) == ("org.kpicalc.FunctionsImpl",
                                                           "org_kpicalc_Functions_get_implementation")
    assert {s.get("name") for s in impl.iter(COMPONENTS_NS + "service")} == {"com.sun.star.sheet.AddIn",
                                                                             "org.kpicalc.Functions"}


@pytest.fixture(scope="module")
def so(oxt, tmp_path_factory):
    d = tmp_path_factory.mktemp("oxt")
    with zipfile.ZipFile(oxt) as z:
        lib = linux_component(z).get("uri")
        z.extract(lib, d)
    return d / lib


# At most glibc 2.17 / GCC 5's libstdc++ (kpitools/elf.py says why); full RELRO,
# the stack protector; _FORTIFY_SOURCE is enforced at compile time (#error in
# addin/calc_result.cxx and addin-c/component.c), and no unbounded libc string function is imported.
@pytest.mark.parametrize("check", list(CHECKS))
def test_library_limit(so, check):
    problems = CHECKS[check](so, "x86_64")
    assert not problems, f"{check}: {problems}"
