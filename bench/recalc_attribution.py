#!/usr/bin/env python3
"""PATHS and ATTRIBUTION recalculation benchmark in headless Calc (issue 23's speed goals).

usage: recalc_attribution.py --oxt build/kpicalc.oxt --floor-oxt build-bench/bench-floor.oxt
                             [--rows 1000000] [--paths 100000] [--channels 50] [--reps 5] [--out FILE.md]

- PATHS: a touch log of ROWS rows (default 1,000,000: journeys of 1–8 touches over 8 channels, the
  channel a text, times over a quarter, rows in random order, a conversion on 1 journey in 12),
  as the array formula =PATHS(ids; channels; times; conversions; values) over every distinct path × 4.
  Goal: ≤ 3 × the floor (the do-nothing add-in with PATHS' parameter types, given the same ranges).
- ATTRIBUTION "markov": PATHS distinct paths (default 100,000) over CHANNELS channels (default 50),
  1–6 touches each, with conversions and nulls, =ATTRIBUTION(paths; conversions; values; nulls;
  "markov") over channels × 2. Goal: under 1 s in Calc.
- Kinds interleaved in one document per function (baseline: no formula; floor; kpi), order rotated
  every repetition; times are hard recalcs minus the baseline (benchlib.time_array_formulas).
- Results are checked against references computed here: PATHS in plain Python (journeys in
  first-seen order, touches by time), the removal effects with numpy (the chain solved again with each
  channel redirected to null).
Needs the build configured with -DKPI_BENCH=ON (bench-floor.oxt).
"""
from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # kpitools
import benchlib  # noqa: E402

FIRST_DAY = 45748  # 2025-04-01
CHANNELS8 = ("Paid search", "Paid social", "Display", "Online video", "Organic search", "Affiliates", "Email",
             "Referral")


def touch_log(rows: int, seed: int = 23):
    rng = random.Random(seed)
    out, j = [], 0
    while len(out) < rows:
        j += 1
        n = min(rows - len(out), 1 + min(7, int(rng.expovariate(1 / 1.6))))
        t = FIRST_DAY + rng.random() * 80
        conv = 1.0 if rng.random() < 1 / 12 else 0.0
        for k in range(n):
            t += 0.001 + rng.expovariate(1 / 1.5)
            last = k == n - 1
            out.append((float(j), rng.choice(CHANNELS8), t, conv if last else 0.0,
                        round(rng.uniform(20, 300), 2) if last and conv else 0.0))
    rng.shuffle(out)
    return out


def paths_reference(log):
    journeys: dict[float, list] = {}
    for j, c, t, conv, v in log:
        journeys.setdefault(j, []).append((t, c, conv, v))
    out, index = [], {}
    for touches in journeys.values():
        touches.sort(key=lambda x: x[0])
        p = " > ".join(x[1] for x in touches)
        conv = sum(x[2] for x in touches)
        if p not in index:
            index[p] = len(out)
            out.append([p, 0.0, 0.0, 0.0])
        r = out[index[p]]
        r[1] += conv
        r[2] += sum(x[3] for x in touches)
        r[3] += conv == 0
    return out


def path_table(n: int, channels: int, seed: int = 7):
    rng = random.Random(seed)
    names = [f"ch{i:02d}" for i in range(channels)]
    seen, out = set(), []
    while len(out) < n:
        p = " > ".join(rng.choice(names) for _ in range(1 + min(5, int(rng.expovariate(1 / 1.5)))))
        if p in seen:
            continue
        seen.add(p)
        conv = float(rng.randint(0, 3) if rng.random() < 0.4 else 0)
        out.append((p, conv, conv * round(rng.uniform(30, 200), 2), float(rng.randint(0 if conv else 1, 40))))
    return out


def markov_reference(table):
    seqs = [p.split(" > ") for p, *_ in table]
    order = list(dict.fromkeys(c for s in seqs for c in s))
    idx = {c: i for i, c in enumerate(order)}
    k = len(order)
    w, to_conv, to_null, start = np.zeros((k, k)), np.zeros(k), np.zeros(k), np.zeros(k)
    for s, (_, conv, _v, nulls) in zip(seqs, table):
        start[idx[s[0]]] += conv + nulls
        for a, b in zip(s, s[1:]):
            w[idx[a], idx[b]] += conv + nulls
        to_conv[idx[s[-1]]] += conv
        to_null[idx[s[-1]]] += nulls
    out_w = w.sum(axis=1) + to_conv + to_null
    q = np.divide(w, out_w[:, None], out=np.zeros_like(w), where=out_w[:, None] > 0)
    b = np.divide(to_conv, out_w, out=np.zeros(k), where=out_w > 0)

    def p_conv(removed=None):
        qq, bb = q.copy(), b.copy()
        if removed is not None:
            qq[removed], bb[removed] = 0.0, 0.0
        return start @ np.linalg.solve(np.eye(k) - qq, bb) / start.sum()

    base = p_conv()
    re = np.array([1 - p_conv(i) / base for i in range(k)])
    total = sum(r[1] for r in table)
    return [total * e / re.sum() for e in re]


def ratio_lines(times, rows_label: str):
    med, floor_s, kpi_s = benchlib.medians_above_baseline(times)
    ratios = [(k - b) / (f - b) for k, f, b in zip(times["kpi"], times["floor"], times["baseline"]) if f > b]
    fastest = (min(times["kpi"]) - min(times["baseline"])) / max(1e-9, min(times["floor"]) - min(times["baseline"]))
    return med, floor_s, kpi_s, (statistics.median(ratios) if ratios else float("nan")), fastest


def run(office, profile, rows: int, n_paths: int, channels: int, reps: int, log) -> str:
    d = benchlib.workdir(profile, "attribution")
    out = []

    log(f"PATHS, {rows:,} touch rows")
    log_rows = touch_log(rows)
    want = paths_reference(log_rows)
    n = len(want)
    log(f"  {n:,} distinct paths")

    def verify_paths(target):
        got = target.getDataArray()
        for i, (g, w) in enumerate(zip(got, want)):
            if g[0] != w[0] or any(abs(g[j] - w[j]) > 1e-9 * max(1.0, abs(w[j])) for j in (1, 2, 3)):
                raise RuntimeError(f"PATHS row {i}: {g!r}, expected {w!r}")
        log(f"  PATHS verified: {n:,} paths × 4 columns")

    call = f"PATHS($Data.A1:A{rows};$Data.B1:B{rows};$Data.C1:C{rows};$Data.D1:D{rows};$Data.E1:E{rows})"
    times = benchlib.time_array_formulas(office, d / "touches.fods", log_rows, f"A1:D{n}", call, reps,
                                         verify_paths, log)
    med, floor_s, kpi_s, ratio, fastest = ratio_lines(times, "touch rows")
    out += [f"## PATHS, {rows:,} touch rows ({n:,} distinct paths, 8 channels)", "",
            f"Array formula {n:,}×4 over five ranges of {rows:,} rows (ids, channel texts, times, conversions, "
            f"values); hard recalc minus the data-only baseline ({med['baseline'] * 1e3:.0f} ms), median of {reps}, "
            "kinds interleaved.", "",
            *benchlib.floor_table("PATHS", floor_s, kpi_s, rows, "touch row", "five ranges"), "",
            f"Median of the per-repetition ratios: {ratio:.2f}×; fastest runs: {fastest:.2f}× (goal ≤ 3×). "
            f"The floor returns one cell; PATHS' time includes Calc storing its {n * 4:,} result cells.", "",
            benchlib.raw_times(times),
            ""]

    log(f"ATTRIBUTION markov, {n_paths:,} paths × {channels} channels")
    table = path_table(n_paths, channels)
    credit = markov_reference(table)

    def verify_markov(target):
        got = [r[0] for r in target.getDataArray()]
        if len(got) != len(credit) or any(abs(g - w) > 1e-9 * max(1.0, abs(w)) for g, w in zip(got, credit)):
            worst = max(abs(g - w) / max(1.0, abs(w)) for g, w in zip(got, credit))
            raise RuntimeError(f"ATTRIBUTION markov differs from numpy by up to {worst:.2e}")
        log(f"  ATTRIBUTION verified against numpy: {len(credit)} channels")

    call = (f'ATTRIBUTION($Data.A1:A{n_paths};$Data.B1:B{n_paths};$Data.C1:C{n_paths};$Data.D1:D{n_paths};'
            '"markov")')
    times = benchlib.time_array_formulas(office, d / "paths.fods", table, f"A1:B{channels}", call, reps,
                                         verify_markov, log)
    med, floor_s, kpi_s, ratio, fastest = ratio_lines(times, "paths")
    out += [f"## ATTRIBUTION \"markov\", {n_paths:,} distinct paths × {channels} channels", "",
            f"Array formula {channels}×2 over four ranges of {n_paths:,} rows (path texts, conversions, values, "
            f"nulls); hard recalc minus the data-only baseline ({med['baseline'] * 1e3:.0f} ms), median of {reps}.",
            "", "| kind | seconds per recalc | ÷ floor |", "|---|---:|---:|",
            f"| floor (do-nothing add-in, same four ranges) | {floor_s:.3f} | 1.00× |",
            f"| ATTRIBUTION markov | {kpi_s:.3f} | {kpi_s / floor_s:.2f}× |", "",
            f"Goal: under 1 s in Calc — {'met' if kpi_s < 1 else 'NOT met'} ({kpi_s:.3f} s; slowest repetition "
            f"{max(k - b for k, b in zip(times['kpi'], times['baseline'])):.3f} s). Median ratio {ratio:.2f}×.", "",
            benchlib.raw_times(times)]
    return "\n".join(out)


def main(argv=None) -> int:
    return benchlib.floor_main(__doc__, lambda office, profile, a, log: run(office, profile, a.rows, a.paths, a.channels, a.reps, log), argv, extra={"paths": 100_000, "channels": 50})


if __name__ == "__main__":
    sys.exit(main())
