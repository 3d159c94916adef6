"""Extension life cycle in a throw-away profile: install, uninstall, reinstall,
upgrade (the same .oxt re-zipped with a bumped version in description.xml),
downgrade back, uninstall again; and an update in place from the C++ add-in
that versions up to 1.1 registered. After every step LibreOffice must start
cleanly (accept a connection, open a document, exit with status 0 when told to)
and a saved sheet with =RETENTION(200;180;40) must show 0.7 while the extension
is installed and #NAME? while it is not."""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from kpitools.office import Office
from kpitools.profile import Profile, chown_tree
from kpitools.sheets import cell_text

IDENTIFIER = "org.kpicalc.functions"

SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="S"><table:table-row>
<table:table-cell table:formula="of:=ORG.KPICALC.FUNCTIONS.RETENTION(200;180;40)"/>
<table:table-cell table:formula="of:=ORG.KPICALC.FUNCTIONS.MROI(1000000;100000;0.3;10000)"/>
<table:table-cell table:formula="of:=SUM(1;2)"/>
</table:table-row></table:table></office:spreadsheet></office:body></office:document>
"""


def version_of(oxt: Path) -> str:
    with zipfile.ZipFile(oxt) as z:
        text = z.read("description.xml").decode("utf-8")
    return re.search(r'<version\s+value="([^"]+)"', text).group(1)


def bumped(oxt: Path, dest: Path) -> str:
    """Re-zip `oxt` as `dest` with the last component of its version + 1."""
    parts = version_of(oxt).split(".")
    parts[-1] = str(int(parts[-1]) + 1)
    return versioned(oxt, dest, ".".join(parts))


def versioned(oxt: Path, dest: Path, new: str) -> str:
    """Re-zip `oxt` as `dest` with version `new` in its description.xml."""
    old = version_of(oxt)
    with zipfile.ZipFile(oxt) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "description.xml":
                data = data.decode("utf-8").replace(f'<version value="{old}"/>',
                                                    f'<version value="{new}"/>').encode("utf-8")
                assert new.encode() in data
            out.writestr(item, data)
    return new


@pytest.fixture(scope="module")
def bare_profile():
    prof = Profile(None)  # initialised, nothing installed
    sheet = prof.dir / "work" / "lifecycle.fods"
    sheet.parent.mkdir()
    sheet.write_text(SHEET, encoding="utf-8")
    chown_tree(sheet.parent)
    yield prof, sheet
    prof.cleanup()


def start_and_check(prof: Profile, sheet: Path, installed: bool) -> None:
    office = Office(prof)
    try:
        doc = office.load(sheet)
        try:
            doc.calculateAll()
            row = doc.Sheets.getByIndex(0)
            texts = [cell_text(row.getCellByPosition(c, 0)) for c in range(3)]
        finally:
            doc.close(True)
    finally:
        office.close()
    assert office.proc.returncode == 0, f"soffice exited with {office.proc.returncode}"
    assert texts[2] == "3.0", texts  # Calc itself works
    if installed:
        assert texts[0] == "0.7", texts
        assert abs(float(texts[1]) - 1.7272727272727273) < 1e-12, texts
    else:
        assert texts[:2] == ["#NAME?", "#NAME?"], texts


def listed_version(prof: Profile) -> str | None:
    out = prof.list()
    m = re.search(rf"Identifier: {re.escape(IDENTIFIER)}\s.*?Version: (\S+)", out, re.S)
    return m.group(1) if m else None


def test_install_uninstall_reinstall_upgrade(bare_profile, oxt, tmp_path, capsys):
    prof, sheet = bare_profile
    original = version_of(oxt)
    newer_oxt = tmp_path / "kpicalc-bumped.oxt"
    newer = bumped(oxt, newer_oxt)

    start_and_check(prof, sheet, installed=False)   # a profile that never had it

    steps = [
        ("install", lambda: prof.add(oxt), original),
        ("uninstall", lambda: prof.remove(IDENTIFIER), None),
        ("reinstall", lambda: prof.add(oxt), original),
        ("upgrade", lambda: prof.add(newer_oxt), newer),
        ("downgrade", lambda: prof.add(oxt), original),
        ("upgrade again", lambda: prof.add(newer_oxt), newer),
        ("uninstall again", lambda: prof.remove(IDENTIFIER), None),
        ("install once more", lambda: prof.add(oxt), original),
    ]
    for name, action, version in steps:
        action()
        assert listed_version(prof) == version, f"{name}: unopkg lists {listed_version(prof)}"
        start_and_check(prof, sheet, installed=version is not None)
        with capsys.disabled():
            print(f"\n{name}: version {version or '-'}, LibreOffice started and exited cleanly", end="")


def test_update_from_the_cpp_addin(oxt, tmp_path):
    """Versions up to 1.1 registered the C++ add-in (libkpicalc.so, environment
    gcc3); 1.2 ships the binary-UNO one under the same identifier, implementation
    and service. Updating an installed 1.1 in place must leave a working add-in:
    the saved sheet computes before and after, and on a second start."""
    cxx = Path(os.environ.get("KPI_OXT_CXX", oxt.parent / "kpicalc-cxx.oxt"))
    assert cxx.is_file(), f"{cxx} not built (packaging/CMakeLists.txt makes it next to kpicalc.oxt)"
    old_oxt = tmp_path / "kpicalc-1.1.oxt"
    old = versioned(cxx, old_oxt, "1.1.0")
    prof = Profile(None)
    try:
        sheet = prof.dir / "work" / "update.fods"
        sheet.parent.mkdir()
        sheet.write_text(SHEET, encoding="utf-8")
        chown_tree(sheet.parent)
        prof.add(old_oxt)
        assert listed_version(prof) == old
        start_and_check(prof, sheet, installed=True)
        prof.add(oxt)
        assert listed_version(prof) == version_of(oxt)
        start_and_check(prof, sheet, installed=True)
        start_and_check(prof, sheet, installed=True)
    finally:
        prof.cleanup()


def test_repeated_starts_with_extension(bare_profile, oxt):
    """Three consecutive starts on the same installed profile (no stale cache)."""
    prof, sheet = bare_profile
    if listed_version(prof) is None:
        prof.add(oxt)
    for _ in range(3):
        start_and_check(prof, sheet, installed=True)
