#!/usr/bin/env python3
"""Writes kpi-example.fods, the workbook the main job recalculates first: one or
two functions of every family, each next to a label and the formula as typed,
so an analyst sees in a minute what the extension does for them.
Kept as a script so the example stays reproducible from the catalogue's names."""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))  # kpitools
from kpitools import catalogue, fods  # noqa: E402

OURS = {fn.name for fn in catalogue.functions(catalogue.load())}

# Sections: (heading, rows). A row is (key, label, value or "=formula", cell style)
# or, for an array formula (entered as Ctrl+Shift+Enter would), the same with its
# (rows, cols) shape last and optionally one label per result row. A formula names the inputs by key: {media} is that
# input's cell, {visitors_f}:{won_f} a range; key None is a row nothing refers to.
SECTIONS = [
    ("Acquisition and cost", [
        ("media", "Media spend", 30000, "money"),
        ("people", "People cost", 15000, "money"),
        ("tools", "Tools cost", 5000, "money"),
        ("new", "New customers", 40, "int"),
        ("leads", "Leads", 1250, "int"),
        (None, "CAC, all costs (media+people+tools)", "=CAC({media}:{tools};{new})", "money"),
        (None, "Cost per lead (media)", "=CPL({media};{leads})", "money"),
    ]),
    ("Conversion and engagement", [
        ("visitors", "Website visitors", 50000, "int"),
        ("orders", "Orders", 1000, "int"),
        ("delivered", "E-mails delivered", 20000, "int"),
        ("opened", "E-mails opened", 4600, "int"),
        (None, "Conversion rate", "=CONVRATE({orders};{visitors})", "pct"),
        (None, "E-mail open rate", "=OPENRATE({opened};{delivered})", "pct"),
    ]),
    ("Retention and churn", [
        ("cs", "Customers at start of month", 200, "int"),
        ("ce", "Customers at end of month", 180, "int"),
        ("cn", "New customers this month", 40, "int"),
        ("lost", "Customers lost this month", 60, "int"),
        (None, "Retention rate", "=RETENTION({cs};{ce};{cn})", "pct"),
        (None, "Churn rate", "=CHURN({cs};{lost})", "pct"),
    ]),
    ("Customer value", [
        ("revenue", "Revenue", 65000, "money"),
        ("aov", "Average order value", "=AOV({revenue};{orders})", "money"),
        ("freq", "Purchases per year", 4, "int"),
        ("years", "Years as a customer", 3, "int"),
        ("margin", "Gross margin", 0.4, "pct"),
        (None, "Customer lifetime value (CLV)", "=CLV({aov};{freq};{years};{margin})", "money"),
    ]),
    ("Return", [
        ("mrev", "Revenue from marketing", 1000000, "money"),
        ("mspend", "Marketing spend", 100000, "money"),
        ("mmargin", "Gross margin", 0.3, "pct"),
        ("other", "Other campaign costs", 10000, "money"),
        (None, "Marketing ROI", "=MROI({mrev};{mspend};{mmargin};{other})", "pct"),
        (None, "ROAS (revenue per unit of spend)", "=ROAS({mrev};{mspend})", "ratio"),
    ]),
    ("Goals (SMART)", [
        ("actual", "Revenue so far this year", 450000, "money"),
        ("target", "Revenue target for the year", 1200000, "money"),
        ("elapsed", "Months elapsed (of 12)", 4, "int"),
        (None, "Target attainment", "=ATTAIN({actual};{target})", "pct"),
        (None, "Pace (1 = on track)", "=PACE({actual};{target};{elapsed};12)", "ratio"),
    ]),
    ("A/B test (A = control, B = variant)", [
        ("conv_a", "Conversions A", 48, "int"),
        ("n_a", "Visitors A", 80, "int"),
        ("conv_b", "Conversions B", 56, "int"),
        ("n_b", "Visitors B", 70, "int"),
        (None, "p-value (two-sided z-test)", "=ABPVALUE({conv_a};{n_a};{conv_b};{n_b})", "ratio"),
        (None, "B − A, 95% interval {low, high}", "=ABCI({conv_a};{n_a};{conv_b};{n_b})",
         "pct", (1, 2)),
    ]),
    ("Predictive customer value (BG/NBD, fitted on CDNOW)", [
        ("bg", "BG/NBD r, alpha, a, b (BGNBDFIT)", 0.243, "ratio"),
        (None, "", 4.414, "ratio"),
        (None, "", 0.793, "ratio"),
        ("bg4", "", 2.426, "ratio"),
        ("x", "Frequency (repeat purchases)", 2, "int"),
        ("tx", "Recency (weeks first to last buy)", 30.43, "ratio"),
        ("age", "Age (weeks since first buy)", 38.86, "ratio"),
        (None, "P(customer still active)", "=BGNBDALIVE({bg}:{bg4};{x};{tx};{age})", "pct"),
        (None, "Expected buys, next 39 weeks",
         "=BGNBDEXPECTED({bg}:{bg4};{x};{tx};{age};39)", "ratio"),
    ]),
    ("Funnel and channels (array results)", [
        ("visitors_f", "Funnel: visitors", 50000, "int"),
        (None, "leads", 1250, "int"),
        (None, "MQL", 500, "int"),
        (None, "SQL", 200, "int"),
        ("won_f", "won", 40, "int"),
        (None, ("Step rate (FUNNEL): visitors = 1", "leads / visitors", "MQL / leads", "SQL / MQL",
                "won / SQL"), "=FUNNEL({visitors_f}:{won_f})", "pct", (5, 1)),
        ("ch1", "Channels", "SEO", None),
        (None, "", "SEM", None),
        ("ch3", "", "E-mail", None),
        ("rev1", "Revenue per channel", 120000, "money"),
        (None, "", 200000, "money"),
        ("rev3", "", 30000, "money"),
        ("cost1", "Cost per channel", 20000, "money"),
        (None, "", 80000, "money"),
        ("cost3", "", 3000, "money"),
        (None, "MROI per channel (MROITABLE): revenue, cost, MROI", None, None),
        (None, ("SEO", "SEM", "E-mail"),
         "=MROITABLE({ch1}:{ch3};{rev1}:{rev3};{cost1}:{cost3})", ("money", "money", "pct"), (3, 3)),
    ]),
    # The whole cohort table needs more columns than B:D; INDEX picks its cells.
    ("Cohorts (from an order log)", [
        ("cust1", "Orders: customer", "Ann", None),
        (None, "", "Bob", None),
        (None, "", "Cem", None),
        (None, "", "Bob", None),
        (None, "", "Cem", None),
        ("cust6", "", "Ann", None),
        ("day1", "Order date", 45292, "date"),  # 2024-01-01
        (None, "", 45300, "date"),
        (None, "", 45323, "date"),
        (None, "", 45330, "date"),
        (None, "", 45342, "date"),
        ("day6", "", 45361, "date"),  # 2024-03-10
        (None, "January cohort: customers (COHORT)",
         '=INDEX(COHORT({cust1}:{cust6};{day1}:{day6};"month";2);1;2)', "int"),
        (None, "January cohort buying in February",
         '=INDEX(COHORT({cust1}:{cust6};{day1}:{day6};"month";2);1;4)', "pct"),
    ]),
    # Paths as an analytics tool exports them; the credits are easy to check by hand:
    # linear gives SEO 2 × ½ + 1 = 2, last touch gives E-mail the 2 of its path.
    ("Channel attribution (converting paths)", [
        ("path1", "Path", "SEO > E-mail", None),
        (None, "", "SEM", None),
        ("path3", "", "SEO", None),
        ("conv1", "Conversions", 2, "int"),
        (None, "", 1, "int"),
        ("conv3", "", 1, "int"),
        (None, "SEO, credited conversions, linear (ATTRIBUTION)",
         '=INDEX(ATTRIBUTION({path1}:{path3};{conv1}:{conv3};;;"linear");1;1)', "int"),
        (None, "E-mail, credited conversions, last touch",
         '=INDEX(ATTRIBUTION({path1}:{path3};{conv1}:{conv3};;;"last");2;1)', "int"),
    ]),
]

# Order dates show as dates (the shared cell styles have no date format).
DATE_STYLE = (
    '<number:date-style style:name="Ndate"><number:year number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
    '</number:date-style><style:style style:name="date" style:family="table-cell" style:data-style-name="Ndate"/>'
)


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def layout():
    """[(row, label, value, style, shape)] with section headings (value None), 0-based
    rows, every {key} in a formula replaced by its cell address."""
    out, row, where = [], 2, {}
    for title, rows in SECTIONS:
        out.append((row, title, None, "bold", None))
        row += 1
        for key, label, value, style, *shape in rows:
            shape = shape[0] if shape else None
            if key:
                where[key] = f"B{row + 1}"
            out.append((row, label, value, style, shape))
            row += shape[0] if shape else 1
        row += 1

    def cell(value):
        return re.sub(r"\{(\w+)\}", lambda m: where[m[1]], value) if is_formula(value) else value
    return [(r, label, cell(value), style, shape) for r, label, value, style, shape in out]


def main():
    s = fods.Sheet("KPIs", column_widths=[7.6, 2.5, 2.2, 2.2, 6.5])
    s.set(0, 0, "KPI Calc example: one or two functions of every family", style="bold")
    s.set(0, 4, "formula as typed", style="bold")
    s.set(1, 0, "Plain numbers are inputs; change them and every result recalculates.")
    for row, label, value, style, shape in layout():
        if value is None:
            s.set(row, 0, label, style=style)
            continue
        for i, text in enumerate(label if isinstance(label, tuple) else (label,)):
            if text:
                s.set(row + i, 0, text, style="bold" if is_formula(value) else None)
        if is_formula(value):
            # an array result may give each of its columns its own format
            style_of = (lambda c: style[c]) if isinstance(style, tuple) else (lambda c: style)
            s.set(row, 1, None, formula=fods.to_odf(value, OURS), style=style_of(0), matrix=shape)
            if shape:  # the covered cells of an array result get their column's number format
                for r in range(shape[0]):
                    for c in range(shape[1]):
                        if (r, c) != (0, 0):
                            s.set(row + r, 1 + c, None, style=style_of(c))
            s.set(row, 4, value + ("   (Ctrl+Shift+Enter)" if shape else ""))
        else:
            s.set(row, 1, value, style=style)
    (HERE / "kpi-example.fods").write_text(fods.document([s], styles=DATE_STYLE), encoding="utf-8")


if __name__ == "__main__":
    main()
