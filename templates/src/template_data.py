"""Sample data and texts of the bundled KPI templates (English, simplified and traditional Chinese).

Used by make_templates.py to write the .ots files and by the integration test
test_templates.py to compute the expected results independently (plain Python
arithmetic on the same sample data). No LibreOffice needed to import this.
"""
from __future__ import annotations

import datetime as dt
import math
import random

LANGS = ("en", "zh-CN", "zh-TW")

# folder in the repository and in the .oxt → group name shown in File ▸ New ▸ Templates
GROUPS = {
    "en": ("kpi-calc-en", "KPI Calc marketing templates"),
    "zh-CN": ("kpi-calc-zh-CN", "KPI Calc 营销模板（简体中文）"),
    "zh-TW": ("kpi-calc-zh-TW", "KPI Calc 行銷範本（繁體中文）"),
}

# file stem → document title per language
TEMPLATES = {
    "marketing-kpi-dashboard": {"en": "Monthly marketing KPI dashboard", "zh-CN": "月度营销 KPI 仪表板",
                                "zh-TW": "每月行銷 KPI 儀表板"},
    "funnel-lead-cost": {"en": "Funnel and lead-cost report", "zh-CN": "漏斗与线索成本报告",
                         "zh-TW": "漏斗與名單成本報告"},
    "retention-customer-value": {"en": "Retention and customer value", "zh-CN": "客户留存与客户价值",
                                 "zh-TW": "顧客留存與顧客價值"},
    "ab-test-report": {"en": "A/B test report", "zh-CN": "A/B 测试报告", "zh-TW": "A/B 測試報告"},
}


def serial(d: dt.date) -> int:
    """Calc's serial day number (null date 1899-12-30)."""
    return (d - dt.date(1899, 12, 30)).days


# ---------------------------------------------------------------- 1. dashboard

REPORT_MONTH = dt.date(2025, 3, 1)
DAY_REPORTED = 20
# key, English, Chinese, impressions, clicks, sessions, leads, new customers, spend, revenue
CHANNELS = [
    ("search", "Paid search", "搜索广告", 420000, 12600, 11800, 590, 118, 28500, 94400),
    ("social", "Paid social", "社交媒体广告", 980000, 9800, 9100, 410, 64, 21000, 47360),
    ("display", "Display", "展示广告", 1500000, 3000, 2700, 81, 12, 9000, 7800),
    ("email", "Email", "电子邮件", 120000, 3600, 3400, 240, 71, 2500, 56800),
    ("seo", "Organic search", "自然搜索", 610000, 18300, 17500, 520, 96, 6000, 76800),
    ("affiliate", "Affiliates", "联盟推广", 200000, 4000, 3700, 150, 40, 8000, 30000),
]
CHANNEL_TW = {"search": "關鍵字廣告", "social": "社群廣告", "display": "多媒體廣告", "email": "電子報",
              "seo": "自然搜尋", "affiliate": "聯盟行銷"}
GROSS_MARGIN = 0.62
PEOPLE_COST = 12000
TOOLS_COST = 6000
LAST_MONTH = {"sessions": 45200, "convrate": 0.0081, "new": 380, "revenue": 290000, "cac": 214,
              "mroi": 1.02, "roas": 3.9}
# key, direction (1 higher is better, -1 lower), target, weight, volume goal (paced)?
TARGETS = [
    ("revenue", 1, 450000, 0.30, True),
    ("new", 1, 650, 0.25, True),
    ("leads", 1, 3000, 0.15, True),
    ("cac", -1, 200, 0.15, False),
    ("convrate", 1, 0.008, 0.15, False),
]

# ---------------------------------------------------------------- 2. funnel

VISITORS = 52000
AVG_DEAL = 3800
# key, English, Chinese, cost, leads, MQL, SQL, opportunities, won
SOURCES = [
    ("search", "Paid search", "搜索广告", 18500, 620, 236, 78, 37, 10),
    ("social", "Paid social", "社交媒体广告", 12400, 540, 151, 41, 17, 4),
    ("webinar", "Webinars", "线上研讨会", 6200, 310, 167, 69, 33, 11),
    ("content", "Content and SEO", "内容与 SEO", 7800, 390, 148, 52, 25, 8),
    ("events", "Trade shows", "行业展会", 21000, 180, 94, 43, 24, 8),
    ("partner", "Partner referrals", "合作伙伴推荐", 3900, 60, 44, 27, 16, 6),
]
# step conversion benchmarks: leads/visitors, MQL/lead, SQL/MQL, opportunity/SQL, won/opportunity
SOURCE_TW = {"search": "關鍵字廣告", "social": "社群廣告", "webinar": "線上研討會", "content": "內容行銷與 SEO",
             "events": "產業展覽", "partner": "合作夥伴推薦"}
STEP_BENCHMARKS = [0.035, 0.40, 0.40, 0.45, 0.28]
LEAD_TARGETS = {"cost_mql": 90, "cost_sql": 250, "mql_sql": 0.33, "win": 0.28}

# ---------------------------------------------------------------- 3. retention and value

RET_YEAR = 2024
START_CUSTOMERS = 4000
NEW_BY_MONTH = [260, 240, 300, 280, 310, 290, 270, 250, 320, 340, 360, 420]
LOST_BY_MONTH = [180, 170, 190, 175, 200, 185, 262, 205, 195, 190, 215, 270]
START_MRR = 200000
NEW_MRR = [13000, 12000, 15000, 14000, 15500, 14500, 13500, 12500, 16000, 17000, 18000, 21000]
EXPANSION = [11800, 11200, 12400, 12100, 12900, 12300, 11900, 12600, 13400, 13900, 14600, 15200]
CONTRACTION = [2100, 2300, 1900, 2500, 2200, 2400, 2600, 2300, 2100, 2500, 2400, 2700]
CHURNED_MRR = [8600, 8200, 9100, 8400, 9700, 8900, 12800, 9800, 9300, 9100, 10400, 13100]
RETENTION_TARGET = 0.95
NRR_TARGET = 1.0

VALUE = {"revenue": 2950000, "orders": 10700, "customers": 4100, "repeat": 1722, "margin": 0.58,
         "discount": 0.10, "cac": 232}

COHORT_MONTHS = 6   # months of sample orders
COHORT_TABLE = 24   # cohorts (rows) and months (columns) the cohort tables show; a check says when more
COHORT_START = dt.date(RET_YEAR, 7, 1)  # inside the same year as the monthly table
COHORT_NEW = [48, 52, 45, 58, 50, 55]
COHORT_ACTIVE_P = [1.0, 0.42, 0.33, 0.28, 0.25, 0.22]


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def _days_in(d: dt.date) -> int:
    return (_add_months(d, 1) - d).days


def orders() -> list[tuple[str, dt.date, float]]:
    """Deterministic order lines (customer id, date, value), Jul–Dec of RET_YEAR, sorted by date."""
    rnd = random.Random(2025)
    rows = []
    cid = 1000
    for c, n in enumerate(COHORT_NEW):
        month = _add_months(COHORT_START, c)
        for _ in range(n):
            cid += 1
            ident = f"C{cid}"
            first = month + dt.timedelta(days=rnd.randrange(_days_in(month)))
            rows.append((ident, first, round(rnd.uniform(35, 180), 2)))
            for k in range(1, COHORT_MONTHS - c):
                if rnd.random() < COHORT_ACTIVE_P[k]:
                    m = _add_months(month, k)
                    for _ in range(1 + (rnd.random() < 0.3)):
                        day = m + dt.timedelta(days=rnd.randrange(_days_in(m)))
                        rows.append((ident, day, round(rnd.uniform(25, 160), 2)))
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


# ---------------------------------------------------------------- 4. A/B test

AB_START = dt.date(2025, 4, 7)
AB_DAYS = 21
AB_SETTINGS = {"confidence": 0.95, "baseline": 0.04, "mde": 0.12, "power": 0.8}


def ab_daily() -> list[tuple[dt.date, int, int, int, int]]:
    """(day, visitors A, conversions A, visitors B, conversions B) per day."""
    rnd = random.Random(11)
    rows = []
    for d in range(AB_DAYS):
        weekend = (AB_START + dt.timedelta(days=d)).weekday() >= 5
        base = 1350 if weekend else 1780
        va = base + rnd.randrange(-120, 121)
        vb = base + rnd.randrange(-120, 121)
        ca = round(va * 0.041 * rnd.uniform(0.85, 1.15))
        cb = round(vb * 0.0445 * rnd.uniform(0.85, 1.15))
        rows.append((AB_START + dt.timedelta(days=d), va, ca, vb, cb))
    return rows


AB_TEXT = {
    "en": {"name": "Checkout button: \"Buy now\" vs \"Complete purchase\"",
           "hypothesis": "A clearer call to action on the checkout page raises the purchase rate.",
           "metric": "Purchase conversion (orders / visitors to the checkout page)"},
    "zh-CN": {"name": "结算按钮文案：“立即购买” 对比 “完成购买”",
              "hypothesis": "结算页更明确的行动号召可以提高购买转化率。",
              "metric": "购买转化率（订单数 / 结算页访客数）"},
    "zh-TW": {"name": "結帳按鈕文案：「立即購買」vs「完成購買」",
              "hypothesis": "結帳頁的行動呼籲（CTA）更明確，能提高購買轉換率。",
              "metric": "購買轉換率（訂單數 ÷ 結帳頁訪客數）"},
}


# ---------------------------------------------------------------- A/B test, three variants (revenue per visitor)

# arm key, visitors, orders, revenue per visitor: mean and sample standard deviation (per visitor, zeros included)
AB3_ARMS = [
    ("arm_a", 15210, 608, 3.12, 19.8),
    ("arm_b", 15080, 666, 3.81, 21.4),
    ("arm_c3", 15160, 622, 3.20, 20.1),
]
AB3_PLANNED = 15000  # visitors per arm planned before the start
AB3_CONFIDENCE = 0.95
AB3_SRM_LIMIT = 0.001  # below this the split is broken, whatever the metric says
AB_ARM_ROWS = 20  # rows of the arms table on the variants sheet (the sample fills 3)


# ---------------------------------------------------------------- A/B test: revenue per visitor from export sums, CUPED

def _poisson(rnd: random.Random, lam: float) -> int:
    """A Poisson draw by inversion (bounded: at most 50)."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while k < 50:
        p *= rnd.random()
        if p <= limit:
            return k
        k += 1
    return k


def _shoppers(rnd: random.Random, n: int, lift: float, pre: bool):
    """n visitors of a shop: each has a purchase propensity (most never buy) and a typical order value;
    (revenue during the test, revenue in the 8 weeks before it) per visitor, cents; orders during the test."""
    out = []
    for _ in range(n):
        lam = rnd.gammavariate(0.08, 0.6)
        mu = rnd.gauss(4.0, 0.4)
        before = sum(round(rnd.lognormvariate(mu, 0.35), 2) for _ in range(_poisson(rnd, 2 * lam))) if pre else 0.0
        k = _poisson(rnd, lam * (1 + lift))
        during = sum(round(rnd.lognormvariate(mu, 0.35), 2) for _ in range(k))
        out.append((round(during, 2), round(before, 2), k))
    return out


AB_CUPED_VISITORS = 20000  # per arm in the sample
AB_CUPED_FIRST = 6         # first data row of the CUPED sheet


def ab_cuped_rows() -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Per visitor (revenue during the test, revenue in the 8 weeks before) of arms A and B (B: +12 %)."""
    rnd = random.Random(23)
    a = _shoppers(rnd, AB_CUPED_VISITORS, 0.0, True)
    b = _shoppers(rnd, AB_CUPED_VISITORS, 0.12, True)
    return [(y, x) for y, x, _ in a], [(y, x) for y, x, _ in b]


AB_SEQ_PLANNED_TOTAL = 56000  # two-arm report: visitors of both arms planned before the start (sequential test)
AB_RPV_PLANNED = 15000      # visitors per arm planned before the start (RPV sheet)
AB_RPV_MDE = 0.10           # relative change of revenue per visitor worth detecting
AB_RPV_POWER = 0.8


def ab_rpv_arms() -> list[tuple[str, int, int, float, float]]:
    """(arm key, visitors, orders, revenue, sum of squared revenue per visitor), as an A/B tool exports
    them: three arms of about 15,000 visitors, B +12 % revenue per visitor."""
    rnd = random.Random(31)
    out = []
    for key, n, lift in (("arm_a", 15210, 0.0), ("arm_b", 15080, 0.12), ("arm_c3", 15160, 0.02)):
        rows = _shoppers(rnd, n, lift, False)
        out.append((key, n, sum(k for _, _, k in rows), round(sum(y for y, _, _ in rows), 2),
                    round(sum(y * y for y, _, _ in rows), 2)))
    return out

# ---------------------------------------------------------------- dashboard: customer satisfaction survey

CHANNEL_ROWS = 20  # rows of the channel table (the sample fills 6) and of the ROI-by-channel table


def survey() -> list[tuple[int, int]]:
    """(likelihood to recommend 0–10, satisfaction 1–5) for 60 sample respondents."""
    rnd = random.Random(23)
    rows = []
    for _ in range(60):
        nps = rnd.choices(range(11), weights=[1, 1, 1, 2, 2, 3, 4, 7, 10, 9, 8])[0]
        csat = min(5, max(1, round(1 + nps * 0.4 + rnd.uniform(-0.9, 0.9))))
        rows.append((nps, csat))
    return rows


# ---------------------------------------------------------------- texts

T = {
    # common
    "input_note": ("Blue cells are inputs: replace the sample data with your own. Every other number recalculates.",
                   "蓝色单元格为输入项：请用您自己的数据替换示例数据，其余数字会自动重新计算。"),
    "total": ("Total", "合计"),
    "on_track": ("On track", "按计划"),
    "behind": ("Behind", "落后"),
    # dashboard
    "sh_dashboard": ("Dashboard", "仪表板"),
    "sh_channels": ("Channels", "渠道数据"),
    "month": ("Month", "月份"),
    "day_reported": ("Day of month reported", "已过天数"),
    "days_in_month": ("Days in month", "本月天数"),
    "costs": ("Costs this month", "本月成本"),
    "media_spend": ("Media spend (all channels)", "媒体投放（全部渠道）"),
    "people": ("Marketing team (people)", "营销团队（人力）"),
    "tools": ("Tools and agencies", "工具与代理商"),
    "gross_margin": ("Gross margin", "毛利率"),
    "headline": ("Headline KPIs", "核心 KPI"),
    "kpi": ("KPI", "指标"),
    "this_month": ("This month", "本月"),
    "last_month": ("Last month, same days", "上月同期"),
    "vs_last": ("vs last month", "环比"),
    "sessions": ("Sessions", "访问量"),
    "convrate": ("Conversion rate (session → customer)", "转化率（访问 → 客户）"),
    "new": ("New customers", "新客户数"),
    "revenue": ("Revenue", "收入"),
    "cac": ("Blended CAC (media + people + tools)", "综合获客成本 CAC"),
    "mroi": ("Marketing ROI (MROI), all costs", "营销投资回报率 MROI（全部成本）"),
    "mroi_media": ("MROI on media spend", "MROI（仅媒体花费）"),
    "all_media": ("All channels", "全部渠道"),
    "mroi_note": ("MROI = (revenue × margin − cost) ÷ cost; cost here: media + people + tools, by channel "
                  "below: media only. ROAS = revenue ÷ media.",
                  "MROI =（收入 × 毛利率 − 成本）÷ 成本；此处含人力与工具，下方各渠道仅含媒体花费。"),
    "roas": ("ROAS", "广告支出回报率 ROAS"),
    "leads": ("Leads", "线索数"),
    "targets": ("SMART targets for the month", "本月 SMART 目标"),
    "target": ("Target", "目标"),
    "actual": ("Actual to date", "当前实际"),
    "direction": ("Direction", "方向"),
    "direction_note": ("Direction: 1 when higher is better, −1 when lower is better (costs). Pace compares the "
                       "month to date with the same share of the monthly target.",
                       "方向：1 表示越高越好，−1 表示越低越好（如成本）。进度 = 本月至今实际 ÷ 按已过天数折算的目标。"),
    "attainment": ("Attainment", "达成率"),
    "pace": ("Pace (≥ 100 % on track)", "进度（≥100% 为按计划）"),
    "weight": ("Weight", "权重"),
    "status": ("Status", "状态"),
    "score": ("Weighted score (pace)", "加权得分（按进度）"),
    "roi_by_channel": ("MROI by channel, on media spend", "各渠道 MROI（仅媒体花费）"),
    "channel": ("Channel", "渠道"),
    "ch_title": ("Channel performance: inputs and KPIs", "渠道表现：输入数据与 KPI"),
    "impressions": ("Impressions", "曝光量"),
    "clicks": ("Clicks", "点击量"),
    "spend": ("Spend", "花费"),
    "ctr": ("CTR", "点击率 CTR"),
    "cpc": ("CPC", "单次点击成本 CPC"),
    "cpm": ("CPM", "千次曝光成本 CPM"),
    "conv": ("Conversion rate", "转化率"),
    "cpl": ("Cost per lead", "单条线索成本"),
    "cac_ch": ("CAC", "获客成本 CAC"),
    "spend_mix": ("Spend mix", "花费占比"),
    "breakeven": ("Break-even ROAS at this margin", "该毛利率下的盈亏平衡 ROAS"),
    "chart_spend_rev": ("Spend and revenue by channel", "各渠道花费与收入"),
    "chart_mroi": ("MROI by channel (media spend only)", "各渠道 MROI（仅媒体花费）"),
    "chart_cac": ("CAC by channel", "各渠道获客成本"),
    "chart_ctr_conv": ("Click-through and conversion rate by channel", "各渠道点击率与转化率"),
    "chart_steps": ("Step conversion vs benchmark", "阶段转化率与基准对比"),
    "chart_pace": ("Pace against targets", "目标进度"),
    # funnel
    "sh_funnel": ("Funnel", "漏斗"),
    "sh_sources": ("Lead sources", "线索来源"),
    "funnel_title": ("Funnel and lead-cost report", "漏斗与线索成本报告"),
    "stage": ("Stage", "阶段"),
    "count": ("Count", "数量"),
    "step": ("Step conversion", "阶段转化率"),
    "overall": ("From first stage", "相对首阶段"),
    "benchmark": ("Step benchmark", "阶段基准"),
    "cost_per": ("Cost per unit", "单位成本"),
    "visitors": ("Website visitors", "网站访客"),
    "mql": ("MQL (marketing qualified)", "MQL（市场合格线索）"),
    "sql": ("SQL (sales qualified)", "SQL（销售合格线索）"),
    "opps": ("Opportunities", "商机"),
    "won": ("Won deals", "成交客户"),
    "win_rate": ("Win rate (won / opportunities)", "赢单率（成交 / 商机）"),
    "funnel_cost": ("Marketing and sales cost", "营销与销售成本"),
    "avg_deal": ("Average deal value", "平均成交金额"),
    "new_revenue": ("New revenue", "新增收入"),
    "funnel_roi": ("ROI on funnel cost", "漏斗成本投资回报率 ROI"),
    "roi_note": ("ROI = (new revenue − cost) ÷ cost, on revenue, not gross margin: not comparable with an MROI.",
                 "ROI =（新增收入 − 成本）÷ 成本，按收入而非毛利计算，不能与 MROI 直接比较。"),
    "source": ("Source", "来源"),
    "cost": ("Cost", "成本"),
    "mql_s": ("MQL", "MQL"),
    "sql_s": ("SQL", "SQL"),
    "opps_s": ("Opportunities", "商机"),
    "won_s": ("Won", "成交"),
    "lead_mix": ("Lead mix", "线索占比"),
    "cost_mql": ("Cost per MQL", "单个 MQL 成本"),
    "cost_sql": ("Cost per SQL", "单个 SQL 成本"),
    "mql_sql": ("MQL → SQL", "MQL → SQL 转化率"),
    "win": ("Win rate", "赢单率"),
    "lead_targets": ("Targets", "目标"),
    "t_cost_mql": ("Cost per MQL at most", "单个 MQL 成本上限"),
    "t_cost_sql": ("Cost per SQL at most", "单个 SQL 成本上限"),
    "t_mql_sql": ("MQL → SQL at least", "MQL → SQL 转化率下限"),
    "t_win": ("Win rate at least", "赢单率下限"),
    "chart_funnel": ("Funnel: leads to won deals", "漏斗：从线索到成交"),
    "chart_lead_cost": ("Cost per MQL and SQL by source", "各来源单个 MQL / SQL 成本"),
    "chart_mix": ("Lead mix by source", "线索来源占比"),
    "src_rows_note": ("More sources: insert rows above the last source (not above the total) and copy the "
                      "formulas of a filled row into them; totals and charts grow with the table.",
                      "来源更多时：在最后一个来源的上方（不是合计行上方）插入行，并把已填行的公式复制到新行；"
                      "合计与图表随表格扩展。"),
    # retention
    "sh_retention": ("Retention", "留存"),
    "sh_cohorts": ("Cohorts", "同期群"),
    "sh_orders": ("Orders", "订单明细"),
    "sh_value": ("Customer value", "客户价值"),
    "ret_title": ("Customer retention, churn and revenue retention", "客户留存、流失与收入留存"),
    "start_cust": ("Customers at start", "期初客户数"),
    "new_cust": ("New", "新增"),
    "lost_cust": ("Lost", "流失"),
    "end_cust": ("Customers at end", "期末客户数"),
    "retention": ("Retention", "留存率"),
    "churn": ("Churn", "流失率"),
    "mrr_start": ("MRR at start", "期初月经常性收入"),
    "new_mrr": ("New MRR", "新增 MRR"),
    "expansion": ("Expansion", "扩展收入"),
    "contraction": ("Contraction", "收缩收入"),
    "churned_mrr": ("Churned MRR", "流失 MRR"),
    "nrr": ("NRR", "净收入留存 NRR"),
    "grr": ("GRR", "总收入留存 GRR"),
    "avg_churn": ("Average monthly churn", "月均流失率"),
    "annual_churn": ("Annualised churn", "年化流失率"),
    "lifetime": ("Expected lifetime (months)", "预期客户生命周期（月）"),
    "churn_avg_dec": ("Churn in {}, average-customers method", "{}流失率（平均客户数法）"),
    "ret_target": ("Monthly retention target", "月留存率目标"),
    "nrr_target": ("NRR target", "NRR 目标"),
    "cohort_title": ("Monthly cohorts: share of customers buying again", "月度同期群：复购客户比例"),
    "cohort_note": ("Computed by COHORT from every order line on the Orders sheet (down to the last one, empty "
                    "lines skipped); up to 24 monthly cohorts, the check below the table says when there are more.",
                    "由 COHORT 函数根据“订单明细”工作表的全部订单行计算（读到最后一行，空行跳过）；"
                    "最多显示 24 个月度同期群，超出时表格下方的检查会提示。"),
    "cohorts_found": ("Cohorts (months with first orders) in the order lines", "订单明细中的同期群数（有首单的月份）"),
    "cohort_rows": ("Rows of the cohort tables", "同期群表格的行数"),
    "orders_last": ("Last order line read (row of the Orders sheet)", "读取到的最后一行订单（“订单明细”表的行号）"),
    "dup_lines": ("Exact duplicate order lines", "完全重复的订单行数"),
    "dup_note": ("same customer, date and amount: such lines count once as activity, their amounts add up",
                 "客户、日期、金额均相同：这些订单行只计为一次活动，金额相加"),
    "cohort_ok": ("all cohorts are shown", "所有同期群均已显示"),
    "cohort_short": ("More cohorts than rows: the newest ones are not shown. Keep at most 24 months of orders on "
                     "the Orders sheet (delete the oldest months).",
                     "同期群多于表格行数：最新的同期群未显示。请在“订单明细”表只保留最多 24 个月的订单（删除最早的月份）。"),
    "cohort": ("Cohort (first order)", "同期群（首单月份）"),
    "size": ("Customers", "客户数"),
    "month_n": ("Month {}", "第 {} 月"),
    "customer_id": ("Customer ID", "客户编号"),
    "order_date": ("Order date", "下单日期"),
    "order_value": ("Order value", "订单金额"),
    "value": ("Value", "数值"),
    "value_title": ("Customer lifetime value and payback", "客户生命周期价值与回收期"),
    "rev_12m": ("Revenue, last 12 months", "近 12 个月收入"),
    "orders_12m": ("Orders, last 12 months", "近 12 个月订单数"),
    "customers_12m": ("Active customers", "活跃客户数"),
    "repeat_12m": ("Customers with more than one order", "多次下单客户数"),
    "margin": ("Gross margin", "毛利率"),
    "discount": ("Annual discount rate", "年折现率"),
    "cac_in": ("CAC (from the marketing dashboard)", "获客成本 CAC（来自营销仪表板）"),
    "aov": ("Average order value (AOV)", "平均订单金额 AOV"),
    "arpu": ("Revenue per customer per year (ARPU)", "每客户年收入 ARPU"),
    "repeat_rate": ("Repeat purchase rate", "复购率"),
    "purchases": ("Purchases per customer per year", "每客户年购买次数"),
    "life_years": ("Expected lifetime (years)", "预期生命周期（年）"),
    "clv": ("CLV (simple)", "客户生命周期价值 CLV（简单法）"),
    "margin_month": ("Gross margin per customer per month", "每客户月毛利"),
    "ret_month": ("Monthly retention (1 − average churn)", "月留存率（1 − 月均流失率）"),
    "clv_disc": ("CLV (discounted, retention model)", "CLV（折现留存模型）"),
    "ltv_cac": ("LTV : CAC (simple CLV)", "LTV : CAC（简单法）"),
    "ltv_cac_disc": ("LTV : CAC (discounted CLV)", "LTV : CAC（折现法）"),
    "payback": ("CAC payback (months)", "CAC 回收期（月）"),
    "unit_margin": ("Value left per customer after CAC", "扣除 CAC 后每客户价值"),
    "goal_ltv": ("LTV : CAC should be at least 3, payback at most 12 months.",
                 "LTV : CAC 应不低于 3，回收期应不超过 12 个月。"),
    "clv_short": ("CLV", "CLV"),
    "clv_disc_short": ("CLV, discounted", "折现 CLV"),
    "cac_short": ("CAC", "CAC"),
    "chart_customers": ("Customers at month end", "月末客户数"),
    "chart_churn": ("Monthly churn", "月流失率"),
    "chart_nrr": ("Net and gross revenue retention", "净收入留存与总收入留存"),
    "chart_cohorts": ("Cohort retention curves", "同期群留存曲线"),
    "ltv_title": ("Cumulative revenue per cohort customer (LTV), by month since the first order",
                  "同期群人均累计收入（LTV），按首单后月份"),
    "chart_value": ("Customer value vs acquisition cost", "客户价值与获客成本"),
    # A/B
    "sh_report": ("Report", "报告"),
    "sh_daily": ("Daily data", "每日数据"),
    "ab_title": ("A/B test report", "A/B 测试报告"),
    "test": ("Test", "测试名称"),
    "hypothesis": ("Hypothesis", "假设"),
    "metric": ("Primary metric", "主要指标"),
    "period": ("Period", "测试周期"),
    "settings": ("Settings", "参数设置"),
    "confidence": ("Confidence level", "置信水平"),
    "baseline": ("Baseline conversion rate (planning)", "基线转化率（规划用）"),
    "mde": ("Minimum detectable effect (relative lift)", "最小可检测效应（相对提升）"),
    "power": ("Statistical power", "统计功效"),
    "results": ("Results", "结果"),
    "arm": ("Arm", "组别"),
    "arm_a": ("A (control)", "A（对照组）"),
    "arm_b": ("B (variant)", "B（实验组）"),
    "ab_visitors": ("Visitors", "访客数"),
    "ab_conversions": ("Conversions", "转化数"),
    "ab_rate": ("Conversion rate", "转化率"),
    "ci_low": ("CI low", "置信区间下限"),
    "ci_high": ("CI high", "置信区间上限"),
    "comparison": ("B compared with A", "B 组相对 A 组"),
    "diff": ("Difference in rate (B − A)", "转化率差值（B − A）"),
    "lift": ("Relative lift", "相对提升"),
    "z": ("z-score", "z 值"),
    "p": ("p-value (two-sided)", "p 值（双侧）"),
    "significant": ("Significant at this confidence?", "在此置信水平下是否显著？"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "prob_best": ("Probability that B beats A (Bayesian)", "B 优于 A 的概率（贝叶斯）"),
    "loss_b": ("Expected loss if we ship B", "选择 B 的预期损失"),
    "loss_a": ("Expected loss if we keep A", "保留 A 的预期损失"),
    "srm": ("Sample-ratio check (p-value)", "样本比例检验（p 值）"),
    "srm_ok": ("OK", "正常"),
    "srm_bad": ("Mismatch: check the traffic split", "比例异常：请检查流量分配"),
    "planning": ("Sample size", "样本量"),
    "needed": ("Visitors needed per arm", "每组所需访客数"),
    "have": ("Visitors per arm so far", "每组当前访客数"),
    "reached": ("Sample reached", "样本完成度"),
    "decision": ("Decision", "结论"),
    "ship_b": ("Ship B", "上线 B"),
    "keep_a": ("Keep A", "保留 A"),
    "no_winner": ("No clear winner yet", "暂无明确胜出方"),
    "dont_trust": ("Do not trust yet: sample-ratio mismatch", "暂不可信：样本比例异常"),
    "not_reached": ("Keep running: planned sample not reached", "继续测试：尚未达到计划样本量"),
    "day": ("Day", "日期"),
    "visitors_a": ("Visitors A", "A 组访客"),
    "conv_a": ("Conversions A", "A 组转化"),
    "visitors_b": ("Visitors B", "B 组访客"),
    "conv_b": ("Conversions B", "B 组转化"),
    "cum_a": ("Cumulative rate A", "A 组累计转化率"),
    "cum_b": ("Cumulative rate B", "B 组累计转化率"),
    "chart_cum": ("Cumulative conversion rate", "累计转化率"),
    "chart_rates": ("Conversion rate by arm", "各组转化率"),
}


# texts of the three-variant sheet and the satisfaction block
T.update({
    "sh_three": ("Variants", "多变体"),
    "three_title": ("Two to 20 variants: revenue per visitor", "2 至 20 个变体：每访客收入"),
    "three_note": ("Primary metric: revenue per visitor (Welch t-test vs the first arm, the control; p-values "
                   "Holm-adjusted for all comparisons). No call before every arm reaches the planned sample.",
                   "主要指标：每访客收入（与第一组即对照组做 Welch t 检验，所有比较的 p 值经 Holm 校正）。"
                   "各组达到计划样本量之前不下结论。"),
    "arms_n": ("Arms (filled rows of the table)", "组数（表中已填的行）"),
    "ab_rows_note": ("Up to 20 arms, one a row from the first row down, no empty row between; the first is the "
                     "control. Type a new arm into the next empty row.",
                     "最多 20 组，从第一行起每行一组，中间不留空行；第一组为对照组。新增一组时在下一个空行输入即可。"),
    "ab_ok": ("2–20 arms: all compared", "2–20 组：全部已比较"),
    "ab_short": ("Needs 2 to 20 arms in consecutive rows from the first row of the table: fill or remove rows "
                 "so that every arm is in the table without empty rows between.",
                 "需要 2 至 20 组，从表格第一行起连续填写：请补填或删除行，使每组都在表中且中间没有空行。"),
    "planned_arm": ("Planned visitors per arm", "每组计划访客数"),
    "arm_c3": ("C (variant)", "C（实验组）"),
    "ab_orders": ("Orders", "订单数"),
    "rpv_mean": ("Revenue per visitor (mean)", "每访客收入（均值）"),
    "rpv_sd": ("Revenue per visitor (SD)", "每访客收入（标准差）"),
    "p_best_conv": ("P(best), conversion (Bayesian)", "转化率最佳概率（贝叶斯）"),
    "arm_reached": ("Planned sample reached", "计划样本达成率"),
    "vs_control": ("Revenue per visitor vs A (control)", "每访客收入：与 A（对照组）比较"),
    "rel_lift": ("Lift vs A", "相对 A 的提升"),
    "p_welch": ("p-value (Welch t-test)", "p 值（Welch t 检验）"),
    "p_holm": ("Adjusted p (Holm)", "校正后 p 值（Holm）"),
    "beats_a": ("Better than A?", "是否优于 A？"),
    "srm_three": ("Sample-ratio check, all arms (p-value)", "样本比例检验，所有组（p 值）"),
    "all_reached": ("Planned sample reached in every arm?", "各组均已达到计划样本量？"),
    "d3_wait": ("Keep running", "继续测试"),
    "d3_split": ("Check the traffic split", "检查流量分配"),
    "d3_none": ("No significant difference", "无显著差异"),
    "d3_ship": ("Ship {}", "上线 {}"),
    "d3_keep_a": ("Keep the control: the variants do worse", "保留对照组：实验组表现更差"),
    "chart_rpv": ("Revenue per visitor by arm", "各组每访客收入"),
    "chart_pbest": ("P(best) by arm, conversion", "各组转化率最佳概率"),
    "sh_survey": ("Survey", "调查"),
    "survey_title": ("Survey answers", "调查答复"),
    "survey_note": ("One respondent per row, down to the last filled row; empty cells are skipped.",
                    "每行一位受访者，读取到最后一行；空白单元格不计。"),
    "survey_last": ("Last answer row read (NPS, CSAT)", "读取到的最后一行答复（NPS、CSAT）"),
    "ch_rows_note": ("Room for 20 channels: type a new channel into the next empty row. For more, insert rows "
                     "above the last row before the total and copy the formulas of a filled row into them.",
                     "可容纳 20 个渠道：在下一个空行输入新渠道即可。更多渠道时，请在合计行之前的最后一行上方插入行，"
                     "并把已填行的公式复制到新行。"),
    "roi_ok": ("all channels are in the table", "所有渠道均已列入本表"),
    "roi_short": ("More channels than rows in this table: insert rows above the last row of the table and copy "
                  "the formulas of the row above into them.",
                  "渠道多于本表行数：请在本表最后一行上方插入行，并把上一行的公式复制到新行。"),
    "nps_answer": ("Recommend (0–10)", "推荐意愿（0–10）"),
    "csat_answer": ("Satisfaction (1–5)", "满意度（1–5）"),
    "satisfaction": ("Customer satisfaction", "客户满意度"),
    "nps": ("NPS (−100 to 100)", "净推荐值 NPS（−100 至 100）"),
    "csat": ("CSAT (rating 4–5)", "CSAT（4–5 分占比）"),
    "answers": ("Answers", "答复数"),
    "promoters": ("Promoters (9–10)", "推荐者（9–10）"),
    "detractors": ("Detractors (0–6)", "贬损者（0–6）"),
    "nps_score": ("Score", "分数"),
    "chart_nps_dist": ("Answers by score (0–10)", "各分数答复数（0–10）"),
})


# the A/B report's revenue-per-visitor, look-any-day and CUPED blocks
T.update({
    'seq_title': ('Look any day: sequential test (valid at every look)', '随时查看：序贯检验（每次查看都有效）'),
    'seq_planned': ('Planned visitors, both arms together (fix before the start)', '计划访客总数，两组合计（开始前确定）'),
    'seq_ci': ('Sequential interval of the difference (B − A)', '差值（B − A）的序贯区间'),
    'seq_p': ('Always-valid p-value', '随时有效的 p 值'),
    'seq_decision': ("Decision at today's look", '本次查看的结论'),
    'seq_b': ('B is better: you may stop now', 'B 更好：现在即可停止测试'),
    'seq_a': ('A is better: stop and keep A', 'A 更好：停止测试并保留 A'),
    'seq_wait': ('No call yet: look again tomorrow, the interval stays valid', '尚无结论：明天再看，区间依然有效'),
    'seq_note': ('Unlike the p-value above, this interval may be checked every day without inflating false winners (a confidence sequence, as in GrowthBook); the price is a wider interval.', '与上方的 p 值不同，这个区间可以每天查看而不会增加误判的赢家（置信序列，与 GrowthBook 相同）；代价是区间更宽。'),
    'sh_rpv': ('Revenue per visitor', '每访客收入'),
    'rpv_title': ("Revenue per visitor from your A/B tool's export: best arm, expected loss, look any day", '基于 A/B 工具导出数据的每访客收入：最佳组、预期损失、随时查看'),
    'rpv_note': ('Per arm, paste visitors, orders, revenue and the sum of squared revenue per visitor as your A/B tool exports them (blue cells); mean and SD come from them (MEANSD). The first arm is the control.', '每组粘贴 A/B 工具导出的访客数、订单数、收入和每访客收入的平方和（蓝色单元格）；均值和标准差由此计算（MEANSD）。第一组为对照组。'),
    'ab_revenue': ('Revenue', '收入'),
    'ab_sumsq': ('Sum of squares (revenue per visitor)', '平方和（每访客收入）'),
    'p_best_rpv': ('P(best), revenue per visitor', '每访客收入最佳概率'),
    'loss_rpv': ('Expected loss per visitor if chosen', '选择该组的每访客预期损失'),
    'seq_rpv_title': ('Look any day: each arm vs A (sequential intervals, valid at every look)', '随时查看：各组与 A 比较（序贯区间，每次查看都有效）'),
    'rpv_diff': ('Revenue per visitor − A', '每访客收入差值（− A）'),
    'seq_low': ('Sequential low', '序贯区间下限'),
    'seq_high': ('Sequential high', '序贯区间上限'),
    'conv_diff': ('Conversion rate − A', '转化率差值（− A）'),
    'seq_p_conv': ('Always-valid p, conversion', '随时有效的 p 值（转化率）'),
    'verdict': ('Revenue per visitor at this look', '本次查看的每访客收入'),
    'v_better': ('Better than A', '优于 A'),
    'v_worse': ('Worse than A', '劣于 A'),
    'v_open': ('Not decided yet', '尚未确定'),
    'rpv_ship': ('Stop: ship {} (revenue per visitor)', '停止测试：上线 {}（每访客收入）'),
    'rpv_keep': ('Stop: keep the control, every variant does worse', '停止测试：保留对照组，所有实验组都更差'),
    'seq_rpv_note': ('The planned total of each comparison is twice the planned visitors per arm; fix both before the start.', '每项比较的计划总数为每组计划访客数的两倍；两者都应在测试开始前确定。'),
    'plan_mean': ('Planning a revenue-per-visitor test', '规划每访客收入测试'),
    'mde_rel': ('Smallest lift worth detecting (relative)', '最小可检测提升（相对）'),
    'ctrl_mean': ('Control: revenue per visitor (mean)', '对照组：每访客收入（均值）'),
    'ctrl_sd': ('Control: revenue per visitor (SD)', '对照组：每访客收入（标准差）'),
    'needed_mean': ('Visitors needed per arm for that lift', '检测该提升每组所需访客数'),
    'mde_planned': ('Smallest lift the planned visitors can detect', '按计划访客数可检测的最小提升'),
    'chart_pbest_rpv': ('P(best) by arm, revenue per visitor', '各组每访客收入最佳概率'),
    'sh_cuped': ('CUPED', 'CUPED 校正'),
    'cuped_title': ("CUPED: the same test with less noise, from each visitor's revenue before it", 'CUPED：用每位访客测试前的收入降低噪声'),
    'cuped_note': ('One visitor a row from row 6 down: revenue during the test and in as many days before it; control in A–B, variant in C–D (blue cells; 0 for no purchase, also for new visitors).', '从第 6 行起每行一位访客：测试期间的收入，以及测试前同样天数内的收入；对照组在 A–B 列，实验组在 C–D 列（蓝色单元格；没有购买填 0，新访客也填 0）。'),
    'cup_y_a': ('A: revenue during the test', 'A 组：测试期间收入'),
    'cup_x_a': ('A: revenue before the test', 'A 组：测试前收入'),
    'cup_y_b': ('B: revenue during the test', 'B 组：测试期间收入'),
    'cup_x_b': ('B: revenue before the test', 'B 组：测试前收入'),
    'cuped_result': ('B − A per visitor, adjusted by CUPED', 'B − A 每访客差值（CUPED 校正）'),
    'cup_last': ('Last row read (A, B)', '读取到的最后一行（A、B）'),
    'cup_pairs': ('Visitors with both values (A, B)', '两个值齐全的访客数（A、B）'),
    'cup_left': ('Visitors left out: one value missing or text', '被略过的访客：缺一个值或为文本'),
    'cup_ok': ('All visitor rows are used', '所有访客行均已使用'),
    'cup_missing': ('Some rows have only one of the two values and are left out: fill the empty cell (0 if the visitor bought nothing) or delete the row.', '部分行只有两个值中的一个而被略过：请补填空白单元格（没有购买填 0）或删除该行。'),
    'cup_few': ('Needs at least 2 visitors with both values in each arm: paste the rows from row 6 down.', '每组至少需要 2 位两个值齐全的访客：请从第 6 行起粘贴数据。'),
    'cup_diff': ('Difference per visitor', '每访客差值'),
    'cup_vr': ('Variance reduction', '方差缩减'),
    'cup_half': ('Half-width of the interval with CUPED', '使用 CUPED 的区间半宽'),
    'cup_raw_half': ('Half-width without CUPED', '不使用 CUPED 的区间半宽'),
    'cup_gain': ('Visitors needed without CUPED for the same precision (× those with it)', '不使用 CUPED 达到同样精度所需访客数（倍数）'),
    'cup_b': ('B is better (CUPED-adjusted)', 'B 更好（CUPED 校正后）'),
    'cup_a': ('A is better (CUPED-adjusted)', 'A 更好（CUPED 校正后）'),
})


# traditional Chinese in Taiwan usage (顧客, 營收, 轉換率, 名單, 通路, 投資報酬率), not a conversion of the above
T_TW = {
    "input_note": "藍色儲存格為輸入值：請以您自己的資料取代範例資料，其餘數字都會自動重新計算。",
    "total": "合計",
    "on_track": "符合進度",
    "behind": "落後",
    "sh_dashboard": "儀表板",
    "sh_channels": "通路資料",
    "month": "月份",
    "day_reported": "資料截至本月第幾天",
    "days_in_month": "本月天數",
    "costs": "本月成本",
    "media_spend": "媒體預算（所有通路）",
    "people": "行銷團隊（人事費用）",
    "tools": "工具與代理商",
    "gross_margin": "毛利率",
    "headline": "關鍵 KPI",
    "kpi": "指標",
    "this_month": "本月",
    "last_month": "上月同期",
    "vs_last": "較上月",
    "sessions": "工作階段",
    "convrate": "轉換率（工作階段 → 顧客）",
    "new": "新顧客數",
    "revenue": "營收",
    "cac": "整體顧客取得成本 CAC（媒體＋人事＋工具）",
    "mroi": "行銷投資報酬率 MROI（全部成本）",
    "mroi_media": "MROI（僅媒體預算）",
    "all_media": "所有通路",
    "mroi_note": "MROI =（營收 × 毛利率 − 成本）÷ 成本；此處含人事與工具，下方各通路僅含媒體預算。",
    "roas": "廣告投資報酬率 ROAS",
    "leads": "名單數",
    "targets": "本月 SMART 目標",
    "target": "目標",
    "actual": "目前實際",
    "direction": "方向",
    "direction_note": "方向：1 表示越高越好，−1 表示越低越好（如成本）。進度 = 本月至今實際值 ÷ 依已過天數折算的目標。",
    "attainment": "達成率",
    "pace": "進度（≥100% 即符合進度）",
    "weight": "權重",
    "status": "狀態",
    "score": "加權分數（依進度）",
    "roi_by_channel": "各通路 MROI（僅媒體預算）",
    "channel": "通路",
    "ch_title": "通路成效：輸入資料與 KPI",
    "impressions": "曝光數",
    "clicks": "點擊數",
    "spend": "廣告花費",
    "ctr": "點閱率 CTR",
    "cpc": "單次點擊成本 CPC",
    "cpm": "千次曝光成本 CPM",
    "conv": "轉換率",
    "cpl": "每筆名單成本",
    "cac_ch": "顧客取得成本 CAC",
    "spend_mix": "花費占比",
    "breakeven": "此毛利率下的損益兩平 ROAS",
    "chart_spend_rev": "各通路廣告花費與營收",
    "chart_mroi": "各通路 MROI（僅媒體預算）",
    "chart_cac": "各通路顧客取得成本",
    "chart_ctr_conv": "各通路點閱率與轉換率",
    "chart_steps": "各階段轉換率與基準比較",
    "chart_pace": "目標進度",
    "sh_funnel": "漏斗",
    "sh_sources": "名單來源",
    "funnel_title": "漏斗與名單成本報告",
    "stage": "階段",
    "count": "數量",
    "step": "階段轉換率",
    "overall": "相對第一階段",
    "benchmark": "階段基準",
    "cost_per": "單位成本",
    "visitors": "網站訪客",
    "mql": "MQL（行銷合格名單）",
    "sql": "SQL（業務合格名單）",
    "opps": "商機",
    "won": "成交案件",
    "win_rate": "成交率（成交 ÷ 商機）",
    "funnel_cost": "行銷與業務成本",
    "avg_deal": "平均成交金額",
    "new_revenue": "新增營收",
    "funnel_roi": "漏斗成本投資報酬率 ROI",
    "roi_note": "ROI =（新增營收 − 成本）÷ 成本，以營收而非毛利計算，不能與 MROI 直接比較。",
    "source": "來源",
    "cost": "成本",
    "mql_s": "MQL",
    "sql_s": "SQL",
    "opps_s": "商機",
    "won_s": "成交",
    "lead_mix": "名單占比",
    "cost_mql": "每筆 MQL 成本",
    "cost_sql": "每筆 SQL 成本",
    "mql_sql": "MQL → SQL 轉換率",
    "win": "成交率",
    "lead_targets": "目標",
    "t_cost_mql": "每筆 MQL 成本上限",
    "t_cost_sql": "每筆 SQL 成本上限",
    "t_mql_sql": "MQL → SQL 轉換率下限",
    "t_win": "成交率下限",
    "chart_funnel": "漏斗：從名單到成交",
    "chart_lead_cost": "各來源每筆 MQL／SQL 成本",
    "chart_mix": "名單來源占比",
    "src_rows_note": "來源更多時：在最後一個來源的上方（不是合計列上方）插入列，並將已填列的公式複製到新列；合計與圖表隨表格擴展。",
    "sh_retention": "留存",
    "sh_cohorts": "同類群組",
    "sh_orders": "訂單明細",
    "sh_value": "顧客價值",
    "ret_title": "顧客留存率、流失率與營收留存率",
    "start_cust": "期初顧客數",
    "new_cust": "新增",
    "lost_cust": "流失",
    "end_cust": "期末顧客數",
    "retention": "留存率",
    "churn": "流失率",
    "mrr_start": "期初每月經常性營收 MRR",
    "new_mrr": "新增 MRR",
    "expansion": "擴充營收",
    "contraction": "縮減營收",
    "churned_mrr": "流失 MRR",
    "nrr": "淨營收留存率 NRR",
    "grr": "總營收留存率 GRR",
    "avg_churn": "平均每月流失率",
    "annual_churn": "年化流失率",
    "lifetime": "預期顧客存續期間（月）",
    "churn_avg_dec": "{}流失率（平均顧客數法）",
    "ret_target": "每月留存率目標",
    "nrr_target": "NRR 目標",
    "cohort_title": "每月同類群組：再次購買的顧客比例",
    "cohort_note": "由 COHORT 函數依「訂單明細」工作表的全部訂單列計算（讀至最後一列，空白列略過）；"
                   "最多顯示 24 個每月同類群組，超出時表格下方的檢查會提示。",
    "cohorts_found": "訂單明細中的同類群組數（有首購的月份）",
    "cohort_rows": "同類群組表格的列數",
    "orders_last": "讀取的最後一筆訂單（「訂單明細」表的列號）",
    "dup_lines": "完全重複的訂單筆數",
    "dup_note": "顧客、日期、金額皆相同：這些訂單只算一次活動，金額相加",
    "cohort_ok": "所有同類群組皆已顯示",
    "cohort_short": "同類群組多於表格列數：最新的同類群組未顯示。請在「訂單明細」表只保留最多 24 個月的訂單（刪除最早的月份）。",
    "cohort": "同類群組（首購月份）",
    "size": "顧客數",
    "month_n": "第 {} 個月",
    "customer_id": "顧客編號",
    "order_date": "訂購日期",
    "order_value": "訂單金額",
    "value": "數值",
    "value_title": "顧客終身價值與回收期",
    "rev_12m": "近 12 個月營收",
    "orders_12m": "近 12 個月訂單數",
    "customers_12m": "活躍顧客數",
    "repeat_12m": "購買超過一次的顧客數",
    "margin": "毛利率",
    "discount": "年折現率",
    "cac_in": "顧客取得成本 CAC（取自行銷儀表板）",
    "aov": "平均客單價 AOV",
    "arpu": "每位顧客年營收 ARPU",
    "repeat_rate": "回購率",
    "purchases": "每位顧客年購買次數",
    "life_years": "預期存續期間（年）",
    "clv": "顧客終身價值 CLV（簡易法）",
    "margin_month": "每位顧客每月毛利",
    "ret_month": "每月留存率（1 − 平均流失率）",
    "clv_disc": "CLV（折現留存模型）",
    "ltv_cac": "LTV : CAC（簡易 CLV）",
    "ltv_cac_disc": "LTV : CAC（折現 CLV）",
    "payback": "CAC 回收期（月）",
    "unit_margin": "扣除 CAC 後每位顧客的價值",
    "goal_ltv": "LTV : CAC 應至少為 3，回收期應不超過 12 個月。",
    "clv_short": "CLV",
    "clv_disc_short": "折現 CLV",
    "cac_short": "CAC",
    "chart_customers": "月底顧客數",
    "chart_churn": "每月流失率",
    "chart_nrr": "淨營收留存率與總營收留存率",
    "chart_cohorts": "同類群組留存曲線",
    "ltv_title": "同類群組每位顧客累計營收（LTV），依首購後月份",
    "chart_value": "顧客價值與顧客取得成本",
    "sh_report": "報告",
    "sh_daily": "每日資料",
    "ab_title": "A/B 測試報告",
    "test": "測試名稱",
    "hypothesis": "假設",
    "metric": "主要指標",
    "period": "測試期間",
    "settings": "參數設定",
    "confidence": "信賴水準",
    "baseline": "基準轉換率（規劃用）",
    "mde": "最小可偵測效果（相對提升）",
    "power": "檢定力",
    "results": "結果",
    "arm": "組別",
    "arm_a": "A（對照組）",
    "arm_b": "B（實驗組）",
    "ab_visitors": "訪客數",
    "ab_conversions": "轉換數",
    "ab_rate": "轉換率",
    "ci_low": "信賴區間下限",
    "ci_high": "信賴區間上限",
    "comparison": "B 組與 A 組比較",
    "diff": "轉換率差異（B − A）",
    "lift": "相對提升",
    "z": "z 值",
    "p": "p 值（雙尾）",
    "significant": "在此信賴水準下是否顯著？",
    "yes": "是",
    "no": "否",
    "prob_best": "B 優於 A 的機率（貝氏）",
    "loss_b": "採用 B 的預期損失",
    "loss_a": "維持 A 的預期損失",
    "srm": "樣本比例檢定（p 值）",
    "srm_ok": "正常",
    "srm_bad": "比例不符：請檢查流量分配",
    "planning": "樣本數",
    "needed": "每組所需訪客數",
    "have": "每組目前訪客數",
    "reached": "樣本達成率",
    "decision": "結論",
    "ship_b": "上線 B",
    "keep_a": "維持 A",
    "no_winner": "尚無明確勝出者",
    "dont_trust": "暫不可信：樣本比例不符",
    "not_reached": "繼續測試：尚未達到預定樣本數",
    "day": "日期",
    "visitors_a": "A 組訪客",
    "conv_a": "A 組轉換",
    "visitors_b": "B 組訪客",
    "conv_b": "B 組轉換",
    "cum_a": "A 組累計轉換率",
    "cum_b": "B 組累計轉換率",
    "chart_cum": "累計轉換率",
    "chart_rates": "各組轉換率",
}


# 三個變體工作表與顧客滿意度區塊（台灣用語）
T_TW.update({
    "sh_three": "多變體",
    "three_title": "2 至 20 個變體：每位訪客營收",
    "three_note": "主要指標：每位訪客營收（與第一組即對照組做 Welch t 檢定，所有比較的 p 值以 Holm 法校正）。"
                  "各組達到預定樣本數之前不下結論。",
    "arms_n": "組數（表中已填的列）",
    "ab_rows_note": "最多 20 組，從第一列起每列一組，中間不留空白列；第一組為對照組。新增一組時在下一個空白列輸入即可。",
    "ab_ok": "2–20 組：全部已比較",
    "ab_short": "需要 2 至 20 組，從表格第一列起連續填寫：請補填或刪除列，使每組都在表中且中間沒有空白列。",
    "planned_arm": "每組預定訪客數",
    "arm_c3": "C（實驗組）",
    "ab_orders": "訂單數",
    "rpv_mean": "每位訪客營收（平均）",
    "rpv_sd": "每位訪客營收（標準差）",
    "p_best_conv": "轉換率最佳機率（貝氏）",
    "arm_reached": "預定樣本達成率",
    "vs_control": "每位訪客營收：與 A（對照組）比較",
    "rel_lift": "相對 A 的提升",
    "p_welch": "p 值（Welch t 檢定）",
    "p_holm": "校正後 p 值（Holm）",
    "beats_a": "是否優於 A？",
    "srm_three": "樣本比例檢定，所有組（p 值）",
    "all_reached": "各組皆已達到預定樣本數？",
    "d3_wait": "繼續測試",
    "d3_split": "檢查流量分配",
    "d3_none": "無顯著差異",
    "d3_ship": "上線 {}",
    "d3_keep_a": "維持對照組：實驗組表現較差",
    "chart_rpv": "各組每位訪客營收",
    "chart_pbest": "各組轉換率最佳機率",
    "sh_survey": "問卷",
    "survey_title": "問卷回覆",
    "survey_note": "每列一位受訪者，讀取至最後一列；空白儲存格不計。",
    "survey_last": "讀取的最後一列回覆（NPS、CSAT）",
    "ch_rows_note": "可容納 20 個通路：在下一個空白列輸入新通路即可。更多通路時，請在合計列之前的最後一列上方插入列，並將已填列的公式複製到新列。",
    "roi_ok": "所有通路皆已列入本表",
    "roi_short": "通路多於本表列數：請在本表最後一列上方插入列，並將上一列的公式複製到新列。",
    "nps_answer": "推薦意願（0–10）",
    "csat_answer": "滿意度（1–5）",
    "satisfaction": "顧客滿意度",
    "nps": "淨推薦分數 NPS（−100 至 100）",
    "csat": "CSAT（4–5 分比例）",
    "answers": "回覆數",
    "promoters": "推薦者（9–10）",
    "detractors": "批評者（0–6）",
    "nps_score": "分數",
    "chart_nps_dist": "各分數回覆數（0–10）",
})

# 每位訪客營收、隨時查看與 CUPED 區塊（台灣用語）
T_TW.update({
    'seq_title': '隨時查看：序貫檢定（每次查看皆有效）',
    'seq_planned': '預定訪客總數，兩組合計（開始前訂定）',
    'seq_ci': '差異（B − A）的序貫區間',
    'seq_p': '隨時有效的 p 值',
    'seq_decision': '本次查看的結論',
    'seq_b': 'B 較好：現在即可停止測試',
    'seq_a': 'A 較好：停止測試並維持 A',
    'seq_wait': '尚無結論：明天再看，區間依然有效',
    'seq_note': '與上方的 p 值不同，這個區間可以每天查看而不會增加誤判的勝出者（信賴序列，與 GrowthBook 相同）；代價是區間較寬。',
    'sh_rpv': '每位訪客營收',
    'rpv_title': '依 A/B 工具匯出資料的每位訪客營收：最佳組、預期損失、隨時查看',
    'rpv_note': '每組貼上 A/B 工具匯出的訪客數、訂單數、營收與每位訪客營收的平方和（藍色儲存格）；平均與標準差由此計算（MEANSD）。第一組為對照組。',
    'ab_revenue': '營收',
    'ab_sumsq': '平方和（每位訪客營收）',
    'p_best_rpv': '每位訪客營收最佳機率',
    'loss_rpv': '選擇該組的每位訪客預期損失',
    'seq_rpv_title': '隨時查看：各組與 A 比較（序貫區間，每次查看皆有效）',
    'rpv_diff': '每位訪客營收差異（− A）',
    'seq_low': '序貫區間下限',
    'seq_high': '序貫區間上限',
    'conv_diff': '轉換率差異（− A）',
    'seq_p_conv': '隨時有效的 p 值（轉換率）',
    'verdict': '本次查看的每位訪客營收',
    'v_better': '優於 A',
    'v_worse': '劣於 A',
    'v_open': '尚未確定',
    'rpv_ship': '停止測試：上線 {}（每位訪客營收）',
    'rpv_keep': '停止測試：維持對照組，所有實驗組皆較差',
    'seq_rpv_note': '每項比較的預定總數為每組預定訪客數的兩倍；兩者皆應在測試開始前訂定。',
    'plan_mean': '規劃每位訪客營收測試',
    'mde_rel': '最小可偵測提升（相對）',
    'ctrl_mean': '對照組：每位訪客營收（平均）',
    'ctrl_sd': '對照組：每位訪客營收（標準差）',
    'needed_mean': '偵測該提升每組所需訪客數',
    'mde_planned': '依預定訪客數可偵測的最小提升',
    'chart_pbest_rpv': '各組每位訪客營收最佳機率',
    'sh_cuped': 'CUPED 校正',
    'cuped_title': 'CUPED：以每位訪客測試前的營收降低雜訊',
    'cuped_note': '從第 6 列起每列一位訪客：測試期間的營收，以及測試前相同天數內的營收；對照組在 A–B 欄，實驗組在 C–D 欄（藍色儲存格；沒有購買填 0，新訪客也填 0）。',
    'cup_y_a': 'A 組：測試期間營收',
    'cup_x_a': 'A 組：測試前營收',
    'cup_y_b': 'B 組：測試期間營收',
    'cup_x_b': 'B 組：測試前營收',
    'cuped_result': 'B − A 每位訪客差異（CUPED 校正）',
    'cup_last': '讀取的最後一列（A、B）',
    'cup_pairs': '兩個值皆有的訪客數（A、B）',
    'cup_left': '被略過的訪客：缺一個值或為文字',
    'cup_ok': '所有訪客列皆已使用',
    'cup_missing': '部分列只有兩個值中的一個而被略過：請補填空白儲存格（沒有購買填 0）或刪除該列。',
    'cup_few': '每組至少需要 2 位兩個值皆有的訪客：請從第 6 列起貼上資料。',
    'cup_diff': '每位訪客差異',
    'cup_vr': '變異數縮減',
    'cup_half': '使用 CUPED 的區間半寬',
    'cup_raw_half': '不使用 CUPED 的區間半寬',
    'cup_gain': '不使用 CUPED 達到相同精確度所需訪客數（倍數）',
    'cup_b': 'B 較好（CUPED 校正後）',
    'cup_a': 'A 較好（CUPED 校正後）',
})


def text(key: str, lang: str) -> str:
    if lang == "zh-TW":
        return T_TW[key]
    en, zh = T[key]
    return en if lang == "en" else zh


def channel_name(row: tuple, lang: str, tw: dict) -> str:
    """A CHANNELS or SOURCES row's display name in `lang` (tw: its zh-TW names by key)."""
    return {"en": row[1], "zh-CN": row[2]}.get(lang) or tw[row[0]]


# ---------------------------------------------------------------- 6. channel attribution

TEMPLATES["channel-attribution"] = {"en": "Channel attribution", "zh-CN": "渠道归因分析", "zh-TW": "通路歸因分析"}

ATTR_START = dt.date(2025, 4, 1)  # the quarter of the sample touch log
ATTR_DAYS = 91
ATTR_JOURNEYS = 24000
ATTR_CHANNEL_ROWS = 20   # channel rows of the model and MROI tables (the sample has 7); a check says when more
ATTR_PATH_ROWS = 10000   # paths listed on the Paths sheet, which the models read; a check says when more
ATTR_MARGIN = 0.55
# key, English, simplified Chinese, traditional Chinese (Taiwan), share of first touches, spend in the quarter
ATTR_CHANNELS = [
    ("search", "Paid search", "搜索广告", "關鍵字廣告", 0.24, 52000),
    ("social", "Paid social", "社交媒体广告", "社群廣告", 0.22, 38000),
    ("display", "Display", "展示广告", "多媒體廣告", 0.16, 21000),
    ("video", "Online video", "视频广告", "影音廣告", 0.08, 16000),
    ("seo", "Organic search", "自然搜索", "自然搜尋", 0.20, 9000),
    ("affiliate", "Affiliates", "联盟推广", "聯盟行銷", 0.05, 12000),
    ("email", "Email", "电子邮件", "電子報", 0.05, 4000),
]
# how likely each channel is the next touch after a touch of a channel (row: from; columns as ATTR_CHANNELS)
_ATTR_NEXT = {
    "search": [0.30, 0.08, 0.05, 0.02, 0.25, 0.10, 0.20],
    "social": [0.22, 0.25, 0.08, 0.07, 0.15, 0.05, 0.18],
    "display": [0.30, 0.15, 0.15, 0.05, 0.20, 0.05, 0.10],
    "video": [0.25, 0.20, 0.10, 0.10, 0.20, 0.05, 0.10],
    "seo": [0.20, 0.05, 0.05, 0.02, 0.35, 0.08, 0.25],
    "affiliate": [0.25, 0.05, 0.05, 0.02, 0.18, 0.25, 0.20],
    "email": [0.25, 0.05, 0.03, 0.02, 0.25, 0.05, 0.35],
}
# the chance a journey ends in a purchase grows with some channels more than others
_ATTR_LIFT = {"search": 0.05, "social": 0.018, "display": 0.006, "video": 0.012, "seo": 0.045, "affiliate": 0.04,
              "email": 0.07}


def attr_channel(key: str, lang: str) -> str:
    row = next(r for r in ATTR_CHANNELS if r[0] == key)
    return row[{"en": 1, "zh-CN": 2, "zh-TW": 3}[lang]]


def touches(lang: str = "en", journeys: int = ATTR_JOURNEYS, seed: int = 2306) -> list[tuple]:
    """Deterministic touch log (journey id, channel, Calc date-time serial, conversions, revenue), one row
    per touch, sorted by time as analytics exports are; the conversion and its revenue are on the journey's
    last touch. 1–8 touches per journey (most 1–3), 7 channels, a quarter of journeys."""
    rnd = random.Random(seed)
    keys = [r[0] for r in ATTR_CHANNELS]
    first_w = [r[4] for r in ATTR_CHANNELS]
    start = serial(ATTR_START)
    rows = []
    for j in range(journeys):
        ident = 300001 + j
        n = 1
        while n < 8 and rnd.random() < 0.47:
            n += 1
        path = [rnd.choices(keys, first_w)[0]]
        while len(path) < n:
            path.append(rnd.choices(keys, _ATTR_NEXT[path[-1]])[0])
        p = 0.004 + sum(_ATTR_LIFT[c] for c in set(path)) + 0.006 * (n - 1)
        converted = rnd.random() < min(p, 0.5)
        t = start + rnd.random() * (ATTR_DAYS - 14)
        for k, c in enumerate(path):
            if k:
                t += rnd.expovariate(1 / 1.5)
            last = k == n - 1
            conv = 1 if converted and last else 0
            value = round(rnd.gammavariate(4.0, 45.0) + 19.0, 2) if conv else 0.0
            rows.append((ident, attr_channel(c, lang), round(t * 1440) / 1440, conv, value))
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def sample_paths(lang: str) -> set[tuple[str, ...]]:
    """The distinct paths (channel tuples) of the sample touch log."""
    journeys: dict[int, list] = {}
    for ident, channel, t, _, _ in touches(lang):
        journeys.setdefault(ident, []).append((t, channel))
    return {tuple(c for _, c in sorted(v, key=lambda x: x[0])) for v in journeys.values()}


T.update({
    "sh_attribution": ("Attribution", "归因"),
    "sh_paths": ("Paths", "转化路径"),
    "sh_touches": ("Touches", "触点明细"),
    "attr_title": ("Channel attribution: which channel earned the sale", "渠道归因：哪个渠道带来了成交"),
    "attr_note": ("Paste your touch log on the Touches sheet (one row per touch, from row 2, as many rows as you "
                  "have); blue cells are inputs. Every other number recalculates.",
                  "请把触点日志粘贴到“触点明细”表（每个触点一行，从第 2 行起，行数不限）；蓝色单元格为输入项，其余数字会自动重新计算。"),
    "touch_journey": ("Journey ID", "旅程 ID"),
    "touch_channel": ("Channel", "渠道"),
    "touch_time": ("Time", "时间"),
    "touch_conv": ("Conversions", "转化数"),
    "touch_value": ("Revenue", "收入"),
    "attr_models": ("Credited conversions and revenue by model", "各模型归因的转化数与收入"),
    "m_first": ("First touch", "首次触点"),
    "m_last": ("Last touch", "末次触点"),
    "m_linear": ("Linear", "线性"),
    "m_position": ("Position (40/20/40)", "位置（40/20/40）"),
    "m_markov": ("Markov chain", "马尔可夫链"),
    "conversions": ("Conversions", "转化数"),
    "attr_margin": ("Gross margin", "毛利率"),
    "attr_spend_title": ("Spend per channel (enter yours)", "各渠道花费（请填写）"),
    "attr_spend_note": ("One row per channel, named as in the touch log (case does not matter).",
                        "每个渠道一行，名称与触点日志一致（不区分大小写）。"),
    "attr_mroi": ("Marketing ROI per channel on each model's credited revenue", "按各模型归因收入计算的各渠道营销投资回报率"),
    "attr_all": ("All channels", "全部渠道"),
    "channels_found": ("Channels in the touch log", "触点日志中的渠道数"),
    "channel_rows": ("Channel rows in these tables", "本表的渠道行数"),
    "attr_ch_ok": ("all channels are shown", "所有渠道均已显示"),
    "attr_ch_short": ("More channels than rows: the totals include them all, the rows do not. Merge rare channels "
                      "into one (e.g. \"Other\") in the touch log.",
                      "渠道多于表格行数：合计已包含全部渠道，但表格未逐一显示。请在触点日志中把少见渠道合并为一个（如“其他”）。"),
    "spend_missing": ("Channels without a spend row", "未填写花费的渠道数"),
    "spend_missing_note": ("Add a row for each of them to the spend table (0 if free): their MROI shows #DIV/0!.",
                           "请在花费表中为这些渠道各加一行（免费渠道填 0）：其 MROI 显示 #DIV/0!。"),
    "attr_assume": ("What each model assumes", "各模型的假设"),
    "assume_first": ("All credit goes to the channel that started the journey: it assumes discovery is what "
                     "matters and ignores everything after it.",
                     "全部功劳归于开启旅程的渠道：假设“被发现”最重要，忽略之后的所有触点。"),
    "assume_last": ("All credit goes to the last channel before the purchase (the usual default of analytics "
                    "tools): it assumes the closing touch decides and ignores what led there.",
                    "全部功劳归于成交前的最后一个渠道（多数分析工具的默认设置）：假设临门一脚起决定作用，忽略此前的触点。"),
    "assume_linear": ("Every touch of the journey gets an equal share: it assumes each contact contributed the "
                      "same, however early or late.",
                      "旅程中的每个触点平分功劳：假设每次接触的贡献相同，不论早晚。"),
    "assume_position": ("40 % to the first touch, 40 % to the last, 20 % shared by the touches between: it "
                        "assumes opening and closing matter most.",
                        "首次与末次触点各得 40%，中间触点平分 20%：假设开启和促成最重要。"),
    "assume_markov": ("Data-driven: each channel gets the share of conversions that would be lost without it "
                      "(its removal effect in a Markov chain of all journeys, including those that did not buy); "
                      "it assumes the next touch depends only on the current one.",
                      "数据驱动：每个渠道获得“去掉它会损失的转化”所占的份额（基于全部旅程（含未成交）的马尔可夫链移除效应）；"
                      "假设下一个触点只取决于当前触点。"),
    "chart_attr_conv": ("Credited conversions by channel and model", "各渠道按模型归因的转化数"),
    "chart_attr_mroi": ("MROI by channel and model", "各渠道按模型计算的 MROI"),
    "chart_attr_share": ("Revenue credited: last touch vs Markov chain", "归因收入：末次触点与马尔可夫链对比"),
    "paths_title": ("Customer journeys: one row per distinct path", "客户旅程：每条不同路径一行"),
    "paths_note": ("Computed by PATHS from every row of the Touches sheet, in the order each path first occurs; "
                   "the models on the Attribution sheet read this list.",
                   "由 PATHS 根据“触点明细”表的全部行计算，按各路径首次出现的顺序排列；“归因”表的各模型读取本列表。"),
    "path": ("Path", "路径"),
    "path_nulls": ("Journeys without conversion", "未转化的旅程数"),
    "touches_last": ("Last touch row read (row of the Touches sheet)", "读取到的最后一行触点（“触点明细”表的行号）"),
    "journeys": ("Journeys", "旅程数"),
    "paths_found": ("Distinct paths", "不同路径数"),
    "path_rows": ("Path rows listed here", "本表列出的路径行数"),
    "paths_ok": ("all paths are listed", "所有路径均已列出"),
    "paths_short": ("More paths than rows: the models use the first {} only. To list and use them all, select "
                    "A8:D{}, type A8's formula and press Ctrl+Shift+Enter.",
                    "路径多于表格行数：各模型只使用了前 {} 条。如需全部列出并计入，请选中 A8:D{}，输入 A8 的公式并按 "
                    "Ctrl+Shift+Enter。"),
})

T_TW.update({
    "sh_attribution": "歸因",
    "sh_paths": "轉換路徑",
    "sh_touches": "接觸點明細",
    "attr_title": "通路歸因：哪個通路帶來了成交",
    "attr_note": "請將接觸點記錄貼到「接觸點明細」工作表（每個接觸點一列，自第 2 列起，列數不限）；藍色儲存格為輸入值，其餘數字都會自動重新計算。",
    "touch_journey": "旅程 ID",
    "touch_channel": "通路",
    "touch_time": "時間",
    "touch_conv": "轉換次數",
    "touch_value": "營收",
    "attr_models": "各模型歸因的轉換次數與營收",
    "m_first": "首次接觸",
    "m_last": "最終接觸",
    "m_linear": "線性",
    "m_position": "根據位置（40/20/40）",
    "m_markov": "馬可夫鏈",
    "conversions": "轉換次數",
    "attr_margin": "毛利率",
    "attr_spend_title": "各通路廣告花費（請填入）",
    "attr_spend_note": "每個通路一列，名稱與接觸點記錄相同（不分大小寫）。",
    "attr_mroi": "依各模型歸因營收計算的各通路行銷投資報酬率",
    "attr_all": "所有通路",
    "channels_found": "接觸點記錄中的通路數",
    "channel_rows": "本表的通路列數",
    "attr_ch_ok": "所有通路皆已顯示",
    "attr_ch_short": "通路多於表格列數：合計已包含所有通路，但表格未逐一顯示。請在接觸點記錄中將少見的通路合併為一個（例如「其他」）。",
    "spend_missing": "未填廣告花費的通路數",
    "spend_missing_note": "請在花費表中為這些通路各加一列（免費通路填 0）：其 MROI 顯示 #DIV/0!。",
    "attr_assume": "各模型的假設",
    "assume_first": "所有功勞歸給開啟旅程的通路：假設「被發現」最重要，忽略之後的所有接觸點。",
    "assume_last": "所有功勞歸給成交前的最後一個通路（多數分析工具的預設）：假設臨門一腳決定成交，忽略之前的接觸點。",
    "assume_linear": "旅程中的每個接觸點平分功勞：假設每次接觸的貢獻相同，不論早晚。",
    "assume_position": "首次與最終接觸各得 40%，中間的接觸點平分 20%：假設開啟與促成最重要。",
    "assume_markov": "資料導向：每個通路獲得「少了它會失去的轉換」所占的比例（依所有旅程（含未成交）建立的馬可夫鏈移除效果）；假設下一個接觸點只取決於目前的接觸點。",
    "chart_attr_conv": "各通路依模型歸因的轉換次數",
    "chart_attr_mroi": "各通路依模型計算的 MROI",
    "chart_attr_share": "歸因營收：最終接觸與馬可夫鏈比較",
    "paths_title": "顧客旅程：每條不同路徑一列",
    "paths_note": "由 PATHS 依「接觸點明細」工作表的所有列計算，依各路徑首次出現的順序排列；「歸因」工作表的各模型讀取此列表。",
    "path": "路徑",
    "path_nulls": "未轉換的旅程數",
    "touches_last": "讀取的最後一列接觸點（「接觸點明細」工作表的列號）",
    "journeys": "旅程數",
    "paths_found": "不同路徑數",
    "path_rows": "本表列出的路徑列數",
    "paths_ok": "所有路徑皆已列出",
    "paths_short": "路徑多於表格列數：各模型只使用了前 {} 條。如需全部列出並納入計算，請選取 A8:D{}，輸入 A8 的公式並按 Ctrl+Shift+Enter。",
})
