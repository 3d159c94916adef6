"""The "Marketing KPI dashboard" template: channels, spend and revenue, MROI per channel, customer satisfaction."""
from __future__ import annotations

import template_data as D
from book import Book, SERIES, Sheet


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
    dash.one_page()  # else the 20-row ROI table leaves its total alone on a second page
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
    # printed: the titles, the score table and its chart, with the first answers beside them (the
    # answers themselves run to a thousand rows and more)
    shape = sv.s.getDrawPage().getByIndex(0)  # the chart, the sheet's only drawing
    right, bottom = shape.Position.X + shape.Size.Width, shape.Position.Y + shape.Size.Height
    cols, rows_ = sv.s.getColumns(), sv.s.getRows()
    c = 6
    while cols.getByIndex(c).Position.X + cols.getByIndex(c).Width < right:
        c += 1
    r = 17
    while rows_.getByIndex(r).Position.Y + rows_.getByIndex(r).Height < bottom:
        r += 1
    sv.s.setPrintAreas((sv.s.getCellRangeByPosition(0, 0, c, r).getRangeAddress(),))
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
