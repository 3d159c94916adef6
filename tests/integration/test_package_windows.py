"""The shipped .oxt's windows_x86_64 add-in (cmake/WindowsDll.cmake): one .oxt
for Linux and Windows.

LibreOffice's extension manager skips every META-INF/manifest.xml entry whose
`platform=` parameter is not its own "<_OS>_<_ARCH>" (compared ignoring case)
before it opens the entry's file, and accepts the extension when one name of
description.xml's <platform> is its own. So Linux (Linux_X86_64) registers
only kpicalc.components (libkpicalc_c.so) and never reads the Windows
registration or the DLL; Windows (Windows_X86_64) registers only
windows_x86_64/kpicalc.components: the same binary-UNO add-in built as a DLL,
in environment "uno", the one an MSVC-built LibreOffice maps to from its own.

When this machine has MinGW-w64 (tools/setup.sh installs it) the .oxt must
carry the DLL, and the DLL holds to the limits of tools/kpitools/pe.py
(imports only the URE's C functions and Windows' own DLLs, exports only the
component constructor). Loading and computing under Wine: ctest's
windows.wine_smoke (the same DLL)."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath

import pytest
from kpitools import pe

MANIFEST_NS = "{http://openoffice.org/2001/manifest}"
DESCRIPTION_NS = "{http://openoffice.org/extensions/description/2006}"
COMPONENTS_NS = "{http://openoffice.org/2010/uno-components}"
COMPONENTS_TYPE = "application/vnd.sun.star.uno-components"
DLL = "windows_x86_64/kpicalc_c.dll"
WINDOWS_COMPONENTS = "windows_x86_64/kpicalc.components"


def components_for(z, platform: str) -> list[str]:
    """The .components files LibreOffice on `platform` ("<_OS>_<_ARCH>") registers:
    entries without a platform, or whose platform list names it (ignoring case)."""
    root = ET.fromstring(z.read("META-INF/manifest.xml"))
    out = []
    for e in root.iter(MANIFEST_NS + "file-entry"):
        media = e.get(MANIFEST_NS + "media-type")
        if not media.startswith(COMPONENTS_TYPE):
            continue
        m = re.search(r";\s*platform=([^;]+)", media)
        if m is None or platform.lower() in (t.strip().lower() for t in m.group(1).split(",")):
            out.append(e.get(MANIFEST_NS + "full-path"))
    return out


def component(z, path: str) -> ET.Element:
    comps = ET.fromstring(z.read(path)).findall(COMPONENTS_NS + "component")
    assert len(comps) == 1, path
    return comps[0]


@pytest.fixture(scope="module")
def z(oxt):
    with zipfile.ZipFile(oxt) as zf:
        if DLL not in zf.namelist():
            # Built without MinGW-w64: allowed (CMake warns, tools/build.sh says so),
            # but a machine that has it must ship windows_x86_64.
            assert not shutil.which("x86_64-w64-mingw32-g++-posix"), \
                "MinGW-w64 is installed but the .oxt has no windows_x86_64 DLL"
            pytest.fail("no windows_x86_64 DLL in the .oxt and no MinGW-w64 here: run tools/setup.sh "
                        "(or build with -DKPI_WINDOWS=OFF and leave this file out)")
        yield zf


@pytest.fixture(scope="module")
def pe_text(z, tmp_path_factory):
    d = tmp_path_factory.mktemp("windows")
    z.extract(DLL, d)
    return pe.objdump_p(d / DLL)


def test_description_lists_windows(z):
    desc = ET.fromstring(z.read("description.xml"))
    platforms = desc.find(DESCRIPTION_NS + "platform").get("value").split(",")
    assert "windows_x86_64" in platforms and "linux_x86_64" in platforms, platforms


def test_linux_registers_only_its_own_library(z):
    assert components_for(z, "Linux_X86_64") == ["kpicalc.components"]
    c = component(z, "kpicalc.components")
    assert (c.get("environment"), c.get("uri")) == ("uno", "libkpicalc_c.so")


def test_windows_registers_only_the_dll_in_environment_uno(z):
    assert components_for(z, "Windows_X86_64") == [WINDOWS_COMPONENTS]
    c = component(z, WINDOWS_COMPONENTS)
    assert c.get("environment") == "uno"
    assert str(PurePosixPath(WINDOWS_COMPONENTS).parent / c.get("uri")) == DLL
    linux_impl = component(z, "kpicalc.components").find(COMPONENTS_NS + "implementation")
    impl = c.find(COMPONENTS_NS + "implementation")
    # The same implementation and services as on Linux: Calc knows the add-in,
    # and saved sheets name its functions, by the service name.
    assert impl.get("name") == linux_impl.get("name")
    assert ({s.get("name") for s in impl.iter(COMPONENTS_NS + "service")}
            == {s.get("name") for s in linux_impl.iter(COMPONENTS_NS + "service")})
    assert impl.get("constructor") == pe.CONSTRUCTOR


def test_manifest_entries_name_the_platform_by_os_and_arch(z):
    root = ET.fromstring(z.read("META-INF/manifest.xml"))
    media = {e.get(MANIFEST_NS + "full-path"): e.get(MANIFEST_NS + "media-type")
             for e in root.iter(MANIFEST_NS + "file-entry")}
    assert media[WINDOWS_COMPONENTS] == f"{COMPONENTS_TYPE};platform=Windows_x86_64"
    assert media["kpicalc.components"] == f"{COMPONENTS_TYPE};platform=Linux_x86_64"
    assert DLL not in media  # a library is reached through its registration only


def test_windows_dll_is_x86_64(pe_text):
    assert pe.is_x86_64_dll(pe_text)


def test_windows_dll_imports_only_the_ure_and_system_dlls(pe_text):
    problems = pe.import_problems(pe_text)
    assert not problems, problems


def test_windows_dll_exports_only_the_component_constructor(pe_text):
    assert pe.exports(pe_text) == [pe.CONSTRUCTOR]
