#!/usr/bin/env python3
"""Build the integration test spreadsheets (sheets/*.fods) from cases/*.tsv.

A case line:  formula <TAB> expected <TAB> data cell 1 <TAB> data cell 2 ...
- formula: as a user types it in an English Calc, with @1..@12 standing for
  the data cells of the same row (e.g. =CAC(@1:@3;@4)).
- expected: a number, a number~tolerance, a Calc error (#DIV/0!, Err:502, ...),
  or a JSON matrix for array results ([[0.05,0.33]]~1e-4; null = empty cell).
- data cells: a number, "quoted text", TRUE/FALSE, =formula, or nothing (empty).
Lines starting with # are comments.

Each sheet has columns: A formula text, B expected, C tolerance, D.. data,
and the live formula in column P (spanning the result for arrays). Opening the
.fods in Calc shows the cases side by side with what Calc computes.

usage: make_sheets.py            (re)write sheets/*.fods
       make_sheets.py --check    exit 1 if a committed sheet is out of date
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))  # kpitools
from kpitools import catalogue, fods, generated  # noqa: E402
from kpitools.cells import column_name  # noqa: E402

DATA_COL = 3
RESULT_COL = 15
MAX_DATA = 12


def parse_expected(text: str):
    """(expected, tolerance, shape) of an expected field."""
    tol = 1e-9
    if "~" in text:
        text, t = text.rsplit("~", 1)
        tol = float(t)
    text = text.strip()
    if text.startswith("["):
        m = json.loads(text)
        return m, tol, (len(m), len(m[0]))
    if text.startswith(("#", "Err:")):
        return text, tol, (1, 1)
    return float(text), tol, (1, 1)


def parse_data(field: str, our: set[str]):
    field = field.strip()
    if field == "":
        return None, None
    if field.startswith('"') and field.endswith('"'):
        return field[1:-1].replace('""', '"'), None
    if field in ("TRUE", "FALSE"):
        return field == "TRUE", None
    if field.startswith("="):
        return None, fods.to_odf(field, our)
    return float(field), None


def load_cases(path: Path):
    cases = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise SystemExit(f"{path.name}:{lineno}: need formula<TAB>expected")
        if len(fields) - 2 > MAX_DATA:
            raise SystemExit(f"{path.name}:{lineno}: at most {MAX_DATA} data cells")
        cases.append((lineno, fields[0].strip(), fields[1].strip(), fields[2:]))
    return cases


def substitute(formula: str, row: int) -> str:
    import re

    def ref(m):
        return f"{column_name(DATA_COL + int(m.group(1)) - 1)}{row + 1}"
    return re.sub(r"@(\d+)", ref, formula)


def build(path: Path, our: set[str]) -> str:
    sheet = fods.Sheet(path.stem)
    for c, title in enumerate(["formula (as typed)", "expected", "tolerance"]):
        sheet.set(0, c, title)
    sheet.set(0, DATA_COL, "data…")
    sheet.set(0, RESULT_COL, "result")
    row = 1
    for lineno, formula, expected, data in load_cases(path):
        value, tol, shape = parse_expected(expected)
        typed = substitute(formula, row)
        sheet.set(row, 0, typed)
        sheet.set(row, 1, value if isinstance(value, float) else
                  (json.dumps(value) if isinstance(value, list) else value))
        sheet.set(row, 2, tol)
        for i, field in enumerate(data):
            v, f = parse_data(field, our)
            if v is not None or f:
                sheet.set(row, DATA_COL + i, v, formula=f)
        sheet.set(row, RESULT_COL, None, formula=fods.to_odf(typed, our),
                  matrix=shape if shape != (1, 1) else None)
        row += shape[0]
    return fods.document([sheet])


def main(argv) -> int:
    our = {fn.name for fn in catalogue.functions(catalogue.load())}
    files = {HERE / "sheets" / (tsv.stem + ".fods"): build(tsv, our)
             for tsv in sorted((HERE / "cases").glob("*.tsv"))}
    return generated.write_or_check(files, "--check" in argv, "tests/integration/make_sheets.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
