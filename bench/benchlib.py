"""What the headless Calc benchmarks share (recalc.py, recalc_cohort.py, recalc_rfm.py):
the profile with both extensions, documents written, loaded and closed, a timed
hard recalculation, and the timing loop of the array-formula benchmarks.

Imported by those scripts, which put tools/ on the path (see kpitools).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from kpitools import catalogue, fods
from kpitools.office import Office
from kpitools.profile import Profile, chown_tree

FODS_HEAD = fods.HEAD
FLOOR_PREFIX = "ORG.KPICALC.BENCH.FLOOR."  # the do-nothing add-in (bench/floor)


def num_cell(v) -> str:
    if isinstance(v, str):  # a text cell (channel names, paths)
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{v!r}"/>'


def write_data_doc(path: Path, rows) -> None:
    """Sheet "Data" holding `rows` (tuples of numbers or texts) and an empty sheet "R" for the formula."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(FODS_HEAD)
        f.write('<office:body><office:spreadsheet><table:table table:name="Data">\n')
        f.writelines("<table:table-row>" + "".join(num_cell(v) for v in row) + "</table:table-row>\n"
                     for row in rows)
        f.write('</table:table><table:table table:name="R"><table:table-row><table:table-cell/>'
                "</table:table-row></table:table></office:spreadsheet></office:body></office:document>\n")


def allow_macros(profile: Profile) -> None:
    """Macro security "low" in the throw-away profile, so document Basic runs headless."""
    profile.set_option("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "0")


def bench_profile(oxt: Path, floor_oxt: Path | None) -> Profile:
    prof = Profile(oxt)
    if floor_oxt is not None:
        prof.add(floor_oxt)
    allow_macros(prof)
    return prof


def workdir(profile: Profile, name: str) -> Path:
    d = profile.dir / "bench" / name
    d.mkdir(parents=True, exist_ok=True)
    return d


def load(office: Office, path: Path, as_template: bool = False):
    """Read-only; or, as_template, an untitled editable copy (the file is never written)."""
    # MacroExecutionMode 4 = ALWAYS_EXECUTE_NO_WARN (document Basic may run).
    if as_template:
        return office.load(path, readonly=False, AsTemplate=True, MacroExecutionMode=4)
    return office.load(path, MacroExecutionMode=4)


def timed_recalc(doc) -> float:
    t0 = time.perf_counter()
    doc.calculateAll()
    return time.perf_counter() - t0


def close(doc) -> None:
    try:
        doc.close(True)
    except Exception:
        doc.dispose()


def time_array_formulas(office, path: Path, rows, area: str, call: str, reps: int,
                        verify, log) -> dict[str, list[float]]:
    """Seconds per hard recalc of each kind: {kind: [one per repetition]}.

    `rows` are written to `path` (write_data_doc), which is opened as a template.
    The kinds: "baseline" (no formula), "floor" and "kpi" (`call`, e.g.
    "RFM($Data.A1:A9)", as an array formula over `area` of sheet R, of the
    do-nothing add-in and of ours). Each kind's formula is put in before a
    timed hard recalc; kinds are interleaved and their order rotates every
    repetition. Repetition 0 is a warm-up, in which `verify(target range)`
    checks the "kpi" kind's result."""
    formulas = {"baseline": None, "floor": f"={FLOOR_PREFIX}{call}", "kpi": f"={catalogue.STORED_PREFIX}{call}"}
    t0 = time.perf_counter()
    write_data_doc(path, rows)
    chown_tree(path.parent)
    log(f"  wrote {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    doc = load(office, path, as_template=True)
    log(f"  loaded in {time.perf_counter() - t0:.1f} s")
    kinds = list(formulas)
    times = {k: [] for k in kinds}
    try:
        from com.sun.star.sheet.CellFlags import FORMULA
        doc.enableAutomaticCalculation(False)
        target = doc.Sheets.getByName("R").getCellRangeByName(area)

        def use(kind):
            target.clearContents(FORMULA)
            if formulas[kind]:
                target.setArrayFormula(formulas[kind])

        for rep in range(reps + 1):
            order = kinds[rep % len(kinds):] + kinds[:rep % len(kinds)]
            for kind in order:
                use(kind)
                t = timed_recalc(doc)
                if kind == "kpi" and rep == 0:
                    verify(target)
                if rep:
                    times[kind].append(t)
            if rep:
                log(f"  rep {rep}: " + "  ".join(f"{k} {times[k][-1] * 1e3:.0f} ms" for k in kinds))
    finally:
        close(doc)
    path.unlink()
    return times


def medians_above_baseline(times: dict[str, list[float]]) -> tuple[dict[str, float], float, float]:
    """(median seconds per kind, floor's and kpi's median minus the baseline's)."""
    med = {k: statistics.median(v) for k, v in times.items()}
    return med, med["floor"] - med["baseline"], med["kpi"] - med["baseline"]


def floor_table(name: str, floor_s: float, kpi_s: float, rows: int, unit: str, ranges: str) -> list[str]:
    """The report's table of a KPI against the do-nothing floor: seconds per
    recalc, ns per `unit` over `rows`, and the ratio to the floor. More rows
    (e.g. a native construction) may follow it."""
    return ["| kind | seconds per recalc | ns per " + unit + " | ÷ floor |",
            "|---|---:|---:|---:|",
            f"| floor (do-nothing add-in, same {ranges}) | {floor_s:.3f} | {floor_s / rows * 1e9:.0f} | 1.00× |",
            f"| {name} | {kpi_s:.3f} | {kpi_s / rows * 1e9:.0f} | {kpi_s / floor_s:.2f}× |"]


def raw_times(times: dict) -> str:
    """The report's last line: every repetition's time per kind, in ms."""
    return "Raw (ms): " + "; ".join(f"{k}: {', '.join(f'{t * 1e3:.0f}' for t in v)}" for k, v in times.items())


def floor_main(description: str, run, argv=None, extra: dict[str, int] | None = None) -> int:
    """The command line of a one-function benchmark against the floor add-in (recalc_rfm.py and its
    kin): --oxt, --floor-oxt, --rows, --reps, --out and `extra` integer options; `run(office,
    profile, args, log)` returns the markdown report, which is printed and written to --out."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oxt", type=Path, required=True)
    ap.add_argument("--floor-oxt", type=Path, required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    for name, default in (extra or {}).items():
        ap.add_argument(f"--{name}", type=int, default=default)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    profile = bench_profile(a.oxt, a.floor_oxt)
    office = Office(profile)
    try:
        md = run(office, profile, a, log)
    finally:
        office.close()
        profile.cleanup()
    print(md)
    if a.out:
        a.out.write_text(md + "\n", encoding="utf-8")
    return 0
