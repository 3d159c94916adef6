"""Sample data and texts of the bundled KPI templates (English and simplified Chinese).

Used by make_templates.py to write the .ots files and by the integration test
test_templates.py to compute the expected results independently (plain Python
arithmetic on the same sample data). No LibreOffice needed to import this.
"""
from __future__ import annotations

import datetime as dt
import random

LANGS = ("en", "zh-CN")

# folder in the repository and in the .oxt → group name shown in File ▸ New ▸ Templates
GROUPS = {
    "en": ("kpi-calc-en", "KPI Calc marketing templates"),
    "zh-CN": ("kpi-calc-zh-CN", "KPI Calc 营销模板（简体中文）"),
}

# file stem → document title per language
TEMPLATES = {
    "marketing-kpi-dashboard": {"en": "Monthly marketing KPI dashboard", "zh-CN": "月度营销 KPI 仪表板"},
    "funnel-lead-cost": {"en": "Funnel and lead-cost report", "zh-CN": "漏斗与线索成本报告"},
    "retention-customer-value": {"en": "Retention and customer value", "zh-CN": "客户留存与客户价值"},
    "ab-test-report": {"en": "A/B test report", "zh-CN": "A/B 测试报告"},
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

COHORT_MONTHS = 6
COHORT_START = dt.date(2025, 1, 1)
COHORT_NEW = [48, 52, 45, 58, 50, 55]
COHORT_ACTIVE_P = [1.0, 0.42, 0.33, 0.28, 0.25, 0.22]


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def _days_in(d: dt.date) -> int:
    return (_add_months(d, 1) - d).days


def orders() -> list[tuple[str, dt.date, float]]:
    """Deterministic order lines (customer id, date, value), Jan–Jun 2025, sorted by date."""
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
}


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
    "last_month": ("Last month", "上月"),
    "vs_last": ("vs last month", "环比"),
    "sessions": ("Sessions", "访问量"),
    "convrate": ("Conversion rate (session → customer)", "转化率（访问 → 客户）"),
    "new": ("New customers", "新客户数"),
    "revenue": ("Revenue", "收入"),
    "cac": ("Blended CAC (media + people + tools)", "综合获客成本 CAC"),
    "mroi": ("Marketing ROI", "营销投资回报率 MROI"),
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
    "roi_by_channel": ("ROI by channel", "各渠道投资回报"),
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
    "chart_mroi": ("Marketing ROI by channel", "各渠道营销投资回报率"),
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
    "funnel_roi": ("ROI on funnel cost", "漏斗成本投资回报率"),
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
    "churn_avg_dec": ("December churn, average-customers method", "12 月流失率（平均客户数法）"),
    "ret_target": ("Monthly retention target", "月留存率目标"),
    "nrr_target": ("NRR target", "NRR 目标"),
    "cohort_title": ("Monthly cohorts: share of customers buying again", "月度同期群：复购客户比例"),
    "cohort_note": ("Computed by COHORT from the order lines on the Orders sheet; add orders there and widen the "
                    "array (Ctrl+Shift+Enter) when more months arrive.",
                    "由 COHORT 函数根据“订单明细”工作表计算；新增订单请追加到该表，月份增多时请扩大数组区域（Ctrl+Shift+Enter）。"),
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


def text(key: str, lang: str) -> str:
    en, zh = T[key]
    return en if lang == "en" else zh
