"""The shipped .oxt: its .so loads on a machine without -dev packages (links only
LibreOffice's URE libraries and the C/C++ runtime), also on older Linux systems
(no runtime symbol version newer than glibc 2.17 / GCC 5, no RUNPATH), exports
only the component constructor, and is hardened (RELRO + BIND_NOW, stack
protector, fortify)."""
from __future__ import annotations

import zipfile

import pytest
from kpitools import elf


@pytest.fixture(scope="module")
def so(oxt, tmp_path_factory):
    d = tmp_path_factory.mktemp("oxt")
    with zipfile.ZipFile(oxt) as z:
        names = z.namelist()
        for required in ("META-INF/manifest.xml", "description.xml", "kpicalc.components",
                         "kpicalc.rdb", "libkpicalc.so", "registration/license.txt", "icon.png"):
            assert required in names, required
        z.extract("libkpicalc.so", d)
    return d / "libkpicalc.so"


# At most glibc 2.17 / GCC 5's libstdc++ (kpitools/elf.py says why); full RELRO,
# the stack protector; _FORTIFY_SOURCE is enforced at compile time (#error in
# calc_result.cxx), and no unbounded libc string function is imported.
@pytest.mark.parametrize("check", list(elf.LIBRARY_CHECKS))
def test_library_limit(so, check):
    problems = elf.LIBRARY_CHECKS[check](so, "x86_64")
    assert not problems, f"{check}: {problems}"
