#!/usr/bin/env python3
"""kpi-recalc --share against a plain recalculation, on the customer value forecast.

usage: share.py --oxt build/kpicalc.oxt [--customers 8000] [--reps 3]
                [--tool NAME=PATH ...] [--out FILE.md]

- The English "Customer value forecast" template with its Orders sheet replaced by a
  generated order log of CUSTOMERS customers buying as BG/NBD and Gamma–Gamma assume
  (over 1997-01-01 … 1997-09-30, first orders in the first twelve weeks; about 1.6
  lines a customer, within the 20,000 lines its formulas read), its RFM array
  widened to one row per customer and the per-customer forecasts filled down to it,
  saved as .ods.
- Timed per tool (NAME=PATH of a kpi-recalc; default: this checkout's, as "now"):
  `--format xlsx` (a plain recalculation) and `--share --format xlsx`, each run
  interleaved with the others; the time is the one kpi-recalc reports for the file
  (load to written file, without starting LibreOffice). The ratio share / plain is
  the median of the ratios within one repetition.
- Pass an older kpi-recalc as --tool before=PATH (a copy laid out as in a checkout,
  e.g. `git worktree add`) to measure before and after in the same run.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # kpitools
import benchlib  # noqa: E402
from kpitools.office import Office  # noqa: E402
from kpitools.profile import Profile, chown_tree  # noqa: E402
from kpitools.sheets import FILTERS, store  # noqa: E402

TEMPLATE = ROOT / "templates" / "kpi-calc-en" / "customer-value-forecast.ots"
FIRST_DAY = 35431   # 1997-01-01 in the 1899-12-30 date system
END_DAY = 35703     # 1997-09-30, the template's observation end
FIRST = 5           # first customer row of the Customers sheet
SECONDS = re.compile(r"\[1/1\] ok .*, ([0-9.]+) s\)$", re.M)


def order_log(customers: int, seed: int = 19) -> list[tuple[float, float, float]]:
    """Customers buying as BG/NBD assumes (Poisson while alive, dropping out after a
    purchase): rates Gamma(r 0.25, alpha 8 weeks), dropout Beta(a 0.8, b 2.4); amounts
    Gamma(p 6.25, rate ν), ν Gamma(q 3.74, rate 15.44) (CDNOW's published fits, with fewer
    purchases so that 8,000 customers fit in the template's 20,000 order lines)."""
    rng = random.Random(seed)
    rows = []
    for cid in range(1, customers + 1):
        rate = rng.gammavariate(0.25, 1 / 8) / 7  # a day
        drop = rng.betavariate(0.8, 2.4)
        spend = rng.gammavariate(3.74, 1 / 15.44)  # Gamma-Gamma: an order is Gamma(6.25, spend)
        day = FIRST_DAY + rng.randrange(84)
        for _ in range(50):
            rows.append((float(cid), float(day), max(0.01, round(rng.gammavariate(6.25, 1 / spend), 2))))
            if rate <= 0 or rng.random() < drop:
                break
            day += int(rng.expovariate(rate)) + 1
            if day > END_DAY:
                break
    rng.shuffle(rows)
    return rows


def make_book(path: Path, customers: int) -> int:
    """Write the scaled forecast to `path` (.ods); returns its order lines."""
    prof = Profile(None)
    office = Office(prof)
    try:
        copy = prof.readable_copy(TEMPLATE)
        doc = benchlib.load(office, copy, as_template=True)
        try:
            orders = doc.Sheets.getByIndex(2)
            cust = doc.Sheets.getByIndex(1)
            log = order_log(customers)
            if len(log) > 20000:
                raise SystemExit(f"{len(log)} order lines: more than the 20,000 the template reads")
            orders.getCellRangeByName("A2:C20001").clearContents(1 | 2 | 4)  # values, dates, strings
            orders.getCellRangeByPosition(0, 1, 2, len(log)).setDataArray(tuple(log))
            cursor = cust.createCursorByRange(cust.getCellRangeByName(f"A{FIRST}"))
            cursor.collapseToCurrentArray()
            formula = cust.getCellRangeByName(f"A{FIRST}").getFormula().strip("{}")
            old_last = cursor.getRangeAddress().EndRow + 1
            cursor.setArrayFormula("")
            last = FIRST + customers - 1
            cust.getCellRangeByName(f"A{FIRST}:E{last}").setArrayFormula(formula)
            from com.sun.star.sheet.FillDirection import TO_BOTTOM
            cust.getCellRangeByName(f"F{FIRST}:H{last}").fillAuto(TO_BOTTOM, 1)
            report = doc.Sheets.getByIndex(0)  # the fits and totals over every customer row
            replace = report.createReplaceDescriptor()
            replace.SearchString, replace.ReplaceString = f"${old_last}", f"${last}"
            report.replaceAll(replace)  # all but array formulas
            for name in ("B13", "B22"):  # the two fits' arrays
                cursor = report.createCursorByRange(report.getCellRangeByName(name))
                cursor.collapseToCurrentArray()
                formula = report.getCellRangeByName(name).getFormula().strip("{}")
                cursor.setArrayFormula("")
                cursor.setArrayFormula(formula.replace(f"${old_last}", f"${last}"))
            path.parent.mkdir(parents=True, exist_ok=True)
            chown_tree(path.parent)
            store(doc, path, FILTERS[".ods"])
        finally:
            benchlib.close(doc)
        return len(log)
    finally:
        office.close()
        prof.cleanup()


def timed(tool: Path, oxt: Path, book: Path, out: Path, share: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(tool), "--oxt", str(oxt), "--format", "xlsx", "--timeout", "3000",
           "--out", str(out), *(["--share"] if share else []), str(book)]
    r = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    m = SECONDS.search(r.stderr)
    if r.returncode != 0 or not m:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return float(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--oxt", type=Path, default=ROOT / "build" / "kpicalc.oxt")
    ap.add_argument("--customers", type=int, default=8000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--tool", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--out", type=Path, help="also write the report here (markdown)")
    args = ap.parse_args()
    tools = dict(t.split("=", 1) for t in args.tool) or {"now": str(ROOT / "tools" / "kpi-recalc")}

    work = Path(tempfile.mkdtemp(prefix="kpi-bench-share-"))
    work.chmod(0o755)
    try:
        book = work / "forecast.ods"
        t0 = time.perf_counter()
        lines = make_book(book, args.customers)
        print(f"forecast with {args.customers} customers, {lines} order lines: {book.stat().st_size / 1e6:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        times = {(name, kind): [] for name in tools for kind in ("plain", "share")}
        kinds = list(times)
        for rep in range(args.reps):
            order = kinds[rep % len(kinds):] + kinds[:rep % len(kinds)]
            for name, kind in order:
                s = timed(Path(tools[name]), args.oxt, book, work / "out", kind == "share")
                times[name, kind].append(s)
                print(f"  rep {rep + 1}: {name} {kind} {s:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines_out = [f"## kpi-recalc --share vs --format xlsx: customer value forecast, {args.customers} customers",
                 "", f"{time.strftime('%Y-%m-%d %H:%M')}, {args.reps} repetitions, seconds per file "
                 "(median, all runs), ratio = median of share/plain within a repetition", "",
                 "| kpi-recalc | plain xlsx | --share xlsx | ratio |", "|---|---|---|---|"]
    for name in tools:
        p, s = times[name, "plain"], times[name, "share"]
        ratio = statistics.median(b / a for a, b in zip(p, s))
        lines_out.append(f"| {name} | {statistics.median(p):.1f} ({', '.join(f'{x:.1f}' for x in p)}) | "
                         f"{statistics.median(s):.1f} ({', '.join(f'{x:.1f}' for x in s)}) | {ratio:.2f} |")
    report = "\n".join(lines_out) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
