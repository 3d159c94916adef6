#!/usr/bin/env python3
"""Build a variant of kpicalc.oxt with another Linux x86_64 add-in library.

usage: make_oxt.py --base kpicalc.oxt --linux LIB COMPONENTS [--strip STRIP] --out OUT.oxt

Takes everything of the packaged kpicalc.oxt (description, type library,
templates, configuration) except its add-in libraries and registrations, and
adds LIB (under its own file name) with COMPONENTS (as kpicalc.components),
registered in META-INF/manifest.xml for Linux_x86_64 only and listed alone in
description.xml's <platform>. packaging/CMakeLists.txt makes kpicalc-cxx.oxt
(the C++ add-in) this way.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

COMPONENTS_TYPE = "application/vnd.sun.star.uno-components"
REGISTRATION = "kpicalc.components"


def manifest(text: str) -> str:
    entry = re.compile(r'\s*<manifest:file-entry manifest:media-type="application/vnd\.sun\.star\.uno-components[^"]*"'
                       r'\s+manifest:full-path="[^"]*"\s*/>', re.S)
    # The base registers an add-in once per platform it was built for: all give
    # way to the one given.
    found = entry.findall(text)
    if not found:
        raise SystemExit("make_oxt: no components entry in the base manifest")
    new = (f'\n  <manifest:file-entry manifest:media-type="{COMPONENTS_TYPE};platform=Linux_x86_64"\n'
           f'                       manifest:full-path="{REGISTRATION}"/>')
    text = text.replace(found[0], new, 1)
    for rest in found[1:]:
        text = text.replace(rest, "", 1)
    return text


def description(text: str) -> str:
    new, n = re.subn(r'<platform value="[^"]*"\s*/>', '<platform value="linux_x86_64"/>', text)
    if n != 1:
        raise SystemExit("make_oxt: expected one <platform> in the base description.xml")
    return new


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--linux", nargs=2, type=Path, metavar=("LIB", "COMPONENTS"), required=True)
    ap.add_argument("--strip", help="strip program for the library")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    lib, comps = a.linux
    with zipfile.ZipFile(a.base) as base, tempfile.TemporaryDirectory() as tmp:
        tmp_out = Path(tmp) / a.out.name
        with zipfile.ZipFile(tmp_out, "w", zipfile.ZIP_DEFLATED) as out:
            for info in base.infolist():
                name = info.filename
                if name.endswith((".so", ".dll", ".components")) or "/" in name and name.split("/")[0] in (
                        "linux_aarch64", "windows_x86_64"):
                    continue  # the base's libraries and registrations, for every platform
                data = base.read(name)
                if name == "META-INF/manifest.xml":
                    data = manifest(data.decode("utf-8")).encode("utf-8")
                elif name == "description.xml":
                    data = description(data.decode("utf-8")).encode("utf-8")
                out.writestr(info, data)
            staged = Path(tmp) / lib.name
            shutil.copyfile(lib, staged)
            if a.strip:
                subprocess.run([a.strip, "--strip-unneeded", str(staged)], check=True)
            out.write(staged, lib.name)
            out.write(comps, REGISTRATION)
        shutil.move(tmp_out, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
