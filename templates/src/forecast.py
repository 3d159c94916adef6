"""The "Customer value forecast" template, in English, simplified and traditional (Taiwan) Chinese.

Raw order lines (sheet Orders) → RFM per customer in weeks (sheet Customers) → BG/NBD and
Gamma–Gamma fits, P(alive), expected purchases and 12-month CLV → a summary with a chart (first
sheet). Sample data: the CDNOW sample (data/cdnow_sample_transactions.csv, see data/README.md),
calibration period ending 1997-09-30 as in Fader, Hardie & Lee (2005).

Built by make_templates.py (write_all) with book.Book; the integration tests import the constants below.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from book import Book

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "cdnow_sample_transactions.csv"

STEM = "customer-value-forecast"
MBG_FIRST = 39  # Summary sheet: the modified BG/NBD parameters r, alpha, a, b in F39:F42
LANGS = ("en", "zh-CN", "zh-TW")
FOLDERS = {"en": "kpi-calc-en", "zh-CN": "kpi-calc-zh-CN", "zh-TW": "kpi-calc-zh-TW"}
TITLES = {"en": "Customer value forecast", "zh-CN": "客户价值预测", "zh-TW": "顧客價值預測"}

END_DATE = dt.date(1997, 9, 30)   # end of the calibration period of the published CDNOW fits
WEEKS, MONTHS, DISCOUNT, ALIVE_AT = 52, 12, 0.01, 0.5
WEEKS_PER_MONTH = 4.345
FIRST = 5                          # first customer row on the Customers sheet
# rows of the customer table: the fits, totals and chart read it, so it is also the most customers
# a forecast covers (a check on the Forecast sheet turns red beyond it); the order lines themselves
# are read down to the last filled row of the Orders sheet, however many there are
TABLE_ROWS = 10000
BINS = 10                          # P(alive) histogram bins

# key → (en, zh-CN, zh-TW)
T = {
    "sh_forecast": ("Forecast", "预测", "預測"),
    "sh_customers": ("Customers", "客户", "顧客"),
    "sh_orders": ("Orders", "订单明细", "訂單明細"),
    "fc_note": ("Blue cells are inputs. Paste your own order lines on the Orders sheet (customer, date, amount; "
                "every line down to the last one is read) and set the observation end.",
                "蓝色单元格为输入项。请在“订单明细”表粘贴自己的订单行（客户、日期、金额；读取到最后一行为止），"
                "并设置观察期截止日。",
                "藍色儲存格為輸入項。請在「訂單明細」表貼上自己的訂單資料（顧客、日期、金額；讀取至最後一列），"
                "並設定觀察期截止日。"),
    "settings": ("Settings", "设置", "設定"),
    "end_date": ("Observation end (later orders are ignored)", "观察期截止日（之后的订单不计入）",
                 "觀察期截止日（之後的訂單不計入）"),
    "weeks": ("Forecast horizon for purchases (weeks)", "购买次数预测期（周）", "購買次數預測期間（週）"),
    "months": ("CLV horizon (months)", "CLV 预测期（月）", "CLV 預測期間（月）"),
    "discount": ("Monthly discount rate", "月折现率", "月折現率"),
    "alive_at": ("Counted as likely alive when P(alive) ≥", "P(存活) 不低于此值视为可能仍活跃",
                 "P(存活) 不低於此值視為可能仍活躍"),
    "bgnbd": ("Purchase model BG/NBD (BGNBDFIT, time unit: weeks)", "购买模型 BG/NBD（BGNBDFIT，时间单位：周）",
              "購買模型 BG/NBD（BGNBDFIT，時間單位：週）"),
    "gg": ("Spend model Gamma–Gamma (GGFIT, repeat buyers only)", "消费金额模型 Gamma–Gamma（GGFIT，仅复购客户）",
           "消費金額模型 Gamma–Gamma（GGFIT，僅回購顧客）"),
    "parameter": ("Parameter", "参数", "參數"),
    "value": ("Value", "数值", "數值"),
    "meaning": ("What it means", "含义", "意義"),
    "r": ("shape of the purchase rates of active customers (Gamma distribution)",
          "活跃客户购买频率的形状参数（Gamma 分布）", "活躍顧客購買頻率的形狀參數（Gamma 分布）"),
    "alpha": ("scale of those rates in weeks: mean rate = r / alpha purchases a week",
              "该频率的尺度（周）：平均频率 = r / alpha 次/周", "該頻率的尺度（週）：平均頻率 = r / alpha 次/週"),
    "a": ("shape of the chance of dropping out after a purchase (Beta distribution)",
          "每次购买后流失概率的形状参数（Beta 分布）", "每次購買後流失機率的形狀參數（Beta 分布）"),
    "b": ("second shape: mean drop-out chance = a / (a + b)", "第二形状参数：平均流失概率 = a / (a + b)",
          "第二形狀參數：平均流失機率 = a / (a + b)"),
    "rate": ("Mean purchases a week while active", "活跃期平均每周购买次数（r / alpha）",
             "活躍期間平均每週購買次數（r / alpha）"),
    "dropout": ("Mean drop-out chance after a purchase", "每次购买后的平均流失概率", "每次購買後的平均流失機率"),
    "p": ("shape of one purchase's amount around the customer's own mean", "单次消费金额围绕客户自身均值的形状参数",
          "單次消費金額圍繞顧客自身平均值的形狀參數"),
    "q": ("shape of the customers' mean amounts (must be above 1)", "各客户平均金额分布的形状参数（须大于 1）",
          "各顧客平均金額分布的形狀參數（須大於 1）"),
    "v": ("scale of the customers' mean amounts", "各客户平均金额分布的尺度参数", "各顧客平均金額分布的尺度參數"),
    "mean_spend": ("Mean spend per purchase (p·v / (q − 1))", "总体平均每次消费额（p·v / (q − 1)）",
                   "整體平均每次消費金額（p·v / (q − 1)）"),
    "no_mean": ("none: q ≤ 1, spends too uneven for a finite mean (no CLV)",
                "无：q ≤ 1，消费额差异过大，均值不存在（无法计算 CLV）",
                "無：q ≤ 1，消費金額差異過大，平均值不存在（無法計算 CLV）"),
    "summary": ("Summary", "汇总", "摘要"),
    "mbg": ("Modified BG/NBD (MBGNBDFIT, weeks)", "修正 BG/NBD（MBGNBDFIT，周）", "修正 BG/NBD（MBGNBDFIT，週）"),
    "alive_by_model": ("Share likely alive by model (MBG/NBD = modified BG/NBD)",
                       "各模型下可能仍活跃的占比（MBG/NBD 即修正 BG/NBD）", "各模型下可能仍活躍的比例（MBG/NBD 即修正 BG/NBD）"),
    "share_alive_all": ("All customers likely alive (BG/NBD)", "全部客户可能仍活跃占比（BG/NBD）",
                        "全部顧客可能仍活躍比例（BG/NBD）"),
    "share_alive_repeat": ("Repeat buyers likely alive (BG/NBD)", "复购客户可能仍活跃占比（BG/NBD）",
                           "回購顧客可能仍活躍比例（BG/NBD）"),
    "share_alive_mbg": ("All customers likely alive (MBG/NBD)", "全部客户可能仍活跃占比（MBG/NBD）",
                        "全部顧客可能仍活躍比例（MBG/NBD）"),
    "share_alive_mbg_repeat": ("Repeat buyers likely alive (MBG/NBD)", "复购客户可能仍活跃占比（MBG/NBD）",
                               "回購顧客可能仍活躍比例（MBG/NBD）"),
    "one_time_note": ("BG/NBD lets a customer drop out only right after a repeat purchase, so every one-time buyer "
                      "reads P(alive) = 100 %; the modified BG/NBD also lets a customer drop out right after the "
                      "first purchase and does not assume that.",
                      "BG/NBD 假定客户只会在复购之后流失，因此只买过一次的客户 P(存活) 一律为 100%；"
                      "修正 BG/NBD 允许客户在首次购买后即流失，不作此假定。",
                      "BG/NBD 假設顧客只會在回購之後流失，因此只買過一次的顧客 P(存活) 一律為 100%；"
                      "修正 BG/NBD 允許顧客在首次購買後即流失，不作此假設。"),
    "dup_lines": ("Exact duplicate order lines", "完全重复的订单行数", "完全重複的訂單筆數"),
    "dup_note": ("same customer, date and amount: such lines count once as activity, their amounts add up",
                 "客户、日期、金额均相同：这些订单行只计为一次活动，金额相加",
                 "顧客、日期、金額皆相同：這些訂單只算一次活動，金額相加"),
    "no_repeat": ("none: no repeat buyer", "无：没有复购客户", "無：沒有回購顧客"),
    "n_customers": ("Customers", "客户数", "顧客數"),
    "n_repeat": ("Repeat buyers (frequency > 0)", "复购客户（频次 > 0）", "回購顧客（頻次 > 0）"),
    "share_alive": ("Share likely alive", "可能仍活跃的客户占比", "可能仍活躍的顧客比例"),
    "sum_expected": ("Expected purchases in the forecast horizon", "预测期内预计购买次数", "預測期間內預計購買次數"),
    "sum_clv": ("Total value, CLV horizon (discounted)", "CLV 预测期内客户价值合计（折现）", "CLV 預測期間內顧客價值合計（折現）"),
    "avg_clv": ("Average value per customer", "平均每位客户价值", "平均每位顧客價值"),
    "n_found": ("Customers in the order lines", "订单明细中的客户数", "訂單明細中的顧客數"),
    "n_rows": ("Rows of the customer table", "客户表的行数", "顧客表的列數"),
    "last_line": ("Last order line read (row of the Orders sheet)", "读取到的最后一行订单（“订单明细”表的行号）",
                  "讀取的最後一筆訂單（「訂單明細」表的列號）"),
    "rows_ok": ("all customers are in the table, the fits and the totals",
                "所有客户均已计入客户表、模型拟合与合计", "所有顧客均已計入顧客表、模型配適與合計"),
    "rows_short": ("The table holds only the first {n} customers: fits and totals leave out the others. "
                   "Keep the orders of at most {n} customers on the Orders sheet (e.g. a sample of customers).",
                   "客户表只容纳前 {n} 位客户：模型拟合与合计未计入其余客户。"
                   "请在“订单明细”表只保留最多 {n} 位客户的订单（例如抽样部分客户）。",
                   "顧客表只容納前 {n} 位顧客：模型配適與合計未計入其餘顧客。"
                   "請在「訂單明細」表只保留最多 {n} 位顧客的訂單（例如抽樣部分顧客）。"),
    "hist": ("P(alive) histogram", "P(存活) 分布", "P(存活) 分布"),
    "bin": ("P(alive)", "P(存活)", "P(存活)"),
    "count": ("Customers", "客户数", "顧客數"),
    "chart_alive": ("Customers by probability of being alive", "按存活概率划分的客户数", "依存活機率區分的顧客數"),
    "cust_title": ("Customers: RFM (weeks) and forecast", "客户：RFM（周）与预测", "顧客：RFM（週）與預測"),
    "cust_note": ("Columns A–E: one RFM array formula over all lines of the Orders sheet; F–I: the forecasts. "
                  "Rows fill by themselves, up to {n} customers.",
                  "A–E 列为基于“订单明细”表全部订单行的一个 RFM 数组公式；F–I 列为预测。行数自动随客户增减，最多 {n} 位客户。",
                  "A–E 欄為依據「訂單明細」表全部訂單列的一個 RFM 陣列公式；F–I 欄為預測。列數自動隨顧客增減，最多 {n} 位顧客。"),
    "customer": ("Customer", "客户", "顧客"),
    "frequency": ("Repeat purchase days (frequency)", "复购天数（频次）", "回購天數（頻次）"),
    "recency": ("First to last purchase (weeks)", "首购到末购（周）", "首購到末購（週）"),
    "age": ("First purchase to end (weeks)", "首购到截止日（周）", "首購到截止日（週）"),
    "monetary": ("Mean spend per repeat day", "每个复购日平均消费", "每個回購日平均消費"),
    "alive": ("P(alive)", "P(存活)", "P(存活)"),
    "alive_mbg": ("P(alive), modified BG/NBD", "P(存活)，修正 BG/NBD", "P(存活)，修正 BG/NBD"),
    "expected": ("Expected purchases in the horizon", "预测期内预计购买次数", "預測期間內預計購買次數"),
    "clv": ("Customer value (CLV horizon, discounted)", "客户价值（CLV 预测期，折现）", "顧客價值（CLV 預測期間，折現）"),
    "order_customer": ("customer_id", "客户编号", "顧客編號"),
    "order_date": ("date", "日期", "日期"),
    "order_amount": ("amount", "金额", "金額"),
    "input_note": ("Blue cells are inputs; everything else is computed by KPI Calc functions.",
                   "蓝色单元格为输入项，其余均由 KPI Calc 函数计算。",
                   "藍色儲存格為輸入項，其餘均由 KPI Calc 函數計算。"),
}


def text(key: str, lang: str) -> str:
    return T[key][LANGS.index(lang)].replace("{n}", f"{TABLE_ROWS:,}")


def _serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def orders() -> list[tuple[int, int, float]]:
    """(customer_id, Calc serial date, amount) of every sample order line, in file order."""
    with DATA.open(newline="", encoding="utf-8") as f:
        return [(int(r["customer_id"]), _serial(dt.date.fromisoformat(r["date"])), float(r["amount"]))
                for r in csv.DictReader(f)]


def customer_count(rows=None, end: dt.date = END_DATE) -> int:
    """Customers with an order up to the observation end: the height of the RFM array."""
    last = _serial(end)
    return len({c for c, d, _ in (rows or orders()) if d <= last})


def duplicates(ids: str, dates: str, amounts: str) -> str:
    """Array formula: order lines (id and date filled) that repeat an earlier line's customer, day and
    amount. RFM of the key "customer|amount" has one purchase day per distinct (customer, amount, day),
    frequency + 1 of them per key; numbers and texts stay apart as in RFM (5 and "5" differ)."""
    key = f'IF({ids}="";"";IF(ISNUMBER({ids});"n";"t")&{ids}&"|"&{amounts})'
    return (f'=SUMPRODUCT(({ids}<>"")*({dates}<>""))'
            f'-SUMPRODUCT(INDEX(RFM({key};{dates});0;2)+1)')


def build(book) -> None:
    lang = book.lang
    rep = book.sheet("sh_forecast")
    cust = book.sheet("sh_customers")
    orders_sh = book.sheet("sh_orders")
    F, C, O = book.ref("sh_forecast"), book.ref("sh_customers"), book.ref("sh_orders")
    rows = orders()
    last = FIRST + TABLE_ROWS - 1

    # Orders: raw lines, inputs; the formulas read down to the last filled row of column A
    orders_sh.header("A1", [text("order_customer", lang), text("order_date", lang), text("order_amount", lang)],
                     None)
    orders_sh.cell(f"A2:C{1 + len(rows)}").setDataArray(tuple((float(c), float(d), a) for c, d, a in rows))
    orders_sh.style(f"A2:C{1 + len(rows)}", "KPI Input")
    orders_sh.style(f"B2:B{1 + len(rows)}", fmt="date")
    orders_sh.style(f"C2:C{1 + len(rows)}", fmt="money2")
    orders_sh.widths({"A": 30, "B": 30, "C": 26})
    orders_sh.s.setPrintAreas(())  # a data sheet: not part of the printed report

    # Forecast sheet: settings
    rep.title("title", "fc_note")
    rep.text("A4", "settings", "KPI Section")
    settings = [("end_date", _serial(END_DATE), "day"), ("weeks", WEEKS, "int"), ("months", MONTHS, "int"),
                ("discount", DISCOUNT, "pct1"), ("alive_at", ALIVE_AT, "pct0")]
    for i, (key, value, fmt) in enumerate(settings):
        rep.text(f"A{5 + i}", key)
        rep.put(f"B{5 + i}", value, "KPI Input", fmt)
    end, weeks, months, disc, alive_at = (f"{F}$B${5 + i}" for i in range(5))

    # the order lines: rows 2 … the last non-empty cell of column A (empty lines inside are skipped
    # by RFM); one LOOKUP over the whole column, so no paste is ever cut at a fixed row
    last_line = f"{F}$B$36"
    oid, odate, oamt = (f"OFFSET({O}${c}$2;0;0;MAX(1;{last_line}-1);1)" for c in "ABC")
    rfm = f'RFM({oid};{odate};{oamt};{end};"day";7)'
    # the customers the fits and totals use: the filled rows of the customer table
    shown = f"{F}$B$28"
    freq, rec, age, mon, alive, expected, clv, malive = (f"OFFSET({C}${c}${FIRST};0;0;{shown};1)"
                                                         for c in "BCDEFGHI")

    # the two fits, one parameter a row (TRANSPOSE of the one-row results) with its meaning
    rep.text("A11", "bgnbd", "KPI Section")
    rep.header("A12", [text(k, lang) for k in ("parameter", "value", "meaning")], 8)
    rep.array("B13:B16", f"=TRANSPOSE(BGNBDFIT({freq};{rec};{age}))", "p4", "KPI Key")
    for i, key in enumerate(("r", "alpha", "a", "b")):
        rep.put(f"A{13 + i}", key)
        rep.text(f"C{13 + i}", key)
    rep.text("A17", "rate")
    rep.put("B17", "=B13/B14", None, "p4")
    rep.text("A18", "dropout")
    rep.put("B18", "=B15/(B15+B16)", None, "pct1")
    rep.text("A20", "gg", "KPI Section")
    rep.header("A21", [text(k, lang) for k in ("parameter", "value", "meaning")], 8)
    rep.array("B22:B24", f"=TRANSPOSE(GGFIT({freq};{mon}))", "p4", "KPI Key")
    for i, key in enumerate(("p", "q", "v")):
        rep.put(f"A{22 + i}", key)
        rep.text(f"C{22 + i}", key)
    rep.text("A25", "mean_spend")
    # q ≤ 1: the model has no finite mean; p·v/(q − 1) would show a meaningless negative number
    rep.put("B25", f'=IF(B23>1;B22*B24/(B23-1);"{text("no_mean", lang)}")', None, "money2")
    rep.cf("B25", [("EQUAL", f'"{text("no_mean", lang)}"', "KPI Missed")])

    # summary
    summary = [("n_customers", f"=MIN(B34;B35)", "int"),
               ("n_repeat", f"=SUMPRODUCT(({freq}>0)*1)", "int"),
               ("share_alive", f"=SUMPRODUCT(({alive}>=$B$9)*1)/B28", "pct1"),
               ("sum_expected", f"=SUM({expected})", "num1"),
               ("sum_clv", f"=SUM({clv})", "money"),
               ("avg_clv", "=B32/B28", "money2")]
    for i, (key, formula, fmt) in enumerate(summary):
        rep.text(f"A{28 + i}", key)
        rep.put(f"B{28 + i}", formula, "KPI Key" if key in ("share_alive", "sum_clv") else None, fmt)
    # check: customers found in all order lines vs rows of the fixed-height customer table
    rep.text("A34", "n_found")
    rep.put("B34", f"=ROWS({rfm})", None, "int")
    rep.text("A35", "n_rows")
    rep.put("B35", f"=ROWS({C}$A${FIRST}:$A${last})", None, "int")
    ok, short = text("rows_ok", lang), text("rows_short", lang)
    rep.put("C34", f'=IF(B34>B35;"{short}";"{ok}")', "KPI Note")
    rep.cf("B34:C34", [("FORMULA", "$B$34>$B$35", "KPI Missed")])
    rep.text("A36", "last_line")
    rep.put("B36", f'=LOOKUP(2;1/({O}$A$1:$A$1048576<>"");ROW({O}$A$1:$A$1048576))', None, "int")

    # exact duplicate lines (same customer, day, amount): all lines minus the distinct (customer and
    # amount, day) pairs, which are RFM's purchase days of the key customer|amount (frequency + 1
    # each); one sort inside RFM instead of a COUNTIFS per line (30,000 lines: seconds → a blink)
    rep.text("A37", "dup_lines")
    rep.array("B37", duplicates(oid, odate, oamt), "int")
    rep.text("C37", "dup_note", "KPI Note")

    # BG/NBD lets customers drop out only after a repeat purchase: every one-time buyer has P(alive) 1,
    # which inflates B30; the share among repeat buyers and the modified BG/NBD (one-time buyers may
    # have dropped out) beside it, on the same customers
    rep.text("A38", "alive_by_model", "KPI Section")
    none = text("no_repeat", lang)
    by_model = [("share_alive_all", "=B30"),
                ("share_alive_repeat", f'=IF(B29>0;SUMPRODUCT(({alive}>=$B$9)*({freq}>0))/B29;"{none}")'),
                ("share_alive_mbg", f"=SUMPRODUCT(({malive}>=$B$9)*1)/B28"),
                ("share_alive_mbg_repeat", f'=IF(B29>0;SUMPRODUCT(({malive}>=$B$9)*({freq}>0))/B29;"{none}")')]
    for i, (key, formula) in enumerate(by_model):
        rep.text(f"A{39 + i}", key)
        rep.put(f"B{39 + i}", formula, None, "pct1")
    rep.text("A43", "one_time_note", "KPI Note")
    note = rep.cell("A43:C43")  # one sentence over the three columns, wrapped: it stays inside the printed page
    note.merge(True)
    note.IsTextWrapped = True
    rep.s.getRows().getByIndex(42).Height = 1000
    # the modified BG/NBD fit on the right, under the chart; a row higher than the shares beside it, so
    # that its last parameter does not share the tall row of the wrapped note (A43)
    rep.text(f"E{MBG_FIRST - 2}", "mbg", "KPI Section")
    rep.header(f"E{MBG_FIRST - 1}", [text(k, lang) for k in ("parameter", "value")], 8)
    rep.array(f"F{MBG_FIRST}:F{MBG_FIRST + 3}", f"=TRANSPOSE(MBGNBDFIT({freq};{rec};{age}))", "p4", "KPI Key")
    for i, key in enumerate(("r", "alpha", "a", "b")):
        rep.put(f"E{MBG_FIRST + i}", key)

    # P(alive) histogram: bins [k/10, (k+1)/10), the last one closed
    rep.text("E4", "hist", "KPI Section")
    rep.header("E5", [text("bin", lang), text("count", lang)], 8)
    for k in range(BINS):
        r = 6 + k
        lo, hi = k / BINS, (k + 1) / BINS
        rep.put(f"E{r}", f"{k * 10}–{(k + 1) * 10}%")
        op = "<=" if k == BINS - 1 else "<"
        rep.put(f"F{r}", f"=SUMPRODUCT(({alive}>={lo})*({alive}{op}{hi}))", None, "int")
    rep.put(f"E{6 + BINS}", "", "KPI Total")
    rep.put(f"F{6 + BINS}", f"=SUM(F6:F{5 + BINS})", "KPI Total", "int")
    rep.cf("B30", [("LESS", "0.25", "KPI Warn")])
    rep.widths({"A": 80, "B": 34, "C": 130, "D": 6, "E": 24, "F": 22})
    rep.chart("AliveHistogram", "E18", (120, 78), [(rep, f"E5:E{5 + BINS}"), (rep, f"F5:F{5 + BINS}")],
              "column", "chart_alive", legend=False, labels=True, y_range=(0, None), headers=(True, True))

    # Customers: RFM array (weeks) and the per-customer forecasts, TABLE_ROWS rows that fill by
    # themselves: rows beyond the customers found stay empty (IF on the row number), and the
    # per-customer functions run on the filled rows only (OFFSET of height B28)
    cust.title("cust_title", "cust_note")
    cust.header("A4", [text(k, lang) for k in ("customer", "frequency", "recency", "age", "monetary", "alive",
                                              "expected", "clv", "alive_mbg")], 16)
    fill = f"ROW($A${FIRST}:$A${last})-{FIRST - 1}<={shown}"
    cust.array(f"A{FIRST}:E{last}", f'=IF({fill};{rfm};"")')
    bg, gg = f"{F}$B$13:$B$16", f"{F}$B$22:$B$24"
    cust.array(f"F{FIRST}:F{last}", f'=IF({fill};BGNBDALIVE({bg};{freq};{rec};{age});"")')
    cust.array(f"G{FIRST}:G{last}", f'=IF({fill};BGNBDEXPECTED({bg};{freq};{rec};{age};{weeks});"")')
    cust.array(f"H{FIRST}:H{last}",
               f'=IF({fill};CLVBGNBD({bg};{gg};{freq};{rec};{age};{mon};{months};{disc};{WEEKS_PER_MONTH});"")')
    cust.array(f"I{FIRST}:I{last}", f'=IF({fill};MBGNBDALIVE({F}$F${MBG_FIRST}:$F${MBG_FIRST + 3};{freq};{rec};{age});"")')
    cust.style(f"A{FIRST}:A{last}", fmt="int")
    cust.style(f"B{FIRST}:B{last}", fmt="int")
    cust.style(f"C{FIRST}:D{last}", fmt="num2")
    cust.style(f"E{FIRST}:E{last}", fmt="money2")
    cust.style(f"F{FIRST}:F{last}", fmt="pct1")
    cust.style(f"G{FIRST}:G{last}", fmt="num2")
    cust.style(f"H{FIRST}:H{last}", fmt="money2")
    cust.style(f"I{FIRST}:I{last}", fmt="pct1")
    cust.cf(f"F{FIRST}:F{last}", [("FORMULA", f'AND(F{FIRST}<>"";F{FIRST}>={alive_at})', "KPI Good"),
                                  ("FORMULA", f'AND(F{FIRST}<>"";F{FIRST}<0.2)', "KPI Missed")])
    cust.widths({"A": 24, "B": 34, "C": 34, "D": 34, "E": 34, "F": 24, "G": 34, "H": 34, "I": 34})
    cust.s.setPrintAreas((cust.cell(f"A1:I{FIRST + 29}").getRangeAddress(),))  # one page: the first 30 customers


def write_all(office, out: Path, pdf_dir: Path | None, only=None, count_errors=None) -> list[Path]:
    """Builds and saves the template in every language."""
    if only and STEM not in only:
        return []

    class ForecastBook(Book):
        KEYWORDS = Book.KEYWORDS + ("CLV",)

        def t(self, key: str) -> str:
            if key == "title":
                return TITLES[self.lang]
            return text(key, self.lang) if key in T else key  # the shared builder's own keys pass through

    written = []
    for lang in LANGS:
        book = ForecastBook(office, lang)
        try:
            build(book)
            book.finish(TITLES[lang], TITLES[lang])
            if count_errors is not None:
                errors = count_errors(book.doc)[1]
                if errors:
                    raise SystemExit(f"{lang}/{STEM}: cells in error: {', '.join(errors[:10])}")
            written += book.save(out / FOLDERS[lang] / f"{STEM}.ots", pdf_dir)
        finally:
            book.close()
    return written
