"""A sheet using our functions, saved as .ods and .xlsx, closed and reopened in
a new soffice process, recalculates to the same values; the stored formula
names are the frozen ones (ORG.KPICALC.FUNCTIONS.<NAME>)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import make_sheets
from kpitools import catalogue
from kpitools.office import Office
from kpitools.profile import Profile
from kpitools.sheets import FILTERS, store
from sheetcheck import check_sheet

CASES = Path(__file__).resolve().parent / "cases"
# The stored names checked below; every case of these functions (values, errors,
# omitted and empty arguments, ranges, text) goes through the round trip.
FAMILY_OF = {"RETENTION": "retention", "CAC": "acquisition", "MROI": "returns"}


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """One case sheet of the RETENTION, CAC and MROI lines of their families' cases."""
    lines = []
    for name, family in FAMILY_OF.items():
        mine = [line for line in (CASES / f"{family}.tsv").read_text(encoding="utf-8").splitlines()
                if line.startswith(f"={name}(")]
        assert len(mine) >= 10, f"{family}.tsv has only {len(mine)} {name} cases"
        lines += mine
    tsv = tmp_path_factory.mktemp("roundtrip") / "roundtrip.tsv"
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ours = {fn.name for fn in catalogue.functions(catalogue.load())}
    fods = tsv.with_suffix(".fods")
    fods.write_text(make_sheets.build(tsv, ours), encoding="utf-8")
    return fods


def values(doc):
    return [(row, typed, actual) for _, row, typed, _, actual, _ in check_sheet(doc)]


@pytest.mark.parametrize("suffix", [".ods", ".xlsx"])
def test_save_close_reopen_recalculate(oxt, sheet, suffix):
    # Its own profile: the session's soffice keeps the shared one busy.
    profile = Profile(oxt)
    workdir = profile.dir
    first = Office(profile)
    try:
        doc = first.load(sheet)
        doc.calculateAll()
        before = values(doc)
        saved = workdir / ("roundtrip" + suffix)
        store(doc, saved, FILTERS[suffix])
        doc.close(True)
    finally:
        first.close()

    with zipfile.ZipFile(saved) as z:
        if suffix == ".ods":
            content = z.read("content.xml").decode()
            assert 'of:=ORG.KPICALC.FUNCTIONS.RETENTION(' in content
            assert 'of:=ORG.KPICALC.FUNCTIONS.CAC(' in content
            assert 'of:=ORG.KPICALC.FUNCTIONS.MROI(' in content
        else:
            content = z.read("xl/worksheets/sheet1.xml").decode()
            assert "ORG.KPICALC.FUNCTIONS.RETENTION(" in content

    second = Office(profile)  # a new soffice process
    try:
        doc = second.load(saved)
        doc.calculateAll()
        after = values(doc)
        doc.close(True)
    finally:
        second.close()
    profile.cleanup()
    assert len(after) == len(before)
    for (row, typed, a), (_, _, b) in zip(before, after):
        assert a == b or (isinstance(a, float) and abs(a - b) <= 1e-12 * max(1, abs(a))), (row, typed, a, b)
