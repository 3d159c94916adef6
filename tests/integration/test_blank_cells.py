"""A blank cell in an array result is blank for Calc (reference conventions: array results):
COUNT and AVERAGE ignore it, a chart gets a gap, and saved .xlsx/.ods files do
not turn it into 0. Issue 14: COHORT offsets a cohort has not reached read as
0 (AVERAGE 0.25 instead of 0.5) while they looked empty."""
from __future__ import annotations

import math
import re
import zipfile

from kpitools.sheets import FILTERS, cell_result, store

# COHORT data of cases/cohort.tsv: a Jan 1 + Mar 10; b Jan 9 + Feb 8;
# c Feb 1 + Feb 20. Month cohorts Jan {a, b} and Feb {c}; the latest event is
# in March, so the Feb cohort has not reached offset 2: E2 is blank.
#   D1:H2 = [[45292, 2, 1, 0.5, 0.5], [45323, 1, 1, 0, blank]]
IDS = ["a", "b", "a", "b", "c", "c"]
DATES = [45292, 45300, 45361, 45330, 45323, 45342]
# FUNNEL over a column with a gap (A8 empty): the gap keeps its place, blank.
STAGES = [1000, None, 400, 100]


def _build(doc):
    sheet = doc.Sheets.getByIndex(0)
    for r, (i, d) in enumerate(zip(IDS, DATES)):
        sheet.getCellByPosition(0, r).setString(i)
        sheet.getCellByPosition(1, r).setValue(d)
    sheet.getCellRangeByName("D1:H2").setArrayFormula(
        '=ORG.KPICALC.FUNCTIONS.COHORT(A1:A6;B1:B6;"month";3)')
    for r, v in enumerate(STAGES):
        if v is not None:
            sheet.getCellByPosition(0, 6 + r).setValue(v)
    sheet.getCellRangeByName("D7:D10").setArrayFormula("=ORG.KPICALC.FUNCTIONS.FUNNEL(A7:A10)")
    checks = {"J1": "=COUNT(H1:H2)", "J2": "=AVERAGE(H1:H2)", "J3": "=COUNTBLANK(H1:H2)",
              "J4": "=COUNT(D7:D10)", "J5": "=AVERAGE(D7:D10)"}
    for name, f in checks.items():
        sheet.getCellRangeByName(name).setFormula(f)
    doc.calculateAll()
    return sheet


def _aggregates(sheet):
    return {n: cell_result(sheet.getCellRangeByName(n))
            for n in ("J1", "J2", "J3", "J4", "J5")}


# COUNT/AVERAGE over {0.5, blank} and over {1, blank, 0.4, 0.25} (FUNNEL step:
# 400/1000 and 100/400; the gap neither counts nor divides).
EXPECTED = {"J1": (None, 1.0), "J2": (None, 0.5), "J3": (None, 1.0),
            "J4": (None, 3.0), "J5": (None, (1 + 0.4 + 0.25) / 3)}


def _same(got, want):
    return got[0] == want[0] and math.isclose(got[1], want[1], rel_tol=1e-12)


def test_blank_result_cells_are_blank_to_count_average_and_charts(office):
    doc = office.new_sheet()
    try:
        sheet = _build(doc)
        assert cell_result(sheet.getCellRangeByName("H1")) == (None, 0.5)
        assert sheet.getCellRangeByName("H2").getString() == ""
        got = _aggregates(sheet)
        bad = {k: (got[k], EXPECTED[k]) for k in EXPECTED if not _same(got[k], EXPECTED[k])}
        assert not bad, bad
        # What a chart plots: the chart data provider gives NaN (a gap) for a
        # cell that is not a number, 0 for one that is.
        provider = doc.createInstance("com.sun.star.chart2.data.DataProvider")
        seq = provider.createDataSequenceByRangeRepresentation("$Sheet1.$H$1:$H$2")
        data = seq.getNumericalData()
        assert data[0] == 0.5 and math.isnan(data[1]), data
    finally:
        doc.close(True)


def _xlsx_cell(xml: str, ref: str) -> str:
    m = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, re.S)
    assert m, f"{ref} not in the saved sheet"
    return m.group(0)


def _ods_row_cells(xml: str, row: int) -> list[str]:
    """The table-cell elements of a 1-based row of the first sheet, repeats expanded."""
    rows = re.findall(r"<table:table-row[^>]*?(?:/>|>.*?</table:table-row>)", xml, re.S)
    cells = []
    for m in re.finditer(r"<table:table-cell([^>]*?)(?:/>|>.*?</table:table-cell>)", rows[row - 1], re.S):
        rep = re.search(r'table:number-columns-repeated="(\d+)"', m.group(1))
        cells += [m.group(0)] * (int(rep.group(1)) if rep else 1)
    return cells


def test_saved_files_keep_the_blank_blank(oxt, office, workdir):
    doc = office.new_sheet()
    try:
        _build(doc)
        xlsx, ods = workdir / "blank.xlsx", workdir / "blank.ods"
        store(doc, xlsx, FILTERS[".xlsx"])
        store(doc, ods, FILTERS[".ods"])
    finally:
        doc.close(True)

    with zipfile.ZipFile(xlsx) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>0.5</v>" in _xlsx_cell(sheet_xml, "H1")
    blank = _xlsx_cell(sheet_xml, "H2")
    assert not re.search(r"<v>[-0-9.eE]+</v>", blank), blank  # no number stored
    assert not re.search(r"<v>[-0-9.eE]+</v>", _xlsx_cell(sheet_xml, "D8"))

    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode()
    h2 = _ods_row_cells(content, 2)[7]
    assert 'office:value-type="float"' not in h2, h2

    # Reopened without a recalculation: a new COUNT/AVERAGE over the stored
    # results (the add-in is not called again) still skips the blank.
    for path in (xlsx, ods):
        doc = office.load(path)
        try:
            sheet = doc.Sheets.getByIndex(0)
            sheet.getCellRangeByName("K1").setFormula("=COUNT(H1:H2)")
            sheet.getCellRangeByName("K2").setFormula("=AVERAGE(H1:H2)")
            got = [cell_result(sheet.getCellRangeByName(n)) for n in ("K1", "K2")]
            assert _same(got[0], (None, 1.0)) and _same(got[1], (None, 0.5)), (path.suffix, got)
        finally:
            doc.close(True)


def test_whole_column_result_stays_blank_and_quick(office):
    # Calc turns each blank of a 1,048,576-row result into text one element at
    # a time, O(n²): FUNNEL(A:A) took 230 s per recalc (measured) before the
    # trailing blank rows past 10,000 were left out; now a few seconds.
    import time
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.getCellByPosition(0, 0).setString("Leads")
        for r, v in enumerate([1000, 400, 100], start=1):
            sheet.getCellByPosition(0, r).setValue(v)
        sheet.getCellRangeByName("C1:C16").setArrayFormula("=ORG.KPICALC.FUNCTIONS.FUNNEL(A:A)")
        t0 = time.monotonic()
        doc.calculateAll()
        seconds = time.monotonic() - t0
        got = [cell_result(sheet.getCellByPosition(2, r)) for r in range(4)]
        assert got == [(None, 0.0), (None, 1.0), (None, 0.4), (None, 0.25)], got
        for r in (0, *range(4, 16)):  # beside the header and the empty cells: blank
            cell = sheet.getCellByPosition(2, r)
            assert cell.getString() == "" and cell.FormulaResultType2 != 1, r
        assert seconds < 60, f"recalc took {seconds:.1f} s"
    finally:
        doc.close(True)
