"""Every case sheet (sheets/*.fods, built from cases/*.tsv) recalculated in
real headless Calc with the extension installed: values and Calc errors as a
user sees them."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kpitools import catalogue
from sheetcheck import check_sheet, failures

HERE = Path(__file__).resolve().parent
SHEETS = sorted((HERE / "sheets").glob("*.fods"))


def test_cases_are_filed_by_family():
    """One cases/<family>.tsv per catalogue/<family>.toml: a case line
    belongs to the family of the first of our functions it calls (=COUNT(COHORT(…))
    is a COHORT case), and every function has cases."""
    family_of = {fn.name: fam.id for fam in catalogue.load() for fn in fam.functions}
    files = {p.stem: p for p in (HERE / "cases").glob("*.tsv")}
    assert set(files) == set(family_of.values())
    misfiled, covered = [], set()
    for family, path in files.items():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            formula = line.split("\t")[0]
            ours = [n for n in re.findall(r"([A-Z][A-Z0-9]*)\(", formula) if n in family_of]
            if not ours or family_of[ours[0]] != family:
                misfiled.append(f"{path.name}: {formula}")
            else:
                covered.add(ours[0])
    assert not misfiled, "\n".join(misfiled)
    assert not set(family_of) - covered, f"functions without integration cases: {sorted(set(family_of) - covered)}"


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
