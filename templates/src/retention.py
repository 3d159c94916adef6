"""The "Retention and customer value" template: cohorts, churn, LTV from raw order lines."""
from __future__ import annotations

import forecast
import template_data as D
from book import Book, MONTH_FMT, SERIES, column_index, column_name


# the Cohorts sheet: the retention table (rows 5 … 4 + COHORT_TABLE), its check, its chart, then the
# LTV table from this row
LTV_TOP_ROW = 58


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
    coh.one_page()  # two 24 × 24 tables: else the last LTV rows print alone on a second page
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
    # 24 cohorts: their legend beside the plot, not under it (it left the curves a thin strip)
    coh.chart("CohortCurves", f"A{chk + 4}", (300, 95),
              [(coh, f"{hcols[0]}4:{hcols[-1]}{end}")], "line", "chart_cohorts",
              rows_as_series=True, y_range=(0, 1), legend_right=True)
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
