"""Every example of the function reference (catalogue), typed into a cell as a
user would (English function names), gives the documented result."""
from __future__ import annotations

from kpitools import catalogue
from kpitools.sheets import cell_result
from sheetcheck import close

EXAMPLES = [(fn, ex) for fn in catalogue.functions(catalogue.load()) for ex in fn.examples]


def test_documented_examples(office):
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        placed = []
        row = 0
        for fn, ex in EXAMPLES:
            result = ex["result"]
            shape = (len(result), len(result[0])) if isinstance(result, list) else (1, 1)
            if shape == (1, 1):
                sheet.getCellByPosition(0, row).setFormula("=" + ex["formula"])
            else:
                rng = sheet.getCellRangeByPosition(0, row, shape[1] - 1, row + shape[0] - 1)
                rng.setArrayFormula("=" + ex["formula"])
            placed.append((fn, ex, row, shape))
            row += shape[0]
        doc.calculateAll()
        bad = []
        for fn, ex, row, shape in placed:
            tol = ex.get("tolerance", 1e-9)
            expected = ex["result"] if isinstance(ex["result"], list) else [[ex["result"]]]
            for r in range(shape[0]):
                for c in range(shape[1]):
                    cell = sheet.getCellByPosition(c, row + r)
                    err, value = cell_result(cell)
                    exp = expected[r][c]
                    if isinstance(exp, str) and not exp.startswith(("#", "Err:")):
                        # a text result (an id); "" is an empty cell
                        ok = err is None and cell.getString() == exp and (
                            exp == "" or cell.FormulaResultType2 == 2)  # FormulaResult.STRING
                    elif isinstance(exp, str):
                        ok = err == exp
                    elif exp is None:
                        ok = err is None and cell.getString() == ""
                    else:
                        ok = err is None and close(value, exp, tol)
                    if not ok:
                        bad.append(f"{ex['formula']} [{r},{c}]: expected {exp!r}, got {err or value!r}")
        assert not bad, "\n".join(bad)
    finally:
        doc.close(True)
