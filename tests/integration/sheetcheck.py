"""Read a recalculated test sheet (see make_sheets.py) and compare each case."""
from __future__ import annotations

import json

from kpitools.sheets import cell_result

RESULT_COL = 15
FORMULA_RESULT_STRING = 2  # com.sun.star.sheet.FormulaResult.STRING


def expected_of(sheet, row):
    cell = sheet.getCellByPosition(1, row)
    tol_cell = sheet.getCellByPosition(2, row)
    # An empty tolerance cell means the default; a typed 0 demands exact equality.
    tol = 1e-9 if tol_cell.getType().value == "EMPTY" else tol_cell.getValue()
    if cell.getType().value == "TEXT":
        text = cell.getString()
        if text.startswith("["):
            return json.loads(text), tol
        return text, tol
    return cell.getValue(), tol


def close(actual, expected, tol):
    """The catalogue's rule: `tol` is absolute up to |expected| = 1 and relative above."""
    return abs(actual - expected) <= tol * max(1.0, abs(expected))


def check_cell(cell, expected, tol):
    err, value = cell_result(cell)
    if isinstance(expected, str) and not expected.startswith(("#", "Err:")):
        # A text result (an id): a text cell, not a number that reads the same.
        text = err is None and cell.FormulaResultType2 == FORMULA_RESULT_STRING
        return text and cell.getString() == expected, err or cell.getString()
    if isinstance(expected, str):
        return err == expected, err or value
    if expected is None:
        # Blank for Calc: empty, or a formula result that is no number (a void
        # array element would be a 0 that COUNT and AVERAGE count).
        blank = cell.getType().value == "EMPTY" or (cell.getString() == "" and cell.FormulaResultType2 != 1)
        return err is None and blank, err or (None if blank else value)
    if err is not None:
        return False, err
    return close(value, expected, tol), value


def check_sheet(doc):
    """[(row, typed formula, expected, actual, ok)] for every case of every sheet."""
    results = []
    for sheet in doc.Sheets:
        row = 1
        while True:
            typed = sheet.getCellByPosition(0, row).getString()
            if not typed:
                break
            expected, tol = expected_of(sheet, row)
            if isinstance(expected, list):
                ok, actual = True, []
                for r, exp_row in enumerate(expected):
                    got_row = []
                    for c, exp in enumerate(exp_row):
                        good, got = check_cell(sheet.getCellByPosition(RESULT_COL + c, row + r), exp, tol)
                        ok &= good
                        got_row.append(got)
                    actual.append(got_row)
                results.append((sheet.Name, row + 1, typed, expected, actual, ok))
                row += len(expected)
            else:
                ok, actual = check_cell(sheet.getCellByPosition(RESULT_COL, row), expected, tol)
                results.append((sheet.Name, row + 1, typed, expected, actual, ok))
                row += 1
    return results


def failures(results):
    return [f"{s}!row {r}: {t}  expected {e!r}, got {a!r}" for s, r, t, e, a, ok in results if not ok]
