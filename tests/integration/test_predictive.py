"""The buy-till-you-die fits on the CDNOW sample (2,357 customers) in real Calc:
the parameters a user sees, and predictions typed next to them that take the
fitted rows as their params. References: Fader, Hardie & Lee (2005) and note 025
(published digits); mpmath closed forms with the scipy fit of the same file
(0.2425929, 4.41353152, 0.79288623, 2.42575401; GG 6.24880269, 3.74458844,
15.44774722) for the predictions."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from kpitools.sheets import cell_result

DATA = Path(__file__).resolve().parents[1] / "data" / "cdnow" / "cdnow_summary_weeks.csv"


@pytest.fixture(scope="module")
def cdnow_doc(office):
    with DATA.open(newline="") as f:
        rows = [(float(r["frequency"]), float(r["recency"]), float(r["T"]), float(r["monetary_value"]))
                for r in csv.DictReader(f)]
    doc = office.new_sheet()
    sheet = doc.Sheets.getByIndex(0)
    n = len(rows)
    sheet.getCellRangeByName(f"A2:D{n + 1}").setDataArray(tuple(rows))
    last = n + 1
    sheet.getCellRangeByName("F1:I1").setArrayFormula(f"=BGNBDFIT(A2:A{last};B2:B{last};C2:C{last})")
    sheet.getCellRangeByName("F2:H2").setArrayFormula(f"=GGFIT(A2:A{last};D2:D{last})")
    formulas = {
        "F3": "=BGNBDEXPECTED(F1:I1;A2;B2;C2;39)",
        "F4": "=BGNBDALIVE(F1:I1;A2;B2;C2)",
        "F5": "=GGSPEND(F2:H2;A2;D2)",
        "F6": "=CLVBGNBD(F1:I1;F2:H2;A2;B2;C2;D2;12;0.01;4.345)",
        "F7": "=BGNBDEXPECTED(F1:I1;A2;B2+10;C2;39)",   # recency above age
        "F8": f"=BGNBDFIT(A2:A{last};B2:B{last};C2:C{last-1})",  # lengths differ
        "F9": "=BGNBDNEW(F1:I1;32)",
    }
    for addr, formula in formulas.items():
        sheet.getCellRangeByName(addr).setFormula(formula)
    doc.calculateAll()
    yield doc, sheet, last
    doc.close(True)


def value(sheet, addr):
    err, v = cell_result(sheet.getCellRangeByName(addr))
    assert err is None, f"{addr}: {err}"
    return v


def test_bgnbdfit_reproduces_the_published_cdnow_estimates(cdnow_doc):
    _, sheet, _ = cdnow_doc
    got = [value(sheet, a) for a in ("F1", "G1", "H1", "I1")]
    # FHL 2005 / the reference: {0.2426, 4.4135, 0.7929, 2.4258}
    for g, want in zip(got, (0.2426, 4.4135, 0.7929, 2.4258)):
        assert g == pytest.approx(want, abs=5e-5)
    for g, want in zip(got, (0.2425929, 4.41353152, 0.79288623, 2.42575401)):
        assert g == pytest.approx(want, rel=1e-5)
    print("BGNBDFIT in Calc:", [sheet.getCellRangeByName(a).getString() for a in ("F1", "G1", "H1", "I1")], got)


def test_ggfit_reproduces_note_025(cdnow_doc):
    _, sheet, _ = cdnow_doc
    got = [value(sheet, a) for a in ("F2", "G2", "H2")]
    for g, want in zip(got, (6.25, 3.74, 15.44)):
        assert g == pytest.approx(want, abs=0.01)
    for g, want in zip(got, (6.24880269, 3.74458844, 15.44774722)):
        assert g == pytest.approx(want, rel=1e-5)
    print("GGFIT in Calc:", [sheet.getCellRangeByName(a).getString() for a in ("F2", "G2", "H2")], got)


def test_predictions_from_the_fitted_rows(cdnow_doc):
    _, sheet, _ = cdnow_doc
    assert value(sheet, "F3") == pytest.approx(1.22591047341, abs=1e-5)  # published 1.226
    assert value(sheet, "F4") == pytest.approx(0.726609164494, abs=1e-5)  # published 0.7266
    assert value(sheet, "F5") == pytest.approx(24.6586160145, abs=1e-3)
    assert value(sheet, "F6") == pytest.approx(36.2784968807, abs=1e-3)
    assert value(sheet, "F9") == pytest.approx(1.0437, abs=5e-5)  # Hardie's E[X(32)]


def test_errors_in_calc(cdnow_doc):
    _, sheet, _ = cdnow_doc
    assert cell_result(sheet.getCellRangeByName("F7"))[0] == "Err:502"
    assert cell_result(sheet.getCellRangeByName("F8"))[0] == "Err:502"


def test_hard_recalc_time(cdnow_doc):
    """BGNBDFIT on 2,357 customers, hard recalc (calculateAll) of a sheet holding
    only that formula; the median of 7 is printed (the bench target is < 10 ms)."""
    doc, sheet, last = cdnow_doc
    for a in ("F2:H2", "F3:F9"):
        sheet.getCellRangeByName(a).clearContents(1 | 2 | 4 | 16)
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        doc.calculateAll()
        times.append(time.perf_counter() - t0)
    times.sort()
    ms = times[3] * 1e3
    print(f"BGNBDFIT hard recalc, 2,357 customers: median {ms:.1f} ms (min {times[0] * 1e3:.1f})")
    assert value(sheet, "F1") == pytest.approx(0.2425929, rel=1e-5)
    assert ms < 2000  # generous: a shared CI machine; the bench reports the real figure
