"""BGNBDFIT on the 2,357 CDNOW customers: hard recalculation in headless Calc
versus the same maximum-likelihood fit in scipy (L-BFGS-B on log-parameters
with the analytic gradient, all rows), run side by side on this machine.

    /usr/bin/python3 bench/fit_bgnbd.py [--oxt build/kpicalc.oxt] [--reps 15]

Calc: a document holding the data and one =BGNBDFIT(...) array formula, timed
over calculateAll() (a hard recalc of the whole document, which is that one
formula), minus the same document without the formula. scipy: minimize(...)
from the same start (all log-parameters 0), time of the whole call. Medians.
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))  # kpitools
from kpitools.office import Office  # noqa: E402
from kpitools.profile import Profile  # noqa: E402

DATA = ROOT / "tests" / "data" / "cdnow" / "cdnow_summary_weeks.csv"


def load():
    with DATA.open(newline="") as f:
        return [(float(r["frequency"]), float(r["recency"]), float(r["T"])) for r in csv.DictReader(f)]


def scipy_fit(x, tx, T):
    pos = x > 0

    def nll(u):
        r, al, a, b = np.exp(u)
        lt, ltx = np.log(al + T), np.log(al + tx)
        A3 = -(r + x) * lt
        bx1 = np.where(pos, b + x - 1, 1.0)
        A4 = np.where(pos, np.log(a) - np.log(bx1) - (r + x) * ltx, -np.inf)
        m = np.maximum(A3, A4)
        e3, e4 = np.exp(A3 - m), np.exp(A4 - m)
        lse = m + np.log(e3 + e4)
        w4 = e4 / (e3 + e4)
        w3 = 1 - w4
        ll = gammaln(r + x) - gammaln(r) + r * np.log(al) + betaln(a, b + x) - betaln(a, b) + lse
        gr = digamma(r + x) - digamma(r) + np.log(al) - w3 * lt - w4 * np.where(pos, ltx, 0)
        gal = r / al - (r + x) * (w3 / (al + T) + w4 / (al + tx))
        ga = digamma(a + b) - digamma(a + b + x) + w4 / a
        gb = digamma(b + x) - digamma(a + b + x) - digamma(b) + digamma(a + b) - w4 / bx1
        g = -np.array([r * gr.sum(), al * gal.sum(), a * ga.sum(), b * gb.sum()])
        return -ll.sum(), g

    return minimize(nll, np.zeros(4), jac=True, method="L-BFGS-B")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--oxt", default=str(ROOT / "build" / "kpicalc.oxt"))
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()
    rows = load()
    x, tx, T = (np.array(c) for c in zip(*rows))

    profile = Profile(Path(args.oxt))
    office = Office(profile)
    sp_times, calc_times, base_times, res = [], [], [], None
    try:
        doc = office.new_sheet()
        sheet = doc.Sheets.getByIndex(0)
        last = len(rows) + 1
        sheet.getCellRangeByName(f"A2:C{last}").setDataArray(tuple(rows))
        empty = office.new_sheet()
        empty.Sheets.getByIndex(0).getCellRangeByName(f"A2:C{last}").setDataArray(tuple(rows))
        target = sheet.getCellRangeByName("E1:H1")
        target.setArrayFormula(f"=BGNBDFIT(A2:A{last};B2:B{last};C2:C{last})")
        doc.calculateAll()
        calc = [sheet.getCellByPosition(4 + i, 0).getValue() for i in range(4)]
        # Interleaved, so both sides see the same load on a shared machine.
        for _ in range(args.reps):
            t0 = time.perf_counter()
            res = scipy_fit(x, tx, T)
            t1 = time.perf_counter()
            doc.calculateAll()
            t2 = time.perf_counter()
            empty.calculateAll()
            t3 = time.perf_counter()
            sp_times.append(t1 - t0)
            calc_times.append(t2 - t1)
            base_times.append(t3 - t2)
        doc.close(True)
        empty.close(True)
    finally:
        office.close()
        profile.cleanup()
    sp = np.exp(res.x)
    base = statistics.median(base_times)
    with_fit = statistics.median(calc_times)

    calc_ms = (with_fit - base) * 1e3
    sp_ms = statistics.median(sp_times) * 1e3
    print(f"# BGNBDFIT, CDNOW 2,357 customers, median of {args.reps}")
    print(f"Calc parameters : {', '.join(f'{v:.6f}' for v in calc)}")
    print(f"scipy parameters: {', '.join(f'{v:.6f}' for v in sp)} ({res.nfev} evaluations, success={res.success})")
    print(f"Calc hard recalc: {with_fit * 1e3:.2f} ms, empty-document baseline {base * 1e3:.2f} ms, fit {calc_ms:.2f} ms")
    print(f"scipy L-BFGS-B  : {sp_ms:.2f} ms")
    print(f"speed-up        : {sp_ms / calc_ms:.1f}x (minima: Calc {min(calc_times) * 1e3:.2f} ms, "
          f"scipy {min(sp_times) * 1e3:.2f} ms, {min(sp_times) / min(calc_times):.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
