"""kpi-recalc --data: each template's input sheet filled from a realistic export
(CSV in both date orders, other delimiters and encodings, a workbook), recalculated
in real Calc; and the files that must fail, with nothing written.

Expected values are computed here from the rows of the export (plain sums and
ratios, dates with Python's datetime), not by running the tool's own code."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kpitools.sheets import store

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "kpi-recalc"
TEMPLATES = ROOT / "templates" / "kpi-calc-en"


def run(oxt, *args, timeout=300):
    cmd = [sys.executable, str(TOOL), "--oxt", str(oxt), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def serial(y, m, d) -> float:
    return float((dt.date(y, m, d) - dt.date(1899, 12, 30)).days)


def column(doc, sheet, col, first, last):
    rng = doc.Sheets.getByName(sheet).getCellRangeByPosition(col, first, col, last)
    return [row[0] for row in rng.getDataArray()]


def value(doc, sheet, addr):
    return doc.Sheets.getByName(sheet).getCellRangeByName(addr).getValue()


def formula(doc, sheet, addr):
    return doc.Sheets.getByName(sheet).getCellRangeByName(addr).getFormula()


def recalc(oxt, tmp_path, template, *args):
    out = tmp_path / "out"
    r = run(oxt, "--out", out, *args, TEMPLATES / f"{template}.ots")
    return r, out / f"{template}.ods"


@pytest.fixture()
def opened(office):
    docs = []

    def open_(path):
        docs.append(office.load(path))
        return docs[-1]
    yield open_
    for d in docs:
        d.close(True)


# ---------------------------------------------------------------- one per template

def test_ab_test_daily_data_dmy(oxt, tmp_path, opened):
    csv = tmp_path / "ab-daily.csv"
    days = [(5, 5, 2025, 2104, 88, 2071, 97), (6, 5, 2025, 2210, 91, 2188, 110),
            (13, 5, 2025, 1980, 79, 2012, 95), (31, 5, 2025, 1875, 70, 1902, 93)]
    csv.write_text("Day,Visitors A,Conversions A,Visitors B,Conversions B,Notes\n" +
                   "".join(f"{d:02d}/{m:02d}/{y},{va},{ca},{vb},{cb},\"promo, email\"\n"
                           for d, m, y, va, ca, vb, cb in days), encoding="utf-8")
    r, out = recalc(oxt, tmp_path, "ab-test-report", "--date-order", "dmy", "--data", f"Daily data={csv}")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "sheet Daily data <-" in r.stderr and "4 rows; ignored columns: Notes" in r.stderr
    doc = opened(out)
    assert column(doc, "Daily data", 0, 1, 5) == [serial(y, m, d) for d, m, y, *_ in days] + [""]
    assert column(doc, "Daily data", 1, 1, 5) == [float(x[3]) for x in days] + [""]
    # the template's formulas stay and read the new rows: cumulative rate B after the last day
    # and the totals row, computed here from the export
    assert "CONVRATE" in formula(doc, "Daily data", "G5")
    assert value(doc, "Daily data", "G5") == pytest.approx(sum(x[6] for x in days) / sum(x[5] for x in days))
    assert value(doc, "Daily data", "B23") == sum(x[3] for x in days)
    assert formula(doc, "Daily data", "A23") == "Total"


def test_forecast_orders_mdy_tabs(oxt, tmp_path, opened):
    csv = tmp_path / "orders.tsv.csv"
    rows = [(101, (1, 2, 2025), 24.9), (101, (1, 28, 2025), 31.5), (102, (12, 30, 2024), 12.0),
            (103, (2, 14, 2025), 99.99)]
    csv.write_text("\ufeffcustomer_id\tdate\tamount\n" +
                   "".join(f"{c}\t{m}/{d}/{y}\t{a}\n" for c, (m, d, y), a in rows), encoding="utf-8")
    r, out = recalc(oxt, tmp_path, "customer-value-forecast", "--date-order", "mdy", "--data", f"Orders={csv}")
    assert r.returncode == 0, r.stdout + r.stderr
    doc = opened(out)
    assert column(doc, "Orders", 0, 1, 5) == [101.0, 101.0, 102.0, 103.0, ""]
    assert column(doc, "Orders", 1, 1, 5) == [serial(y, m, d) for _, (m, d, y), _ in rows] + [""]
    assert column(doc, "Orders", 2, 1, 4) == [a for *_, a in rows]
    # the sample had 6,900 orders: all gone
    assert column(doc, "Orders", 0, 5, 7000) == [""] * 6996


def test_funnel_lead_sources_semicolons_cp1252_decimal_comma(oxt, tmp_path, opened):
    csv = tmp_path / "sources.csv"
    rows = [("Recherche payante", "18200,50", 600, 230, 80, 36, 11), ("Événements", "5400", 120, 70, 30, 12, 5),
            ("Partenaires", "2100,25", 95, 40, 12, 6, 2)]
    csv.write_bytes(("Source;Cost;Leads;MQL;SQL;Opportunities;Won\r\n" +
                     "".join(";".join(map(str, x)) + "\r\n" for x in rows)).encode("cp1252"))
    r, out = recalc(oxt, tmp_path, "funnel-lead-cost", "--encoding", "cp1252", "--decimal-comma", "--share",
                    "--data", f"Lead sources={csv}")
    assert r.returncode == 0, r.stdout + r.stderr
    # --share: progress per sheet (the copy holds values; the checks below read them)
    assert re.search(r"share  \S*funnel-lead-cost.ots: sheet Lead sources: \d+ cells made values", r.stderr), r.stderr
    assert re.search(r"share  \S*funnel-lead-cost.ots: sheet Funnel: \d+ cells made values", r.stderr), r.stderr
    doc = opened(out)
    assert column(doc, "Lead sources", 0, 4, 9) == [x[0] for x in rows] + ["", "", ""]
    assert column(doc, "Lead sources", 1, 4, 6) == [18200.5, 5400.0, 2100.25]
    # the totals row stays and the funnel reads it: leads of the period
    assert value(doc, "Lead sources", "C11") == 600 + 120 + 95
    assert value(doc, "Funnel", "B6") == 600 + 120 + 95
    assert value(doc, "Lead sources", "J5") == pytest.approx(18200.5 / 600)  # cost per lead


def test_dashboard_channels_from_a_workbook(oxt, office, workdir, tmp_path, opened):
    """A .xlsx export: its first sheet; columns in another order, an extra one."""
    src = workdir / "channels.xlsx"
    rows = [("Paid search", 26000.0, 400000.0, 12000.0, 11000.0, 560.0, 110.0, 90000.0, "x"),
            ("Email", 1500.0, 0.0, 5200.0, 5000.0, 260.0, 70.0, 41000.0, "y")]
    doc = office.new_sheet()
    try:
        head = ("Channel", "Spend", "Impressions", "Clicks", "Sessions", "Leads", "New customers", "Revenue",
                "Owner")
        doc.Sheets.getByIndex(0).getCellRangeByPosition(0, 0, 8, 2).setDataArray((head, *rows))
        store(doc, src, "Calc MS Excel 2007 XML")
    finally:
        doc.close(True)
    r, out = recalc(oxt, tmp_path, "marketing-kpi-dashboard", "--data", f"Channels={src}")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ignored columns: Owner" in r.stderr
    doc = opened(out)
    assert column(doc, "Channels", 0, 4, 9) == ["Paid search", "Email", "", "", "", ""]
    assert column(doc, "Channels", 6, 4, 5) == [26000.0, 1500.0]   # Spend is column G in the template
    assert value(doc, "Channels", "H25") == 90000 + 41000          # totals row (below 20 channel rows) kept
    assert value(doc, "Channels", "J5") == pytest.approx(12000 / 400000)  # CTR


def test_retention_orders_dmy_text_ids_and_iso(oxt, tmp_path, opened):
    csv = tmp_path / "orders.csv"
    csv.write_text('Order value,Customer ID,Order date\n'
                   '48.70,00123,01/12/2024\n'
                   '\n'
                   '"1,5e2",00124,2024-12-13\n'.replace('"1,5e2"', "150") +
                   '65.6,C9,25/12/2024 18:45\n', encoding="utf-8")
    r, out = recalc(oxt, tmp_path, "retention-customer-value", "--date-order", "dmy", "--data", f"Orders={csv}")
    assert r.returncode == 0, r.stdout + r.stderr
    doc = opened(out)
    assert column(doc, "Orders", 0, 1, 4) == ["00123", "00124", "C9", ""]  # ids stay text; empty line skipped
    got = column(doc, "Orders", 1, 1, 3)
    assert got[:2] == [serial(2024, 12, 1), serial(2024, 12, 13)]
    assert got[2] == pytest.approx(serial(2024, 12, 25) + 18.75 / 24)
    assert column(doc, "Orders", 2, 1, 3) == [48.7, 150.0, 65.6]


# ---------------------------------------------------------------- files that fail

@pytest.mark.parametrize("order, body, message", [
    # a day that does not exist
    ("dmy", "C1,01/02/2025,10\nC2,31/02/2025,12\n", ":3: column 'Order date': '31/02/2025' is not a date"),
    # a dmy export read as mdy: never swapped, the first day after the 12th fails
    ("mdy", "C1,01/02/2025,10\nC2,13/02/2025,12\n", ":3: column 'Order date': '13/02/2025' is not a date"),
    # no date order: only yyyy-mm-dd is read
    (None, "C1,2025-02-01,10\nC2,03/02/2025,12\n", ":3: column 'Order date': '03/02/2025' is not a yyyy-mm-dd "
                                                   "date; pass --date-order"),
    ("dmy", "C1,garbage,10\n", ":2: column 'Order date': 'garbage' is not a date"),
    ("dmy", "C1,01/02/2025,12.50 EUR\n", ":2: column 'Order value': '12.50 EUR' is not a number"),
])
def test_a_bad_field_fails_the_file_and_nothing_is_written(oxt, tmp_path, order, body, message):
    csv = tmp_path / "orders.csv"
    csv.write_text("Customer ID,Order date,Order value\n" + body, encoding="utf-8")
    args = ["--date-order", order] if order else []
    r, out = recalc(oxt, tmp_path, "retention-customer-value", *args, "--data", f"Orders={csv}")
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{csv}{message}" in r.stdout
    assert not out.exists()


def test_missing_column_and_too_many_rows_fail(oxt, tmp_path):
    miss = tmp_path / "miss.csv"
    miss.write_text("Channel,Impressions,Clicks\nSearch,1,1\n", encoding="utf-8")
    r, out = recalc(oxt, tmp_path, "marketing-kpi-dashboard", "--quiet", "--data", f"Channels={miss}")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "LibreOffice started" not in r.stderr and "data " not in r.stderr  # --quiet: failures only
    assert "no column 'Sessions', 'Leads', 'New customers', 'Spend', 'Revenue'" in r.stdout
    assert not out.exists()
    many = tmp_path / "many.csv"
    many.write_text("Channel,Impressions,Clicks,Sessions,Leads,New customers,Spend,Revenue\n" +
                    "".join(f"C{i},1000,10,9,2,1,100,300\n" for i in range(21)), encoding="utf-8")
    r, out = recalc(oxt, tmp_path, "marketing-kpi-dashboard", "--data", f"Channels={many}")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "21 rows, sheet 'Channels' has room for 20 (row 25 ('Total') follows the table)" in r.stdout
    assert not out.exists()


def test_unreadable_csv_fails_before_starting_libreoffice(oxt, tmp_path):
    csv = tmp_path / "latin.csv"
    csv.write_bytes("Customer ID,Order date,Order value\nCé,2025-01-01,1\n".encode("cp1252"))
    r, out = recalc(oxt, tmp_path, "retention-customer-value", "--data", f"Orders={csv}")
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{csv}:2: not utf-8-sig text (byte 0xe9); pass --encoding" in r.stdout
    assert "LibreOffice started" not in r.stderr
    assert not out.exists()


def test_zh_cn_template_gb18030_ymd_and_an_ods_with_date_cells(oxt, office, workdir, tmp_path, opened):
    """Localised sheet and column names; a CSV in GB18030 with y/m/d dates; and, in a
    second run, the same rows from an .ods whose dates are date cells."""
    rows = [("客户A", (2025, 1, 3), 88.0), ("客户B", (2025, 1, 31), 120.5)]
    csv = tmp_path / "订单.csv"
    csv.write_bytes(("客户编号,下单日期,订单金额\n" + "".join(f"{c},{y}/{m}/{d},{a}\n" for c, (y, m, d), a in rows))
                    .encode("gb18030"))
    tpl = ROOT / "templates" / "kpi-calc-zh-CN" / "retention-customer-value.ots"
    want = [serial(*d) for _, d, _ in rows] + [""]
    r = run(oxt, "--out", tmp_path / "a", "--encoding", "gb18030", "--date-order", "ymd",
            "--data", f"订单明细={csv}", tpl)
    assert r.returncode == 0, r.stdout + r.stderr
    doc = opened(tmp_path / "a" / "retention-customer-value.ods")
    assert column(doc, "订单明细", 0, 1, 3) == ["客户A", "客户B", ""]
    assert column(doc, "订单明细", 1, 1, 3) == want

    ods = workdir / "orders.ods"
    src = office.new_sheet()
    try:
        sheet = src.Sheets.getByIndex(0)
        sheet.getCellRangeByPosition(0, 0, 2, 0).setDataArray((("订单金额", "下单日期", "客户编号"),))
        for i, (c, (y, m, d), a) in enumerate(rows, start=1):
            sheet.getCellByPosition(0, i).setValue(a)
            sheet.getCellByPosition(1, i).setFormula(f"=DATE({y};{m};{d})")  # a date cell, not text
            sheet.getCellByPosition(2, i).setString(c)
        store(src, ods, "calc8")
    finally:
        src.close(True)
    r = run(oxt, "--out", tmp_path / "b", "--data", f"订单明细={ods}", tpl)
    assert r.returncode == 0, r.stdout + r.stderr
    doc = opened(tmp_path / "b" / "retention-customer-value.ods")
    assert column(doc, "订单明细", 1, 1, 3) == want
    assert column(doc, "订单明细", 2, 1, 2) == [a for *_, a in rows]


# ---------------------------------------------------------------- the parsers alone (no Calc)

@pytest.mark.parametrize("text, order, want", [
    ("2025-03-04", None, (2025, 3, 4)), ("2025/03/04", "dmy", (2025, 3, 4)), ("2025.3.4", "mdy", (2025, 3, 4)),
    ("04/03/2025", "dmy", (2025, 3, 4)), ("04/03/2025", "mdy", (2025, 4, 3)), ("4.3.2025", "dmy", (2025, 3, 4)),
    ("29/02/2024", "dmy", (2024, 2, 29)),
])
def test_parse_date(text, order, want):
    from kpitools.data import parse_date
    assert parse_date(text, order) == serial(*want)


@pytest.mark.parametrize("text, order", [
    ("04/03/2025", None), ("29/02/2025", "dmy"), ("02/29/2025", "dmy"), ("13/01/2025", "mdy"),
    ("04/03/25", "dmy"), ("2025-13-01", None), ("2025-03-04 25:00", None), ("3 March 2025", "dmy"), ("", "dmy"),
])
def test_parse_date_refuses(text, order):
    from kpitools.data import parse_date
    with pytest.raises(ValueError):
        parse_date(text, order)


def test_parse_number():
    from kpitools.data import parse_number
    assert parse_number(" 12.5 ", False) == 12.5 and parse_number("-3e2", False) == -300
    assert parse_number("12%", False) == 0.12 and parse_number("1234,5", True) == 1234.5
    for bad, comma in (("1,234", False), ("1.234,5", True), ("12 EUR", False), ("$5", False), ("", False)):
        with pytest.raises(ValueError):
            parse_number(bad, comma)
