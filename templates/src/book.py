"""Book and Sheet: the small builder every bundled Calc template is written with.

A Book is a new Calc document in a live headless Calc with the extension installed
(kpitools.office); a Sheet adds titles, styled tables, formulas, conditional formats,
charts and print settings in the book's language. One module per template uses them
(dashboard, funnel, retention, ab, forecast); make_templates.py runs them all.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # kpitools
import template_data as D  # noqa: E402
from kpitools.cells import column_index, column_name  # noqa: E402
from kpitools.office import prop  # noqa: E402
from kpitools.sheets import FILTERS, store  # noqa: E402

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
    "date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM",
}
# Money in the currency of the user's LibreOffice locale (Tools ▸ Options ▸ Language Settings ▸
# Languages ▸ Locale setting), whatever the template's language: a currency format of the "system"
# locale (an empty Locale). Calc saves its symbol as an empty <number:currency-symbol/> and, on
# loading, puts the symbol of the locale it runs in there (NT$ in zh-TW, HK$ in zh-HK, ￥ in zh-CN,
# $ in en-US). The code is written with the symbol of the locale the templates are built in, which
# make_templates.py pins to BUILD_LOCALE.
BUILD_LOCALE = "en-US"
MONEY = {"money": "$#,##0", "money2": "$#,##0.00"}
MONTH_FMT = {"en": "MMM YYYY", "zh-CN": 'YYYY"年"M"月"', "zh-TW": 'YYYY"年"M"月"'}
DATE_FMT = {"en": "MMM D, YYYY", "zh-CN": 'YYYY"年"M"月"D"日"', "zh-TW": 'YYYY"年"M"月"D"日"'}
LOCALES = {"en": ("en", "US"), "zh-CN": ("zh", "CN"), "zh-TW": ("zh", "TW")}
FIT_SPARE = 150  # 1/100 mm beyond Calc's optimal width: room for a slightly wider font elsewhere


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
        if name in MONEY:
            return self._money(MONEY[name])
        code = {"month": MONTH_FMT[self.lang], "day": DATE_FMT[self.lang]}.get(name) or FORMATS[name]
        if code not in self._formats:
            nf = self.doc.NumberFormats
            key = nf.queryKey(code, self.en_us, False)
            self._formats[code] = key if key != -1 else nf.addNew(code, self.en_us)
        return self._formats[code]

    def _money(self, code: str) -> int:
        """A currency format of the system locale (see MONEY): follows the user's locale."""
        if code not in self._formats:
            from com.sun.star.util.NumberFormat import CURRENCY
            nf, system = self.doc.NumberFormats, Locale()
            key = nf.queryKey(code, system, False)
            key = key if key != -1 else nf.addNew(code, system)
            got = nf.getByKey(key)
            if not got.Type & CURRENCY or got.Locale.Language:
                raise SystemExit(f"{code!r} is not a currency of the system locale here ({got.FormatString}): "
                                 f"build the templates in a profile whose locale is {BUILD_LOCALE}")
            self._formats[code] = key
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

    ONE_PAGE = "KPI One page"

    def _page_setup(self) -> None:
        styles = self.doc.StyleFamilies.getByName("PageStyles")
        one = self.doc.createInstance("com.sun.star.style.PageStyle")
        styles.insertByName(self.ONE_PAGE, one)
        for page, tall in ((styles.getByName("Default"), 0), (one, 1)):
            page.IsLandscape = True
            page.Width, page.Height = 29700, 21000
            page.LeftMargin = page.RightMargin = 1200
            page.TopMargin = page.BottomMargin = 1200
            page.ScaleToPagesX, page.ScaleToPagesY = 1, tall
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

    def one_page(self) -> None:
        """Print the sheet on one page (scaled to fit): a report whose fixed-size tables would
        otherwise leave their last rows alone on a second page."""
        self.s.PageStyle = Book.ONE_PAGE

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
              series_labels: list[str] | None = None, legend_right: bool = False) -> None:
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
                chart.Legend.Alignment = uno.Enum("com.sun.star.chart.ChartLegendPosition",
                                                  "RIGHT" if legend_right else "BOTTOM")
                chart.Legend.Expansion = uno.Enum("com.sun.star.chart.ChartLegendExpansion",
                                                  "HIGH" if legend_right else "WIDE")
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
