"""The "Funnel and lead cost" template."""
from __future__ import annotations

import template_data as D
from book import Book, SERIES


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
    # one ordinary formula per cell (INDEX of SHARE), not an array: rows can be inserted into the table
    for r in range(5, last + 1):
        src.put(f"I{r}", f"=INDEX(SHARE($C$5:$C${last});ROW()-ROW($I$4))", None, "pct1")
    src.put(f"I{tot}", f"=SUM(I5:I{last})", "KPI Total", "pct1")
    src.text(f"A{tot + 1}", "src_rows_note", "KPI Note")
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
    # room for source names of a real export and a 7-digit cost total
    src.widths({"A": 60, "B": 30, **{c: 24 for c in "CDEFG"}, "F": 28, "H": 4, **{c: 22 for c in "IJKLMNO"}})
    src.fit()
    # tall enough for the legend of a real export's sources under the pie
    src.chart("LeadCost", f"A{t0 + 7}", (150, 100), [(src, f"A4:A{last}"), (src, f"K4:L{last}")],
              "column", "chart_lead_cost", colors=[SERIES[0], SERIES[2]])
    src.chart("LeadMix", f"F{t0 + 7}", (115, 100), [(src, f"A4:A{last}"), (src, f"C4:C{last}")],
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
