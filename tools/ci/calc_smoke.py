"""A few formulas in a real LibreOffice with the extension installed, for hosts
where tools/kpitools (Linux-only: process groups, /proc, the nobody uid) does
not run: the Windows and macOS jobs of .github/workflows/platforms.yml. Needs
only the Python that can import uno (LibreOffice's own program/python on
Windows and macOS, /usr/bin/python3 on Debian) and the standard library.

usage: calc_smoke.py PROGRAM_DIR OXT
  PROGRAM_DIR  LibreOffice's program folder (soffice, unopkg)
  OXT          the extension to install (kpicalc.oxt or kpicalc-cxx.oxt)

Installs OXT into a throw-away profile, starts headless soffice on it and
checks (expected values: the catalogue's examples and tests/integration/cases):
  =RETENTION(200;180;40) typed as a user types it            0.7
  CAC({30000;15000;5000};100) by its stored name             500
  CAC({30000;15000;5000};0)                                   #DIV/0!
  WILSONCI(73;86) as an array formula                        0.758364348004061, 0.909478770168677
Prints one line per check; exit status 0 when all pass."""
from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401  (LibreOffice's Python)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

PREFIX = "ORG.KPICALC.FUNCTIONS."


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(program: Path, oxt: Path) -> int:
    exe = ".exe" if os.name == "nt" else ""
    soffice = program / f"soffice{exe}"
    unopkg = program / (f"unopkg.com" if os.name == "nt" else "unopkg")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        env_arg = f"-env:UserInstallation={profile}"
        subprocess.run([str(unopkg), "add", "--suppress-license", env_arg, str(oxt.resolve())], check=True, timeout=600)
        pipe = f"kpicalc_smoke_{os.getpid()}"
        proc = subprocess.Popen([str(soffice), env_arg, "--headless", "--invisible", "--norestore",
                                 "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"])
        try:
            return run_checks(connect(pipe, proc))
        finally:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()


def connect(pipe, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 180
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("soffice did not accept a connection")
            time.sleep(1)


def run_checks(desktop) -> int:
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
    failed = 0
    try:
        sheet = doc.Sheets.getByIndex(0)
        cell = sheet.getCellByPosition

        def report(what, ok, got):
            nonlocal failed
            print(f"{'ok  ' if ok else 'FAIL'} {what}: {got}")
            failed += not ok

        cell(0, 0).setPropertyValue("FormulaLocal", "=RETENTION(200;180;40)")
        cell(0, 1).setFormula(f"={PREFIX}CAC({{30000;15000;5000}};100)")
        cell(0, 2).setFormula(f"={PREFIX}CAC({{30000;15000;5000}};0)")
        sheet.getCellRangeByName("A4:B4").setArrayFormula(f"={PREFIX}WILSONCI(73;86)")
        doc.calculateAll()
        report("=RETENTION(200;180;40) typed = 0.7", cell(0, 0).getError() == 0
               and math.isclose(cell(0, 0).getValue(), 0.7, abs_tol=1e-15), cell(0, 0).getString())
        report("CAC({30000;15000;5000};100) = 500", cell(0, 1).getError() == 0
               and cell(0, 1).getValue() == 500, cell(0, 1).getString())
        report("CAC({30000;15000;5000};0) = #DIV/0!", cell(0, 2).getError() == 532, cell(0, 2).getString())
        lo, hi = cell(0, 3).getValue(), cell(1, 3).getValue()
        report("WILSONCI(73;86) = {0.758364348004061, 0.909478770168677}",
               cell(0, 3).getError() == 0 and cell(1, 3).getError() == 0
               and abs(lo - 0.758364348004061) < 1e-12 and abs(hi - 0.909478770168677) < 1e-12, (lo, hi))
    finally:
        doc.close(True)
    print("all passed" if not failed else f"{failed} FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
