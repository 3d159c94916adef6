"""Every case sheet (sheets/*.fods, built from cases/*.tsv) recalculated in
real headless Calc with the extension installed: values and Calc errors as a
user sees them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sheetcheck import check_sheet, failures

HERE = Path(__file__).resolve().parent
SHEETS = sorted((HERE / "sheets").glob("*.fods"))


def test_sheets_are_built_from_the_cases():
    r = subprocess.run([sys.executable, str(HERE / "make_sheets.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("path", SHEETS, ids=[p.stem for p in SHEETS])
def test_sheet(office, path):
    doc = office.load(path)
    try:
        doc.calculateAll()
        results = check_sheet(doc)
        assert results, "no cases found"
        bad = failures(results)
        assert not bad, f"{len(bad)} of {len(results)} cases differ:\n" + "\n".join(bad)
    finally:
        doc.close(True)
