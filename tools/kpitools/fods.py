"""Write flat ODF spreadsheets (.fods) and translate formulas to the stored form.

Formulas are written the way a user types them in an English Calc
("=RETENTION(A1;B1;C1)"); `to_odf` turns them into what Calc stores in a file
("of:=ORG.KPICALC.FUNCTIONS.RETENTION([.A1];[.B1];[.C1])"), so a sheet built
here exercises the file-format contract, not just the UI parser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from kpitools import catalogue

STORED_PREFIX = catalogue.STORED_PREFIX

_TOKEN = re.compile(
    r'(?P<str>"(?:[^"]|"")*")'
    r"|(?<![A-Za-z0-9_.$])(?P<ref>\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)(?![A-Za-z0-9_.(])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)(?=\s*\()"
    r"|(?P<other>.)",
    re.S,
)


def to_odf(formula: str, our_functions: set[str]) -> str:
    """'=CAC(A1:A3;B1)' → 'of:=ORG.KPICALC.FUNCTIONS.CAC([.A1:.A3];[.B1])'."""
    assert formula.startswith("=")
    out = []
    for m in _TOKEN.finditer(formula[1:]):
        if m.group("str"):
            out.append(m.group("str"))
        elif m.group("ref"):
            parts = m.group("ref").split(":")
            out.append("[" + ":".join("." + p for p in parts) + "]")
        elif m.group("name"):
            n = m.group("name")
            out.append(STORED_PREFIX + n.upper() if n.upper() in our_functions else n.upper())
        else:
            out.append(m.group("other"))
    return "of:=" + "".join(out)


@dataclass
class Cell:
    value: object = None              # float/int, str, or None (empty)
    formula: str | None = None        # stored form, "of:=…"
    matrix: tuple[int, int] | None = None  # (rows, cols) for an array formula
    style: str | None = None


@dataclass
class Sheet:
    name: str
    rows: dict = field(default_factory=dict)  # (row, col) -> Cell
    column_widths: list = field(default_factory=list)  # in cm, first columns; others default

    def set(self, row: int, col: int, value=None, formula=None, matrix=None, style=None):
        self.rows[(row, col)] = Cell(value, formula, matrix, style)


def _cell_xml(c: Cell) -> str:
    attrs = []
    if c.style:
        attrs.append(f"table:style-name={quoteattr(c.style)}")
    if c.formula:
        attrs.append(f"table:formula={quoteattr(c.formula)}")
        if c.matrix:
            attrs.append(f'table:number-matrix-rows-spanned="{c.matrix[0]}" '
                         f'table:number-matrix-columns-spanned="{c.matrix[1]}"')
    body = ""
    if isinstance(c.value, bool):
        attrs.append(f'office:value-type="boolean" office:boolean-value="{str(c.value).lower()}"')
    elif isinstance(c.value, (int, float)):
        attrs.append(f'office:value-type="float" office:value="{float(c.value)!r}"')
    elif isinstance(c.value, str):
        attrs.append('office:value-type="string"')
        body = f"<text:p>{escape(c.value)}</text:p>"
    return f"<table:table-cell {' '.join(attrs)}>{body}</table:table-cell>"


def _sheet_xml(s: Sheet) -> str:
    out = [f"<table:table table:name={quoteattr(s.name)}>"]
    for w in s.column_widths:
        out.append(f'<table:table-column table:style-name="co{_width_key(w)}"/>')
    if not s.rows:
        out.append("<table:table-row><table:table-cell/></table:table-row>")
    max_row = max((r for r, _ in s.rows), default=-1)
    by_row: dict[int, dict[int, Cell]] = {}
    for (r, c), cell in s.rows.items():
        by_row.setdefault(r, {})[c] = cell
    for r in range(max_row + 1):
        cells = by_row.get(r, {})
        out.append("<table:table-row>")
        col = 0
        for c in sorted(cells):
            if c > col:
                out.append(f'<table:table-cell table:number-columns-repeated="{c - col}"/>')
            out.append(_cell_xml(cells[c]))
            col = c + 1
        if not cells:
            out.append("<table:table-cell/>")
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "\n".join(out)


# The root element of every flat ODS we write (the benchmark streams its large
# documents after it, with Basic in office:scripts, hence script/ooo/xlink).
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"
 xmlns:ooo="http://openoffice.org/2004/office"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
"""

# Cell styles a sheet can name in Cell.style: number formats users expect.
CELL_STYLES = """
<number:percentage-style style:name="Npct"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:number-style style:name="Nmoney"><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:number-style style:name="Nint"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:number-style style:name="Nratio"><number:number number:decimal-places="4" number:min-integer-digits="1"/></number:number-style>
<style:style style:name="pct" style:family="table-cell" style:data-style-name="Npct"/>
<style:style style:name="money" style:family="table-cell" style:data-style-name="Nmoney"/>
<style:style style:name="int" style:family="table-cell" style:data-style-name="Nint"/>
<style:style style:name="ratio" style:family="table-cell" style:data-style-name="Nratio"/>
<style:style style:name="bold" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
"""


def _width_key(cm: float) -> str:
    return str(int(round(cm * 100)))


def _column_styles(sheets: list[Sheet]) -> str:
    widths = sorted({w for s in sheets for w in s.column_widths})
    return "".join(
        f'<style:style style:name="co{_width_key(w)}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{w}cm"/></style:style>' for w in widths)


def document(sheets: list[Sheet], styles: str = "") -> str:
    styles = CELL_STYLES + _column_styles(sheets) + styles
    return f"""{HEAD}<office:automatic-styles>{styles}</office:automatic-styles>
<office:body><office:spreadsheet>
{chr(10).join(_sheet_xml(s) for s in sheets)}
</office:spreadsheet></office:body></office:document>
"""
