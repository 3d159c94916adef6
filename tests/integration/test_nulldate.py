"""COHORT and RFM read dates in the document's own date system: the same serial
numbers give other calendar months and weeks under the 1904 null date."""
from __future__ import annotations

import uno  # noqa: F401
from com.sun.star.util import Date

from kpitools.sheets import cell_result


def cohort_rows(office, null_date, period):
    doc = office.new_sheet()
    try:
        if null_date:
            doc.NullDate = Date(*reversed(null_date))  # Date(Day, Month, Year)
        sheet = doc.Sheets.getByIndex(0)
        # Customer "a": day serials 43836 and 43870 (both in Jan/Feb 2024 under 1904,
        # Jan/Feb 2020 under 1899-12-30).
        for r, (cid, serial) in enumerate([("a", 43836), ("a", 43870)]):
            sheet.getCellByPosition(0, r).setString(cid)
            sheet.getCellByPosition(1, r).setValue(serial)
        target = sheet.getCellRangeByName("D1:G1")
        target.setArrayFormula(f'=COHORT(A1:A2;B1:B2;"{period}";2)')
        doc.calculateAll()
        return [cell_result(sheet.getCellByPosition(c, 0)) for c in range(3, 7)]
    finally:
        doc.close(True)


def test_month_cohorts_follow_the_null_date(office):
    # 1904 system: serial 43830 = Mon 2024-01-01, so 43836 = 2024-01-07 → cohort 2024-01-01 = 43830.
    assert cohort_rows(office, (1904, 1, 1), "month") == [(None, 43830.0), (None, 1.0), (None, 1.0), (None, 1.0)]
    # Default 1899-12-30: 43836 = 2020-01-06 → cohort 2020-01-01 = serial 43831.
    assert cohort_rows(office, None, "month") == [(None, 43831.0), (None, 1.0), (None, 1.0), (None, 1.0)]


def test_weeks_start_on_monday_in_either_date_system(office):
    # 1904: 43836 = Sun 2024-01-07 → week of Mon 2024-01-01 = 43830.
    assert cohort_rows(office, (1904, 1, 1), "week")[0] == (None, 43830.0)
    # 1899-12-30: 43836 = Mon 2020-01-06 → its own Monday.
    assert cohort_rows(office, None, "week")[0] == (None, 43836.0)


def rfm_row(office, null_date):
    doc = office.new_sheet()
    try:
        if null_date:
            doc.NullDate = Date(*reversed(null_date))
        sheet = doc.Sheets.getByIndex(0)
        for r, serial in enumerate([43836, 43837]):
            sheet.getCellByPosition(0, r).setString("a")
            sheet.getCellByPosition(1, r).setValue(serial)
        sheet.getCellRangeByName("D1:H1").setArrayFormula('=RFM(A1:A2;B1:B2;;;"week")')
        doc.calculateAll()
        return [cell_result(sheet.getCellByPosition(c, 0)) for c in range(4, 7)]
    finally:
        doc.close(True)


def test_rfm_weeks_follow_the_null_date(office):
    # 1904: 43836 = Sun 2024-01-07, 43837 = Mon 2024-01-08: two weeks → frequency 1, recency 1, age 1.
    assert rfm_row(office, (1904, 1, 1)) == [(None, 1.0), (None, 1.0), (None, 1.0)]
    # 1899-12-30: 43836 = Mon 2020-01-06, 43837 = Tue: one week → 0, 0, 0.
    assert rfm_row(office, None) == [(None, 0.0), (None, 0.0), (None, 0.0)]
