#!/usr/bin/env python3
"""Build an .oxt that carries the binary-UNO (C-level) add-in.

usage: make_oxt.py --base kpicalc.oxt --linux LIB COMPONENTS [--windows DLL COMPONENTS]
                   [--strip STRIP] --out kpicalc-c.oxt

Takes everything of the packaged kpicalc.oxt (description, type library,
templates, configuration) except its C++ library and registration, and adds
one library + .components file per platform given, each registered in
META-INF/manifest.xml for its platform only (LibreOffice ignores the entries
of other platforms) and listed in description.xml's <platform>.
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

# platform → (name in the .oxt of the library, of the registration, manifest
# platform, description.xml platform)
PLATFORMS = {
    "linux": ("libkpicalc_c.so", "kpicalc-c.components", "Linux_x86_64", "linux_x86_64"),
    "windows": ("kpicalc_c.dll", "kpicalc-c-windows.components", "Windows_x86_64", "windows_x86_64"),
}
COMPONENTS_TYPE = "application/vnd.sun.star.uno-components"


def manifest(text: str, platforms: list[str]) -> str:
    entry = re.compile(r'\s*<manifest:file-entry manifest:media-type="application/vnd\.sun\.star\.uno-components[^"]*"'
                       r'\s+manifest:full-path="[^"]*"\s*/>', re.S)
    # The base registers an add-in once per platform it was built for (C++ on
    # x86_64 and aarch64, this adapter's DLL on Windows): all give way to ours.
    found = entry.findall(text)
    if not found:
        raise SystemExit("make_oxt: no components entry in the base manifest")
    new = "".join(
        f'\n  <manifest:file-entry manifest:media-type="{COMPONENTS_TYPE};platform={PLATFORMS[p][2]}"\n'
        f'                       manifest:full-path="{PLATFORMS[p][1]}"/>' for p in platforms)
    text = text.replace(found[0], new, 1)
    for rest in found[1:]:
        text = text.replace(rest, "", 1)
    return text


def description(text: str, platforms: list[str]) -> str:
    value = ",".join(PLATFORMS[p][3] for p in platforms)
    new, n = re.subn(r'<platform value="[^"]*"\s*/>', f'<platform value="{value}"/>', text)
    if n != 1:
        raise SystemExit("make_oxt: expected one <platform> in the base description.xml")
    return new


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--linux", nargs=2, type=Path, metavar=("LIB", "COMPONENTS"))
    ap.add_argument("--windows", nargs=2, type=Path, metavar=("DLL", "COMPONENTS"))
    ap.add_argument("--strip", help="strip program for the Linux library")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    given = {p: getattr(a, p) for p in PLATFORMS if getattr(a, p)}
    if not given:
        ap.error("at least one platform")
    platforms = list(given)
    with zipfile.ZipFile(a.base) as base, tempfile.TemporaryDirectory() as tmp:
        tmp_out = Path(tmp) / a.out.name
        with zipfile.ZipFile(tmp_out, "w", zipfile.ZIP_DEFLATED) as out:
            for info in base.infolist():
                name = info.filename
                if name.endswith((".so", ".dll", ".components")) or name.startswith(("linux_aarch64/", "windows_x86_64/")):
                    continue  # the base's libraries and registrations (C++ on Linux, this DLL on Windows)
                data = base.read(name)
                if name == "META-INF/manifest.xml":
                    data = manifest(data.decode("utf-8"), platforms).encode("utf-8")
                elif name == "description.xml":
                    data = description(data.decode("utf-8"), platforms).encode("utf-8")
                out.writestr(info, data)
            for p, (lib, comps) in given.items():
                lib_name, comps_name = PLATFORMS[p][0], PLATFORMS[p][1]
                staged = Path(tmp) / lib_name
                shutil.copyfile(lib, staged)
                if p == "linux" and a.strip:
                    subprocess.run([a.strip, "--strip-unneeded", str(staged)], check=True)
                out.write(staged, lib_name)
                out.write(comps, comps_name)
        shutil.move(tmp_out, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
