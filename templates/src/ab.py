"""The "A/B test report" template: 2-20 variants, P(best), adjusted p-values, daily results."""
from __future__ import annotations

import template_data as D
from book import Book, SERIES


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
