"""kpi-recalc --share: turn every use of a KPI function in a loaded workbook into
what it computed, so that the copy works without the extension; and the checks
that the copy written really does.

Must run under Debian's /usr/bin/python3 (the only one that can import uno).

Speed: everything is read and written a block at a time (getFormulaArray /
getDataArray / setDataArray over the formula ranges Calc reports); only array
formulas (one call each) and error results need calls of their own. Freezing
cell by cell took minutes on the customer value forecast of 8,000 customers.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from kpitools import catalogue
from kpitools.cells import column_name

STORED_PREFIX = catalogue.STORED_PREFIX

# A plain formula giving the same Calc error in LibreOffice (and an error in
# Excel and Google Sheets too), for a frozen cell whose result was an error.
# Err:504: ROWS of a number is Err:504 in Calc; Excel answers 1 there, so it
# gets "x"+1 (#VALUE!) instead.
ERROR_FORMULAS = {502: "=SQRT(-1)", 503: "=EXP(1000)", 504: '=IF(ISERROR(ROWS(1));ROWS(1);"x"+1)',
                  519: '="x"+1', 523: "=IRR({-1;-1})", 532: "=1/0", 32767: "=NA()"}


def _mentions(formula: str, name: str) -> bool:
    return re.search(rf"(?<![\w.$]){re.escape(name)}(?![\w(])", formula, re.IGNORECASE) is not None


def uses_ours(formula: str, names) -> bool:
    """Whether `formula` calls a KPI function, directly or through one of `names`."""
    if STORED_PREFIX in formula.upper():
        return True
    return any(_mentions(formula, n) for n in names)


def kpi_names(doc) -> tuple[set[str], dict[str, set[str]]]:
    """(global names, {sheet name: sheet-local names}) of the named expressions that
    use a KPI function, directly or through other named expressions (chains of any
    length); a sheet's formulas see its own names and the global ones."""
    glob = {n: doc.NamedRanges.getByName(n).getContent() for n in doc.NamedRanges.ElementNames}
    local = {}
    for sheet in doc.Sheets:
        ranges = getattr(sheet, "NamedRanges", None)
        if ranges is not None and ranges.ElementNames:
            local[sheet.Name] = {n: ranges.getByName(n).getContent() for n in ranges.ElementNames}
    ours_glob: set[str] = set()
    ours_local: dict[str, set[str]] = {s: set() for s in local}
    changed = True
    while changed:  # at most one more name per round: bounded by the number of names
        changed = False
        for n, content in glob.items():
            if n not in ours_glob and uses_ours(content, ours_glob):
                ours_glob.add(n)
                changed = True
        for s, names in local.items():
            for n, content in names.items():
                if n not in ours_local[s] and uses_ours(content, ours_glob | ours_local[s]):
                    ours_local[s].add(n)
                    changed = True
    return ours_glob, ours_local


@dataclass
class Frozen:
    cells: int = 0                       # cells turned into values (or error formulas)
    names: list[str] = field(default_factory=list)   # named expressions removed
    conditions: int = 0                  # conditional-format formulas made values
    condition_errors: dict[str, int] = field(default_factory=dict)  # their errors, as in the workbook
    rules_frozen: list[str] = field(default_factory=list)   # validity rules whose KPI calls became values
    rules_removed: list[str] = field(default_factory=list)  # validity rules removed ("S.B1:B4: why")

    def rules_note(self) -> str:
        """What happened to validity rules calling KPI functions, for the file's summary line."""
        parts = []
        if self.rules_frozen:
            parts.append(f"{len(self.rules_frozen)} frozen ({', '.join(self.rules_frozen)})")
        if self.rules_removed:
            parts.append(f"{len(self.rules_removed)} removed ({'; '.join(self.rules_removed)})")
        return f"validity rules calling KPI functions: {', '.join(parts)}" if parts else ""


def freeze(doc, progress=None) -> Frozen:
    """Replace every formula using KPI functions (directly or through named expressions)
    by its computed value; array formulas as a whole, their blank elements blank.
    `progress(sheet name, cells made values)` is called after each sheet.
    Formats stay; other formulas stay. Then remove the named expressions using KPI
    functions (nothing refers to them any more).

    `doc` must be open for editing: in a read-only document Calc silently ignores
    clearing an array formula, and every cell but its first was left as {=J1}."""
    glob, local = kpi_names(doc)
    out = Frozen()
    helper = _HelperSheet(doc)
    out.rules_frozen, out.rules_removed = freeze_validity(doc, glob, local, helper)
    out.conditions = freeze_conditions(doc, glob, local, helper)
    if out.conditions or helper.sheet is not None:
        doc.calculate()  # the hidden sheet's formulas, before calculation is switched off
    codes = error_codes(doc)
    out.condition_errors = {f"{CONDITIONS_SHEET}.{column_name(c)}{r + 1}": code
                            for (r, c), code in codes.get(CONDITIONS_SHEET, {}).items()}
    doc.enableAutomaticCalculation(False)
    try:
        for sheet in doc.Sheets:
            n = _freeze_sheet(sheet, glob | local.get(sheet.Name, set()), codes.get(sheet.Name, {}))
            out.cells += n
            if progress is not None:
                progress(sheet.Name, n)
        for sheet in doc.Sheets:
            for n in sorted(local.get(sheet.Name, ())):
                sheet.NamedRanges.removeByName(n)
                out.names.append(f"{sheet.Name}.{n}")
        for n in sorted(glob):
            doc.NamedRanges.removeByName(n)
            out.names.append(n)
    finally:
        doc.enableAutomaticCalculation(True)
    return out


CONDITIONS_SHEET = "kpi-frozen-conditions"
_REF = re.compile(r"""(?P<str>"(?:[^"]|"")*")"""
                  r"|(?<![\w$.'])(?P<sheet>(?:\$?'(?:[^']|'')+'|\$?[A-Za-z_][\w]*)\.)?"
                  r"(?P<col>\$?[A-Z]{1,3})(?P<row>\$?[0-9]+)(?![\w(.])")


def _moved(formula: str, sheet: str, dr: int, dc: int) -> str:
    """`formula` (API grammar, as Calc gives a condition for its source cell) as written
    in the cell `dr` rows and `dc` columns further, its references on `sheet` named."""
    from kpitools.cells import column_index

    def one(m):
        if m.group("str"):
            return m.group("str")
        col, row = m.group("col"), m.group("row")
        c = column_index(col.lstrip("$")) + (0 if col.startswith("$") else dc)
        r = int(row.lstrip("$")) + (0 if row.startswith("$") else dr)
        if c < 0 or r < 1:
            raise ValueError("reference moved off the sheet")
        where = m.group("sheet") or "$'" + sheet.replace("'", "''") + "'."
        return f"{where}{'$' if col.startswith('$') else ''}{column_name(c)}{'$' if row.startswith('$') else ''}{r}"
    return _REF.sub(one, formula)


class _HelperSheet:
    """The hidden sheet (CONDITIONS_SHEET) on which a condition's formula is computed for
    every cell of its range, at the same rows, in columns of its own."""

    def __init__(self, doc):
        self.doc, self.sheet, self.free_col = doc, None, 0

    def per_cell(self, formula: str, sheet_name: str, src, left: int, top: int, right: int, bottom: int) -> str:
        """Write `formula` (as written for the cell `src`) moved to every cell of the
        rectangle; returns the reference, relative to `src`, that reads each cell's own."""
        if self.sheet is None:
            self.doc.Sheets.insertNewByName(CONDITIONS_SHEET, self.doc.Sheets.Count)
            self.sheet = self.doc.Sheets.getByName(CONDITIONS_SHEET)
            self.sheet.IsVisible = False
        shift = max(self.free_col - left, -src.Column)  # the source cell's column too
        self.free_col = right + shift + 1
        block = self.sheet.getCellRangeByPosition(left + shift, top, right + shift, bottom)
        block.setFormulaArray(tuple(
            tuple("=" + _moved(formula, sheet_name, r - src.Row, c - src.Column)
                  for c in range(left, right + 1)) for r in range(top, bottom + 1)))
        return f"$'{CONDITIONS_SHEET}'.{column_name(src.Column + shift)}{src.Row + 1}"


def freeze_conditions(doc, glob, local, helper: _HelperSheet | None = None) -> int:
    """Conditional formats whose formulas call KPI functions: each such formula is
    computed for every cell of its range on a hidden sheet (CONDITIONS_SHEET, at the
    same rows), which freeze() then turns into values like any KPI cell, and the
    condition refers to those values. Returns how many formulas were rewritten."""
    import uno
    done = 0
    helper = helper or _HelperSheet(doc)
    for index, sheet in enumerate(list(doc.Sheets)):
        if sheet.Name == CONDITIONS_SHEET:
            continue
        names = glob | local.get(sheet.Name, set())
        for cf in list(sheet.ConditionalFormats.ConditionalFormats):
            if any(cf.getByIndex(i).Type != 0 for i in range(cf.Count)):
                continue  # colour scales, data bars: not reachable through the entries below
            ranges = cf.Range
            addresses = ranges.getRangeAddresses()
            if not addresses:
                continue
            first = addresses[0]
            entries = sheet.getCellRangeByPosition(first.StartColumn, first.StartRow, first.StartColumn,
                                                   first.StartRow).ConditionalFormat
            rules = []
            for i in range(entries.Count):
                e = entries.getByIndex(i)
                rules.append([e.Operator, e.Formula1, e.Formula2, e.SourcePosition, e.StyleName])
            if not any(uses_ours(f, names) for rule in rules for f in rule[1:3]):
                continue
            top = min(a.StartRow for a in addresses)
            bottom = max(a.EndRow for a in addresses)
            left = min(a.StartColumn for a in addresses)
            right = max(a.EndColumn for a in addresses)
            for rule in rules:
                src = rule[3]
                for k in (1, 2):
                    formula = rule[k]
                    if not uses_ours(formula, names):
                        continue
                    rule[k] = helper.per_cell(formula, sheet.Name, src, left, top, right, bottom)
                    done += 1
            entries.clear()
            for op, f1, f2, src, style in rules:
                props = []
                for name, value in (("Operator", op), ("Formula1", f1), ("Formula2", f2),
                                    ("SourcePosition", src), ("StyleName", style)):
                    p = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
                    p.Name, p.Value = name, value
                    props.append(p)
                entries.addNew(tuple(props))
            sheet.ConditionalFormats.removeByID(cf.ID)
            for a in addresses:
                sheet.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn,
                                             a.EndRow).ConditionalFormat = entries
    return done


# ------------------------------------------------------------------ validity rules

_CALL = re.compile(re.escape(STORED_PREFIX) + r"[\w.]+\s*\(", re.IGNORECASE)
_WHOLE = re.compile(r"(?<![\w$.'])(?:\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?[0-9]+:\$?[0-9]+)(?![\w(.])")
_POSITION = re.compile(r"\b(?:ROW|COLUMN)\s*\(\s*\)", re.IGNORECASE)
PER_CELL_MOST = 100_000  # cells of a validity rule's range that may get values of their own


def _string_end(text: str, i: int) -> int:
    """Index after the string literal starting at text[i] ('"')."""
    j = i + 1
    while j < len(text):
        if text[j] == '"':
            if text[j + 1:j + 2] == '"':
                j += 2
                continue
            return j + 1
        j += 1
    return j


def kpi_calls(formula: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost KPI function call in `formula` (API grammar),
    string literals skipped."""
    out, i, n = [], 0, len(formula)
    while i < n:
        if formula[i] == '"':
            i = _string_end(formula, i)
            continue
        m = _CALL.match(formula, i)
        if m and (i == 0 or not (formula[i - 1].isalnum() or formula[i - 1] in "_.$")):
            depth, j = 1, m.end()
            while j < n and depth:
                if formula[j] == '"':
                    j = _string_end(formula, j)
                    continue
                depth += {"(": 1, ")": -1}.get(formula[j], 0)
                j += 1
            out.append((i, j))
            i = j
            continue
        i += 1
    return out


def _expand_names(formula: str, contents: dict[str, str]) -> str | None:
    """`formula` with every named expression replaced by its content (in brackets), chains
    too; None if one of them has relative references (its value depends on where it is used)."""
    for _ in range(20):  # chains of names: bounded
        hit = False
        for name, content in contents.items():
            if _mentions(formula, name):
                if _relative(content):
                    return None
                formula = re.sub(rf"(?<![\w.$]){re.escape(name)}(?![\w(])", lambda m: f"({content})",
                                 formula, flags=re.IGNORECASE)
                hit = True
        if not hit:
            return formula
    return None


def _relative(text: str) -> bool:
    """Whether `text` has a reference whose row or column is relative (or asks for its position)."""
    for m in _REF.finditer(text):
        if not m.group("str") and (not m.group("col").startswith("$") or not m.group("row").startswith("$")):
            return True
    return bool(_WHOLE.search(_strip_strings(text)) or _POSITION.search(_strip_strings(text)))


def _strip_strings(text: str) -> str:
    return re.sub(r'"(?:[^"]|"")*"', '""', text)


def _reads(text: str, sheet: str, src, addresses) -> bool:
    """Whether `text` (as written for the cell `src` of `sheet`) reads, for some cell of
    `addresses`, a cell of `addresses` (bounding rectangles: may say yes too often)."""
    from kpitools.cells import column_index
    refs = [m for m in _REF.finditer(text) if not m.group("str")]
    if _WHOLE.search(_strip_strings(text)):
        return True
    spans = []  # (sheet, [(row, col, row abs, col abs)]) of single cells and ranges
    k = 0
    while k < len(refs):
        group = [refs[k]]
        if k + 1 < len(refs) and text[refs[k].end():refs[k + 1].start()] == ":":
            group.append(refs[k + 1])
            k += 1
        k += 1
        name = group[0].group("sheet")
        where = name[:-1].lstrip("$").strip("'").replace("''", "'") if name else sheet
        spans.append((where, [(int(m.group("row").lstrip("$")) - 1, column_index(m.group("col").lstrip("$")),
                               m.group("row").startswith("$"), m.group("col").startswith("$")) for m in group]))
    for where, corners in spans:
        if where != sheet:
            continue
        for a in addresses:
            rows, cols = [], []
            for r, c, rabs, cabs in corners:
                rows += [r] if rabs else [r + a.StartRow - src.Row, r + a.EndRow - src.Row]
                cols += [c] if cabs else [c + a.StartColumn - src.Column, c + a.EndColumn - src.Column]
            for b in addresses:
                if (min(rows) <= b.EndRow and max(rows) >= b.StartRow and min(cols) <= b.EndColumn
                        and max(cols) >= b.StartColumn):
                    return True
    return False


def _literal(value, error: int) -> str:
    """A formula fragment for a computed value (an error: one giving the same error)."""
    if error:
        return "(" + ERROR_FORMULAS.get(error, "=NA()")[1:] + ")"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    text = repr(float(value)).upper().replace("INF", "1E308*10")
    if text.endswith(".0"):
        text = text[:-2]
    return f"({text})" if text.startswith("-") else text


def freeze_validity(doc, glob, local, helper: _HelperSheet) -> tuple[list[str], list[str]]:
    """Validity rules (Data ▸ Validity) whose formulas call KPI functions, so that they
    still work without the extension (else every entry is rejected, or the list is
    #NAME?). Each KPI call in a rule's formula becomes:
    - its value, when it reads no cell relative to the cell checked (absolute references);
    - a reference to its value for each cell of the rule's range, kept on the hidden
      sheet of frozen conditions, when it reads other cells relative to the one checked;
    and the rule is removed when a KPI call reads the very cells the rule checks (a
    frozen value would judge a new entry by the old one), or gives more than one value.
    Returns ([rule ranges frozen], [rule ranges removed, with why])."""
    import uno
    ANY = uno.Enum("com.sun.star.sheet.ValidationType", "ANY")
    contents = {n: doc.NamedRanges.getByName(n).getContent() for n in doc.NamedRanges.ElementNames}
    found = []  # (sheet, ranges object, addresses, validation, names)
    for sheet in list(doc.Sheets):
        if sheet.Name == CONDITIONS_SHEET:
            continue
        names = glob | local.get(sheet.Name, set())
        own = dict(contents)
        ranges = getattr(sheet, "NamedRanges", None)
        if ranges is not None:
            own.update({n: ranges.getByName(n).getContent() for n in ranges.ElementNames})
        unique = sheet.UniqueCellFormatRanges
        for i in range(unique.Count):
            cells = unique.getByIndex(i)
            v = cells.Validation
            if v.Type == ANY:
                continue
            if uses_ours(v.getFormula1() or "", names) or uses_ours(v.getFormula2() or "", names):
                found.append((sheet, cells, cells.getRangeAddresses(), v, own))
    frozen, removed = [], []
    if not found:
        return frozen, removed
    # each rule's formulas with names expanded, and its KPI calls
    plans = []
    literal_calls: dict[tuple[str, str], tuple] = {}
    for sheet, cells, addresses, v, own in found:
        where = f"{sheet.Name}.{cells.RangeAddressesAsString.replace(sheet.Name + '.', '')}"
        src = v.getSourcePosition()
        formulas, why = [], None
        for f in (v.getFormula1() or "", v.getFormula2() or ""):
            expanded = _expand_names(f, own) if uses_ours(f, set(own)) else f
            if expanded is None:
                why = "a KPI call through a named expression with relative references"
                break
            calls = kpi_calls(expanded)
            for a, b in calls:
                text = expanded[a:b]
                if _reads(text, sheet.Name, src, addresses):
                    why = "its KPI call reads the cells it checks"
                elif not _relative(text):
                    literal_calls.setdefault((sheet.Name, text), None)
                elif sum((x.EndRow - x.StartRow + 1) * (x.EndColumn - x.StartColumn + 1)
                         for x in addresses) > PER_CELL_MOST:
                    why = f"more than {PER_CELL_MOST:,} cells would need values of their own"
            formulas.append((expanded, calls))
        plans.append((sheet, cells, addresses, v, where, src, formulas, why))
    values = _evaluate(doc, list(literal_calls))
    for sheet, cells, addresses, v, where, src, formulas, why in plans:
        if why is None:
            for expanded, calls in formulas:
                for a, b in calls:
                    if not _relative(expanded[a:b]) and values.get((sheet.Name, expanded[a:b])) is None:
                        why = ("its KPI call gives more than one value" if (sheet.Name, expanded[a:b]) in values
                               else "its KPI call could not be computed apart (workbook structure protected)")
        if why is not None:
            v.Type = ANY
            v.setFormula1("")
            v.setFormula2("")
            cells.Validation = v
            removed.append(f"{where}: {why}")
            continue
        new = []
        for expanded, calls in formulas:
            out, last = [], 0
            for a, b in calls:
                text = expanded[a:b]
                out.append(expanded[last:a])
                if _relative(text):
                    top = min(x.StartRow for x in addresses)
                    bottom = max(x.EndRow for x in addresses)
                    left = min(x.StartColumn for x in addresses)
                    right = max(x.EndColumn for x in addresses)
                    out.append(helper.per_cell(text, sheet.Name, src, left, top, right, bottom))
                else:
                    out.append(values[sheet.Name, text])
                last = b
            out.append(expanded[last:])
            new.append("".join(out))
        v.setFormula1(new[0])
        v.setFormula2(new[1])
        cells.Validation = v
        frozen.append(where)
    return frozen, removed


def _evaluate(doc, calls: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """{(sheet, formula text): its value as a formula fragment, or None if it gives more
    than one value}, computed on a scratch sheet (removed again)."""
    out: dict[tuple[str, str], str | None] = {}
    if not calls:
        return out
    with _scratch_sheet(doc, "kpi-recalc-validity") as helper:
        if helper is None:  # a workbook whose structure is protected
            return out
        rows = []
        for sheet, text in calls:
            moved = _moved(text, sheet, 0, 0)
            # ROWS of a single value is Err:504 in Calc: 1 then
            rows.append((f"={moved}", f"=IFERROR(ROWS({moved});1)", f"=IFERROR(COLUMNS({moved});1)"))
        block = helper.getCellRangeByPosition(0, 0, 2, len(rows) - 1)
        block.setFormulaArray(tuple(rows))
        doc.calculate()
        data = block.getDataArray()
        for i, key in enumerate(calls):
            cell = helper.getCellByPosition(0, i)
            error = cell.getError()
            if not error and (data[i][1] != 1.0 or data[i][2] != 1.0):
                out[key] = None
            else:
                out[key] = _literal(data[i][0], error)
    return out


@contextlib.contextmanager
def _scratch_sheet(doc, name: str):
    """A sheet for helper formulas, added at the end under an unused name and
    removed again; None when the workbook's structure is protected."""
    while doc.Sheets.hasByName(name):
        name += "-"
    try:
        doc.Sheets.insertNewByName(name, doc.Sheets.Count)
    except Exception:
        yield None
        return
    try:
        yield doc.Sheets.getByName(name)
    finally:
        doc.Sheets.removeByName(name)


def _freeze_sheet(sheet, names, errors: dict[tuple[int, int], int]) -> int:
    from com.sun.star.sheet.CellFlags import FORMULA
    blocks, arrays, in_array = [], [], set()
    for a in sheet.queryContentCells(FORMULA).getRangeAddresses():
        block = sheet.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow)
        formulas, values = block.getFormulaArray(), block.getDataArray()
        ours = [[uses_ours(f, names) for f in row] for row in formulas]
        if not any(map(any, ours)):
            continue
        for i, row in enumerate(formulas):
            for j, f in enumerate(row):
                r, c = a.StartRow + i, a.StartColumn + j
                if ours[i][j] and f.startswith("{") and (r, c) not in in_array:
                    cursor = sheet.createCursorByRange(sheet.getCellByPosition(c, r))
                    cursor.collapseToCurrentArray()
                    x = cursor.getRangeAddress()
                    arrays.append(x)
                    in_array.update((rr, cc) for rr in range(x.StartRow, x.EndRow + 1)
                                    for cc in range(x.StartColumn, x.EndColumn + 1))
        blocks.append((a, ours, values))
    # Whole arrays first: a block write over part of an array formula is refused.
    for x in arrays:
        sheet.getCellRangeByPosition(x.StartColumn, x.StartRow, x.EndColumn, x.EndRow).setArrayFormula("")
    changed = 0
    for a, ours, values in blocks:
        for (i0, j0, i1, j1) in _runs(ours):
            data = tuple(tuple(_plain(values[i][j]) for j in range(j0, j1 + 1)) for i in range(i0, i1 + 1))
            sheet.getCellRangeByPosition(a.StartColumn + j0, a.StartRow + i0,
                                         a.StartColumn + j1, a.StartRow + i1).setDataArray(data)
            changed += (i1 - i0 + 1) * (j1 - j0 + 1)
        # error results: a plain formula giving the same error, also a run at a time
        code = [[errors.get((a.StartRow + i, a.StartColumn + j)) if on else None for j, on in enumerate(row)]
                for i, row in enumerate(ours)]
        if any(map(any, code)):
            for (i0, j0, i1, j1) in _runs([[c is not None for c in row] for row in code]):
                sheet.getCellRangeByPosition(a.StartColumn + j0, a.StartRow + i0, a.StartColumn + j1,
                                             a.StartRow + i1).setFormulaArray(
                    tuple(tuple(ERROR_FORMULAS.get(code[i][j], "=NA()") for j in range(j0, j1 + 1))
                          for i in range(i0, i1 + 1)))
    return changed


def _plain(v):
    return v if isinstance(v, (float, str)) else ""


def _runs(mask) -> list[tuple[int, int, int, int]]:
    """Rectangles (first row, first column, last row, last column) covering the true
    cells of `mask` exactly: whole blocks when all are true, else runs down the
    columns or along the rows, whichever are fewer."""
    rows, cols = len(mask), len(mask[0])
    if all(map(all, mask)):
        return [(0, 0, rows - 1, cols - 1)]

    def runs(n_outer, n_inner, at):
        out = []
        for o in range(n_outer):
            start = None
            for k in range(n_inner + 1):
                on = k < n_inner and at(o, k)
                if on and start is None:
                    start = k
                elif not on and start is not None:
                    out.append((o, start, k - 1))
                    start = None
        return out

    down = runs(cols, rows, lambda c, r: mask[r][c])
    along = runs(rows, cols, lambda r, c: mask[r][c])
    if len(down) <= len(along):
        return [(r0, c, r1, c) for c, r0, r1 in down]
    return [(r, c0, r, c1) for r, c0, c1 in along]


def error_codes(doc) -> dict[str, dict[tuple[int, int], int]]:
    """{sheet name: {(row, column): Calc error code}} (0-based) of the formula cells whose
    result is an error, read a block at a time: ERRORTYPE formulas over each block of
    error cells on a scratch sheet, removed again (`doc` must be editable). Asking
    every cell for its error took minutes on a sheet of thousands of error cells."""
    from com.sun.star.sheet.FormulaResult import ERROR
    found = {sheet.Name: sheet.queryFormulaCells(ERROR).getRangeAddresses() for sheet in doc.Sheets}
    out: dict[str, dict[tuple[int, int], int]] = {}
    if not any(found.values()):
        return out
    with _scratch_sheet(doc, "kpi-recalc-errors") as helper:
        if helper is None:  # a workbook whose structure is protected: one cell at a time
            for name, addresses in found.items():
                sheet = doc.Sheets.getByName(name)
                out[name] = {(r, c): sheet.getCellByPosition(c, r).getError() for a in addresses
                             for r in range(a.StartRow, a.EndRow + 1)
                             for c in range(a.StartColumn, a.EndColumn + 1)}
            return out
        for name, addresses in found.items():
            quoted = "$'" + name.replace("'", "''") + "'"
            codes = out.setdefault(name, {})
            for a in addresses:
                block = helper.getCellRangeByPosition(0, 0, a.EndColumn - a.StartColumn, a.EndRow - a.StartRow)
                block.setFormulaArray(tuple(tuple(f"=ERRORTYPE({quoted}.{column_name(c)}{r + 1})"
                                                  for c in range(a.StartColumn, a.EndColumn + 1))
                                            for r in range(a.StartRow, a.EndRow + 1)))
                for i, row in enumerate(block.getDataArray()):
                    for j, v in enumerate(row):
                        codes[a.StartRow + i, a.StartColumn + j] = int(v) if isinstance(v, float) and v > 0 else 0
                block.clearContents(FORMULA_FLAG)
    return out


FORMULA_FLAG = 16  # com.sun.star.sheet.CellFlags.FORMULA


def error_cells(doc) -> dict[str, int]:
    """{"Sheet.A1": Calc error code} of the formula cells whose result is an error
    (0 when Calc gives no code: a result that is not an error after all)."""
    return {f"{name}.{column_name(c)}{r + 1}": code
            for name, codes in error_codes(doc).items() for (r, c), code in sorted(codes.items())}


def leftovers(doc) -> list[str]:
    """Where a copy still calls KPI functions (formulas, named expressions, conditional
    formats, validity rules), for a message."""
    from com.sun.star.sheet.CellFlags import FORMULA
    found = [n for n in doc.NamedRanges.ElementNames
             if STORED_PREFIX in doc.NamedRanges.getByName(n).getContent().upper()]
    for sheet in doc.Sheets:
        ranges = getattr(sheet, "NamedRanges", None)
        if ranges is not None:
            found += [f"{sheet.Name}.{n}" for n in ranges.ElementNames
                      if STORED_PREFIX in ranges.getByName(n).getContent().upper()]
        for cf in sheet.ConditionalFormats.ConditionalFormats:
            a = cf.Range.getRangeAddresses()[0]
            entries = sheet.getCellRangeByPosition(a.StartColumn, a.StartRow, a.StartColumn,
                                                   a.StartRow).ConditionalFormat
            if any(STORED_PREFIX in (f or "").upper() for i in range(entries.Count)
                   for f in (entries.getByIndex(i).Formula1, entries.getByIndex(i).Formula2)):
                found.append(f"the conditional format of {sheet.Name}.{cf.Range.RangeAddressesAsString}")
        unique = sheet.UniqueCellFormatRanges
        for i in range(unique.Count):
            cells = unique.getByIndex(i)
            v = cells.Validation
            if any(STORED_PREFIX in (f or "").upper() for f in (v.getFormula1(), v.getFormula2())):
                found.append(f"the validity rule of {cells.RangeAddressesAsString}")
        for a in sheet.queryContentCells(FORMULA).getRangeAddresses():
            formulas = sheet.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn,
                                                    a.EndRow).getFormulaArray()
            found += [f"{sheet.Name}.{column_name(a.StartColumn + j)}{a.StartRow + i + 1}"
                      for i, row in enumerate(formulas) for j, f in enumerate(row) if STORED_PREFIX in f.upper()]
    return found
