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
    build_ab_sequential(book, rep)
    rep.widths({"A": 66, "B": 30, "C": 30, "D": 24, "E": 22, "F": 22, "G": 6})
    rep.fit()
    rep.chart("Rates", "H4", (120, 70), [(rep, "A16:A18"), (rep, "D16:D18")], "column", "chart_rates",
              legend=False, labels=True, colors=[SERIES[0]], y_range=(0, None))
    rep.chart("Cumulative", "H20", (120, 75), [(daily, f"A1:A{last}"), (daily, f"F1:G{last}")], "line",
              "chart_cum", colors=[SERIES[0], SERIES[2]])
    build_ab_three(book)
    build_ab_rpv(book)
    build_ab_cuped(book)


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
    sh.one_page()  # else the decision under the 20-row table prints alone on a fourth page
    sh.chart("RevenuePerVisitor", "J4", (120, 70), [(sh, f"A7:A{last}"), (sh, f"D7:D{last}")], "column",
             "chart_rpv", legend=False, labels=True, colors=[SERIES[1]], y_range=(0, None))
    sh.chart("ProbBest", "J4", (120, 70), [(sh, f"A7:A{last}"), (sh, f"G7:G{last}")], "column", "chart_pbest",
             legend=False, labels=True, colors=[SERIES[0]], y_range=(0, 1), dy_mm=76)


# ---------------------------------------------------------------- A/B test: the two-arm report, look any day

def build_ab_sequential(book: Book, rep) -> None:
    """Below the two-arm decision: the always-valid (sequential) interval and p-value of B − A, valid at
    every look, and the decision at today's look in words."""
    rep.text("A38", "seq_title", "KPI Section")
    rep.s.getRows().getByIndex(37).IsStartOfNewPage = True  # printed whole on its own page, never cut in two
    rep.text("A39", "seq_planned")
    rep.put("B39", D.AB_SEQ_PLANNED_TOTAL, "KPI Input", "int")
    rep.text("A40", "seq_ci")
    rep.array("B40:C40", "=ABSEQCI(C17;B17;C18;B18;B39;B10)", "pct2")
    rep.text("A41", "seq_p")
    rep.put("B41", "=ABSEQPVALUE(C17;B17;C18;B18;B39;B10)", None, "p4")
    rep.text("A42", "seq_decision")
    distrust, b_better, a_better, wait = (book.t(k) for k in ("dont_trust", "seq_b", "seq_a", "seq_wait"))
    # the sample-ratio check first, as for the fixed-horizon decision: a broken split makes every interval suspect
    rep.put("B42", f'=IF(B29<0.01;"{distrust}";IF(B40>0;"{b_better}";IF(C40<0;"{a_better}";"{wait}")))', "KPI Key")
    rep.cf("B42", [("EQUAL", f'"{b_better}"', "KPI Good"), ("EQUAL", f'"{distrust}"', "KPI Missed"),
                   ("NOT_EQUAL", '""', "KPI Warn")])
    rep.text("A43", "seq_note", "KPI Note")


# ---------------------------------------------------------------- A/B test: revenue per visitor from export sums

RPV_FIRST = 8  # first row of the arms table on the revenue-per-visitor sheet


def build_ab_rpv(book: Book) -> None:
    """Revenue per visitor from what A/B tools export per arm (visitors, orders, revenue, sum of squares):
    mean and SD by MEANSD, P(best) and expected loss (ABPROBBESTMEAN, ABLOSSMEAN), each arm against the
    control with sequential intervals (ABSEQMEANCI, ABSEQCI, ABSEQPVALUE) and a decision in words, and the
    planning of a revenue-per-visitor test (ABSAMPLESIZEMEAN, ABMDEMEAN). 2-20 arms, one ordinary formula
    per cell (INDEX of the array functions over the filled rows), as on the variants sheet."""
    sh = book.sheet("sh_rpv")
    sh.title("rpv_title", "rpv_note")
    sh.text("A4", "confidence")
    sh.put("B4", D.AB3_CONFIDENCE, "KPI Input", "pct1")
    sh.text("A5", "planned_arm")
    sh.put("B5", D.AB_RPV_PLANNED, "KPI Input", "int")
    n = D.AB_ARM_ROWS
    first, last = RPV_FIRST, RPV_FIRST + n - 1
    sh.text("A6", "arms_n")
    sh.put("B6", f'=SUMPRODUCT((A{first}:A{last}<>"")*1)', None, "int")
    ok, short = book.t("ab_ok"), book.t("ab_short")
    # also short when an arm was typed into the row under the table (over its note), where nothing reads it
    sh.put("C6", f'=IF(AND(B6>=2;B6<={n};COUNTA(OFFSET(A{first};0;0;MAX(1;B6);1))=B6;'
                 f'COUNT(B{last + 1}:E{last + 1})=0);"{ok}";"{short}")', "KPI Note")
    sh.cf("B6:C6", [("FORMULA", f'$C$6="{short}"', "KPI Missed")])

    sh.header(f"A{first - 1}", ["arm", "ab_visitors", "ab_orders", "ab_revenue", "ab_sumsq", "rpv_mean", "rpv_sd",
                                "ab_rate", "p_best_rpv", "loss_rpv"], 16)
    sh.style(f"A{first}:E{last}", "KPI Input")
    sh.style(f"B{first}:C{last}", fmt="int")
    sh.style(f"D{first}:D{last}", fmt="money2")
    sh.style(f"E{first}:E{last}", fmt="num2")  # money squared: no currency
    for i, (key, visitors, orders, revenue, sumsq) in enumerate(D.ab_rpv_arms()):
        r = first + i
        sh.text(f"A{r}", key, "KPI Input")
        sh.row(f"B{r}", [visitors, orders], "KPI Input", "int")
        sh.put(f"D{r}", revenue, "KPI Input", "money2")
        sh.put(f"E{r}", sumsq, "KPI Input", "num2")
    arms = lambda col: f"OFFSET(${col}${first};0;0;MAX(1;$B$6);1)"  # noqa: E731  the filled rows
    k = f"ROW()-ROW($A${first - 1})"
    for r in range(first, last + 1):
        on = f'$A{r}=""'
        sh.put(f"F{r}", f'=IF({on};"";INDEX(MEANSD(B{r};D{r};E{r});1;1))', None, "money2")
        sh.put(f"G{r}", f'=IF({on};"";INDEX(MEANSD(B{r};D{r};E{r});1;2))', None, "money2")
        sh.put(f"H{r}", f'=IF({on};"";CONVRATE(C{r};B{r}))', None, "pct2")
        sh.put(f"I{r}", f'=IF({on};"";INDEX(ABPROBBESTMEAN({arms("F")};{arms("G")};{arms("B")});{k}))', None,
               "pct1")
        sh.put(f"J{r}", f'=IF({on};"";INDEX(ABLOSSMEAN({arms("F")};{arms("G")};{arms("B")});{k}))', None, "money2")
    sh.cf(f"I{first}:I{last}", [("FORMULA", f'AND(I{first}<>"";I{first}=MAX($I${first}:$I${last}))', "KPI Good")])
    sh.text(f"A{last + 1}", "ab_rows_note", "KPI Note")

    # look any day: each other arm against the control, intervals valid at every look
    top = last + 3
    sh.text(f"A{top}", "seq_rpv_title", "KPI Section")
    sh.header(f"A{top + 1}", ["arm", "rpv_diff", "seq_low", "seq_high", "conv_diff", "seq_low", "seq_high",
                              "seq_p_conv", "verdict"], 16)
    c0, c1 = top + 2, top + n
    ctrl_mean = f"$F${first};$G${first};$B${first}"
    planned = "2*$B$5"  # both arms of each comparison together, fixed before the start
    better, worse, undecided = book.t("v_better"), book.t("v_worse"), book.t("v_open")
    for r in range(c0, c1 + 1):
        src = r - c0 + first + 1
        on = f'$A{src}=""'
        conv = f"$C${first};$B${first};C{src};B{src};{planned};$B$4"
        sh.put(f"A{r}", f'=IF({on};"";A{src})')
        sh.put(f"B{r}", f'=IF({on};"";F{src}-$F${first})', "KPI Key", "money2")
        seq = f"ABSEQMEANCI({ctrl_mean};F{src};G{src};B{src};{planned};$B$4)"
        sh.put(f"C{r}", f'=IF({on};"";INDEX({seq};1;1))', None, "money2")
        sh.put(f"D{r}", f'=IF({on};"";INDEX({seq};1;2))', None, "money2")
        sh.put(f"E{r}", f'=IF({on};"";H{src}-$H${first})', None, "pct2")
        sh.put(f"F{r}", f'=IF({on};"";INDEX(ABSEQCI({conv});1;1))', None, "pct2")
        sh.put(f"G{r}", f'=IF({on};"";INDEX(ABSEQCI({conv});1;2))', None, "pct2")
        sh.put(f"H{r}", f'=IF({on};"";ABSEQPVALUE({conv}))', None, "p4")
        # the verdict follows the primary metric, revenue per visitor
        sh.put(f"I{r}", f'=IF({on};"";IF(C{r}>0;"{better}";IF(D{r}<0;"{worse}";"{undecided}")))')
    sh.cf(f"I{c0}:I{c1}", [("EQUAL", f'"{better}"', "KPI Good"), ("EQUAL", f'"{worse}"', "KPI Missed")])
    sh.cf(f"H{c0}:H{c1}", [("FORMULA", f'AND(H{c0}<>"";H{c0}<1-$B$4)', "KPI Good")])

    d0 = c1 + 2
    sh.text(f"A{d0}", "seq_decision", "KPI Section")
    sh.text(f"A{d0 + 1}", "seq_rpv_note", "KPI Note")

    # planning a revenue-per-visitor test from the control's mean and SD
    p0 = d0 + 3
    sh.text(f"A{p0}", "plan_mean", "KPI Section")
    sh.text(f"A{p0 + 1}", "mde_rel")
    sh.put(f"B{p0 + 1}", D.AB_RPV_MDE, "KPI Input", "pct1")
    sh.text(f"A{p0 + 2}", "power")
    sh.put(f"B{p0 + 2}", D.AB_RPV_POWER, "KPI Input", "pct1")
    sh.text(f"A{p0 + 3}", "ctrl_mean")
    sh.put(f"B{p0 + 3}", f"=F{first}", None, "money2")
    sh.text(f"A{p0 + 4}", "ctrl_sd")
    sh.put(f"B{p0 + 4}", f"=G{first}", None, "money2")
    sh.text(f"A{p0 + 5}", "needed_mean")
    sh.put(f"B{p0 + 5}", f"=ABSAMPLESIZEMEAN(B{p0 + 3};B{p0 + 4};B{p0 + 1};1-B4;B{p0 + 2};TRUE())", "KPI Key", "int")
    sh.text(f"A{p0 + 6}", "mde_planned")
    sh.put(f"B{p0 + 6}", f"=ABMDEMEAN(B{p0 + 3};B{p0 + 4};B5;1-B4;B{p0 + 2};TRUE())", "KPI Key", "pct1")
    sh.widths({"A": 62, **{c: 26 for c in "BCDEFGHIJ"}, "K": 6})
    sh.fit()
    # the decision after fit(): it runs on into the empty cells to its right (an array formula's text
    # would be measured as if it could not)
    wait, keep = book.t("seq_wait"), book.t("rpv_keep")
    before, after = book.t("rpv_ship").split("{}")
    up = f'IF(I{c0}:I{c1}="{better}";B{c0}:B{c1};"")'
    winner = f'INDEX(A{c0}:A{c1};MATCH(MAX({up});{up};0))'
    sh.array(f"B{d0}", f'=IF(C6="{short}";"{short}";IF(COUNTIF(I{c0}:I{c1};"{better}")>0;"{before}"&{winner}&"{after}";'
                       f'IF(COUNTIF(I{c0}:I{c1};"{worse}")=B6-1;"{keep}";"{wait}")))', None, "KPI Key")
    sh.cf(f"B{d0}", [("EQUAL", f'"{short}"', "KPI Missed"), ("EQUAL", f'"{wait}"', "KPI Warn"),
                     ("EQUAL", f'"{keep}"', "KPI Warn"), ("NOT_EQUAL", '""', "KPI Good")])
    # beside the planning block (which fills columns A-B only), so the sheet prints no wider than its tables
    sh.chart("ProbBestRpv", f"E{p0}", (120, 70), [(sh, f"A{first - 1}:A{last}"), (sh, f"I{first - 1}:I{last}")],
             "column", "chart_pbest_rpv", legend=False, labels=True, colors=[SERIES[1]], y_range=(0, 1))


# ---------------------------------------------------------------- A/B test: CUPED from visitor rows

def build_ab_cuped(book: Book) -> None:
    """One visitor a row (revenue during the test and before it, per arm) → ABCUPED; the rows read run to
    the last filled row of each arm (one LOOKUP over the pair of columns), and a check counts the rows
    that have only one of the two values (ABCUPED leaves them out)."""
    sh = book.sheet("sh_cuped")
    sh.title("cuped_title", "cuped_note")
    f0 = D.AB_CUPED_FIRST
    sh.header(f"A{f0 - 1}", ["cup_y_a", "cup_x_a", "cup_y_b", "cup_x_b"], 16)
    a, b = D.ab_cuped_rows()
    rows = [(ya, xa, yb, xb) for (ya, xa), (yb, xb) in zip(a, b)]
    end = f0 + len(rows) - 1
    shown = 25  # the rows measured by fit() and printed; the rest are written after fit()
    sh.cell(f"A{f0}:D{f0 + shown - 1}").setDataArray(tuple(rows[:shown]))
    sh.style(f"A{f0}:D{end}", "KPI Input", "num2")

    col = lambda c: f"${c}${f0}:${c}$1048576"  # noqa: E731
    sh.text("F4", "cuped_result", "KPI Section")
    sh.text("F6", "confidence")
    sh.put("G6", D.AB3_CONFIDENCE, "KPI Input", "pct1")
    sh.text("F7", "cup_last")
    for c, (m, p) in (("G", ("A", "B")), ("H", ("C", "D"))):
        sh.put(f"{c}7", f'=IFERROR(LOOKUP(2;1/(({col(m)}<>"")+({col(p)}<>""));ROW({col(m)}));{f0 - 1})', None, "int")
    rng = lambda c, last: f"OFFSET(${c}${f0};0;0;MAX(1;{last}-{f0 - 1});1)"  # noqa: E731
    ya, xa, yb, xb = rng("A", "$G$7"), rng("B", "$G$7"), rng("C", "$H$7"), rng("D", "$H$7")
    sh.text("F8", "cup_pairs")
    sh.put("G8", f"=SUMPRODUCT(ISNUMBER({ya})*ISNUMBER({xa}))", None, "int")
    sh.put("H8", f"=SUMPRODUCT(ISNUMBER({yb})*ISNUMBER({xb}))", None, "int")
    sh.text("F9", "cup_left")
    sh.put("G9", f'=SUMPRODUCT((({ya}<>"")+({xa}<>""))>0)-G8', None, "int")
    sh.put("H9", f'=SUMPRODUCT((({yb}<>"")+({xb}<>""))>0)-H8', None, "int")
    ok, missing, few = book.t("cup_ok"), book.t("cup_missing"), book.t("cup_few")
    sh.put("F10", f'=IF(OR(G8<2;H8<2);"{few}";IF(G9+H9>0;"{missing}";"{ok}"))', "KPI Note")
    sh.cf("F10", [("EQUAL", f'"{ok}"', "KPI Good"), ("NOT_EQUAL", '""', "KPI Missed")])

    sh.header("F12", ["cup_diff", "ci_low", "ci_high", "p", "cup_vr"], None)
    sh.array("F13:J13", f"=ABCUPED({ya};{xa};{yb};{xb};G6)")
    for c, fmt in zip("FGHIJ", ("money2", "money2", "money2", "p4", "pct1")):
        sh.style(f"{c}13", fmt=fmt)
    sh.cell("F13").CellStyle = "KPI Key"
    sh.style("F13", fmt="money2")
    sh.text("F15", "cup_half")
    sh.put("J15", "=(H13-G13)/2", None, "money2")
    sh.text("F16", "cup_raw_half")
    sh.put("J16", "=J15/SQRT(1-J13)", None, "money2")
    sh.text("F17", "cup_gain")
    sh.put("J17", "=1/(1-J13)", None, "ratio")
    sh.text("F19", "decision", "KPI Section")
    b_better, a_better, none = book.t("cup_b"), book.t("cup_a"), book.t("d3_none")
    sh.put("F20", f'=IF(F10="{few}";"{few}";IF(G13>0;"{b_better}";IF(H13<0;"{a_better}";"{none}")))', "KPI Key")
    sh.cf("F20", [("EQUAL", f'"{b_better}"', "KPI Good"), ("EQUAL", f'"{few}"', "KPI Missed"),
                  ("NOT_EQUAL", '""', "KPI Warn")])
    sh.widths({"A": 34, "B": 34, "C": 34, "D": 34, "E": 6, "F": 34, **{c: 26 for c in "GHIJ"}})
    sh.fit()  # on the first rows only: measuring tens of thousands of cells one by one takes minutes
    sh.cell(f"A{f0 + shown}:D{end}").setDataArray(tuple(rows[shown:]))
    # one printed page: the results and the first rows of visitors
    sh.s.setPrintAreas((sh.cell(f"A1:J{f0 + shown - 1}").getRangeAddress(),))
