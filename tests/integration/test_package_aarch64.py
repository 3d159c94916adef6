"""The .oxt's platforms, and its linux_aarch64 add-in (cmake/Aarch64.cmake).

description.xml names exactly the platforms that META-INF/manifest.xml has a
components entry for, each entry's .components file and the library it names
are in the .oxt; and when this machine has Debian's aarch64 cross compiler
(tools/setup.sh installs it) the .oxt carries linux_aarch64 — the binary-UNO
add-in, as on x86_64 — and that .so holds to the same limits as the x86_64 one (tests/integration/test_package.py): an
AArch64 ELF that needs only the URE and the C/C++ runtime, no runtime symbol
version newer than glibc 2.17 (aarch64's first) / GCC 5, no RUNPATH, only the
component constructor exported, hardened (kpitools/elf.py, the same checks).
binutils read any architecture's ELF, so no cross binutils are needed here.
Loading and computing under qemu-user: ctest's aarch64.addin_smoke."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePosixPath

import pytest
from kpitools import elf

MANIFEST_NS = "{http://openoffice.org/2001/manifest}"
DESCRIPTION_NS = "{http://openoffice.org/extensions/description/2006}"
COMPONENTS_NS = "{http://openoffice.org/2010/uno-components}"


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
        if "linux_aarch64/kpicalc.components" not in z.namelist():
            # Built without the cross compiler: that is allowed (CMake warns), but a
            # machine that has it must ship linux_aarch64.
            assert not shutil.which("aarch64-linux-gnu-g++"), \
                "aarch64-linux-gnu-g++ is installed but the .oxt has no linux_aarch64 add-in"
            pytest.fail("no linux_aarch64 add-in in the .oxt and no aarch64 cross compiler here: "
                        "run tools/setup.sh (or build with -DKPI_AARCH64=OFF and leave this file out)")
        comps = ET.fromstring(z.read("linux_aarch64/kpicalc.components")).findall(COMPONENTS_NS + "component")
        assert len(comps) == 1
        # The binary-UNO add-in, as on x86_64 (test_package.py).
        assert (comps[0].get("environment"), comps[0].get("uri")) == ("uno", "libkpicalc_c.so")
        d = tmp_path_factory.mktemp("aarch64")
        z.extract("linux_aarch64/libkpicalc_c.so", d)
    return d / "linux_aarch64" / "libkpicalc_c.so"


def test_aarch64_is_an_aarch64_library(aarch64_so):
    header = elf.readelf("-h", aarch64_so)
    assert re.search(r"Machine:\s+AArch64", header), header
    assert re.search(r"Type:\s+DYN", header)
    assert "libuno_cppu.so.3" in elf.needed(aarch64_so)


def test_aarch64_pins_exp_to_glibc_2_17(aarch64_so):
    syms = elf.readelf("--dyn-syms", aarch64_so)
    assert re.search(r"\bexp@GLIBC_2\.17\b", syms), "exp not pinned to GLIBC_2.17 (addin/portable_abi.cxx)"


# The same limits as the x86_64 library (test_package.py).
CHECKS = dict(elf.LIBRARY_CHECKS) | elf.C_ABI_CHECKS


@pytest.mark.parametrize("check", list(CHECKS))
def test_aarch64_library_limit(aarch64_so, check):
    problems = CHECKS[check](aarch64_so, "aarch64")
    assert not problems, f"{check}: {problems}"
