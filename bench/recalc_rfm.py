#!/usr/bin/env python3
"""RFM recalculation benchmark in headless Calc.

usage: recalc_rfm.py --oxt build/kpicalc.oxt --floor-oxt build/bench-floor.oxt
                     [--rows 1000000] [--reps 5] [--out FILE.md]

- An order log of ROWS rows (default 1,000,000: 100,000 customers, order dates
  uniform over 24 months 2023-01 … 2024-12, amounts 1.00 … 300.00, random
  order), written as flat ODF and opened as a template (an untitled copy).
- Kinds, one at a time in the same document (the formula is swapped in before
  each timed hard recalc; kinds interleaved, order rotated every repetition):
  baseline (no formula), floor (the do-nothing add-in with RFM's parameter
  types, receiving the same three ranges), kpi (=RFM(ids; dates; amounts)) —
  both as the same customers × 5 array formula.
- The RFM table is checked against a reference computed here in Python
  (lifetimes' conventions, periods of one day).
Needs the build configured with -DKPI_BENCH=ON (bench-floor.oxt).
"""
from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # kpitools
import benchlib  # noqa: E402

FIRST_DAY = 44927          # 2023-01-01 in the 1899-12-30 date system
SPAN_DAYS = 731            # through 2024-12-31


def orders(rows: int, customers: int, seed: int = 11):
    rng = random.Random(seed)
    return [(rng.randint(1, customers), FIRST_DAY + rng.randrange(SPAN_DAYS), rng.randint(100, 30000) / 100)
            for _ in range(rows)]


def reference(log) -> list[list[float]]:
    """RFM(ids; dates; amounts): [id, frequency, recency, age, monetary] in first-seen order."""
    days: dict[int, dict[int, float]] = {}
    for cid, day, amount in log:
        per_day = days.setdefault(cid, {})
        per_day[day] = per_day.get(day, 0.0) + amount
    end = max(d for _, d, _ in log)
    out = []
    for cid, per_day in days.items():  # dicts keep first-seen order
        ordered = sorted(per_day)
        x = len(ordered) - 1
        monetary = sum(per_day[d] for d in ordered[1:]) / x if x else 0.0
        out.append([float(cid), float(x), float(ordered[-1] - ordered[0]), float(end - ordered[0]), monetary])
    return out


def compare(got, want) -> None:
    if len(got) != len(want):
        raise RuntimeError(f"RFM: {len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        for j, (a, b) in enumerate(zip(g, w)):
            if not isinstance(a, float) or abs(a - b) > 1e-9 * max(1.0, abs(b)):
                raise RuntimeError(f"RFM: [{i}][{j}] = {a!r}, expected {b!r}")


def run(office, profile, rows: int, reps: int, log) -> str:
    customers = max(rows // 10, 1)
    d = benchlib.workdir(profile, "rfm")
    log(f"RFM, {rows:,} order rows, {customers:,} customers, 24 months")
    data = orders(rows, customers)
    want = reference(data)
    n = len(want)

    def verify(target):
        compare([list(r) for r in target.getDataArray()], want)
        log(f"  RFM verified: {n:,} customers × 5 columns")

    times = benchlib.time_array_formulas(office, d / "orders.fods", data, f"A1:E{n}",
                                         f"RFM($Data.A1:A{rows};$Data.B1:B{rows};$Data.C1:C{rows})",
                                         reps, verify, log)
    med, floor_s, kpi_s = benchlib.medians_above_baseline(times)
    ratios = [(k - b) / (f - b) for k, f, b in zip(times["kpi"], times["floor"], times["baseline"]) if f > b]
    return "\n".join([
        f"## RFM, {rows:,} order rows ({customers:,} customers, 24 months)", "",
        f"Array formula {n:,}×5 (day periods, with amounts); hard recalc time minus the data-only "
        f"baseline ({med['baseline'] * 1e3:.0f} ms); median of {reps}, kinds interleaved.", "",
        *benchlib.floor_table("RFM", floor_s, kpi_s, rows, "order row", "three ranges"),
        "",
        f"Median of the per-repetition ratios: {statistics.median(ratios):.2f}×." if ratios else "",
        "The floor returns one cell; RFM's time includes Calc storing its "
        f"{n * 5:,} result cells.",
        "",
        benchlib.raw_times(times),
    ])


def main(argv=None) -> int:
    return benchlib.floor_main(__doc__, lambda office, profile, a, log: run(office, profile, a.rows, a.reps, log), argv)


if __name__ == "__main__":
    sys.exit(main())
