"""Reading and storing a loaded Calc document through uno: what a cell shows,
its formula cells and their errors, the used area, and storing in a format.

Must run under Debian's /usr/bin/python3 (the only one that can import uno).
"""
from __future__ import annotations

from pathlib import Path

from kpitools import catalogue
from kpitools.cells import column_name
from kpitools.office import prop

# Calc error codes as users see them, from the table the C++ side compiles.
ERROR_TEXT = catalogue.CALC_ERRORS


def cell_text(cell) -> str:
    """What a user sees in a cell: its error text, or its value/string."""
    from com.sun.star.table.CellContentType import FORMULA
    err = cell.getError()
    if err:
        return ERROR_TEXT.get(err, f"Err:{err}")
    if cell.getType() == FORMULA and cell.FormulaResultType2 == 2:  # TEXT
        return cell.getString()
    return cell.getString() if cell.getType().value == "TEXT" else repr(cell.getValue())


def cell_result(cell):
    """(error text or None, value) of a cell after recalculation."""
    err = cell.getError()
    if err:
        return ERROR_TEXT.get(err, f"Err:{err}"), None
    return None, cell.getValue()


def loaded_extents(doc) -> list[tuple[str, int, int]]:
    """[(sheet name, last row, last column)] (0-based) of the used area of each loaded sheet."""
    out = []
    for sheet in doc.Sheets:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        a = cursor.getRangeAddress()
        out.append((sheet.Name, a.EndRow, a.EndColumn))
    return out


def store(doc, path: Path, filter_name: str) -> None:
    doc.storeToURL(Path(path).resolve().as_uri(), (prop("FilterName", filter_name), prop("Overwrite", True)))


FILTERS = {".ods": "calc8", ".xlsx": "Calc MS Excel 2007 XML", ".pdf": "calc_pdf_Export",
           ".csv": "Text - txt - csv (StarCalc)", ".fods": "OpenDocument Spreadsheet Flat XML",
           ".ots": "calc8_template"}

# CSV: comma, double quotes, UTF-8, from line 1, values at full precision (not
# as shown), every sheet (-1: LibreOffice writes NAME-SheetName.csv per sheet).
CSV_ALL_SHEETS = "44,34,76,1,,0,false,true,false,false,false,-1"


def store_csv_sheets(doc, path: Path) -> None:
    """Write every sheet of `doc` as CSV: `path` stem + "-" + sheet name + ".csv"."""
    doc.storeToURL(Path(path).resolve().as_uri(), (
        prop("FilterName", FILTERS[".csv"]), prop("FilterOptions", CSV_ALL_SHEETS), prop("Overwrite", True)))


def error_texts(sheet) -> dict[tuple[int, int], str]:
    """{(row, column): error text} (0-based) of the formula cells of `sheet` whose result
    is an error: the only cells the block readers below must visit one by one."""
    from com.sun.star.sheet.FormulaResult import ERROR
    errors = {}
    for a in sheet.queryFormulaCells(ERROR).getRangeAddresses():
        for r in range(a.StartRow, a.EndRow + 1):
            for c in range(a.StartColumn, a.EndColumn + 1):
                errors[r, c] = cell_result(sheet.getCellByPosition(c, r))[0]
    return errors


def formula_results(doc) -> dict[tuple[str, str], tuple[str, str | None, float | None]]:
    """{(sheet name, "B7"): (formula, error text or None, value)} for every formula cell.

    Formulas and results are read a block at a time and only error cells one by
    one: reading cell by cell took minutes on a template of 19,000 formulas. A
    text result has the value 0.0, as XCell.getValue gives it."""
    from com.sun.star.sheet.CellFlags import FORMULA
    out = {}
    for sheet in doc.Sheets:
        errors = error_texts(sheet)
        for a in sheet.queryContentCells(FORMULA).getRangeAddresses():
            block = sheet.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow)
            formulas, values = block.getFormulaArray(), block.getDataArray()
            for i, r in enumerate(range(a.StartRow, a.EndRow + 1)):
                for j, c in enumerate(range(a.StartColumn, a.EndColumn + 1)):
                    err = errors.get((r, c))
                    value = None if err else values[i][j] if isinstance(values[i][j], float) else 0.0
                    out[sheet.Name, f"{column_name(c)}{r + 1}"] = (formulas[i][j], err, value)
    return out


def count_formula_cells(doc) -> tuple[int, list[str]]:
    """(number of formula cells, addresses of those whose result is an error)."""
    from com.sun.star.sheet.CellFlags import FORMULA
    from com.sun.star.sheet.FormulaResult import ERROR
    total, errors = 0, []
    for sheet in doc.Sheets:
        for addr in sheet.queryContentCells(FORMULA).getRangeAddresses():
            total += (addr.EndRow - addr.StartRow + 1) * (addr.EndColumn - addr.StartColumn + 1)
        bad = sheet.queryFormulaCells(ERROR)
        for addr in bad.getRangeAddresses():
            for r in range(addr.StartRow, addr.EndRow + 1):
                for c in range(addr.StartColumn, addr.EndColumn + 1):
                    errors.append(f"{sheet.Name}.{column_name(c)}{r + 1}")
    return total, errors


def example_mismatches(doc, examples, formula=lambda text: text) -> tuple[int, int, list[str]]:
    """Type every catalogue example (`examples`: their dicts, formula and result)
    into the first sheet of `doc` as `formula(text)`, array results as array
    formulas, recalculate, and compare each cell with the documented result:
    (examples placed, array formulas, mismatches as "FORMULA [r,c]: expected …,
    got …"). A text result (an id) must be a text cell, not a number that reads
    the same ("" an empty one); the catalogue's tolerance is absolute up to
    |expected| = 1 and relative above (default 1e-9)."""
    sheet = doc.Sheets.getByIndex(0)
    placed, row = [], 0
    for ex in examples:
        res = ex["result"]
        shape = (len(res), len(res[0])) if isinstance(res, list) else (1, 1)
        if shape == (1, 1):
            sheet.getCellByPosition(0, row).setFormula("=" + formula(ex["formula"]))
        else:
            sheet.getCellRangeByPosition(0, row, shape[1] - 1, row + shape[0] - 1) \
                 .setArrayFormula("=" + formula(ex["formula"]))
        placed.append((ex, row, shape))
        row += shape[0]
    doc.calculateAll()
    bad = []
    for ex, row, shape in placed:
        tol = ex.get("tolerance", 1e-9)
        expected = ex["result"] if isinstance(ex["result"], list) else [[ex["result"]]]
        for r in range(shape[0]):
            for c in range(shape[1]):
                cell = sheet.getCellByPosition(c, row + r)
                err, value = cell_result(cell)
                exp = expected[r][c]
                if isinstance(exp, str) and not exp.startswith(("#", "Err:")):
                    ok = err is None and cell.getString() == exp and (
                        exp == "" or cell.FormulaResultType2 == 2)  # FormulaResult.STRING
                elif isinstance(exp, str):
                    ok = err == exp
                elif exp is None:
                    ok = err is None and cell.getString() == ""
                else:
                    ok = err is None and abs(value - exp) <= tol * max(1.0, abs(exp))
                if not ok:
                    bad.append(f"{ex['formula']} [{r},{c}]: expected {exp!r}, got {err or value!r}")
    arrays = sum(shape != (1, 1) for _, _, shape in placed)
    return len(placed), arrays, bad
