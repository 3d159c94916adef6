"""Recalculation benchmark in headless Calc: what one of our scalar functions
costs per cell, next to the same formula in native Calc operators, a do-nothing
add-in with the same parameter types (Calc's add-in dispatch floor, from
bench-floor.oxt) and the same KPI as a LibreOffice Basic function embedded in
the document.

For every (size, function) it writes one flat-ODF document per formula kind
(the same input rows in each; "baseline" has the inputs and no formula), loads
them read-only into one soffice, recalculates each once (warm-up) and checks
the results agree, then times hard recalculations (calculateAll) of the
documents interleaved (the order rotates every repetition) and reports

    µs/cell = (median time of the kind − median time of baseline) / rows.

Run through bench/run.sh; must run under Debian's /usr/bin/python3 (uno).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))  # kpitools
import benchlib  # noqa: E402
import recalc_cohort  # noqa: E402
from benchlib import FODS_HEAD, bench_profile, close, load, timed_recalc, workdir  # noqa: E402
from kpitools import catalogue  # noqa: E402
from kpitools.cells import column_name  # noqa: E402
from kpitools.office import Office  # noqa: E402
from kpitools.profile import SOFFICE, chown_tree  # noqa: E402

KPI_PREFIX = catalogue.STORED_PREFIX
FLOOR_PREFIX = benchlib.FLOOR_PREFIX
KINDS = ("baseline", "native", "floor", "kpi", "basic")
# With --other-oxt: the same documents' baseline, floor and KPI in a second
# soffice that has the other adapter (build/kpicalc-cxx.oxt, addin/) installed;
# the two adapters share the extension identifier, so one profile cannot hold both.
C_KINDS = ("baseline_c", "floor_c", "kpi_c")


def base_of(kind: str) -> str:
    """The inputs-only document measured in the same soffice as `kind`."""
    return "baseline_c" if kind.endswith("_c") else "baseline"

# ---------------------------------------------------------------------------
# The LibreOffice Basic versions of the KPIs (a user's straightforward macro:
# the formula only, no argument checks, so if anything Basic is flattered).
BASIC_MODULE = r"""
Function KPIB_RETENTION(cs As Double, ce As Double, cn As Double) As Double
    KPIB_RETENTION = (ce - cn) / cs
End Function

Function KPIB_MROI(revenue As Double, cost As Double, gm As Double, other As Double) As Double
    Dim spend As Double
    spend = cost + other
    KPIB_MROI = (revenue * gm - spend) / spend
End Function

Function KPIB_CLVDISC(m As Double, r As Double, d As Double) As Double
    KPIB_CLVDISC = m * r / (1 + d - r)
End Function

' erfc, Numerical Recipes' erfcc (fractional error below 1.2E-7 everywhere).
Function KPIB_ERFC(x As Double) As Double
    Dim z As Double, t As Double, r As Double
    z = Abs(x)
    t = 1 / (1 + 0.5 * z)
    r = t * Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 _
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 _
        + t * (-0.82215223 + t * 0.17087277)))))))))
    If x >= 0 Then
        KPIB_ERFC = r
    Else
        KPIB_ERFC = 2 - r
    End If
End Function

Function KPIB_ABPVALUE(ca As Double, na As Double, cb As Double, nb As Double) As Double
    Dim p As Double, z As Double
    p = (ca + cb) / (na + nb)
    z = (cb / nb - ca / na) / Sqr(p * (1 - p) * (1 / na + 1 / nb))
    KPIB_ABPVALUE = KPIB_ERFC(Abs(z) / Sqr(2))
End Function
"""


@dataclass
class Spec:
    """One benchmarked function: its input columns and its four formula kinds."""
    name: str
    inputs: callable                 # rng -> tuple of input numbers (columns A, B, …)
    args: str                        # argument list, {A} = [.A<row>]
    native: str                      # the same KPI in native Calc operators
    tolerance: float = 1e-9          # relative, KPI vs native
    basic_tolerance: float = 1e-9    # relative, KPI vs Basic
    ncols: int = field(init=False, default=0)

    def formula(self, kind: str) -> str | None:
        if kind == "baseline":
            return None
        if kind == "native":
            return "of:=" + self.native
        if kind == "floor":
            return f"of:={FLOOR_PREFIX}{self.name}({self.args})"
        if kind == "kpi":
            return f"of:={KPI_PREFIX}{self.name}({self.args})"
        if kind == "basic":
            return f"of:=KPIB_{self.name}({self.args})"
        raise ValueError(kind)


def _retention(rng):
    start = rng.randint(100, 1000)
    new = rng.randint(0, 100)
    return start, new + rng.randint(0, start), new


def _mroi(rng):
    return (round(rng.uniform(1e3, 1e6), 2), round(rng.uniform(100, 1e5), 2),
            round(rng.uniform(0.1, 1), 3), round(rng.uniform(0, 1e4), 2))


def _clvdisc(rng):
    return round(rng.uniform(10, 500), 2), round(rng.uniform(0.05, 0.95), 3), round(rng.uniform(0.01, 0.3), 3)


def _abpvalue(rng):
    na, nb = rng.randint(100, 10000), rng.randint(100, 10000)
    return rng.randint(1, na // 5), na, rng.randint(1, nb // 5), nb


_P = "(([.A{r}]+[.C{r}])/([.B{r}]+[.D{r}]))"
SPECS = {
    "RETENTION": Spec("RETENTION", _retention, "[.A{r}];[.B{r}];[.C{r}]", "([.B{r}]-[.C{r}])/[.A{r}]"),
    "MROI": Spec("MROI", _mroi, "[.A{r}];[.B{r}];[.C{r}];[.D{r}]",
                 "([.A{r}]*[.C{r}]-([.B{r}]+[.D{r}]))/([.B{r}]+[.D{r}])"),
    "CLVDISC": Spec("CLVDISC", _clvdisc, "[.A{r}];[.B{r}];[.C{r}]", "[.A{r}]*[.B{r}]/(1+[.C{r}]-[.B{r}])"),
    "ABPVALUE": Spec("ABPVALUE", _abpvalue, "[.A{r}];[.B{r}];[.C{r}];[.D{r}]",
                     "2*LEGACY.NORMSDIST(-ABS(([.C{r}]/[.D{r}]-[.A{r}]/[.B{r}])/SQRT(" + _P + "*(1-" + _P
                     + ")*(1/[.B{r}]+1/[.D{r}]))))",
                     tolerance=1e-9, basic_tolerance=1e-5),
}

# ---------------------------------------------------------------------------
# Documents

def basic_scripts(source: str) -> str:
    """office:scripts embedding `source` as module KpiBench of library Standard."""
    from xml.sax.saxutils import escape
    return ('<office:scripts><office:script script:language="ooo:Basic"><ooo:libraries>'
            '<ooo:library-embedded ooo:name="Standard"><ooo:module ooo:name="KpiBench"><ooo:source-code>'
            f"{escape(source)}</ooo:source-code></ooo:module></ooo:library-embedded></ooo:libraries>"
            "</office:script></office:scripts>\n")


def write_scalar_doc(path: Path, spec: Spec, kind: str, rows: list[tuple]) -> None:
    formula = spec.formula(kind)
    attr = quoteattr(formula) if formula else None
    with open(path, "w", encoding="utf-8") as f:
        f.write(FODS_HEAD)
        if kind == "basic":
            f.write(basic_scripts(BASIC_MODULE))
        f.write('<office:body><office:spreadsheet><table:table table:name="Data">\n')
        for i, values in enumerate(rows, start=1):
            cells = "".join(benchlib.num_cell(v) for v in values)
            if attr:
                cells += f"<table:table-cell table:formula={attr.format(r=i)}/>"
            f.write(f"<table:table-row>{cells}</table:table-row>\n")
        f.write("</table:table></office:spreadsheet></office:body></office:document>\n")


# ---------------------------------------------------------------------------
# LibreOffice

def oxt_methods(oxt: Path) -> str:
    """The type library of the .oxt as text: method names appear in it verbatim."""
    with zipfile.ZipFile(oxt) as z:
        rdb = [n for n in z.namelist() if n.endswith(".rdb")]
        return b"".join(z.read(n) for n in rdb).decode("latin-1").lower()


def column_values(doc, col: str, n: int):
    sheet = doc.Sheets.getByIndex(0)
    rng = sheet.getCellRangeByName(f"{col}1:{col}{n}")
    from com.sun.star.sheet.FormulaResult import ERROR
    errors = rng.queryFormulaCells(ERROR).getCount()
    return [row[0] for row in rng.getDataArray()], errors


def rel_diff(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


# ---------------------------------------------------------------------------

@dataclass
class Row:
    size: int
    name: str
    us: dict            # kind -> µs/cell (baseline: ms per recalc)
    spread: dict        # kind -> (max - min) / median of the raw times
    raw: dict           # kind -> list of seconds
    note: str = ""


def bench_scalar(office, profile, spec: Spec, size: int, reps: int, log, office_c=None) -> Row:
    rng = random.Random(f"{spec.name}-{size}")
    rows = [spec.inputs(rng) for _ in range(size)]
    ncols = len(rows[0])
    out_col = column_name(ncols)
    d = workdir(profile, f"{spec.name}-{size}")
    paths = {}
    t0 = time.perf_counter()
    for kind in KINDS:
        paths[kind] = d / f"{kind}.fods"
        write_scalar_doc(paths[kind], spec, kind, rows)
    chown_tree(d)
    log(f"  wrote 5 documents in {time.perf_counter() - t0:.1f} s")
    kinds = KINDS + (C_KINDS if office_c else ())
    docs = {}
    try:
        t0 = time.perf_counter()
        for kind in kinds:
            docs[kind] = load(office_c if kind.endswith("_c") else office, paths[kind.removesuffix("_c")])
        log(f"  loaded in {time.perf_counter() - t0:.1f} s")
        for kind in kinds:            # warm-up: compile, first interpretation
            docs[kind].calculateAll()
        # The four kinds must agree (floor: its constant 1.0) on every row.
        vals = {}
        for kind in KINDS[1:]:
            v, errors = column_values(docs[kind], out_col, size)
            if errors:
                raise RuntimeError(f"{spec.name} {kind}: {errors} error cells")
            vals[kind] = v
        worst = {k: max(rel_diff(a, b) for a, b in zip(vals["kpi"], vals[k])) for k in ("native", "basic")}
        if worst["native"] > spec.tolerance or worst["basic"] > spec.basic_tolerance:
            raise RuntimeError(f"{spec.name}: results differ {worst}")
        if any(v != 1.0 for v in vals["floor"]):
            raise RuntimeError(f"{spec.name}: floor did not return 1.0 everywhere")
        if office_c:  # the other adapter: the very same numbers
            v, errors = column_values(docs["kpi_c"], out_col, size)
            if errors or v != vals["kpi"]:
                raise RuntimeError(f"{spec.name}: the --other-oxt adapter differs ({errors} error cells)")
        log(f"  verified {size} rows: KPI vs native max rel diff {worst['native']:.1e}, "
            f"vs Basic {worst['basic']:.1e}")
        times = {k: [] for k in kinds}
        for rep in range(reps):
            order = kinds[rep % len(kinds):] + kinds[:rep % len(kinds)]
            for kind in order:
                times[kind].append(timed_recalc(docs[kind]))
            log("  rep %d: %s" % (rep + 1, "  ".join(f"{k} {times[k][-1] * 1e3:.1f} ms" for k in kinds)))
    finally:
        for doc in docs.values():
            close(doc)
    med = {k: statistics.median(v) for k, v in times.items()}
    us = {k: (med[k] - med[base_of(k)]) / size * 1e6 for k in kinds if not k.startswith("baseline")}
    us["baseline"] = med["baseline"] * 1e3
    spread = {k: (max(v) - min(v)) / med[k] if med[k] else 0.0 for k, v in times.items()}
    return Row(size, spec.name, us, spread, times,
               note=f"KPI vs native max rel. diff {worst['native']:.0e}, vs Basic {worst['basic']:.0e}")


# ---------------------------------------------------------------------------
# Report

def machine() -> dict:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    lo = subprocess.run([str(SOFFICE), "--version"], capture_output=True, text=True,
                        stdin=subprocess.DEVNULL).stdout.strip()
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    return {"cpu": cpu, "cores": os.cpu_count(), "mem": mem, "lo": lo or "unknown",
            "kernel": platform.release(), "load": "%.2f %.2f %.2f" % os.getloadavg()}


def fmt(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def paired(r: Row, num: str, den: str) -> float:
    """Median over repetitions of (num − baseline) / (den − baseline), each from the
    same repetition (each kind less the baseline of its own soffice): robust
    against load changing between repetitions."""
    return statistics.median((n - bn) / (d - bd) for n, d, bn, bd in
                             zip(r.raw[num], r.raw[den], r.raw[base_of(num)], r.raw[base_of(den)]))


def adapter_table(rows: list[Row], name: str, other: str) -> str:
    """The shipped add-in (--oxt) against the other adapter (--other-oxt), each with
    the floor of its own soffice."""
    lines = [f"| rows | function | floor µs/cell | {name} µs/cell | floor (2nd soffice) µs/cell | {other} µs/cell "
             f"| {name} ÷ floor | {other} ÷ floor | {other} ÷ {name} |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        u = r.us
        lines.append(f"| {r.size:,} | {r.name} | {fmt(u['floor'])} | {fmt(u['kpi'])} | {fmt(u['floor_c'])} | "
                     f"{fmt(u['kpi_c'])} | {fmt(paired(r, 'kpi', 'floor'))} | {fmt(paired(r, 'kpi_c', 'floor_c'))} | "
                     f"**{fmt(paired(r, 'kpi_c', 'kpi'))}** |")
    return "\n".join(lines)


def scalar_table(rows: list[Row], code_ns: dict) -> str:
    lines = ["| rows | function | native µs/cell | floor µs/cell | KPI µs/cell | Basic µs/cell "
             "| KPI ÷ floor | Basic ÷ KPI | KPI ÷ native | our code ns/call |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        u = r.us
        ns = code_ns.get(r.name)
        lines.append(f"| {r.size:,} | {r.name} | {fmt(u['native'])} | {fmt(u['floor'])} | {fmt(u['kpi'])} | "
                     f"{fmt(u['basic'], 1)} | **{fmt(paired(r, 'kpi', 'floor'))}×** | "
                     f"**{fmt(paired(r, 'basic', 'kpi'), 1)}×** | {fmt(paired(r, 'kpi', 'native'), 1)}× | "
                     f"{'–' if ns is None else f'{ns:.0f}'} |")
    return "\n".join(lines)


def code_cost(addin_bench: Path | None, log) -> dict:
    """ns per call of each add-in method called directly (kpi_addin_bench)."""
    if not addin_bench or not addin_bench.exists():
        return {}
    import json
    r = subprocess.run([str(addin_bench), "--benchmark_filter=^BM_Method_[A-Z]+$",
                        "--benchmark_format=json", "--benchmark_repetitions=5",
                        "--benchmark_report_aggregates_only=true"],
                       capture_output=True, text=True, check=True)
    out = {}
    for b in json.loads(r.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            out[b["run_name"].removeprefix("BM_Method_")] = b["real_time"]
    log(f"our code per call (direct, ns): {out}")
    return out


def raw_table(rows: list[Row]) -> str:
    lines = ["| rows | function | kind | recalc times, ms (in run order per kind) | spread (max−min)/median |",
             "|---:|---|---|---|---:|"]
    for r in rows:
        for k in r.raw:
            lines.append(f"| {r.size:,} | {r.name} | {k} | {', '.join(f'{t * 1e3:.1f}' for t in r.raw[k])} "
                         f"| {r.spread[k] * 100:.0f} % |")
    return "\n".join(lines)


def fastest_ratio(r: Row, num: str, den: str) -> float:
    """(fastest num − fastest baseline) / (fastest den − fastest baseline): noise
    from other processes only ever adds time, so the fastest runs are the least disturbed."""
    b = min(r.raw["baseline"])
    return (min(r.raw[num]) - b) / (min(r.raw[den]) - b)


def verdict(rows: list[Row], limit_floor: float, limit_basic: float, code_ns: dict) -> list[str]:
    out = []
    for r in rows:
        kf, bk = paired(r, "kpi", "floor"), paired(r, "basic", "kpi")
        ok = kf <= limit_floor and bk >= limit_basic
        ns = code_ns.get(r.name)
        expected = f"; our code alone would give {1 + ns / 1000 / r.us['floor']:.3f}" if ns else ""
        out.append(f"- {r.name} at {r.size:,} rows: KPI ÷ floor {kf:.3f} (fastest runs: "
                   f"{fastest_ratio(r, 'kpi', 'floor'):.3f}{expected}; target ≤ {limit_floor}), "
                   f"Basic ÷ KPI {bk:.1f} (target ≥ {limit_basic:g}) → {'met' if ok else 'NOT met'}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oxt", type=Path, required=True)
    ap.add_argument("--floor-oxt", type=Path, required=True)
    ap.add_argument("--sizes", default="20000,100000")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--functions", default="RETENTION,MROI,CLVDISC,ABPVALUE")
    ap.add_argument("--out", type=Path, help="markdown file to write (default bench/results/recalc-<date>.md)")
    ap.add_argument("--cohort", action=argparse.BooleanOptionalAction, default=False,
                    help="also run the COHORT benchmark (recalc_cohort.py); bench/run.sh turns it on")
    ap.add_argument("--cohort-rows", type=int, default=1_000_000)
    ap.add_argument("--other-oxt", type=Path, help="the other adapter's .oxt (build/kpicalc-cxx.oxt), measured in the "
                    "same run in a second soffice with its own baseline and floor")
    ap.add_argument("--addin-bench", type=Path, help="kpi_addin_bench, for the 'our code ns/call' column")
    ap.add_argument("--append", type=Path, action="append", default=[],
                    help="markdown files appended to the report (e.g. core benchmark output)")
    a = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    sizes = [int(s) for s in a.sizes.split(",")]
    in_oxt = oxt_methods(a.oxt)
    in_floor = oxt_methods(a.floor_oxt)
    skipped, names = [], []
    for n in a.functions.split(","):
        n = n.strip().upper()
        if n not in SPECS:
            raise SystemExit(f"no benchmark spec for {n}")
        if n.lower() not in in_oxt or n.lower() not in in_floor:
            skipped.append(n)
        else:
            names.append(n)
    started = dt.datetime.now()
    mach = machine()
    log(f"LibreOffice: {mach['lo']}; CPU: {mach['cpu']} × {mach['cores']}; load {mach['load']}")
    if skipped:
        log(f"skipped (not in the built .oxt): {', '.join(skipped)}")
    code_ns = code_cost(a.addin_bench, log)
    profile = bench_profile(a.oxt, a.floor_oxt)
    office = Office(profile)
    profile_c = office_c = None
    rows: list[Row] = []
    cohort_md = ""
    try:
        if a.other_oxt:
            profile_c = bench_profile(a.other_oxt, a.floor_oxt)
            office_c = Office(profile_c)
        for size in sizes:
            for n in names:
                log(f"{n}, {size:,} rows")
                rows.append(bench_scalar(office, profile, SPECS[n], size, a.reps, log, office_c))
        if a.cohort:
            cohort_md = recalc_cohort.run(office, profile, a.cohort_rows, a.reps, log)
    finally:
        if office_c:
            office_c.close()
        if profile_c:
            profile_c.cleanup()
        office.close()
        profile.cleanup()
    mach["load_end"] = "%.2f %.2f %.2f" % os.getloadavg()
    elapsed = (dt.datetime.now() - started).total_seconds()

    table = scalar_table(rows, code_ns)
    verdicts = verdict(rows, 1.1, 10, code_ns)
    md = [f"# Recalculation benchmark, {started:%Y-%m-%d %H:%M}", "",
          f"- machine: {mach['cpu']}, {mach['cores']} cores, {mach['mem']} RAM, Linux {mach['kernel']}",
          f"- LibreOffice: {mach['lo']}",
          f"- load average at start / end: {mach['load']} / {mach['load_end']} (other work shares the machine)",
          f"- method: hard recalc (calculateAll) of one document per formula kind, kinds interleaved "
          f"(order rotated each repetition), {a.reps} repetitions; µs/cell = (median − median of the "
          f"inputs-only baseline document) / rows; ratios = median over repetitions of the ratio within "
          f"the repetition (baseline subtracted); run took {elapsed:.0f} s",
          "- our code ns/call: the add-in method called directly in C++ (kpi_addin_bench: argument "
          "conversion + core + error mapping, no Calc), i.e. what the KPI adds to the floor",
          "- kinds: native = the same KPI in Calc operators; floor = do-nothing add-in with the same UNO "
          "parameter types (bench-floor.oxt); KPI = ORG.KPICALC.FUNCTIONS.*; Basic = the KPI as a Basic "
          "function embedded in the document",
          ]
    if skipped:
        md.append(f"- skipped, not in the built .oxt yet: {', '.join(skipped)}")
    md += ["", "## Scalar functions", "", table, "", "Targets: KPI ÷ floor ≤ 1.1, Basic ÷ KPI ≥ 10. "
           "Baseline (inputs only) ms per recalc: " + ", ".join(f"{r.name} {r.size:,}: {r.us['baseline']:.1f}"
                                                                for r in rows) + ".", "",
           *verdicts, "", "Agreement checks: " + "; ".join(f"{r.name} {r.size:,}: {r.note}" for r in rows), ""]
    if a.other_oxt:
        md += [f"## The two adapters, same run: {a.oxt.name} and {a.other_oxt.name}", "",
               f"Each in its own soffice with the same floor add-in; every kind less the baseline of its own "
               f"soffice; all kinds of both interleaved in every repetition; the {a.other_oxt.name} results equal "
               f"the {a.oxt.name} results on every row.", "", adapter_table(rows, a.oxt.stem, a.other_oxt.stem), ""]
    if cohort_md:
        md += [cohort_md, ""]
    for extra in a.append:
        if extra.exists():
            md += [extra.read_text(encoding="utf-8"), ""]
    md += ["## Raw recalculation times", "", raw_table(rows), ""]
    text = "\n".join(md)
    out = a.out or HERE / "results" / f"recalc-{started:%Y-%m-%d-%H%M}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"\nwritten to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
