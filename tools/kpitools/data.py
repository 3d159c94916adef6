"""kpi-recalc --data SHEET=FILE: replace a template's sample rows with this period's data.

The file (CSV, or the first sheet of a .xlsx/.ods/.xls workbook) is read and every
field converted in Python before anything is written into the workbook, so that a
bad field fails the file with its file, row and column, and nothing is half-loaded.

Layout read from the template sheet (never fixed ranges):
- the header row is the first of its first 40 rows whose cells, from column A up to
  the first empty cell, are two or more texts (no formulas): that is the input table;
- an input column is a table column whose first row below the header holds a value
  (not a formula); columns computed by formulas are not inputs;
- the first row below the header says what each input column takes: a date (a
  number formatted as a date), a number, or text;
- the sample rows run from below the header to the first row that is empty in every
  input column or has formulas in most input columns (a totals row); only their
  values are cleared (formulas stay). When something follows the table (a totals
  row, or other content after a blank row), the table holds at most as many rows
  as fit above it, and a file with more fails; otherwise it may grow freely.

The file's first non-empty row is its header; columns are matched by name
(case-insensitive, surrounding spaces ignored). Every input column must be in the
file; the file's other columns are ignored (and listed in the progress output).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".fods", ".xls"}
DATE_ORDERS = ("dmy", "mdy", "ymd")
HEADER_SEARCH_ROWS = 40


class DataError(ValueError):
    """A data file cannot be used; the message says where and why, for a user."""


@dataclass
class Source:
    sheet: str            # template sheet to fill
    path: Path            # the file as given
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number in the file, fields)
    serial_shift: float = 0.0  # days to add to a serial date read from a workbook (its null date vs 1899-12-30)

    @property
    def is_workbook(self) -> bool:
        return self.path.suffix.lower() in WORKBOOK_SUFFIXES


def parse_spec(text: str) -> Source:
    sheet, sep, path = text.partition("=")
    if not sep or not sheet.strip() or not path:
        raise DataError(f"--data {text!r}: expected SHEET=FILE (e.g. Orders=orders.csv)")
    return Source(sheet.strip(), Path(path))


def sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(src: Source, encoding: str = "utf-8-sig", delimiter: str | None = None) -> None:
    """Fill src.header and src.rows from a CSV file; empty lines are skipped."""
    try:
        raw = src.path.read_bytes()
    except OSError as exc:
        raise DataError(f"{src.path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataError(f"{src.path}:{line}: not {encoding} text (byte 0x{raw[exc.start]:02x}); "
                        "pass --encoding (e.g. cp1252, gb18030)") from exc
    except LookupError as exc:
        raise DataError(f"--encoding {encoding}: unknown encoding") from exc
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(first))
    src.header, src.rows = [], []
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if not src.header:
                src.header = [f.strip() for f in fields]
            else:
                src.rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise DataError(f"{src.path}:{reader.line_num}: {exc}") from exc
    if not src.header:
        raise DataError(f"{src.path}: empty (no header row)")


def read_workbook(src: Source, office) -> None:
    """Fill src.header and src.rows from the first sheet of a workbook (opened in `office`)."""
    from kpitools.office import LoadError
    try:
        doc = office.open_spreadsheet(src.path)
    except LoadError as exc:
        raise DataError(f"{src.path}: {exc}") from exc
    try:
        sheet = doc.Sheets.getByIndex(0)
        cur = sheet.createCursor()
        cur.gotoEndOfUsedArea(False)
        last_row, last_col = cur.RangeAddress.EndRow, cur.RangeAddress.EndColumn
        data = sheet.getCellRangeByPosition(0, 0, last_col, last_row).getDataArray()
        nd = doc.NullDate
        src.serial_shift = (dt.date(nd.Year, nd.Month, nd.Day) - dt.date(1899, 12, 30)).days
    finally:
        doc.close(True)
    src.header, src.rows = [], []
    for i, row in enumerate(data):
        fields = list(row)
        if not any((f.strip() if isinstance(f, str) else True) for f in fields):
            continue
        if not src.header:
            src.header = [str(f).strip() if not isinstance(f, float) else f"{f:g}" for f in fields]
        else:
            src.rows.append((i + 1, fields))
    if not src.header:
        raise DataError(f"{src.path}: its first sheet is empty (no header row)")


# ---------------------------------------------------------------- conversion

_DATE = re.compile(r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
EPOCH = dt.date(1899, 12, 30)  # day 0 of Calc's (and Excel's, after 1900-03-01) serial dates


def parse_date(text: str, order: str | None) -> float:
    """Serial day number (days since 1899-12-30) of a text date; ValueError saying why not.
    yyyy-mm-dd (and yyyy/mm/dd) is always accepted; other forms need `order`."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError("not a date")
    a, _, b, c, hh, mm, ss = m.groups()
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    elif order is None:
        raise ValueError("not a yyyy-mm-dd date; pass --date-order dmy, mdy or ymd")
    elif len(a) > 2 or len(c) != 4 and order != "ymd" or order == "ymd" and len(a) != 4:
        raise ValueError(f"not a {order} date with a four-digit year")
    elif order == "dmy":
        d, mo, y = int(a), int(b), int(c)
    else:  # mdy
        mo, d, y = int(a), int(b), int(c)
    if len(a) == 4 and len(c) > 2:
        raise ValueError("not a date")
    try:
        day = dt.date(y, mo, d)
    except ValueError as exc:
        raise ValueError(f"not a date ({exc})") from None
    serial = float((day - EPOCH).days)
    if hh is not None:
        h, mi, s = int(hh), int(mm), float(ss or 0)
        if h > 23 or mi > 59 or s >= 60:
            raise ValueError("not a time of day")
        serial += (h * 3600 + mi * 60 + s) / 86400
    return serial


def parse_number(text: str, decimal_comma: bool) -> float:
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    if decimal_comma:
        if "." in t:
            raise ValueError("not a number (with --decimal-comma, write no '.' in numbers)")
        t = t.replace(",", ".")
    elif "," in t:
        raise ValueError("not a number (',' is not read as a decimal or thousands separator; "
                         "pass --decimal-comma if it is the decimal separator)")
    if not _NUMBER.match(t):
        raise ValueError("not a number")
    v = float(t)
    return v / 100 if percent else v


@dataclass
class Column:
    index: int      # template column (0-based)
    name: str       # header text
    kind: str       # "date", "number" or "text"
    fmt: int        # number format of its first sample cell


@dataclass
class Layout:
    header_row: int                 # 0-based
    columns: list[Column]           # input columns
    computed: list[str]             # table columns computed by formulas
    end: int                        # first row after the sample rows (0-based)
    limit: int | None               # first row the data may not reach (None: none)
    below: str = ""                 # what stops it, for the message


def convert(src: Source, layout: Layout, date_order: str | None, decimal_comma: bool) -> tuple[list[list], list[str]]:
    """([[value or None per input column] per data row], the file's ignored columns).
    Raises DataError naming the file, row and column of the first bad field."""
    names = {h.casefold(): i for i, h in reversed(list(enumerate(src.header))) if h}
    missing = [c.name for c in layout.columns if c.name.strip().casefold() not in names]
    if missing:
        raise DataError(f"{src.path}: no column {', '.join(repr(m) for m in missing)} (sheet {src.sheet!r} needs "
                        f"{', '.join(repr(c.name) for c in layout.columns)}; the file has "
                        f"{', '.join(repr(h) for h in src.header if h)})")
    room = None if layout.limit is None else layout.limit - layout.header_row - 1
    if room is not None and len(src.rows) > room:
        raise DataError(f"{src.path}: {len(src.rows)} rows, sheet {src.sheet!r} has room for {room} "
                        f"({layout.below}); nothing was loaded")
    where = [names[c.name.strip().casefold()] for c in layout.columns]
    used = set(where)
    ignored = [h for i, h in enumerate(src.header) if h and i not in used]
    out = []
    for line, fields in src.rows:
        if len(fields) > len(src.header) and any(str(f).strip() for f in fields[len(src.header):]):
            raise DataError(f"{src.path}:{line}: {len(fields)} fields, the header has {len(src.header)} "
                            "(wrong --delimiter, or a field with an unquoted delimiter?)")
        values = []
        for col, i in zip(layout.columns, where):
            f = fields[i] if i < len(fields) else ""
            try:
                values.append(_value(f, col.kind, src.serial_shift, date_order, decimal_comma))
            except ValueError as exc:
                raise DataError(f"{src.path}:{line}: column {col.name!r}: {str(f).strip()!r} is {exc}") from None
        out.append(values)
    return out, ignored


def _value(f, kind: str, shift: float, order: str | None, decimal_comma: bool):
    if isinstance(f, float):  # from a workbook: a number (a date is its serial number)
        return f + shift if kind == "date" else f
    if not f.strip():
        return None
    if kind == "text":
        return f.strip()
    if kind == "date":
        try:
            return parse_date(f, order)
        except ValueError as exc:
            if _NUMBER.match(f.strip()):  # a serial day number, as Excel and Calc count them
                return float(f.strip())
            raise exc
    return parse_number(f, decimal_comma)


# ---------------------------------------------------------------- in Calc

def layout(doc, sheet) -> Layout:
    from com.sun.star.util.NumberFormat import DATE
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    last_row, last_col = cur.RangeAddress.EndRow, cur.RangeAddress.EndColumn
    top = min(last_row, HEADER_SEARCH_ROWS)
    block = sheet.getCellRangeByPosition(0, 0, last_col, top)
    formulas, data = block.getFormulaArray(), block.getDataArray()
    for r in range(top + 1):
        width = 0
        while width <= last_col and data[r][width] != "" and not formulas[r][width].startswith("="):
            width += 1
        if width >= 2 and all(isinstance(v, str) for v in data[r][:width]):
            break
    else:
        raise DataError(f"sheet {sheet.Name!r} has no header row (a row of column names from column A)")
    if r + 1 > last_row:
        raise DataError(f"sheet {sheet.Name!r} has no sample row below its header")
    header = data[r]
    sample = sheet.getCellRangeByPosition(0, r + 1, width - 1, r + 1)
    s_formulas, s_data = sample.getFormulaArray()[0], sample.getDataArray()[0]
    columns, computed = [], []
    types = doc.NumberFormats
    for c in range(width):
        if s_formulas[c].startswith("="):
            computed.append(header[c])
            continue
        cell = sheet.getCellByPosition(c, r + 1)
        fmt = cell.NumberFormat
        if isinstance(s_data[c], str) and s_data[c] != "":
            kind = "text"
        else:
            kind = "date" if types.getByKey(fmt).Type & DATE else "number"
        columns.append(Column(c, header[c], kind, fmt))
    if not columns:
        raise DataError(f"sheet {sheet.Name!r} has no input columns (every column below its header is computed)")
    body = sheet.getCellRangeByPosition(0, r + 1, width - 1, last_row).getFormulaArray()
    inputs = [c.index for c in columns]
    end = r + 1 + len(body)
    for i, row in enumerate(body):
        if all(row[c] == "" for c in inputs) or 2 * sum(row[c].startswith("=") for c in inputs) > len(inputs):
            end = r + 1 + i
            break
    limit, below = None, ""
    for i in range(end - r - 1, len(body)):
        if any(v != "" for v in body[i]):
            # A totals row (formulas in most input columns) may follow the data at once;
            # before other content the blank row that separates it is kept.
            totals = 2 * sum(body[i][c].startswith("=") for c in inputs) > len(inputs)
            limit = r + 1 + i if totals or r + 1 + i == end else r + i
            below = f"row {r + 2 + i} ({next(v for v in body[i] if v != '')!r}) follows the table"
            break
    return Layout(r, columns, computed, end, limit, below)


def fill(sheet, lay: Layout, values: list[list]) -> None:
    """Clear the values (not the formulas) of the input columns below the header, then
    write `values`; an empty field leaves its cell blank (or the template's formula there)."""
    from com.sun.star.sheet.CellFlags import DATETIME, STRING, VALUE
    first = lay.header_row + 1
    if lay.end > first:
        for col in lay.columns:
            sheet.getCellRangeByPosition(col.index, first, col.index, lay.end - 1).clearContents(
                VALUE | DATETIME | STRING)
    if not values:
        return
    for j, col in enumerate(lay.columns):
        sheet.getCellRangeByPosition(col.index, first, col.index, first + len(values) - 1).NumberFormat = col.fmt
        i = 0
        while i < len(values):  # runs of non-empty fields, one setDataArray each
            if values[i][j] is None:
                i += 1
                continue
            k = i
            while k < len(values) and values[k][j] is not None:
                k += 1
            sheet.getCellRangeByPosition(col.index, first + i, col.index, first + k - 1).setDataArray(
                tuple((values[n][j],) for n in range(i, k)))
            i = k
