"""The "Channel attribution" template: a raw touch log → customer journeys (PATHS) → the conversions and
revenue each channel earns under five models side by side (ATTRIBUTION) → MROI per channel on each
model's credited revenue (MROITABLE), with one sentence per model on what it assumes."""
from __future__ import annotations

import uno

import template_data as D
from book import FIT_SPARE, SERIES, Book, column_name, measure

MODELS = ("first", "last", "linear", "position", "markov")

# the Attribution sheet
MARGIN = "B4"
MODEL_HEAD = 7           # model names (row 7), conversions / revenue (row 8)
FIRST_CH = 9             # channel rows FIRST_CH … LAST_CH
LAST_CH = FIRST_CH + D.ATTR_CHANNEL_ROWS - 1
TOTAL = LAST_CH + 1
CH_FOUND = TOTAL + 1     # channels found (B) and the check sentence (C)
CH_ROWS = TOTAL + 2
PATHS_CHK = TOTAL + 3    # paths found (B) and the Paths sheet's check sentence (C)
MROI_HEAD = PATHS_CHK + 3
MROI_FIRST = MROI_HEAD + 1
MROI_LAST = MROI_FIRST + D.ATTR_CHANNEL_ROWS - 1
MROI_ALL = MROI_LAST + 1
NO_SPEND = MROI_ALL + 1
ASSUME = NO_SPEND + 3    # section title; the five sentences below it
SPEND_COL, SPEND_VAL = "M", "N"  # the spend table (inputs), rows FIRST_CH … LAST_CH
# the Paths sheet
LAST_ROW, PATHS_FOUND, PATH_ROWS = "B4", "B5", "B6"
PATH_HEAD = 7
PATH_FIRST = 8
PATH_LAST = PATH_FIRST + D.ATTR_PATH_ROWS - 1

CONV_COLS = ["B", "D", "F", "H", "J"]  # conversions of each model; its revenue in the column after


def q(text: str) -> str:
    """A text as a formula's string literal content (quotes doubled)."""
    return text.replace('"', '""')


def touch_ranges(book: Book) -> tuple[str, str, str, str, str]:
    """The Touches sheet's columns from row 2 down to the last filled row of column A (empty lines inside
    are skipped by PATHS); a time pasted as text ("2025-04-01 09:30") is read as its date-time."""
    T, P = book.ref("sh_touches"), book.ref("sh_paths")
    ids, chs, times, conv, vals = (f"OFFSET({T}${c}$2;0;0;MAX(1;{P}${LAST_ROW[0]}${LAST_ROW[1:]}-1);1)"
                                   for c in "ABCDE")
    times = f'IF(ISTEXT({times});VALUE({times});IF({times}="";"";{times}))'
    return ids, chs, times, conv, vals


def paths_expr(book: Book) -> str:
    return "PATHS({};{};{};{};{})".format(*touch_ranges(book))


def listed(book: Book) -> list[str]:
    """The Paths sheet's columns (path, conversions, revenue, nulls), as many rows as PATHS found."""
    P = book.ref("sh_paths")
    return [f"OFFSET({P}${c}${PATH_FIRST};0;0;MAX(1;{P}${PATHS_FOUND[0]}${PATHS_FOUND[1:]});1)" for c in "ABCD"]


def attribution_expr(book: Book, model: str, names: bool = False) -> str:
    return f'ATTRIBUTION({";".join(listed(book))};"{model}";;{1 if names else 0})'


def build_attribution(book: Book) -> None:
    rep = book.sheet("sh_attribution")
    paths = book.sheet("sh_paths")
    touches = book.sheet("sh_touches")
    T = book.ref("sh_touches")

    # Touches: the raw log, inputs (no fit(): measuring 45,000 rows cell by cell takes minutes)
    rows = D.touches(book.lang)
    touches.header("A1", ["touch_journey", "touch_channel", "touch_time", "touch_conv", "touch_value"], None)
    end = 1 + len(rows)
    touches.cell(f"A2:E{end}").setDataArray(tuple((float(j), c, t, float(k), v) for j, c, t, k, v in rows))
    touches.style(f"A2:E{end}", "KPI Input")
    touches.style(f"A2:A{end}", fmt="int")
    touches.style(f"C2:C{end}", fmt="datetime")
    touches.style(f"D2:D{end}", fmt="int")
    touches.style(f"E2:E{end}", fmt="money2")
    touches.widths({"A": 26, "B": 40, "C": 40, "D": 30, "E": 26})
    touches.s.setPrintAreas(())  # a data sheet: not part of the printed report

    # Paths: every distinct path with its conversions, revenue and journeys without conversion
    paths.title("paths_title", "paths_note")
    paths.text("A4", "touches_last")
    paths.put(LAST_ROW, f'=LOOKUP(2;1/({T}$A$1:$A$1048576<>"");ROW({T}$A$1:$A$1048576))', None, "int")
    p = paths_expr(book)
    paths.text("A5", "paths_found")
    paths.array(PATHS_FOUND, f"=ROWS({p})", "int")  # an array formula: the times' IF reads every row
    paths.text("A6", "path_rows")
    paths.put(PATH_ROWS, f"=ROWS(A{PATH_FIRST}:A{PATH_LAST})", None, "int")
    ok = q(book.t("paths_ok"))
    before, middle, after = q(book.t("paths_short")).split("{}")
    paths.put("C5", f'=IF({PATHS_FOUND}>{PATH_ROWS};"{before}"&TEXT({PATH_ROWS};"#,##0")&"{middle}"'
                    f'&({PATHS_FOUND}+{PATH_FIRST - 1})&"{after}";"{ok}")', "KPI Note")
    paths.cf("B5:C5", [("FORMULA", f"${PATHS_FOUND[0]}${PATHS_FOUND[1:]}>${PATH_ROWS[0]}${PATH_ROWS[1:]}",
                        "KPI Missed")])
    paths.header(f"A{PATH_HEAD}", ["path", "conversions", "touch_value", "path_nulls"], 12)
    fill = f"ROW($A${PATH_FIRST}:$A${PATH_LAST})-{PATH_FIRST - 1}<=${PATHS_FOUND[0]}${PATHS_FOUND[1:]}"
    paths.widths({"A": 90, "B": 26, "C": 30, "D": 30})
    paths.fit()  # before the list (see below)
    paths.array(f"A{PATH_FIRST}:D{PATH_LAST}", f'=IF({fill};{p};"")')
    paths.style(f"B{PATH_FIRST}:B{PATH_LAST}", fmt="int")
    paths.style(f"C{PATH_FIRST}:C{PATH_LAST}", fmt="money")
    paths.style(f"D{PATH_FIRST}:D{PATH_LAST}", fmt="int")
    # fit() would read the 10,000 × 4 cells one by one (minutes): the longest sample paths decide column A,
    # the rest is fitted on the rows above the list
    longest = sorted({" > ".join(c for c in path) for path in D.sample_paths(book.lang)}, key=len)[-12:]
    width = measure(book.scratch(), [(paths.cell(f"A{PATH_FIRST}"), t) for t in longest]) + FIT_SPARE
    col_a = paths.s.getColumns().getByIndex(0)
    col_a.Width = max(width, col_a.Width)
    paths.s.setPrintAreas((paths.cell(f"A1:D{PATH_FIRST + 49}").getRangeAddress(),))

    # Attribution: the five models side by side
    rep.title("attr_title", "attr_note")
    rep.text("A4", "attr_margin")
    rep.put(MARGIN, D.ATTR_MARGIN, "KPI Input", "pct0")
    rep.text("A6", "attr_models", "KPI Section")
    rep.header(f"A{MODEL_HEAD}", ["channel"] + [x for m in MODELS for x in (f"m_{m}", None)], 10)
    rep.header(f"A{MODEL_HEAD + 1}", [""] + ["conversions", "touch_value"] * len(MODELS), 10)
    for col in CONV_COLS:
        nxt = column_name(ord(col) - ord("A") + 1)
        rep.cell(f"{col}{MODEL_HEAD}:{nxt}{MODEL_HEAD}").merge(True)
        rep.cell(f"{col}{MODEL_HEAD}").HoriJustify = uno.Enum(
            "com.sun.star.table.CellHoriJustify", "CENTER")
    found = f"$B${CH_FOUND}"
    fill = f"ROW($A${FIRST_CH}:$A${LAST_CH})-{FIRST_CH - 1}<={found}"
    for i, (model, col) in enumerate(zip(MODELS, CONV_COLS)):
        first = "A" if i == 0 else col
        last = column_name(ord(col) - ord("A") + 1)
        rep.array(f"{first}{FIRST_CH}:{last}{LAST_CH}", f'=IF({fill};{attribution_expr(book, model, i == 0)};"")')
        rep.style(f"{col}{FIRST_CH}:{col}{LAST_CH}", fmt="num1")
        rep.style(f"{last}{FIRST_CH}:{last}{LAST_CH}", fmt="money")
    # every model's credits add up to all conversions and revenue of the log: the totals, also of
    # channels beyond the rows shown
    rep.text(f"A{TOTAL}", "total", "KPI Total")
    _, _, _, conv, vals = touch_ranges(book)
    for i, col in enumerate(CONV_COLS):
        last = column_name(ord(col) - ord("A") + 1)
        rep.put(f"{col}{TOTAL}", f"=SUM({conv})", "KPI Total", "num1")
        rep.put(f"{last}{TOTAL}", f"=SUM({vals})", "KPI Total", "money")
    # check: channels in the log vs rows of the tables
    p_cols = listed(book)
    rep.text(f"A{CH_FOUND}", "channels_found")
    rep.put(f"B{CH_FOUND}", f'=ROWS(ATTRIBUTION({p_cols[0]};{p_cols[1]};;;"first"))', None, "int")
    rep.text(f"A{CH_ROWS}", "channel_rows")
    rep.put(f"B{CH_ROWS}", f"=ROWS(A{FIRST_CH}:A{LAST_CH})", None, "int")
    ok, short = q(book.t("attr_ch_ok")), q(book.t("attr_ch_short"))
    rep.put(f"C{CH_FOUND}", f'=IF(B{CH_FOUND}>B{CH_ROWS};"{short}";"{ok}")', "KPI Note")
    rep.cf(f"B{CH_FOUND}:C{CH_FOUND}", [("FORMULA", f"$B${CH_FOUND}>$B${CH_ROWS}", "KPI Missed")])
    # the Paths sheet's check here too: the models read its list
    P = book.ref("sh_paths")
    rep.text(f"A{PATHS_CHK}", "paths_found")
    rep.put(f"B{PATHS_CHK}", f"={P}{PATHS_FOUND}", None, "int")
    rep.put(f"C{PATHS_CHK}", f"={P}C5", "KPI Note")
    rep.cf(f"B{PATHS_CHK}:C{PATHS_CHK}", [("FORMULA", f"{P}${PATHS_FOUND[0]}${PATHS_FOUND[1:]}>"
                                                      f"{P}${PATH_ROWS[0]}${PATH_ROWS[1:]}", "KPI Missed")])

    # the spend table: one row per channel, by name (inputs)
    rep.put(f"{SPEND_COL}{MODEL_HEAD - 1}", book.t("attr_spend_title"), "KPI Section")
    rep.header(f"{SPEND_COL}{MODEL_HEAD + 1}", ["channel", "spend"], None)
    for i, row in enumerate(D.ATTR_CHANNELS):
        r = FIRST_CH + i
        rep.put(f"{SPEND_COL}{r}", D.attr_channel(row[0], book.lang), "KPI Input")
        rep.put(f"{SPEND_VAL}{r}", row[5], "KPI Input", "money")
    rep.style(f"{SPEND_COL}{FIRST_CH + len(D.ATTR_CHANNELS)}:{SPEND_VAL}{LAST_CH}", "KPI Input")
    rep.style(f"{SPEND_VAL}{FIRST_CH + len(D.ATTR_CHANNELS)}:{SPEND_VAL}{LAST_CH}", fmt="money")
    rep.text(f"{SPEND_COL}{TOTAL}", "total", "KPI Total")
    rep.put(f"{SPEND_VAL}{TOTAL}", f"=SUM({SPEND_VAL}{FIRST_CH}:{SPEND_VAL}{LAST_CH})", "KPI Total", "money")
    rep.text(f"{SPEND_COL}{CH_FOUND}", "attr_spend_note", "KPI Note")
    names = f"${SPEND_COL}${FIRST_CH}:${SPEND_COL}${LAST_CH}"
    amounts = f"${SPEND_VAL}${FIRST_CH}:${SPEND_VAL}${LAST_CH}"

    # MROI per channel and model: MROITABLE on each model's credited revenue and the channel's spend
    rep.text(f"A{MROI_HEAD - 1}", "attr_mroi", "KPI Section")
    rep.header(f"A{MROI_HEAD}", ["channel", "spend"] + [f"m_{m}" for m in MODELS], 16)
    for r in range(MROI_FIRST, MROI_LAST + 1):
        src = FIRST_CH + r - MROI_FIRST
        rep.put(f"A{r}", f'=IF(A{src}="";"";A{src})')
        rep.put(f"B{r}", f'=IF(A{r}="";"";SUMIF({names};A{r};{amounts}))', None, "money")
    ch = f"$A${MROI_FIRST}:$A${MROI_LAST}"
    spend = f"$B${MROI_FIRST}:$B${MROI_LAST}"
    mfill = f"ROW($A${MROI_FIRST}:$A${MROI_LAST})-{MROI_FIRST - 1}<=MIN({found};$B${CH_ROWS})"
    for i, col in enumerate(CONV_COLS):
        out = column_name(2 + i)
        rev = column_name(ord(col) - ord("A") + 1)
        revenue = f"${rev}${FIRST_CH}:${rev}${LAST_CH}"
        rep.array(f"{out}{MROI_FIRST}:{out}{MROI_LAST}",
                  f'=IF({mfill};INDEX(MROITABLE({ch};{revenue};{spend};{MARGIN});0;3);"")', "pct0")
    rep.text(f"A{MROI_ALL}", "attr_all", "KPI Total")
    rep.put(f"B{MROI_ALL}", f"=SUM(B{MROI_FIRST}:B{MROI_LAST})", "KPI Total", "money")
    for i, col in enumerate(CONV_COLS):
        rev = column_name(ord(col) - ord("A") + 1)
        rep.put(f"{column_name(2 + i)}{MROI_ALL}", f"=MROI({rev}{TOTAL};B{MROI_ALL};{MARGIN})", "KPI Total",
                "pct0")
    rep.cf(f"C{MROI_FIRST}:G{MROI_ALL}", [("FORMULA", f'ISNUMBER(C{MROI_FIRST})*(C{MROI_FIRST}<0)', "KPI Missed")])
    # check: channels of the log without a row in the spend table (their MROI is #DIV/0!)
    rep.text(f"A{NO_SPEND}", "spend_missing")
    rep.put(f"B{NO_SPEND}", f'=SUMPRODUCT((A{MROI_FIRST}:A{MROI_LAST}<>"")*'
                            f'(COUNTIF({names};A{MROI_FIRST}:A{MROI_LAST})=0))', None, "int")
    rep.put(f"C{NO_SPEND}", f'=IF(B{NO_SPEND}>0;"{q(book.t("spend_missing_note"))}";"")', "KPI Note")
    rep.cf(f"B{NO_SPEND}:C{NO_SPEND}", [("FORMULA", f"$B${NO_SPEND}>0", "KPI Missed")])

    # one sentence per model on what it assumes
    rep.text(f"A{ASSUME}", "attr_assume", "KPI Section")
    for i, model in enumerate(MODELS):
        r = ASSUME + 1 + i
        rep.text(f"A{r}", f"m_{model}", "KPI Total")
        rep.cell(f"A{r}").VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "TOP")
        rep.text(f"B{r}", f"assume_{model}")
        rng = rep.cell(f"B{r}:K{r}")
        rng.merge(True)
        rep.cell(f"B{r}").IsTextWrapped = True
        rep.cell(f"B{r}").VertJustify = uno.Enum("com.sun.star.table.CellVertJustify", "TOP")
        rep.s.getRows().getByIndex(r - 1).Height = 1000

    rep.widths({"A": 44, **{c: 22 for c in "BCDEFGHIJK"}, "L": 6, SPEND_COL: 40, SPEND_VAL: 26})
    rep.fit()
    for i, model in enumerate(MODELS):  # fit() measured the merged sentences as if they had one column
        # the Markov sentence runs to three lines in Chinese
        rep.s.getRows().getByIndex(ASSUME + i).Height = 1500 if model == "markov" else 1000
    charts = ASSUME + len(MODELS) + 2
    conv_series = [(rep, f"{c}{MODEL_HEAD + 1}:{c}{LAST_CH}") for c in CONV_COLS]
    rep.chart("CreditedConversions", f"A{charts}", (200, 85), [(rep, f"A{MODEL_HEAD + 1}:A{LAST_CH}")] + conv_series,
              "column", "chart_attr_conv", series_labels=[f"{c}{MODEL_HEAD}" for c in CONV_COLS])
    rep.chart("MroiByModel", f"A{charts}", (200, 85), [(rep, f"A{MROI_HEAD}:A{MROI_LAST}"),
                                                       (rep, f"C{MROI_HEAD}:G{MROI_LAST}")],
              "column", "chart_attr_mroi", dx_mm=206)
    rep.chart("LastVsMarkov", f"{SPEND_COL}{MROI_HEAD}", (120, 90),
              [(rep, f"A{MODEL_HEAD + 1}:A{LAST_CH}"), (rep, f"E{MODEL_HEAD + 1}:E{LAST_CH}"),
               (rep, f"K{MODEL_HEAD + 1}:K{LAST_CH}")],
              "bar", "chart_attr_share", reverse_categories=True, colors=[SERIES[1], SERIES[0]],
              series_labels=[f"D{MODEL_HEAD}", f"J{MODEL_HEAD}"])
