"""The example workbook the main job recalculates first shows every family of
functions, scalar and array results, and recalculates without an error cell."""
from __future__ import annotations

import re

import pytest

from kpitools import catalogue
from kpitools.sheets import count_formula_cells
from conftest import ROOT

EXAMPLE = ROOT / "templates" / "example" / "kpi-example.fods"
FAMILIES = catalogue.load()


def used_functions() -> set[str]:
    return set(re.findall(r"ORG\.KPICALC\.FUNCTIONS\.(\w+)\(", EXAMPLE.read_text(encoding="utf-8")))


def test_example_shows_every_family():
    used = used_functions()
    missing = [fam.id for fam in FAMILIES if not used & {fn.name for fn in fam.functions}]
    assert not missing, f"families with no function in the example workbook: {missing}"
    arrays = {fn.name for fn in catalogue.functions(FAMILIES) if fn.returns == "array"}
    assert len(used & arrays) >= 2, "the example shows array results"


def by_label(sheet) -> dict:
    """{label in column A: the cell beside it in column B}."""
    out = {}
    used = sheet.createCursor()
    used.gotoEndOfUsedArea(False)
    for row in range(used.RangeAddress.EndRow + 1):
        label = sheet.getCellByPosition(0, row).getString()
        if label:
            out[label] = sheet.getCellByPosition(1, row)
    return out


def test_example_recalculates_to_independent_values(office):
    doc = office.load(EXAMPLE)
    try:
        doc.calculateAll()
        total, errors = count_formula_cells(doc)
        assert total >= 20 and not errors, errors
        sheet = doc.Sheets.getByIndex(0)
        cells = by_label(sheet)

        def value(label):
            return cells[label].getValue()
        # (30000 + 15000 + 5000) / 40 new customers
        assert value("CAC, all costs (media+people+tools)") == pytest.approx(1250)
        # the reference's worked examples: RETENTION(200;180;40), MROI(1e6;1e5;0.3;1e4)
        assert value("Retention rate") == pytest.approx(0.7)
        assert value("Marketing ROI") == pytest.approx(190000 / 110000)
        # the reference's worked BG/NBD example (customer 1 of CDNOW): 0.7266 and 1.226
        assert value("P(customer still active)") == pytest.approx(0.7266, abs=5e-5)
        assert value("Expected buys, next 39 weeks") == pytest.approx(1.226, abs=5e-4)
        # statsmodels proportions_ztest([48, 56], [80, 70]) → p = 0.00804508136819656;
        # confint_proportions_2indep(56, 70, 48, 80, method="newcomb") → (0.05243147240236498, 0.33387265403690614)
        assert value("p-value (two-sided z-test)") == pytest.approx(0.00804508136819656, rel=1e-9)
        ci = cells["B − A, 95% interval {low, high}"].getCellAddress()
        high = sheet.getCellByPosition(ci.Column + 1, ci.Row).getValue()
        assert (cells["B − A, 95% interval {low, high}"].getValue(), high) == pytest.approx(
            (0.05243147240236498, 0.33387265403690614), rel=1e-9)
        # FUNNEL of 50000, 1250, 500, 200, 40: each stage over the one before
        start = cells["Step rate (FUNNEL): visitors = 1"].getCellAddress()
        funnel = [sheet.getCellByPosition(1, start.Row + i).getValue() for i in range(5)]
        assert funnel == pytest.approx([1, 0.025, 0.4, 0.4, 0.2])
        # MROITABLE, SEO row: revenue 120000, cost 20000, (120000 − 20000) / 20000
        seo = cells["SEO"].getCellAddress()
        row = [sheet.getCellByPosition(1 + c, seo.Row).getValue() for c in range(3)]
        assert row == pytest.approx([120000, 20000, 5])
        # COHORT: Ann buys Jan 1 and Mar 10, Bob Jan 9 and Feb 8, Cem Feb 1 and Feb 20;
        # the January cohort is Ann and Bob, and only Bob buys in February: 1 of 2
        assert value("January cohort: customers (COHORT)") == 2
        assert value("January cohort buying in February") == pytest.approx(0.5)
        assert cells["Order date"].getString() == "2024-01-01"
        # ATTRIBUTION over SEO > E-mail (2), SEM (1), SEO (1): linear gives SEO 2·½ + 1,
        # last touch gives E-mail its path's 2 conversions
        assert value("SEO, credited conversions, linear (ATTRIBUTION)") == pytest.approx(2)
        assert value("E-mail, credited conversions, last touch") == pytest.approx(2)
    finally:
        doc.close(True)
