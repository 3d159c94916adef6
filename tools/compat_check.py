#!/usr/bin/python3
"""The checks tools/compat.sh runs inside another distribution's system (its
LibreOffice and its python3-uno), as root there; LibreOffice itself runs as the
unprivileged uid (kpitools.profile).

usage: compat_check.py RUN_DIR   (RUN_DIR holds kpicalc.oxt, tools/, catalogue/,
idl/, core/include/kpi/calc_errors.def and templates/*.ots)

1. the .oxt installs into a private profile (unopkg add);
2. =RETENTION(200;180;40) typed as a user types it (FormulaLocal) gives 0.7;
   every example of the catalogue gives its documented result (array results as
   array formulas), set by the stored names (ORG.KPICALC.FUNCTIONS.RETENTION):
   LibreOffice 7.0 knows an add-in's English function names only in formulas
   typed in the UI, not through the API, where =RETENTION(...) gives #NAME?;
3. the Function Wizard data (FunctionDescriptions) in an English, a zh-CN and a
   zh-TW profile show every function's description and argument labels;
4. each template in RUN_DIR/templates recalculates with tools/kpi-recalc,
   every formula cell without error.
Prints one line per check; exit status 0 when all passed.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

RUN = Path(sys.argv[1]).resolve()
TOOLS = RUN / "tools"
sys.path.insert(0, str(TOOLS))

if sys.version_info < (3, 11):
    # No tomllib before Python 3.11 (Debian 11 has 3.9): compat.sh put a copy of
    # the host's (pure Python) in RUN_DIR/py-shim, for us and for kpi-recalc.
    sys.path.insert(0, str(RUN / "py-shim"))
    os.environ["PYTHONPATH"] = str(RUN / "py-shim")

from kpitools import catalogue  # noqa: E402
from kpitools.office import Office, function_descriptions  # noqa: E402
from kpitools.profile import Profile, chown_tree  # noqa: E402
from kpitools.sheets import cell_result, example_mismatches  # noqa: E402

OXT = RUN / "kpicalc.oxt"
FUNCS = catalogue.functions(catalogue.load())
failures = []


def report(name: str, ok: bool, detail: str = "") -> None:
    print(f"  {'ok  ' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(name)


OURS = re.compile(r"(?<![.\w])(" + "|".join(f.name for f in FUNCS) + r")\(")


def stored(formula: str) -> str:
    """`formula` with each of our function names in its stored form."""
    return OURS.sub(lambda m: catalogue.STORED_PREFIX + m.group(0), formula)


def check_examples(office) -> None:
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        typed = sheet.getCellByPosition(40, 0)  # right of every example
        typed.setPropertyValue("FormulaLocal", "=RETENTION(200;180;40)")
        doc.calculateAll()
        report("=RETENTION(200;180;40) typed (English UI) = 0.7", cell_result(typed) == (None, 0.7),
               repr(cell_result(typed)))
        placed, arrays, bad = example_mismatches(doc, [ex for fn in FUNCS for ex in fn.examples], stored)
        report(f"{placed} catalogue examples ({arrays} array formulas, e.g. WILSONCI)", not bad,
               "; ".join(bad[:5]) + (f" (+{len(bad) - 5} more)" if len(bad) > 5 else ""))
    finally:
        doc.close(True)


def check_wizard() -> None:
    """Every function's description and argument labels, as the Function Wizard
    reads them (FunctionDescriptions), in an English, a zh-CN and a zh-TW UI."""
    for lang in ("en", "zh_CN", "zh_TW"):
        seen = function_descriptions(OXT, None if lang == "en" else lang)
        wrong = []
        for fn in FUNCS:
            entry = seen.get(fn.name)
            want_labels = [a.label[lang] for a in fn.args]
            if entry is None:
                wrong.append(f"{fn.name} missing")
            elif (entry["Description"] != fn.description[lang]
                  or [a.Name for a in entry["Arguments"]] != want_labels):
                wrong.append(f"{fn.name}: {entry['Description'][:40]}…")
        report(f"Function Wizard ({lang}): {len(FUNCS)} functions' descriptions and argument labels",
               not wrong, "; ".join(wrong[:3]))


def check_templates() -> None:
    out = RUN / "recalc-out"
    out.mkdir(exist_ok=True)
    chown_tree(out)
    templates = sorted((RUN / "templates").glob("*.ots"))
    r = subprocess.run([sys.executable, str(TOOLS / "kpi-recalc"), "--oxt", str(OXT), "--jobs", "1",
                        "--out", str(out), *map(str, templates)],
                       capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    rows = re.findall(r"^\s+ok\s+(\d+)\s+(\d+)\s+(\S+)", r.stdout, re.M)
    for formulas, errors, src in rows:
        report(f"kpi-recalc {Path(src).name}", int(formulas) > 0 and errors == "0",
               f"{formulas} formula cells, {errors} in error")
    if r.returncode != 0 or len(rows) != len(templates):
        report("kpi-recalc", False, f"exit {r.returncode}: {(r.stdout + r.stderr).strip()[-600:]}")


def main() -> int:
    steps = [("install + examples", None), ("wizard", check_wizard), ("templates", check_templates)]
    try:
        prof = Profile(OXT)
    except Exception as e:  # noqa: BLE001 - reported, and the run fails
        report("unopkg add kpicalc.oxt", False, str(e)[-600:])
        return 1
    report("unopkg add kpicalc.oxt", True)
    try:
        off = Office(prof)
        try:
            check_examples(off)
        finally:
            off.close()
    except Exception:  # noqa: BLE001
        report("catalogue examples", False, traceback.format_exc(limit=3))
    finally:
        prof.cleanup()
    for name, step in steps[1:]:
        try:
            step()
        except Exception:  # noqa: BLE001
            report(name, False, traceback.format_exc(limit=3))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
