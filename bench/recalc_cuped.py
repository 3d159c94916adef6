#!/usr/bin/env python3
"""ABCUPED recalculation benchmark in headless Calc.

usage: recalc_cuped.py --oxt build/kpicalc.oxt --floor-oxt build-bench/bench-floor.oxt
                       [--rows 1000000] [--reps 5] [--out FILE.md]

- ROWS visitor rows per arm (default 1,000,000): revenue during the test and in as
  many days before it, per arm in columns A–B (control) and C–D (variant); most
  visitors buy nothing, a buyer's propensity and order value persist (seeded numpy),
  written as flat ODF and opened as a template (an untitled copy).
- Kinds, one at a time in the same document (the formula is swapped in before each
  timed hard recalc; kinds interleaved, order rotated every repetition): baseline
  (no formula), floor (the do-nothing add-in with ABCUPED's parameter types, handed
  the same four ranges), kpi (=ABCUPED(A; B; C; D)), each as a 1×5 array formula.
- The result is checked against numpy (the definition: pooled θ, adjusted means,
  normal interval, variance reduction) before timing counts.
Needs the build configured with -DKPI_BENCH=ON (bench-floor.oxt).
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # kpitools
import benchlib  # noqa: E402


def visitors(rows: int, seed: int = 24):
    """Columns (revenue during A, before A, during B, before B), cents; B +10 %."""
    rng = np.random.default_rng(seed)
    cols = []
    for lift in (0.0, 0.10):
        lam = rng.gamma(0.08, 0.6, rows)
        mu = rng.normal(4.0, 0.4, rows)
        for counts in (rng.poisson(lam * (1 + lift)), rng.poisson(2 * lam)):
            idx = np.repeat(np.arange(rows), counts)
            values = np.round(rng.lognormal(mu[idx], 0.35), 2)
            cols.append(np.round(np.bincount(idx, weights=values, minlength=rows), 2))
    return cols


def reference(ya, xa, yb, xb, conf=0.95) -> list[float]:
    from statistics import NormalDist
    x, y = np.concatenate([xa, xb]), np.concatenate([ya, yb])
    theta = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    d = (yb.mean() - theta * (xb.mean() - x.mean())) - (ya.mean() - theta * (xa.mean() - x.mean()))
    var = np.var(ya - theta * xa, ddof=1) / len(ya) + np.var(yb - theta * xb, ddof=1) / len(yb)
    se = float(np.sqrt(var))
    z = NormalDist().inv_cdf(1 - (1 - conf) / 2)
    raw = np.var(ya, ddof=1) / len(ya) + np.var(yb, ddof=1) / len(yb)
    return [d, d - z * se, d + z * se, 2 * NormalDist().cdf(-abs(d) / se), 1 - var / raw]


def run(office, profile, rows: int, reps: int, log) -> str:
    d = benchlib.workdir(profile, "cuped")
    log(f"ABCUPED, {rows:,} visitor rows per arm")
    cols = visitors(rows)
    want = reference(*cols)
    data = list(zip(*(c.tolist() for c in cols)))

    def verify(target):
        got = list(target.getDataArray()[0])
        bad = [(g, w) for g, w in zip(got, want) if not isinstance(g, float) or abs(g - w) > 1e-9 * max(1e-3, abs(w))]
        if bad or len(got) != 5:
            raise RuntimeError(f"ABCUPED: {got}, expected {want}")
        log(f"  ABCUPED verified: {got}")

    rng = lambda c: f"$Data.{c}1:{c}{rows}"  # noqa: E731
    times = benchlib.time_array_formulas(office, d / "visitors.fods", data, "A1:E1",
                                         f"ABCUPED({rng('A')};{rng('B')};{rng('C')};{rng('D')})",
                                         reps, verify, log)
    med, floor_s, kpi_s = benchlib.medians_above_baseline(times)
    ratios = [(k - b) / (f - b) for k, f, b in zip(times["kpi"], times["floor"], times["baseline"]) if f > b]
    return "\n".join([
        f"## ABCUPED, {rows:,} visitor rows per arm ({4 * rows:,} cells)", "",
        f"Array formula 1×5; hard recalc time minus the data-only baseline ({med['baseline'] * 1e3:.0f} ms); "
        f"median of {reps}, kinds interleaved.", "",
        *benchlib.floor_table("ABCUPED", floor_s, kpi_s, 2 * rows, "visitor row (both arms)", "four ranges"),
        "",
        f"Median of the per-repetition ratios: {statistics.median(ratios):.2f}× (the issue asks ≤ 3×)." if ratios
        else "",
        f"Result checked against numpy: {', '.join(f'{v:.6g}' for v in want)}.",
        "",
        benchlib.raw_times(times),
    ])


def main(argv=None) -> int:
    return benchlib.floor_main(__doc__, lambda office, profile, a, log: run(office, profile, a.rows, a.reps, log), argv)


if __name__ == "__main__":
    sys.exit(main())
