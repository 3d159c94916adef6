"""The .oxt's platforms, and its linux_aarch64 add-in (cmake/Aarch64.cmake).

description.xml names exactly the platforms that META-INF/manifest.xml has a
components entry for, each entry's .components file and the library it names
are in the .oxt; and when this machine has Debian's aarch64 cross compiler
(tools/setup.sh installs it) the .oxt carries linux_aarch64 and that .so holds
to the same limits as the x86_64 one (tests/integration/test_package.py): an
AArch64 ELF that needs only the URE and the C/C++ runtime, no runtime symbol
version newer than glibc 2.17 (aarch64's first) / GCC 5, no RUNPATH, only the
component constructor exported. readelf reads any architecture's ELF, so no
cross binutils are needed here. Loading and computing under qemu-user:
ctest's aarch64.addin_smoke."""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath

import pytest

MANIFEST_NS = "{http://openoffice.org/2001/manifest}"
DESCRIPTION_NS = "{http://openoffice.org/extensions/description/2006}"
COMPONENTS_NS = "{http://openoffice.org/2010/uno-components}"
ALLOWED = re.compile(r"^(libuno_(cppuhelpergcc3|cppu|sal|salhelpergcc3)\.so\.\d+|"
                     r"libstdc\+\+\.so\.6|libgcc_s\.so\.1|libc\.so\.6|libm\.so\.6|ld-linux-aarch64\.so\.1)$")
VERSION_LIMITS = {"GLIBC": (2, 17), "GLIBCXX": (3, 4, 21), "CXXABI": (1, 3, 9), "GCC": (4, 8, 0)}
VERSION = re.compile(r"\b(GLIBC|GLIBCXX|CXXABI|GCC)_(\d+(?:\.\d+)*)\b")


def components_entries(z):
    """{platform token: path of its .components file} from the manifest."""
    root = ET.fromstring(z.read("META-INF/manifest.xml"))
    out = {}
    for e in root.iter(MANIFEST_NS + "file-entry"):
        media = e.get(MANIFEST_NS + "media-type")
        if media.startswith("application/vnd.sun.star.uno-components"):
            m = re.search(r";platform=([^;]+)", media)
            assert m, f"components entry without a platform: {media}"
            out[m.group(1)] = e.get(MANIFEST_NS + "full-path")
    return out


def test_description_platforms_match_manifest(oxt):
    with zipfile.ZipFile(oxt) as z:
        names = set(z.namelist())
        desc = ET.fromstring(z.read("description.xml"))
        platforms = desc.find(DESCRIPTION_NS + "platform").get("value").split(",")
        entries = components_entries(z)
        # LibreOffice compares a manifest's platform token (its "<_OS>_<_ARCH>",
        # e.g. Linux_AARCH64) with its own ignoring case, and description.xml's
        # names are the same words in lower case.
        assert sorted(t.lower() for t in entries) == sorted(platforms), (platforms, entries)
        for token, path in entries.items():
            assert path in names, f"{token}: {path} missing"
            comp = ET.fromstring(z.read(path))
            for c in comp.iter(COMPONENTS_NS + "component"):
                lib = str(PurePosixPath(path).parent / c.get("uri")).removeprefix("./")
                assert lib in names, f"{token}: {path} names {c.get('uri')}, not in the .oxt"


@pytest.fixture(scope="module")
def aarch64_so(oxt, tmp_path_factory):
    with zipfile.ZipFile(oxt) as z:
        if "linux_aarch64/libkpicalc.so" not in z.namelist():
            # Built without the cross compiler: that is allowed (CMake warns), but a
            # machine that has it must ship linux_aarch64.
            assert not shutil.which("aarch64-linux-gnu-g++"), \
                "aarch64-linux-gnu-g++ is installed but the .oxt has no linux_aarch64 add-in"
            pytest.fail("no linux_aarch64 add-in in the .oxt and no aarch64 cross compiler here: "
                        "run tools/setup.sh (or build with -DKPI_AARCH64=OFF and leave this file out)")
        d = tmp_path_factory.mktemp("aarch64")
        z.extract("linux_aarch64/libkpicalc.so", d)
    return d / "linux_aarch64" / "libkpicalc.so"


def readelf(*args):
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=True).stdout


def test_aarch64_is_an_aarch64_library(aarch64_so):
    header = readelf("-h", aarch64_so)
    assert re.search(r"Machine:\s+AArch64", header), header
    assert re.search(r"Type:\s+DYN", header)


def test_aarch64_needs_only_ure_and_runtime(aarch64_so):
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", readelf("-d", aarch64_so))
    assert "libuno_cppu.so.3" in needed
    bad = [n for n in needed if not ALLOWED.match(n)]
    assert not bad, f"unexpected shared libraries: {bad}"


def too_new(text):
    return sorted({f"{lib}_{ver}" for lib, ver in VERSION.findall(text)
                   if tuple(int(p) for p in ver.split(".")) > VERSION_LIMITS[lib]})


def test_aarch64_runtime_symbol_versions_are_old_enough(aarch64_so):
    syms = readelf("--dyn-syms", aarch64_so)
    assert re.search(r"\bexp@GLIBC_2\.17\b", syms), "exp not pinned to GLIBC_2.17 (addin/portable_abi.cxx)"
    assert not too_new(syms), f"symbols need a newer C/C++ runtime than allowed: {too_new(syms)}"
    refs = readelf("-V", aarch64_so)
    assert "libc.so.6" in refs and not too_new(refs), too_new(refs)


def test_aarch64_no_runpath(aarch64_so):
    dyn = readelf("-d", aarch64_so)
    assert "(NEEDED)" in dyn
    assert not re.search(r"\((RUNPATH|RPATH)\)", dyn), dyn


def test_aarch64_exports_only_the_component_constructor(aarch64_so):
    exported = [f[7].split("@")[0] for f in (line.split() for line in readelf("--dyn-syms", aarch64_so).splitlines())
                if len(f) >= 8 and f[6] != "UND" and f[4] in ("GLOBAL", "WEAK") and f[3] in ("FUNC", "OBJECT")]
    assert exported == ["org_kpicalc_Functions_get_implementation"], exported


def test_aarch64_hardened(aarch64_so):
    dyn = readelf("-d", aarch64_so)
    assert "BIND_NOW" in dyn or "NOW" in dyn
    assert "GNU_RELRO" in readelf("-l", aarch64_so)
    assert "__stack_chk_fail" in readelf("--dyn-syms", aarch64_so)
