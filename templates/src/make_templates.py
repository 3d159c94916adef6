#!/usr/bin/python3
"""Writes the bundled Calc templates (.ots), in English, simplified and traditional Chinese.

    /usr/bin/python3 templates/src/make_templates.py [--oxt build/kpicalc.oxt] [--pdf DIR]

Builds every template in a live headless Calc with the extension installed
(kpitools.office), so the files hold real charts, conditional formatting,
array formulas and computed values, then saves them as
templates/kpi-calc-{en,zh-CN,zh-TW}/*.ots, plus
templates/groupuinames.xml (the group names File ▸ New ▸ Templates shows).
The packaging step copies these folders into the .oxt. --pdf also exports
each template as PDF, for looking at it.

Sample data and texts: template_data.py (shared with the integration tests).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # kpitools
import template_data as D  # noqa: E402
import forecast  # noqa: E402  (the customer value forecast template, en / zh-CN / zh-TW)
from kpitools.cells import column_index, column_name  # noqa: E402
from kpitools.office import Office, prop  # noqa: E402
from kpitools.profile import Profile  # noqa: E402
from kpitools.sheets import FILTERS, count_formula_cells, store  # noqa: E402

import uno  # noqa: E402
from com.sun.star.awt import Rectangle  # noqa: E402
from com.sun.star.lang import Locale  # noqa: E402
from com.sun.star.table import BorderLine2  # noqa: E402


# colours
NAVY, BLUE, INPUT_BG, INPUT_FG = 0x1F4E79, 0x2E75B6, 0xDDEBF7, 0x1F3864
GOOD_BG, GOOD_FG, BAD_BG, BAD_FG, WARN_BG, WARN_FG = 0xC6EFCE, 0x006100, 0xFFC7CE, 0x9C0006, 0xFFEB9C, 0x9C5700
SERIES = [0x2E75B6, 0x70AD47, 0xED7D31, 0xFFC000, 0x7F6084, 0x4BACC6, 0xA5A5A5]
HEAT = [(0xE2EFDA, 0x000000), (0xC6E0B4, 0x000000), (0xA9D08E, 0x000000), (0x548235, 0xFFFFFF)]

FORMATS = {
    "int": "#,##0", "num1": "#,##0.0", "num2": "#,##0.00", "ratio": "0.00", "num3": "0.000", "p4": "0.0000",
    "pct0": "0%", "pct1": "0.0%", "pct2": "0.00%", "pct3": "0.000%",
    "date": "YYYY-MM-DD",
}
CURRENCY = {"en": ("$#,##0", "$#,##0.00"), "zh-CN": ("[$¥-804]#,##0", "[$¥-804]#,##0.00"),
            "zh-TW": ("[$NT$-404]#,##0", "[$NT$-404]#,##0.00")}
MONTH_FMT = {"en": "MMM YYYY", "zh-CN": 'YYYY"年"M"月"', "zh-TW": 'YYYY"年"M"月"'}
DATE_FMT = {"en": "MMM D, YYYY", "zh-CN": 'YYYY"年"M"月"D"日"', "zh-TW": 'YYYY"年"M"月"D"日"'}
LOCALES = {"en": ("en", "US"), "zh-CN": ("zh", "CN"), "zh-TW": ("zh", "TW")}
FIT_SPARE = 150  # 1/100 mm beyond Calc's optimal width: room for a slightly wider font elsewhere


# the Cohorts sheet: the retention table (rows 5 … 4 + COHORT_TABLE), its check, its chart, then the
# LTV table from this row
LTV_TOP_ROW = 58


# ---------------------------------------------------------------- the builder

class Book:
    """A new Calc document being turned into one template."""

    KEYWORDS = ("KPI", "marketing", "KPI Calc")

    def __init__(self, office, lang: str):
        self.office, self.lang = office, lang
        self.doc = office.new_sheet()
        self.en_us = Locale("en", "US", "")
        # the language first, so that measuring text widths (Sheet.fit) uses the fonts it will be shown in
        if lang == "en":
            self.doc.CharLocale = self.en_us
        else:
            self.doc.CharLocaleAsian = Locale(*LOCALES[lang], "")
        self._formats: dict[str, int] = {}
        self._scratch = None
        self._make_styles()
        self._page_setup()
        self.sheets: dict[str, Sheet] = {}

    def t(self, key: str) -> str:
        return D.text(key, self.lang)

    # -- styles and formats

    def fmt(self, name: str) -> int:
        code = {"money": CURRENCY[self.lang][0], "money2": CURRENCY[self.lang][1],
                "month": MONTH_FMT[self.lang], "day": DATE_FMT[self.lang]}.get(name) or FORMATS[name]
        if code not in self._formats:
            nf = self.doc.NumberFormats
            key = nf.queryKey(code, self.en_us, False)
            self._formats[code] = key if key != -1 else nf.addNew(code, self.en_us)
        return self._formats[code]

    def _style(self, name: str, **props) -> None:
        styles = self.doc.StyleFamilies.getByName("CellStyles")
        st = self.doc.createInstance("com.sun.star.style.CellStyle")
        styles.insertByName(name, st)
        for k, v in props.items():
            setattr(st, k, v)

    def _make_styles(self) -> None:
        bold = 150.0  # com.sun.star.awt.FontWeight.BOLD
        self._style("KPI Title", CharHeight=16.0, CharWeight=bold, CharColor=NAVY,
                    CharHeightAsian=16.0, CharWeightAsian=bold)
        self._style("KPI Note", CharHeight=9.0, CharPosture=uno.Enum("com.sun.star.awt.FontSlant", "ITALIC"),
                    CharColor=0x595959, CharHeightAsian=9.0)
        self._style("KPI Section", CharHeight=12.0, CharWeight=bold, CharColor=NAVY, CharHeightAsian=12.0,
                    CharWeightAsian=bold)
        self._style("KPI Header", CharWeight=bold, CharWeightAsian=bold, CharColor=0xFFFFFF, CellBackColor=NAVY,
                    IsTextWrapped=True, VertJustify=uno.Enum("com.sun.star.table.CellVertJustify", "CENTER"))
        self._style("KPI Input", CellBackColor=INPUT_BG, CharColor=INPUT_FG)
        self._style("KPI Total", CharWeight=bold, CharWeightAsian=bold, TopBorder=self._line(NAVY, 35))
        self._style("KPI Key", CharWeight=bold, CharWeightAsian=bold, CharHeight=12.0, CharHeightAsian=12.0)
        self._style("KPI Good", CellBackColor=GOOD_BG, CharColor=GOOD_FG)
        self._style("KPI Missed", CellBackColor=BAD_BG, CharColor=BAD_FG)
        self._style("KPI Warn", CellBackColor=WARN_BG, CharColor=WARN_FG)
        for i, (bg, fg) in enumerate(HEAT, 1):
            self._style(f"KPI Heat {i}", CellBackColor=bg, CharColor=fg)

    @staticmethod
    def _line(color: int, width: int):
        line = BorderLine2()
        line.Color, line.OuterLineWidth, line.LineWidth = color, width, width
        return line

    def _page_setup(self) -> None:
        page = self.doc.StyleFamilies.getByName("PageStyles").getByName("Default")
        page.IsLandscape = True
        page.Width, page.Height = 29700, 21000
        page.LeftMargin = page.RightMargin = 1200
        page.TopMargin = page.BottomMargin = 1200
        page.ScaleToPagesX, page.ScaleToPagesY = 1, 0
        page.CenterHorizontally = False

    # -- sheets

    def sheet(self, key: str) -> "Sheet":
        name = self.t(key)
        sheets = self.doc.Sheets
        if not self.sheets:
            first = sheets.getByIndex(0)
            first.Name = name
        else:
            sheets.insertNewByName(name, sheets.Count)
        s = Sheet(self, sheets.getByName(name))
        self.sheets[key] = s
        return s

    def scratch(self):
        """A sheet for measuring text (removed again by finish())."""
        if self._scratch is None:
            sheets = self.doc.Sheets
            sheets.insertNewByName("fit", sheets.Count)
            self._scratch = sheets.getByName("fit")
        return self._scratch

    def ref(self, key: str) -> str:
        """Prefix for a reference into another sheet: $'Name'."""
        return f"$'{self.t(key)}'."

    # -- saving

    def finish(self, title: str, subject: str) -> None:
        props = self.doc.DocumentProperties
        props.Title = title
        props.Subject = subject
        props.Description = self.t("input_note")
        props.Keywords = self.KEYWORDS
        props.Author = "KPI Calc"
        props.Language = Locale(*LOCALES[self.lang], "")
        if self._scratch is not None:
            self.doc.Sheets.removeByName(self._scratch.Name)
            self._scratch = None
        self.doc.calculateAll()
        first = self.doc.Sheets.getByIndex(0)
        with_controller = self.doc.getCurrentController()
        if with_controller is not None:
            with_controller.setActiveSheet(first)
            with_controller.select(first.getCellRangeByName("A1"))

    def save(self, path: Path, pdf_dir: Path | None) -> list[Path]:
        scratch = self.office.profile.scratch_dir("templates")
        out = scratch / path.name
        store(self.doc, out, FILTERS[".ots"])
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, path)
        written = [path]
        if pdf_dir is not None:
            pdf = scratch / (path.stem + ".pdf")
            store(self.doc, pdf, FILTERS[".pdf"])
            target = pdf_dir / f"{path.parent.name}-{path.stem}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target)
            written.append(target)
        return written

    def close(self) -> None:
        self.doc.close(True)


class Sheet:
    def __init__(self, book: Book, sheet):
        self.book, self.s = book, sheet

    @property
    def name(self) -> str:
        return self.s.Name

    def cell(self, addr: str):
        return self.s.getCellRangeByName(addr)

    def put(self, addr: str, value, style: str | None = None, fmt: str | None = None):
        c = self.cell(addr)
        if style:
            c.CellStyle = style
        if fmt:
            c.NumberFormat = self.book.fmt(fmt)
        if isinstance(value, str) and value.startswith("="):
            c.setFormula(value)
        elif isinstance(value, str):
            c.setString(value)
        elif value is not None:
            c.setValue(float(value))
        if fmt and c.NumberFormat != self.book.fmt(fmt):
            # Calc gives a new formula a format inferred from its operands (e.g.
            # currency with cents for sums of money); ours wins once it has run.
            self.book.doc.calculate()
            c.NumberFormat = self.book.fmt(fmt)
        return c

    def row(self, addr: str, values, style=None, fmt=None) -> None:
        col = column_index("".join(ch for ch in addr if ch.isalpha()))
        r = "".join(ch for ch in addr if ch.isdigit())
        for i, v in enumerate(values):
            if v is not None:
                self.put(f"{column_name(col + i)}{r}", v, style, fmt)

    def text(self, addr: str, key: str, style: str | None = None):
        return self.put(addr, self.book.t(key), style)

    def totals(self, first: int, last: int, cols: str, fmt) -> int:
        """A "total" row under the data rows first..last: SUM of each of `cols`, each
        formatted as fmt(col); returns its row number."""
        tot = last + 1
        self.text(f"A{tot}", "total", "KPI Total")
        for col in cols:
            self.put(f"{col}{tot}", f"=SUM({col}{first}:{col}{last})", "KPI Total", fmt(col))
        return tot

    def per_row(self, first: int, tot: int, columns: list[tuple[str, str, str]]) -> None:
        """In rows first..tot, each (column, formula with {r} for the row, format); row
        tot (the totals) in the total style."""
        for r in range(first, tot + 1):
            st = "KPI Total" if r == tot else None
            for col, formula, fmt in columns:
                self.put(f"{col}{r}", formula.format(r=r), st, fmt)

    def share(self, col: str, of: str, last: int, tot: int) -> None:
        """Column `col`, rows 5..last: each row's SHARE of column `of`, their sum in row `tot`."""
        self.array(f"{col}5:{col}{last}", f"=SHARE({of}5:{of}{last})", "pct1")
        self.put(f"{col}{tot}", f"=SUM({col}5:{col}{last})", "KPI Total", "pct1")

    def header(self, addr: str, keys: list[str | None], height_mm: float | None = 12) -> None:
        col = column_index("".join(ch for ch in addr if ch.isalpha()))
        r = int("".join(ch for ch in addr if ch.isdigit()))
        for i, k in enumerate(keys):
            if k is not None:
                self.put(f"{column_name(col + i)}{r}", self.book.t(k) if k in D.T else k, "KPI Header")
        if height_mm:
            self.s.getRows().getByIndex(r - 1).Height = int(height_mm * 100)

    def array(self, rng: str, formula: str, fmt: str | None = None, style: str | None = None) -> None:
        r = self.cell(rng)
        r.setArrayFormula(formula)
        if fmt:
            r.NumberFormat = self.book.fmt(fmt)
            self.book.doc.calculate()  # the first run gives cells below the first an inferred format
            r.NumberFormat = self.book.fmt(fmt)
        if style:
            r.CellStyle = style

    def style(self, rng: str, style: str | None = None, fmt: str | None = None) -> None:
        r = self.cell(rng)
        if style:
            r.CellStyle = style
        if fmt:
            r.NumberFormat = self.book.fmt(fmt)

    def widths(self, mm: dict[str, float]) -> None:
        cols = self.s.getColumns()
        for letters, w in mm.items():
            cols.getByIndex(column_index(letters)).Width = int(w * 100)

    def fit(self) -> None:
        """Widens every column whose text or number would be cut off at its width, and heightens rows
        whose wrapped headers need more lines. A text may run on into an empty cell to its right;
        a wrapped text needs room for its longest unbreakable piece (a word, or one CJK character).
        Call it before placing charts beside the tables (their positions follow the columns)."""
        from com.sun.star.sheet.CellFlags import FORMULA, STRING, VALUE
        from com.sun.star.table.CellContentType import EMPTY, TEXT
        from com.sun.star.sheet.FormulaResult import STRING as STRING_RESULT
        need: dict[int, list] = {}
        wrapped_rows = set()
        for addr in self.s.queryContentCells(VALUE | STRING | FORMULA).getRangeAddresses():
            for r in range(addr.StartRow, addr.EndRow + 1):
                for c in range(addr.StartColumn, addr.EndColumn + 1):
                    cell = self.s.getCellByPosition(c, r)
                    shown = cell.getString()
                    if not shown or not self.s.getColumns().getByIndex(c).IsVisible:
                        continue
                    is_text = cell.Type == TEXT or (cell.Type != EMPTY and cell.getFormula().startswith("=")
                                                    and cell.FormulaResultType2 == STRING_RESULT)
                    if cell.IsTextWrapped:
                        wrapped_rows.add(r)
                        pieces = unbreakable(shown)
                    elif is_text and not self.s.getCellByPosition(c + 1, r).getString():
                        continue  # runs on into the empty cell beside it
                    else:
                        pieces = [shown]
                    need.setdefault(c, []).extend((cell, p) for p in pieces)
        scratch = self.book.scratch()
        cols = self.s.getColumns()
        for c, items in need.items():
            # the longest texts decide (measuring each of a data sheet's thousand cells takes minutes)
            items = sorted(items, key=lambda item: -len(item[1]))[:12]
            width = measure(scratch, items) + FIT_SPARE
            if cols.getByIndex(c).Width < width:
                cols.getByIndex(c).Width = width
        rows = self.s.getRows()
        for r in wrapped_rows:
            row = rows.getByIndex(r)
            fixed = row.Height
            row.OptimalHeight = True
            row.Height = max(fixed, row.Height)

    def title(self, key: str, note: str | None = "input_note") -> None:
        self.text("A1", key, "KPI Title")
        self.s.getRows().getByIndex(0).Height = 1000
        if note:
            self.text("A2", note, "KPI Note")

    def cf(self, rng: str, rules: list[tuple[str, str, str]]) -> None:
        """rules: (operator, formula, style); formulas relative to the top-left cell."""
        r = self.cell(rng)
        entries = r.ConditionalFormat
        top_left = r.getCellByPosition(0, 0).CellAddress
        for op, formula, style in rules:
            entries.addNew((prop("Operator", uno.Enum("com.sun.star.sheet.ConditionOperator", op)),
                            prop("Formula1", formula), prop("StyleName", style),
                            prop("SourcePosition", top_left)))
        r.ConditionalFormat = entries

    def chart(self, name: str, anchor: str, size_mm: tuple[float, float], ranges: list[tuple["Sheet", str]],
              kind: str, title_key: str, legend: bool = True, labels: bool = False, colors=None,
              reverse_categories: bool = False, headers: tuple[bool, bool] = (True, True),
              rows_as_series: bool = False, dx_mm: float = 0, dy_mm: float = 0,
              y_range: tuple[float | None, float | None] = (None, None),
              series_labels: list[str] | None = None) -> None:
        pos = self.cell(anchor).Position
        rect = Rectangle(pos.X + int(dx_mm * 100), pos.Y + int(dy_mm * 100),
                         int(size_mm[0] * 100), int(size_mm[1] * 100))
        addrs = tuple(sheet.cell(a).getRangeAddress() for sheet, a in ranges)
        self.s.Charts.addNewByName(name, rect, addrs, headers[0], headers[1])
        chart = self.s.Charts.getByName(name).EmbeddedObject
        chart.lockControllers()
        try:
            service = {"column": "BarDiagram", "bar": "BarDiagram", "line": "LineDiagram",
                       "pie": "PieDiagram"}[kind]
            chart.Diagram = chart.createInstance(f"com.sun.star.chart.{service}")
            diagram = chart.Diagram
            if rows_as_series:
                diagram.DataRowSource = uno.Enum("com.sun.star.chart.ChartDataRowSource", "ROWS")
            if kind == "bar":
                diagram.Vertical = True
            chart.HasMainTitle = True
            chart.Title.String = self.book.t(title_key)
            chart.Title.CharHeight = 13.0
            chart.Title.CharHeightAsian = 13.0
            chart.Title.CharWeight = 150.0
            chart.Title.CharWeightAsian = 150.0
            chart.HasLegend = legend
            if legend:
                chart.Legend.Alignment = uno.Enum("com.sun.star.chart.ChartLegendPosition", "BOTTOM")
                chart.Legend.Expansion = uno.Enum("com.sun.star.chart.ChartLegendExpansion", "WIDE")
            if kind != "pie":
                diagram.Wall.FillStyle = uno.Enum("com.sun.star.drawing.FillStyle", "SOLID")
                diagram.Wall.FillColor = 0xFFFFFF
                diagram.Wall.LineColor = 0xBFBFBF
                if kind in ("column", "line"):
                    diagram.XAxis.TextBreak = True  # wrap long category names instead of turning them
                if reverse_categories:  # first row on top; keep the value axis at the bottom
                    diagram.XAxis.ReverseDirection = True
                    diagram.YAxis.CrossoverPosition = uno.Enum("com.sun.star.chart.ChartAxisPosition", "END")
                if kind == "bar":  # category names left of the plot, clear of bars below zero
                    diagram.XAxis.LabelPosition = uno.Enum("com.sun.star.chart.ChartAxisLabelPosition",
                                                           "OUTSIDE_START")
            if labels:
                diagram.DataCaption = 2 if kind == "pie" else 1  # PERCENT / VALUE
            if y_range[0] is not None:
                diagram.YAxis.AutoMin = False
                diagram.YAxis.Min = y_range[0]
            if y_range[1] is not None:
                diagram.YAxis.AutoMax = False
                diagram.YAxis.Max = y_range[1]
            if kind == "line":  # an empty cell is a gap, not a zero (cohorts not yet that old)
                chart.getFirstDiagram().MissingValueTreatment = 0
            ctype = chart.getFirstDiagram().getCoordinateSystems()[0].getChartTypes()[0]
            if series_labels:  # names for series whose ranges start below their header
                provider = chart.getDataProvider()
                for series, addr in zip(ctype.getDataSeries(), series_labels):
                    rep = self.cell(addr).AbsoluteName
                    series.getDataSequences()[0].setLabel(provider.createDataSequenceByRangeRepresentation(rep))
            for i, series in enumerate(ctype.getDataSeries()):
                if kind == "pie":
                    for p in range(len(series.getDataSequences()[0].getValues().getData())):
                        series.getDataPointByIndex(p).Color = (colors or SERIES)[p % len(colors or SERIES)]
                else:
                    series.Color = (colors or SERIES)[i % len(colors or SERIES)]
                if kind == "line":
                    series.LineWidth = 60
        finally:
            chart.unlockControllers()


CHAR_PROPS = ("CharHeight", "CharWeight", "CharPosture", "CharFontName", "CharHeightAsian", "CharWeightAsian",
              "CharFontNameAsian")


def unbreakable(text: str) -> list[str]:
    """The pieces a wrapped cell cannot break: words, and each CJK character on its own."""
    pieces = []
    for word in text.split():
        run = ""
        for ch in word:
            if 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF:
                if run:
                    pieces.append(run)
                pieces.append(ch)
                run = ""
            else:
                run += ch
        if run:
            pieces.append(run)
    return pieces


def measure(scratch, items) -> int:
    """Calc's optimal width (1/100 mm) of the texts, each in the font of its cell."""
    scratch.getColumns().getByIndex(0).Width = 1000
    for i, (cell, text) in enumerate(items):
        dst = scratch.getCellByPosition(0, i)
        dst.CellStyle = cell.CellStyle
        for name in CHAR_PROPS:
            setattr(dst, name, getattr(cell, name))
        dst.IsTextWrapped = False
        dst.setString(text)
    col = scratch.getColumns().getByIndex(0)
    col.OptimalWidth = True
    width = col.Width
    scratch.getCellRangeByPosition(0, 0, 0, len(items) - 1).clearContents(1023)
    return width


# ---------------------------------------------------------------- 1. dashboard

def build_dashboard(book: Book) -> None:
    dash = book.sheet("sh_dashboard")
    ch = book.sheet("sh_channels")
    C, DB = book.ref("sh_channels"), book.ref("sh_dashboard")
    on, behind = book.t("on_track"), book.t("behind")

    # Channels: inputs and per-channel KPIs
    ch.title("ch_title")
    ch.header("A4", ["channel", "impressions", "clicks", "sessions", "leads", "new", "spend", "revenue", None,
                     "ctr", "cpc", "cpm", "conv", "cpl", "cac_ch", "roas", "spend_mix"], 16)
    for i, row in enumerate(D.CHANNELS):
        impr, clicks, sess, leads, new, spend, rev = row[3:]
        r = 5 + i
        ch.put(f"A{r}", D.channel_name(row, book.lang, D.CHANNEL_TW), "KPI Input")
        ch.row(f"B{r}", [impr, clicks, sess, leads, new], "KPI Input", "int")
        ch.row(f"G{r}", [spend, rev], "KPI Input", "money")
    # empty input rows below the sample: a new channel is typed into the next one, like in any sheet
    last = 4 + D.CHANNEL_ROWS
    ch.style(f"A{5 + len(D.CHANNELS)}:H{last}", "KPI Input")
    ch.style(f"B{5 + len(D.CHANNELS)}:F{last}", fmt="int")
    ch.style(f"G{5 + len(D.CHANNELS)}:H{last}", fmt="money")
    tot = ch.totals(5, last, "BCDEFGH", lambda col: "money" if col in "GH" else "int")
    # one ordinary formula per cell (no array to cut through when rows are inserted), empty for a row
    # without a channel
    ch.per_row(5, tot, [
        ("J", '=IF($A{r}="";"";CTR(C{r};B{r}))', "pct2"), ("K", '=IF($A{r}="";"";CPC(G{r};C{r}))', "money2"),
        ("L", '=IF($A{r}="";"";CPM(G{r};B{r}))', "money2"), ("M", '=IF($A{r}="";"";CONVRATE(F{r};D{r}))', "pct2"),
        ("N", '=IF($A{r}="";"";CPL(G{r};E{r}))', "money2"), ("O", '=IF($A{r}="";"";CAC(G{r};F{r}))', "money2"),
        ("P", '=IF($A{r}="";"";ROAS(H{r};G{r}))', "ratio")])
    for r in range(5, last + 1):
        ch.put(f"Q{r}", f'=IF($A{r}="";"";INDEX(SHARE($G$5:$G${last});ROW()-ROW($Q$4)))', None, "pct1")
    ch.put(f"Q{tot}", f"=SUM(Q5:Q{last})", "KPI Total", "pct1")
    ch.text(f"A{tot + 1}", "ch_rows_note", "KPI Note")
    ch.text(f"A{tot + 2}", "gross_margin")
    ch.put(f"B{tot + 2}", f"={DB}B11", None, "pct0")
    ch.text(f"A{tot + 3}", "breakeven")
    ch.put(f"B{tot + 3}", f"=BREAKEVENROAS(B{tot + 2})", None, "ratio")
    ch.cf(f"P5:P{tot}", [("LESS", f"$B${tot + 3}", "KPI Missed")])
    ch.widths({"A": 60, **{c: 28 for c in "BCDEF"}, "G": 30, "H": 30, "I": 4, **{c: 24 for c in "JKLMNOPQ"}})
    ch.fit()
    ch.chart("CacByChannel", f"A{tot + 6}", (150, 80), [(ch, f"A4:A{last}"), (ch, f"O4:O{last}")],
             "column", "chart_cac", legend=False, labels=True, colors=[SERIES[2]])
    ch.chart("CtrConversion", f"F{tot + 6}", (150, 80), [(ch, f"A4:A{last}"), (ch, f"J4:J{last}"),
                                                        (ch, f"M4:M{last}")],
             "column", "chart_ctr_conv", dx_mm=12)

    # Dashboard
    dash.put("A1", D.TEMPLATES["marketing-kpi-dashboard"][book.lang], "KPI Title")
    dash.s.getRows().getByIndex(0).Height = 1000
    dash.text("A2", "input_note", "KPI Note")
    dash.text("A3", "month")
    dash.put("B3", D.serial(D.REPORT_MONTH), "KPI Input", "month")
    dash.text("A4", "day_reported")
    dash.put("B4", D.DAY_REPORTED, "KPI Input", "int")
    dash.text("A5", "days_in_month")
    dash.put("B5", "=DAY(EOMONTH(B3;0))", None, "int")

    dash.text("A7", "costs", "KPI Section")
    dash.text("A8", "media_spend")
    dash.put("B8", f"={C}G{tot}", None, "money")
    dash.text("A9", "people")
    dash.put("B9", D.PEOPLE_COST, "KPI Input", "money")
    dash.text("A10", "tools")
    dash.put("B10", D.TOOLS_COST, "KPI Input", "money")
    dash.text("A11", "gross_margin")
    dash.put("B11", D.GROSS_MARGIN, "KPI Input", "pct0")

    dash.text("A13", "headline", "KPI Section")
    dash.header("A14", ["kpi", "this_month", "last_month", "vs_last"])
    L = D.LAST_MONTH
    rows = [("sessions", f"={C}D{tot}", L["sessions"], "int"),                 # 15
            ("convrate", f"=CONVRATE({C}F{tot};{C}D{tot})", L["convrate"], "pct2"),  # 16
            ("new", f"={C}F{tot}", L["new"], "int"),                           # 17
            ("revenue", f"={C}H{tot}", L["revenue"], "money"),                 # 18
            ("cac", "=CAC(B8:B10;B17)", L["cac"], "money"),                    # 19
            ("mroi", "=MROI(B18;B8;B11;B9+B10)", L["mroi"], "pct2"),           # 20
            ("roas", "=ROAS(B18;B8)", L["roas"], "ratio")]                     # 21
    for i, (key, formula, last_value, fmt) in enumerate(rows):
        r = 15 + i
        dash.text(f"A{r}", key)
        dash.put(f"B{r}", formula, "KPI Key", fmt)
        dash.put(f"C{r}", last_value, "KPI Input", fmt)
        # CAC: lower is better, so VSBASELINE turns the sign and a fall reads as a gain
        direction = ";-1" if key == "cac" else ""
        dash.put(f"D{r}", f"=VSBASELINE(B{r};C{r}{direction})", None, "pct1")
    dash.cf("D15:D21", [("LESS", "0", "KPI Missed"), ("GREATER_EQUAL", "0", "KPI Good")])
    dash.text("A22", "mroi_note", "KPI Note")

    dash.text("A23", "targets", "KPI Section")
    dash.header("A24", ["kpi", "target", "actual", "direction", "attainment", "pace", "weight", "status"], 12)
    actual = {"revenue": "=B18", "new": "=B17", "leads": f"={C}E{tot}", "cac": "=B19", "convrate": "=B16"}
    fmts = {"revenue": "money", "new": "int", "leads": "int", "cac": "money", "convrate": "pct2"}
    for i, (key, direction, target, weight, volume) in enumerate(D.TARGETS):
        r = 25 + i
        dash.text(f"A{r}", key)
        dash.put(f"B{r}", target, "KPI Input", fmts[key])
        dash.put(f"C{r}", actual[key], None, fmts[key])
        dash.put(f"D{r}", direction, "KPI Input", "int")
        dash.put(f"E{r}", f"=ATTAIN(C{r};B{r};D{r})", None, "pct1")
        dash.put(f"F{r}", f"=PACE(C{r};B{r};$B$4;$B$5)" if volume else f"=E{r}", None, "pct1")
        dash.put(f"G{r}", weight, "KPI Input", "pct0")
        dash.put(f"H{r}", f'=IF(F{r}>=1;"{on}";"{behind}")')
    end = 24 + len(D.TARGETS)
    dash.text(f"A{end + 1}", "score", "KPI Total")
    dash.put(f"F{end + 1}", f"=SCORECARD(F25:F{end};G25:G{end})", "KPI Total", "pct1")
    dash.text(f"A{end + 2}", "direction_note", "KPI Note")
    dash.cf(f"F25:F{end + 1}", [("LESS", "1", "KPI Missed"), ("GREATER_EQUAL", "1", "KPI Good")])
    dash.cf(f"H25:H{end}", [("EQUAL", f'"{behind}"', "KPI Missed"), ("EQUAL", f'"{on}"', "KPI Good")])

    # customer satisfaction first: it stays on the first printed page above the 20-row ROI table
    build_satisfaction(book, dash, end + 4)
    top = end + 10
    dash.text(f"A{top}", "roi_by_channel", "KPI Section")
    dash.header(f"A{top + 1}", ["channel", "revenue", "spend", "mroi_media"])
    n = D.CHANNEL_ROWS
    # with_names: MROITABLE writes each channel's name itself, in first-seen order; one ordinary
    # formula per cell (INDEX of the result), so rows can be inserted and filled like any others
    mt = f"MROITABLE({C}$A$5:$A${last};{C}$H$5:$H${last};{C}$G$5:$G${last};$B$11;1)"
    for r in range(top + 2, top + 2 + n):
        k = f"ROW()-ROW($A${top + 1})"
        for j, col in enumerate("ABCD"):
            dash.put(f"{col}{r}", f'=IF({k}<=ROWS({mt});INDEX({mt};{k};{j + 1});"")')
    dash.style(f"B{top + 2}:C{top + 1 + n}", fmt="money")
    dash.style(f"D{top + 2}:D{top + 1 + n}", fmt="pct0")
    # the blended MROI on the same cost basis as the channels (media only), to compare them with
    all_row = top + 2 + n
    # check: channels found vs rows of the table
    ok, short = book.t("roi_ok"), book.t("roi_short")
    dash.put(f"A{all_row + 1}", f'=IF(ROWS({mt})>ROWS(A{top + 2}:A{all_row - 1});"{short}";"{ok}")', "KPI Note")
    dash.cf(f"A{all_row + 1}", [("FORMULA", f'A{all_row + 1}="{short}"', "KPI Missed")])
    dash.text(f"A{all_row}", "all_media", "KPI Total")
    dash.put(f"B{all_row}", f"=SUM(B{top + 2}:B{all_row - 1})", "KPI Total", "money")
    dash.put(f"C{all_row}", f"=SUM(C{top + 2}:C{all_row - 1})", "KPI Total", "money")
    dash.put(f"D{all_row}", f"=MROI(B{all_row};C{all_row};B11)", "KPI Total", "pct0")
    dash.cf(f"D{top + 2}:D{all_row}", [("LESS", "0", "KPI Missed")])
    # room for 7-digit money in the headline font (a paste of a year's channels)
    dash.widths({"A": 78, "B": 36, "C": 36, "D": 24, "E": 24, "F": 24, "G": 18, "H": 22, "I": 8})
    dash.fit()

    dash.chart("SpendRevenue", "J3", (150, 78), [(ch, f"A4:A{last}"), (ch, f"G4:H{last}")],
               "column", "chart_spend_rev")
    dash.chart("Pace", "J3", (150, 62), [(dash, f"A24:A{end}"), (dash, f"F24:F{end}")],
               "bar", "chart_pace", legend=False, labels=True, colors=[SERIES[2]], reverse_categories=True,
               dy_mm=84)
    dash.chart("RoiByChannel", "J3", (150, 62), [(dash, f"A{top + 1}:A{top + 1 + n}"),
                                                (dash, f"D{top + 1}:D{top + 1 + n}")],
               "bar", "chart_mroi", legend=False, labels=True, colors=[SERIES[0]], reverse_categories=True,
               dy_mm=152)


# ---------------------------------------------------------------- 2. funnel

def build_funnel(book: Book) -> None:
    fun = book.sheet("sh_funnel")
    src = book.sheet("sh_sources")
    S = book.ref("sh_sources")

    src.title("sh_sources")
    src.header("A4", ["source", "cost", "leads", "mql_s", "sql_s", "opps_s", "won_s", None, "lead_mix", "cpl",
                      "cost_mql", "cost_sql", "mql_sql", "win", "cac_ch"], 16)
    for i, row in enumerate(D.SOURCES):
        cost, leads, mql, sql, opps, won = row[3:]
        r = 5 + i
        src.put(f"A{r}", D.channel_name(row, book.lang, D.SOURCE_TW), "KPI Input")
        src.put(f"B{r}", cost, "KPI Input", "money")
        src.row(f"C{r}", [leads, mql, sql, opps, won], "KPI Input", "int")
    last = 4 + len(D.SOURCES)
    tot = src.totals(5, last, "BCDEFG", lambda col: "money" if col == "B" else "int")
    src.share("I", "C", last, tot)
    src.per_row(5, tot, [
        ("J", "=CPL(B{r};C{r})", "money2"), ("K", "=CPL(B{r};D{r})", "money2"),
        ("L", "=CPL(B{r};E{r})", "money2"), ("M", "=CONVRATE(E{r};D{r})", "pct1"),
        ("N", "=WINRATE(G{r};F{r})", "pct1"), ("O", "=CAC(B{r};G{r})", "money2")])
    t0 = tot + 2
    src.text(f"A{t0}", "lead_targets", "KPI Section")
    T = D.LEAD_TARGETS
    for i, (key, value, fmt) in enumerate([("t_cost_mql", T["cost_mql"], "money"),
                                           ("t_cost_sql", T["cost_sql"], "money"),
                                           ("t_mql_sql", T["mql_sql"], "pct0"), ("t_win", T["win"], "pct0")]):
        src.text(f"A{t0 + 1 + i}", key)
        src.put(f"B{t0 + 1 + i}", value, "KPI Input", fmt)
    src.cf(f"K5:K{tot}", [("GREATER", f"$B${t0 + 1}", "KPI Missed")])
    src.cf(f"L5:L{tot}", [("GREATER", f"$B${t0 + 2}", "KPI Missed")])
    src.cf(f"M5:M{tot}", [("LESS", f"$B${t0 + 3}", "KPI Missed")])
    src.cf(f"N5:N{tot}", [("LESS", f"$B${t0 + 4}", "KPI Missed")])
    src.widths({"A": 44, **{c: 24 for c in "BCDEFG"}, "F": 28, "H": 4, **{c: 22 for c in "IJKLMNO"}})
    src.fit()
    src.chart("LeadCost", f"A{t0 + 7}", (150, 80), [(src, f"A4:A{last}"), (src, f"K4:L{last}")],
              "column", "chart_lead_cost", colors=[SERIES[0], SERIES[2]])
    src.chart("LeadMix", f"F{t0 + 7}", (115, 80), [(src, f"A4:A{last}"), (src, f"C4:C{last}")],
              "pie", "chart_mix", labels=True, dx_mm=8)

    fun.put("A1", D.TEMPLATES["funnel-lead-cost"][book.lang], "KPI Title")
    fun.s.getRows().getByIndex(0).Height = 1000
    fun.text("A2", "input_note", "KPI Note")
    fun.header("A4", ["stage", "count", "step", "overall", "benchmark", "cost_per"], 16)
    stages = [("visitors", D.VISITORS), ("leads", f"={S}C{tot}"), ("mql", f"={S}D{tot}"),
              ("sql", f"={S}E{tot}"), ("opps", f"={S}F{tot}"), ("won", f"={S}G{tot}")]
    for i, (key, value) in enumerate(stages):
        r = 5 + i
        fun.text(f"A{r}", key)
        fun.put(f"B{r}", value, "KPI Input" if i == 0 else None, "int")
        if i:
            fun.put(f"E{r}", D.STEP_BENCHMARKS[i - 1], "KPI Input", "pct1")
        fun.put(f"F{r}", "=CAC($B$13;B10)" if key == "won" else f"=CPL($B$13;B{r})", None, "money2")
    fun.array("C5:C10", "=FUNNEL(B5:B10)", "pct2")
    fun.array("D5:D10", '=FUNNEL(B5:B10;"overall")', "pct2")
    fun.cf("C6:C10", [("LESS", "$E6", "KPI Missed"), ("GREATER_EQUAL", "$E6", "KPI Good")])
    fun.text("A12", "win_rate")
    fun.put("B12", "=WINRATE(B10;B9)", "KPI Key", "pct1")
    fun.text("A13", "funnel_cost")
    fun.put("B13", f"={S}B{tot}", None, "money")
    fun.text("A14", "avg_deal")
    fun.put("B14", D.AVG_DEAL, "KPI Input", "money")
    fun.text("A15", "new_revenue")
    fun.put("B15", "=B10*B14", None, "money")
    fun.text("A16", "funnel_roi")
    fun.put("B16", "=ROI(B15;B13)", "KPI Key", "pct1")
    fun.text("A17", "roi_note", "KPI Note")
    fun.cf("B12", [("LESS", f"{S}$B${t0 + 4}", "KPI Missed"), ("GREATER_EQUAL", f"{S}$B${t0 + 4}", "KPI Good")])
    fun.cf("B16", [("LESS", "0", "KPI Missed"), ("GREATER_EQUAL", "0", "KPI Good")])
    fun.widths({"A": 58, "B": 24, "C": 24, "D": 24, "E": 24, "F": 24, "G": 6})
    fun.fit()
    fun.chart("Funnel", "H3", (150, 85), [(fun, "A6:A10"), (fun, "B6:B10")], "bar", "chart_funnel",
              legend=False, labels=True, colors=[SERIES[0]], reverse_categories=True, headers=(False, True))
    fun.chart("StepVsBenchmark", "H3", (150, 80), [(fun, "A6:A10"), (fun, "C6:C10"), (fun, "E6:E10")],
              "column", "chart_steps", colors=[SERIES[0], SERIES[6]], dy_mm=92, headers=(False, True),
              series_labels=["C4", "E4"])


# ---------------------------------------------------------------- 3. retention and value

def build_retention(book: Book) -> None:
    ret = book.sheet("sh_retention")
    coh = book.sheet("sh_cohorts")
    orders = book.sheet("sh_orders")
    val = book.sheet("sh_value")
    R, O = book.ref("sh_retention"), book.ref("sh_orders")

    ret.title("ret_title")
    ret.header("A4", ["month", "start_cust", "new_cust", "lost_cust", "end_cust", "retention", "churn", None,
                      "mrr_start", "new_mrr", "expansion", "contraction", "churned_mrr", "nrr", "grr"], 16)
    months = len(D.NEW_BY_MONTH)
    for m in range(months):
        r = 5 + m
        ret.put(f"A{r}", D.serial(D.dt.date(D.RET_YEAR, m + 1, 1)), "KPI Input", "month")
        ret.put(f"B{r}", D.START_CUSTOMERS if m == 0 else f"=E{r - 1}", "KPI Input" if m == 0 else None, "int")
        ret.put(f"C{r}", D.NEW_BY_MONTH[m], "KPI Input", "int")
        ret.put(f"D{r}", D.LOST_BY_MONTH[m], "KPI Input", "int")
        ret.put(f"E{r}", f"=B{r}+C{r}-D{r}", None, "int")
        ret.put(f"F{r}", f"=RETENTION(B{r};E{r};C{r})", None, "pct1")
        ret.put(f"G{r}", f"=CHURN(B{r};D{r})", None, "pct2")
        ret.put(f"I{r}", D.START_MRR if m == 0 else f"=I{r - 1}+J{r - 1}+K{r - 1}-L{r - 1}-M{r - 1}",
                "KPI Input" if m == 0 else None, "money")
        ret.row(f"J{r}", [D.NEW_MRR[m], D.EXPANSION[m], D.CONTRACTION[m], D.CHURNED_MRR[m]], "KPI Input", "money")
        ret.put(f"N{r}", f"=NRR(I{r};K{r};L{r};M{r})", None, "pct1")
        ret.put(f"O{r}", f"=GRR(I{r};L{r};M{r})", None, "pct1")
    last = 4 + months
    s0 = last + 2
    ret.text(f"A{s0}", "avg_churn")
    ret.put(f"B{s0}", f"=AVERAGE(G5:G{last})", "KPI Key", "pct1")
    ret.text(f"A{s0 + 1}", "annual_churn")
    ret.put(f"B{s0 + 1}", f"=CHURNANNUAL(B{s0})", "KPI Key", "pct1")
    ret.text(f"A{s0 + 2}", "lifetime")
    ret.put(f"B{s0 + 2}", f"=LIFETIME(B{s0})", "KPI Key", "num1")
    # the label names the month of the figure: the last row of the table, whatever month that is
    before, after = book.t("churn_avg_dec").split("{}")
    month_code = MONTH_FMT[book.lang].replace('"', '""')
    ret.put(f"A{s0 + 3}", f'="{before}"&TEXT(A{last};"{month_code}")&"{after}"')
    ret.put(f"B{s0 + 3}", f'=CHURN(B{last};D{last};C{last};"average")', None, "pct1")
    ret.text(f"A{s0 + 4}", "ret_target")
    ret.put(f"B{s0 + 4}", D.RETENTION_TARGET, "KPI Input", "pct1")
    ret.text(f"A{s0 + 5}", "nrr_target")
    ret.put(f"B{s0 + 5}", D.NRR_TARGET, "KPI Input", "pct1")
    ret.cf(f"F5:F{last}", [("LESS", f"$B${s0 + 4}", "KPI Missed"), ("GREATER_EQUAL", f"$B${s0 + 4}", "KPI Good")])
    ret.cf(f"G5:G{last}", [("GREATER", f"1-$B${s0 + 4}", "KPI Missed")])
    ret.cf(f"N5:N{last}", [("LESS", f"$B${s0 + 5}", "KPI Missed"), ("GREATER_EQUAL", f"$B${s0 + 5}", "KPI Good")])
    ret.widths({"A": 50, **{c: 22 for c in "BCDEFG"}, "H": 4, **{c: 24 for c in "IJKLMNO"}})
    ret.fit()
    c0 = s0 + 8
    ret.chart("Customers", f"A{c0}", (128, 80), [(ret, f"A4:A{last}"), (ret, f"E4:E{last}")], "column",
              "chart_customers", legend=False)
    ret.chart("Churn", f"A{c0}", (128, 80), [(ret, f"A4:A{last}"), (ret, f"G4:G{last}")], "line",
              "chart_churn", legend=False, colors=[SERIES[2]], dx_mm=134, y_range=(0, None))
    ret.chart("RevenueRetention", f"A{c0}", (128, 80), [(ret, f"A4:A{last}"), (ret, f"N4:O{last}")], "line",
              "chart_nrr", dx_mm=268)

    # orders and cohorts
    rows = D.orders()
    orders.header("A1", ["customer_id", "order_date", "order_value"])
    data = tuple((ident, float(D.serial(day)), value) for ident, day, value in rows)
    orders.cell(f"A2:C{1 + len(rows)}").setDataArray(data)
    orders.style(f"A2:C{1 + len(rows)}", "KPI Input")
    orders.style(f"B2:B{1 + len(rows)}", fmt="date")
    orders.style(f"C2:C{1 + len(rows)}", fmt="money2")
    orders.widths({"A": 30, "B": 30, "C": 26})
    orders.fit()
    orders.s.setPrintAreas(())  # a data sheet: not part of the printed report

    coh.title("cohort_title", "cohort_note")
    n = D.COHORT_TABLE
    end = 4 + n  # last row of the retention table
    last_col = column_name(1 + n)
    coh.header("A4", ["cohort", "size"] + [D.text("month_n", book.lang).format(k) for k in range(n)])
    # every order line: rows 2 … the last non-empty cell of column A (COHORT skips empty lines inside)
    chk = end + 2
    last_line = f"$B${chk + 2}"
    ids, dates, amounts = (f"OFFSET({O}${c}$2;0;0;MAX(1;{last_line}-1);1)" for c in "ABC")
    cohorts = f'COHORT({ids};{dates};"month";{n})'
    # a fixed block of n rows that fills by itself: rows beyond the cohorts found stay empty
    fill = f"ROW($A$5:$A${end})-4<=$B${chk}"
    coh.array(f"A5:{last_col}{end}", f'=IF({fill};{cohorts};"")')
    coh.style(f"A5:A{end}", fmt="month")
    coh.style(f"B5:B{end}", fmt="int")
    heat = f"C5:{last_col}{end}"
    coh.style(heat, fmt="pct0")
    # COHORT leaves months not reached yet empty (read as 0) and the filler is text: numbers > 0 only
    num = 'ISNUMBER(C5)*(C5<>"")'
    coh.cf(heat, [("FORMULA", f"{num}*(C5>=0.5)", "KPI Heat 4"), ("FORMULA", f"{num}*(C5>=0.35)", "KPI Heat 3"),
                  ("FORMULA", f"{num}*(C5>=0.2)", "KPI Heat 2"), ("FORMULA", f"{num}*(C5>0)", "KPI Heat 1")])
    # check: cohorts in all order lines vs rows of the table
    coh.text(f"A{chk}", "cohorts_found")
    coh.put(f"B{chk}", f"=ROWS({cohorts})", None, "int")
    coh.text(f"A{chk + 1}", "cohort_rows")
    coh.put(f"B{chk + 1}", f"=ROWS(A5:A{end})", None, "int")
    coh.text(f"A{chk + 2}", "orders_last")
    coh.put(f"B{chk + 2}", f'=LOOKUP(2;1/({O}$A$1:$A$1048576<>"");ROW({O}$A$1:$A$1048576))', None, "int")
    # exact duplicate lines (same customer, day, amount): counted once as activity by COHORT
    coh.text(f"A{chk + 3}", "dup_lines")
    coh.array(f"B{chk + 3}", forecast.duplicates(ids, dates, amounts), "int")
    coh.text(f"C{chk + 3}", "dup_note", "KPI Note")
    ok, short = book.t("cohort_ok"), book.t("cohort_short")
    coh.put(f"C{chk}", f'=IF(B{chk}>B{chk + 1};"{short}";"{ok}")', "KPI Note")
    coh.cf(f"B{chk}:C{chk}", [("FORMULA", f"$B${chk}>$B${chk + 1}", "KPI Missed")])
    coh.widths({"A": 44, "B": 22, **{column_name(2 + k): 20 for k in range(n)}})
    # chart data in hidden columns: a month a cohort has not reached yet is text "" there, which the
    # chart leaves out instead of drawing it as 0 % (COHORT's empty cells read as 0)
    h0 = 3 + n  # first hidden column index (one blank column after the table)
    hcols = [column_name(h0 + k) for k in range(n + 1)]
    coh.put(f"{hcols[0]}4", "")
    for k in range(n):
        coh.put(f"{hcols[1 + k]}4", f"={column_name(2 + k)}4")
    month_code = MONTH_FMT[book.lang].replace('"', '""')
    for r in range(5, end + 1):
        coh.put(f"{hcols[0]}{r}", f'=IF(ISNUMBER(A{r});TEXT(A{r};"{month_code}");"")')
        for k in range(n):
            src_cell = f"{column_name(2 + k)}{r}"
            coh.put(f"{hcols[1 + k]}{r}", f'=IF(ISNUMBER({src_cell})*({src_cell}<>"");{src_cell};"")', None, "pct0")
    for c in hcols:
        coh.s.getColumns().getByIndex(column_index(c)).IsVisible = False
    coh.fit()
    coh.chart("CohortCurves", f"A{chk + 4}", (170, 85),
              [(coh, f"{hcols[0]}4:{hcols[-1]}{end}")], "line", "chart_cohorts",
              rows_as_series=True, y_range=(0, 1))
    chart = coh.s.Charts.getByName("CohortCurves").EmbeddedObject
    chart.getFirstDiagram().IncludeHiddenCells = True
    # the cohort table analysts report most: cumulative revenue per cohort customer (COHORT "ltv"
    # over the order amounts), below the chart, from the same order lines
    top = LTV_TOP_ROW
    coh.text(f"A{top}", "ltv_title", "KPI Section")
    coh.header(f"A{top + 1}", ["cohort", "size"] + [D.text("month_n", book.lang).format(k) for k in range(n)])
    ltv_end = top + 1 + n
    coh.array(f"A{top + 2}:{last_col}{ltv_end}",
              f'=IF(ROW($A${top + 2}:$A${ltv_end})-{top + 1}<=$B${chk};'
              f'COHORT({ids};{dates};"month";{n};"ltv";{amounts});"")')
    coh.style(f"A{top + 2}:A{ltv_end}", fmt="month")
    coh.style(f"B{top + 2}:B{ltv_end}", fmt="int")
    coh.style(f"C{top + 2}:{last_col}{ltv_end}", fmt="money")
    coh.put(f"C{ltv_end + 1}", f"=C{chk}", "KPI Note")  # the same check under the second table
    coh.cf(f"C{ltv_end + 1}", [("FORMULA", f"$B${chk}>$B${chk + 1}", "KPI Missed")])
    coh.fit()

    # customer value
    val.title("value_title")
    V = D.VALUE
    inputs = [("rev_12m", V["revenue"], "money"), ("orders_12m", V["orders"], "int"),
              ("customers_12m", V["customers"], "int"), ("repeat_12m", V["repeat"], "int"),
              ("margin", V["margin"], "pct0"), ("discount", V["discount"], "pct0"), ("cac_in", V["cac"], "money")]
    for i, (key, value, fmt) in enumerate(inputs):
        val.text(f"A{5 + i}", key)
        val.put(f"B{5 + i}", value, "KPI Input", fmt)
    outputs = [("aov", "=AOV(B5;B6)", "money2"), ("arpu", "=ARPU(B5;B7)", "money2"),
               ("repeat_rate", "=REPEATRATE(B8;B7)", "pct1"), ("purchases", "=B6/B7", "ratio"),
               ("life_years", f"={R}B{s0 + 2}/12", "ratio"), ("clv", "=CLV(B13;B16;B17;B9)", "money2"),
               ("margin_month", "=B14/12*B9", "money2"), ("ret_month", f"=1-{R}B{s0}", "pct1"),
               ("clv_disc", "=CLVDISC(B19;B20;(1+B10)^(1/12)-1)", "money2"),
               ("ltv_cac", "=LTVCAC(B18;B11)", "ratio"), ("ltv_cac_disc", "=LTVCAC(B21;B11)", "ratio"),
               ("payback", "=PAYBACK(B11;B14/12;B9)", "ratio"), ("unit_margin", "=UNITMARGIN(B18;B11)", "money2")]
    for i, (key, formula, fmt) in enumerate(outputs):
        r = 13 + i
        val.text(f"A{r}", key)
        val.put(f"B{r}", formula, "KPI Key" if key in ("clv", "clv_disc", "ltv_cac", "payback") else None, fmt)
    val.text("A27", "goal_ltv", "KPI Note")
    val.cf("B22:B23", [("LESS", "3", "KPI Missed"), ("GREATER_EQUAL", "3", "KPI Good")])
    val.cf("B24", [("GREATER", "12", "KPI Missed"), ("LESS_EQUAL", "12", "KPI Good")])
    val.cf("B25", [("LESS", "0", "KPI Missed")])
    # chart data: CLV (simple), CLV (discounted), CAC
    val.header("D4", ["kpi", "value"], None)
    for i, (r, key) in enumerate(((18, "clv_short"), (21, "clv_disc_short"), (11, "cac_short"))):
        val.text(f"D{5 + i}", key)
        val.put(f"E{5 + i}", f"=B{r}", None, "money")
    val.widths({"A": 84, "B": 28, "C": 6, "D": 40, "E": 24})
    val.fit()
    val.chart("ValueVsCac", "D9", (110, 80), [(val, "D5:E7")], "column", "chart_value", legend=False,
              labels=True, headers=(False, True), colors=[SERIES[1]], y_range=(0, None))


# ---------------------------------------------------------------- 4. A/B test

def build_ab(book: Book) -> None:
    rep = book.sheet("sh_report")
    daily = book.sheet("sh_daily")
    Dd = book.ref("sh_daily")

    rows = D.ab_daily()
    daily.header("A1", ["day", "visitors_a", "conv_a", "visitors_b", "conv_b", "cum_a", "cum_b"], 16)
    for i, (day, va, ca, vb, cb) in enumerate(rows):
        r = 2 + i
        daily.put(f"A{r}", D.serial(day), "KPI Input", "day")
        daily.row(f"B{r}", [va, ca, vb, cb], "KPI Input", "int")
        daily.put(f"F{r}", f"=CONVRATE(SUM(C$2:C{r});SUM(B$2:B{r}))", None, "pct2")
        daily.put(f"G{r}", f"=CONVRATE(SUM(E$2:E{r});SUM(D$2:D{r}))", None, "pct2")
    last = 1 + len(rows)
    tot = daily.totals(2, last, "BCDE", lambda col: "int")
    daily.widths({"A": 36, **{c: 27 for c in "BCDEFG"}})
    daily.fit()
    daily.chart("DailyCumulative", "I2", (160, 85), [(daily, f"A1:A{last}"), (daily, f"F1:G{last}")], "line",
                "chart_cum", colors=[SERIES[0], SERIES[2]])

    rep.put("A1", D.TEMPLATES["ab-test-report"][book.lang], "KPI Title")
    rep.s.getRows().getByIndex(0).Height = 1000
    rep.text("A2", "input_note", "KPI Note")
    texts = D.AB_TEXT[book.lang]
    rep.text("A4", "test")
    rep.put("B4", texts["name"], "KPI Input")
    rep.text("A5", "hypothesis")
    rep.put("B5", texts["hypothesis"], "KPI Input")
    rep.text("A6", "metric")
    rep.put("B6", texts["metric"], "KPI Input")
    rep.text("A7", "period")
    rep.put("B7", f"={Dd}A2", None, "day")
    rep.put("C7", f"={Dd}A{last}", None, "day")

    st = D.AB_SETTINGS
    rep.text("A9", "settings", "KPI Section")
    for i, (key, value, fmt) in enumerate([("confidence", st["confidence"], "pct1"),
                                           ("baseline", st["baseline"], "pct1"), ("mde", st["mde"], "pct1"),
                                           ("power", st["power"], "pct1")]):
        rep.text(f"A{10 + i}", key)
        rep.put(f"B{10 + i}", value, "KPI Input", fmt)

    rep.text("A15", "results", "KPI Section")
    rep.header("A16", ["arm", "ab_visitors", "ab_conversions", "ab_rate", "ci_low", "ci_high"])
    for r, key, vcol, ccol in ((17, "arm_a", "B", "C"), (18, "arm_b", "D", "E")):
        rep.text(f"A{r}", key)
        rep.put(f"B{r}", f"={Dd}{vcol}{tot}", None, "int")
        rep.put(f"C{r}", f"={Dd}{ccol}{tot}", None, "int")
        rep.put(f"D{r}", f"=CONVRATE(C{r};B{r})", "KPI Key", "pct2")
        rep.array(f"E{r}:F{r}", f"=WILSONCI(C{r};B{r};$B$10)", "pct2")

    rep.text("A20", "comparison", "KPI Section")
    rep.text("E20", "ci_low", "KPI Header")
    rep.text("F20", "ci_high", "KPI Header")
    args = "C17;B17;C18;B18"
    yes, no = book.t("yes"), book.t("no")
    # one number of decimals per kind in the column: percentages 2, z and p-values 3
    lines = [("diff", "=D18-D17", "pct2"), ("lift", f"=ABLIFT({args})", "pct2"),
             ("z", f"=ABZSCORE({args})", "num3"), ("p", f"=ABPVALUE({args})", "num3"),
             ("significant", f'=IF(B24<1-B10;"{yes}";"{no}")', None),
             ("prob_best", f"=ABPROBBEST({args})", "pct2"), ("loss_b", f'=ABLOSS({args};"b")', "pct2"),
             ("loss_a", f'=ABLOSS({args};"a")', "pct2"), ("srm", "=SRMPVALUE(B17;B18)", "num3")]
    for i, (key, formula, fmt) in enumerate(lines):
        r = 21 + i
        rep.text(f"A{r}", key)
        rep.put(f"B{r}", formula, "KPI Key" if key in ("lift", "p") else None, fmt)
    rep.array("E21:F21", f"=ABCI({args};B10)", "pct2")
    rep.array("E22:F22", f"=ABLIFTCI({args};B10)", "pct2")
    srm_ok, srm_bad = book.t("srm_ok"), book.t("srm_bad")
    rep.put("C29", f'=IF(B29<0.01;"{srm_bad}";"{srm_ok}")')

    rep.text("A31", "planning", "KPI Section")
    rep.text("A32", "needed")
    rep.put("B32", "=ABSAMPLESIZE(B11;B12;1-B10;B13;1)", None, "int")
    rep.text("A33", "have")
    rep.put("B33", "=MIN(B17;B18)", None, "int")
    rep.text("A34", "reached")
    # shown truncated, never rounded up: 99.87 % reads 99.8 %, not a "100 %" flagged as not reached
    rep.put("B34", "=TRUNC(B33/B32;3)", "KPI Key", "pct1")

    rep.text("A36", "decision", "KPI Section")
    ship, keep, none, distrust, wait = (book.t(k) for k in ("ship_b", "keep_a", "no_winner", "dont_trust",
                                                            "not_reached"))
    # no call before the planned sample: peeking at p early inflates false winners
    rep.put("B36", f'=IF(B29<0.01;"{distrust}";IF(B34<1;"{wait}";IF(AND(B24<1-B10;B22>0);"{ship}";'
                   f'IF(B24<1-B10;"{keep}";"{none}"))))', "KPI Key")
    rep.cf("B24", [("LESS", "1-$B$10", "KPI Good")])
    rep.cf("B25", [("EQUAL", f'"{yes}"', "KPI Good"), ("EQUAL", f'"{no}"', "KPI Warn")])
    rep.cf("C29", [("EQUAL", f'"{srm_bad}"', "KPI Missed"), ("EQUAL", f'"{srm_ok}"', "KPI Good")])
    rep.cf("B34", [("LESS", "1", "KPI Warn"), ("GREATER_EQUAL", "1", "KPI Good")])
    rep.cf("B36", [("EQUAL", f'"{ship}"', "KPI Good"), ("EQUAL", f'"{distrust}"', "KPI Missed"),
                   ("NOT_EQUAL", '""', "KPI Warn")])
    rep.widths({"A": 66, "B": 30, "C": 30, "D": 24, "E": 22, "F": 22, "G": 6})
    rep.fit()
    rep.chart("Rates", "H4", (120, 70), [(rep, "A16:A18"), (rep, "D16:D18")], "column", "chart_rates",
              legend=False, labels=True, colors=[SERIES[0]], y_range=(0, None))
    rep.chart("Cumulative", "H20", (120, 75), [(daily, f"A1:A{last}"), (daily, f"F1:G{last}")], "line",
              "chart_cum", colors=[SERIES[0], SERIES[2]])
    build_ab_three(book)


# ---------------------------------------------------------------- dashboard: customer satisfaction

def build_satisfaction(book: Book, dash: Sheet, top: int) -> None:
    """NPS with its interval and CSAT on the dashboard, from a Survey sheet of one answer per row."""
    sv = book.sheet("sh_survey")
    S = book.ref("sh_survey")
    rows = D.survey()
    sv.title("survey_title", "survey_note")
    sv.header("A4", ["nps_answer", "csat_answer"], 16)
    sv.cell(f"A5:B{4 + len(rows)}").setDataArray(tuple((float(a), float(b)) for a, b in rows))
    sv.style(f"A5:B{4 + len(rows)}", "KPI Input", "int")
    # rows 5 … the last filled row of each column (one LOOKUP over the column): pasted answers count
    # however many there are, and the headers and notes above are never read as answers
    sv.text("D17", "survey_last")  # runs on into the empty cells beside it; the rows below it
    sv.put("E18", '=LOOKUP(2;1/($A$1:$A$1048576<>"");ROW($A$1:$A$1048576))', None, "int")
    sv.put("F18", '=LOOKUP(2;1/($B$1:$B$1048576<>"");ROW($B$1:$B$1048576))', None, "int")
    sv.header("D4", ["nps_score", "answers"], 16)
    for k in range(11):
        sv.put(f"D{5 + k}", k, None, "int")
        sv.put(f"E{5 + k}", f"=COUNTIF(OFFSET($A$5;0;0;MAX(1;$E$18-4);1);D{5 + k})", None, "int")
    sv.widths({"A": 34, "B": 34, "C": 6, "D": 20, "E": 24})
    sv.fit()
    sv.chart("NpsDistribution", "G4", (130, 75), [(sv, "D5:D15"), (sv, "E5:E15")], "column", "chart_nps_dist",
             legend=False, labels=True, colors=[SERIES[0]], headers=(False, True))
    nps_rng = f"OFFSET({S}$A$5;0;0;MAX(1;{S}$E$18-4);1)"
    csat_rng = f"OFFSET({S}$B$5;0;0;MAX(1;{S}$F$18-4);1)"

    dash.text(f"A{top}", "satisfaction", "KPI Section")
    # two narrow tables side by side: the block must still fit on the dashboard's first printed page
    dash.header(f"A{top + 1}", ["kpi", "value", "ci_low", "ci_high", "kpi", "", "value"])
    dash.text(f"A{top + 2}", "nps")
    dash.put(f"B{top + 2}", f"=NPS({nps_rng})*100", "KPI Key", "num1")
    dash.array(f"C{top + 2}:D{top + 2}", f"=NPSCI({nps_rng};B{top + 4})*100", "num1")
    dash.text(f"A{top + 3}", "csat")
    dash.put(f"B{top + 3}", f"=CSAT({csat_rng})", "KPI Key", "pct1")
    dash.text(f"A{top + 4}", "confidence")
    dash.put(f"B{top + 4}", 0.95, "KPI Input", "pct1")
    dash.text(f"E{top + 2}", "promoters")
    dash.put(f"G{top + 2}", f'=COUNTIF({nps_rng};">=9")/COUNT({nps_rng})', None, "pct1")
    dash.text(f"E{top + 3}", "detractors")
    dash.put(f"G{top + 3}", f'=COUNTIF({nps_rng};"<=6")/COUNT({nps_rng})', None, "pct1")
    dash.text(f"E{top + 4}", "answers")
    dash.put(f"G{top + 4}", f"=COUNT({nps_rng})", None, "int")
    dash.cf(f"B{top + 2}", [("LESS", "0", "KPI Missed"), ("GREATER_EQUAL", "0", "KPI Good")])


# ---------------------------------------------------------------- A/B test: three variants

def build_ab_three(book: Book) -> None:
    """2 to 20 arms (the sample: three), revenue per visitor the primary metric: Welch p-values vs the
    first arm (the control), Holm-adjusted, and a decision that waits for the planned sample, distrusts
    a broken traffic split and names the winning arm by formula. One ordinary formula per cell (INDEX
    of ABPROBBESTN / PADJUST over the filled rows), so an arm is added by typing it into the next row."""
    sh = book.sheet("sh_three")
    sh.title("three_title", "three_note")
    sh.text("A4", "confidence")
    sh.put("B4", D.AB3_CONFIDENCE, "KPI Input", "pct1")
    sh.text("A5", "planned_arm")
    sh.put("B5", D.AB3_PLANNED, "KPI Input", "int")
    n = D.AB_ARM_ROWS
    first, last = 8, 7 + n            # arms table rows
    sh.text("A6", "arms_n")
    sh.put("B6", f'=SUMPRODUCT((A{first}:A{last}<>"")*1)', None, "int")
    # check: the arms must be consecutive from the first row, 2 to n of them
    ok, short = book.t("ab_ok"), book.t("ab_short")
    sh.put("C6", f'=IF(AND(B6>=2;B6<={n};COUNTA(OFFSET(A{first};0;0;MAX(1;B6);1))=B6);"{ok}";"{short}")',
           "KPI Note")
    sh.cf("B6:C6", [("FORMULA", f'$C$6="{short}"', "KPI Missed")])

    sh.header("A7", ["arm", "ab_visitors", "ab_orders", "rpv_mean", "rpv_sd", "ab_rate", "p_best_conv",
                     "arm_reached"], 16)
    sh.style(f"A{first}:E{last}", "KPI Input")
    sh.style(f"B{first}:C{last}", fmt="int")
    sh.style(f"D{first}:E{last}", fmt="money2")
    for i, (key, visitors, orders, mean, sd) in enumerate(D.AB3_ARMS):
        r = first + i
        sh.text(f"A{r}", key, "KPI Input")
        sh.row(f"B{r}", [visitors, orders], "KPI Input", "int")
        sh.row(f"D{r}", [mean, sd], "KPI Input", "money2")
    arms = lambda col: f"OFFSET(${col}${first};0;0;MAX(1;$B$6);1)"  # noqa: E731  the filled rows
    for r in range(first, last + 1):
        sh.put(f"F{r}", f'=IF($A{r}="";"";CONVRATE(C{r};B{r}))', None, "pct2")
        sh.put(f"G{r}", f'=IF($A{r}="";"";INDEX(ABPROBBESTN({arms("C")};{arms("B")});ROW()-ROW($G${first - 1})))',
               None, "pct1")
        sh.put(f"H{r}", f'=IF($A{r}="";"";B{r}/$B$5)', None, "pct0")
    sh.cf(f"H{first}:H{last}", [("FORMULA", f'AND(H{first}<>"";H{first}<1)', "KPI Warn"),
                                ("FORMULA", f'AND(H{first}<>"";H{first}>=1)', "KPI Good")])
    sh.text(f"A{last + 1}", "ab_rows_note", "KPI Note")

    top = last + 3                      # the comparisons with the control: one row per other arm
    sh.text(f"A{top}", "vs_control", "KPI Section")
    sh.header(f"A{top + 1}", ["arm", "rel_lift", "ci_low", "ci_high", "p_welch", "p_holm", "beats_a"], 16)
    yes, no = book.t("yes"), book.t("no")
    c0, c1 = top + 2, top + n           # rows of arms 2 … n
    ctrl = f"$D${first};$E${first};$B${first}"
    pw = f"OFFSET($E${c0};0;0;MAX(1;$B$6-1);1)"
    for r in range(c0, c1 + 1):
        src = r - c0 + first + 1
        on = f'$A{src}=""'
        arm = f"{ctrl};D{src};E{src};B{src}"
        sh.put(f"A{r}", f'=IF({on};"";A{src})')
        sh.put(f"B{r}", f'=IF({on};"";D{src}/$D${first}-1)', "KPI Key", "pct2")
        sh.put(f"C{r}", f'=IF({on};"";INDEX(ABMEANCI({arm};$B$4;1);1;1))', None, "pct2")
        sh.put(f"D{r}", f'=IF({on};"";INDEX(ABMEANCI({arm};$B$4;1);1;2))', None, "pct2")
        sh.put(f"E{r}", f'=IF({on};"";ABTTEST({arm}))', None, "p4")
        sh.put(f"F{r}", f'=IF({on};"";INDEX(PADJUST({pw};"holm");ROW()-ROW($F${c0 - 1})))', None, "p4")
        sh.put(f"G{r}", f'=IF({on};"";IF(AND(F{r}<1-$B$4;B{r}>0);"{yes}";"{no}"))')
    sh.cf(f"F{c0}:F{c1}", [("FORMULA", f'AND(F{c0}<>"";F{c0}<1-$B$4)', "KPI Good")])
    sh.cf(f"G{c0}:G{c1}", [("EQUAL", f'"{yes}"', "KPI Good")])

    srm_ok, srm_bad = book.t("srm_ok"), book.t("srm_bad")
    s0 = c1 + 2
    sh.text(f"A{s0}", "srm_three")
    sh.put(f"B{s0}", f'=SRMPVALUEN({arms("B")})', None, "p4")
    sh.put(f"C{s0}", f'=IF(B{s0}<{D.AB3_SRM_LIMIT};"{srm_bad}";"{srm_ok}")')
    sh.cf(f"C{s0}", [("EQUAL", f'"{srm_bad}"', "KPI Missed"), ("EQUAL", f'"{srm_ok}"', "KPI Good")])
    sh.text(f"A{s0 + 1}", "all_reached")
    sh.put(f"B{s0 + 1}", f'=IF(MIN({arms("B")})>=B5;"{yes}";"{no}")')
    sh.cf(f"B{s0 + 1}", [("EQUAL", f'"{yes}"', "KPI Good"), ("EQUAL", f'"{no}"', "KPI Warn")])

    wait, split, none, keep = (book.t(k) for k in ("d3_wait", "d3_split", "d3_none", "d3_keep_a"))
    before, after = book.t("d3_ship").split("{}")
    d0 = s0 + 3
    sh.text(f"A{d0}", "decision", "KPI Section")
    # the winner: among the arms better than the control, the one with the highest mean (by formula,
    # whatever the arms are called); one cell, entered as a 1×1 array formula for the IF over the rows
    better = f'IF(G{c0}:G{c1}="{yes}";B{c0}:B{c1};"")'
    winner = f'INDEX(A{c0}:A{c1};MATCH(MAX({better});{better};0))'
    # peeking before the planned sample inflates false winners; a broken split makes every p-value suspect
    sh.array(f"B{d0}", f'=IF(C6="{short}";"{short}";IF(B{s0 + 1}="{no}";"{wait}";IF(B{s0}<{D.AB3_SRM_LIMIT};"{split}";'
                       f'IF(COUNTIF(G{c0}:G{c1};"{yes}")>0;"{before}"&{winner}&"{after}";'
                       f'IF(COUNTIF(F{c0}:F{c1};"<"&(1-B4))>0;"{keep}";"{none}")))))', None, "KPI Key")
    sh.cf(f"B{d0}", [("EQUAL", f'"{split}"', "KPI Missed"), ("EQUAL", f'"{short}"', "KPI Missed"),
                     ("EQUAL", f'"{wait}"', "KPI Warn"), ("EQUAL", f'"{none}"', "KPI Warn"),
                     ("EQUAL", f'"{keep}"', "KPI Warn"), ("NOT_EQUAL", '""', "KPI Good")])
    sh.widths({"A": 62, **{c: 26 for c in "BCDEFGH"}, "I": 6})
    sh.fit()
    sh.chart("RevenuePerVisitor", "J4", (120, 70), [(sh, f"A7:A{last}"), (sh, f"D7:D{last}")], "column",
             "chart_rpv", legend=False, labels=True, colors=[SERIES[1]], y_range=(0, None))
    sh.chart("ProbBest", "J4", (120, 70), [(sh, f"A7:A{last}"), (sh, f"G7:G{last}")], "column", "chart_pbest",
             legend=False, labels=True, colors=[SERIES[0]], y_range=(0, 1), dy_mm=76)


BUILDERS = {
    "marketing-kpi-dashboard": build_dashboard,
    "funnel-lead-cost": build_funnel,
    "retention-customer-value": build_retention,
    "ab-test-report": build_ab,
}


def group_names_xml() -> str:
    items = "\n".join(f' <groupuinames:template-group groupuinames:name="{folder}" '
                      f'groupuinames:default-ui-name="{ui}"/>' for folder, ui in D.GROUPS.values())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<groupuinames:template-group-list xmlns:groupuinames="http://openoffice.org/2006/groupuinames">\n'
            f"{items}\n</groupuinames:template-group-list>\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--oxt", type=Path, default=ROOT / "build" / "kpicalc.oxt")
    ap.add_argument("--out", type=Path, default=ROOT / "templates")
    ap.add_argument("--pdf", type=Path, help="also export every template as PDF into this folder")
    ap.add_argument("--only", nargs="*", help="template stems to build (default: all)")
    args = ap.parse_args(argv)

    profile = Profile(args.oxt)
    office = Office(profile)
    try:
        for lang in D.LANGS:
            folder = args.out / D.GROUPS[lang][0]
            for stem, build in BUILDERS.items():
                if args.only and stem not in args.only:
                    continue
                book = Book(office, lang)
                try:
                    build(book)
                    title = D.TEMPLATES[stem][lang]
                    book.finish(title, title)
                    errors = count_formula_cells(book.doc)[1]
                    if errors:
                        raise SystemExit(f"{lang}/{stem}: cells in error: {', '.join(errors[:10])}")
                    for p in book.save(folder / f"{stem}.ots", args.pdf):
                        print(f"wrote {p}")
                finally:
                    book.close()
        for p in forecast.write_all(office, Book, args.out, args.pdf, args.only, count_formula_cells):
            print(f"wrote {p}")
        (args.out / "groupuinames.xml").write_text(group_names_xml(), encoding="utf-8")
    finally:
        office.close()
        profile.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
