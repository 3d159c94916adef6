"""tools/kpi-recalc, end to end: parallel LibreOffice workers, every output
format, bad inputs (missing, corrupt, password-protected, not a spreadsheet,
unwritable output folder), a LibreOffice process killed mid-run, a timeout, and
the promise never to overwrite an input or leave a half-written file."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

from kpitools import fods
from kpitools.checks import missing_cells, xlsx_extents
from kpitools.office import Office, prop
from kpitools.profile import NOBODY, Profile, soffice_can_read
from kpitools.sheets import cell_result, cell_text, count_formula_cells, store

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "kpi-recalc"
EXAMPLE = ROOT / "templates" / "example" / "kpi-example.fods"
OURS = {"RETENTION", "CAC", "MROI"}
UP = re.compile(r"worker (?P<worker>\d+): LibreOffice started \(soffice pid (?P<pid>\d+)\)")
START = re.compile(r"^start  (?P<file>.+) \(worker (?P<worker>\d+), soffice pid (?P<pid>\d+)")



# What kpi-recalc reads from its checkout: its modules, the frozen names and
# the error-code table they share with the C++ side.
TOOL_FILES = ("tools/kpi-recalc",
              *(f"tools/kpitools/{m.name}" for m in sorted((TOOL.parent / "kpitools").glob("*.py"))),
              "idl/frozen-names.toml", "core/include/kpi/calc_errors.def")


def copy_tool(dst: Path) -> None:
    """A copy of the tool laid out as in a checkout, under `dst`."""
    for rel in TOOL_FILES:
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(TOOL.parents[1] / rel, dst / rel)
    for d in (dst / "tools", dst / "idl", dst / "core"):
        for root, dirs, _ in os.walk(d):
            os.chmod(root, 0o755)

def run(oxt, *args, timeout=240, user=None, env=None, tool=TOOL):
    cmd = [sys.executable, str(tool), "--oxt", str(oxt), *map(str, args)]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env=env)


@pytest.fixture()
def private_tmp(request):
    """(TMPDIR, environment) for one run of the tool: its profiles go there, so a
    test can see that none is left behind."""
    d = Path(tempfile.mkdtemp(prefix="kpi-recalc-tmp-"))
    os.chmod(d, 0o755)  # profiles in it are used by the soffice uid
    request.addfinalizer(lambda: shutil.rmtree(d, ignore_errors=True))
    return d, {**os.environ, "TMPDIR": str(d)}


def leftovers(tmpdir: Path) -> list[str]:
    """Profile folders, and processes still using one, left under `tmpdir`."""
    found = [p.name for p in tmpdir.iterdir()]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if str(tmpdir) in cmdline:
                found.append(f"process {entry}: {cmdline[:120]}")
    return found


def wait_until(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.2)
    return predicate()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_kpi_sheet(path: Path, start=200, end=180, new=40) -> float:
    """A small workbook using our functions; returns the expected retention."""
    s = fods.Sheet("KPIs")
    for r, (label, v) in enumerate([("start", start), ("end", end), ("new", new),
                                    ("media", 30000), ("people", 15000), ("tools", 5000)]):
        s.set(r, 0, label)
        s.set(r, 1, v)
    s.set(6, 0, "retention")
    s.set(6, 1, None, formula=fods.to_odf("=RETENTION(B1;B2;B3)", OURS))
    s.set(7, 0, "cac")
    s.set(7, 1, None, formula=fods.to_odf("=CAC(B4:B6;B3)", OURS))
    second = fods.Sheet("Second")
    second.set(0, 0, "double retention")
    second.set(0, 1, None, formula="of:=[KPIs.B7]*2")
    path.write_text(fods.document([s, second]), encoding="utf-8")
    return (end - new) / start


def write_heavy_sheet(path: Path, rows=20000, span=2000) -> None:
    """A workbook that keeps LibreOffice busy for a few seconds."""
    s = fods.Sheet("Heavy")
    for r in range(rows):
        s.set(r, 0, r)
        s.set(r, 1, None, formula=f"of:=SUMPRODUCT([.$A$1:.$A${span}]*[.$A$1:.$A${span}])+[.A{r + 1}]")
    s.set(0, 2, None, formula=fods.to_odf("=RETENTION(200;180;40)", OURS))
    path.write_text(fods.document([s]), encoding="utf-8")


def saved_value(path: Path, cell="B7") -> float:
    """The value stored for `cell` of the first sheet of an .ods/.xlsx result (no LibreOffice)."""
    with zipfile.ZipFile(path) as z:
        if path.suffix == ".ods":
            xml = z.read("content.xml").decode()
            m = re.search(r'table:formula="of:=ORG\.KPICALC\.FUNCTIONS\.RETENTION\([^"]*"[^>]*office:value="([^"]+)"',
                          xml)
            return float(m.group(1))
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        m = re.search(rf'<c r="{cell}"[^>]*>(?:<f[^>]*>[^<]*</f>)?<v>([^<]+)</v>', xml)
        return float(m.group(1))


@pytest.fixture()
def tree(tmp_path):
    """Inputs and outputs in a folder every uid may read (soffice may run as nobody)."""
    os.chmod(tmp_path, 0o755)
    return tmp_path


def test_folders_in_parallel_to_out_dir(oxt, tree):
    src = tree / "in"
    (src / "north").mkdir(parents=True)
    expected = {
        "in/jan.fods": write_kpi_sheet(src / "jan.fods", 200, 180, 40),
        "in/north/feb.fods": write_kpi_sheet(src / "north" / "feb.fods", 300, 290, 50),
    }
    shutil.copy(EXAMPLE, src / "example.fods")
    shutil.copy(EXAMPLE, src / "north" / "old.recalc.fods")  # an earlier result: skipped
    bad = fods.Sheet("Costs")
    bad.set(0, 0, "cac, no new customers")
    bad.set(0, 1, None, formula=fods.to_odf("=CAC(1000;0)", OURS))
    bad.set(1, 1, None, formula=fods.to_odf("=CAC(1000;4)", OURS))
    (src / "zero.fods").write_text(fods.document([bad]), encoding="utf-8")
    for i in range(4):  # enough work that both LibreOffice processes get some
        write_heavy_sheet(src / f"busy{i}.fods", rows=5000)
    other = tree / "other"  # a second folder with a file of the same name
    other.mkdir()
    expected["other/jan.fods"] = write_kpi_sheet(other / "jan.fods", 100, 95, 10)
    out = tree / "out"
    r = run(oxt, "--jobs", "2", "--format", "ods", "--out", out, src, other)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "9 done, 0 failed" in r.stdout
    assert "2 LibreOffice processes" in r.stdout
    # Two soffice processes were running for the queue. Which worker takes which
    # file is a race (a worker whose LibreOffice starts late may get none), so
    # only the processes, not the split of the files, are asserted.
    started = {m["worker"]: m["pid"] for m in map(UP.match, r.stderr.splitlines()) if m}
    assert set(started) == {"1", "2"} and len(set(started.values())) == 2, r.stderr
    assert {m["worker"] for m in map(START.match, r.stderr.splitlines()) if m} <= {"1", "2"}
    assert (out / "in" / "example.ods").is_file()
    assert not (out / "in" / "north" / "old.recalc.ods").exists()
    for name, value in expected.items():
        result = out / Path(name).with_suffix(".ods")  # several folders: each under its own name
        assert saved_value(result) == pytest.approx(value, abs=1e-12), name
    assert not list(out.rglob("*.part")), "temporary files left behind"
    # the summary counts formulas and cells in error per file
    assert re.search(r"ok\s+3\s+0\s+.*in/jan\.fods", r.stdout), r.stdout
    assert re.search(r"ok\s+2\s+1\s+.*zero\.fods.*\(in error: Costs\.B1\)", r.stdout), r.stdout

    # a single folder goes straight into --out; nothing already there is disturbed
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    r = run(oxt, "--jobs", "2", "--quiet", "--out", out, other)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (out / "jan.ods").is_file()  # a single folder: no folder-name level
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == sorted(before + [Path("jan.ods")])


def test_two_runs_at_once(oxt, tree):
    """Two invocations side by side: each has its own profiles, neither disturbs the other."""
    procs = []
    for run_name in ("a", "b"):
        d = tree / run_name
        d.mkdir()
        write_kpi_sheet(d / "book.fods", 100, 90, 10 if run_name == "a" else 20)
        procs.append(subprocess.Popen([sys.executable, str(TOOL), "--oxt", str(oxt), "--quiet", d / "book.fods"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, out + err
    assert saved_value(tree / "a" / "book.recalc.ods") == pytest.approx(0.8)
    assert saved_value(tree / "b" / "book.recalc.ods") == pytest.approx(0.7)


def test_every_format_next_to_the_input(oxt, tree):
    book = tree / "book.fods"
    retention = write_kpi_sheet(book)
    before = digest(book)
    for fmt in ("xlsx", "pdf", "csv"):
        r = run(oxt, "--format", fmt, "--jobs", "1", book)
        assert r.returncode == 0, r.stdout + r.stderr
    assert digest(book) == before, "the input was modified"
    assert saved_value(tree / "book.recalc.xlsx") == pytest.approx(retention)
    assert (tree / "book.recalc.pdf").read_bytes().startswith(b"%PDF")
    # two sheets: one CSV per sheet
    kpis = (tree / "book.recalc-KPIs.csv").read_text(encoding="utf-8")
    assert f"retention,{retention:g}" in kpis
    assert (tree / "book.recalc-Second.csv").read_text(encoding="utf-8").strip() == \
        f"double retention,{2 * retention:g}"


def test_never_overwrites_an_input_unless_asked(oxt, tree):
    book = tree / "q1.ods"
    shutil.copy(EXAMPLE, tree / "q1.fods")
    r = run(oxt, "--out", tree, tree / "q1.fods")  # make an .ods input first
    assert r.returncode == 0, r.stderr
    (tree / "q1.fods").unlink()
    before = digest(book)

    r = run(oxt, "--format", "ods", "--out", tree, book)
    assert r.returncode == 1
    assert f"{book}: its result would replace the input" in r.stdout
    assert "--overwrite" in r.stdout
    assert digest(book) == before

    r = run(oxt, "--format", "ods", "--out", tree, "--overwrite", book)
    assert r.returncode == 0, r.stdout + r.stderr
    assert zipfile.ZipFile(book).testzip() is None
    assert not list(tree.glob(".*.part"))


def _bad_inputs(office, folder: Path) -> dict[str, str]:
    """name → words its failure message must contain."""
    cases = {}
    good = folder / "good.fods"
    write_kpi_sheet(good)
    # password-protected .ods and .xls, written by LibreOffice itself
    doc = office.load(EXAMPLE)
    scratch = office.profile.scratch_dir("bad-inputs")
    for name, flt in (("locked.ods", "calc8"), ("locked-legacy.xls", "MS Excel 97")):
        doc.storeToURL((scratch / name).as_uri(), (prop("FilterName", flt),
                                                   prop("Password", "s3cret"),
                                                   prop("Overwrite", True)))
        shutil.copy(scratch / name, folder / name)
        cases[name] = "password-protected"
    store(doc, scratch / "plain.ods", "calc8")
    doc.close(True)
    plain = (scratch / "plain.ods").read_bytes()
    # corrupt: a truncated package, and a package whose content.xml is cut short
    (folder / "truncated.ods").write_bytes(plain[: len(plain) // 3])
    cases["truncated.ods"] = "corrupt"
    with zipfile.ZipFile(scratch / "plain.ods") as zin, zipfile.ZipFile(folder / "damaged.ods", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data[: len(data) // 2] if info.filename == "content.xml" else data)
    cases["damaged.ods"] = "corrupt"
    # not spreadsheets
    (folder / "notes.ods").write_text("quarterly notes, not a workbook\n")
    cases["notes.ods"] = "not a spreadsheet"
    (folder / "picture.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    cases["picture.xlsx"] = "not a spreadsheet"
    with zipfile.ZipFile(folder / "letter.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    cases["letter.xlsx"] = "not a spreadsheet"
    (folder / "empty.ods").write_bytes(b"")
    cases["empty.ods"] = "empty file"
    (folder / "readme.txt").write_text("hello")
    cases["readme.txt"] = "not a spreadsheet"
    return cases


def test_bad_inputs_each_get_a_clear_message(oxt, office, tree):
    folder = tree / "mixed"
    folder.mkdir()
    cases = _bad_inputs(office, folder)
    missing = tree / "missing.ods"
    args = [*(folder / n for n in sorted(cases)), folder / "good.fods", missing]
    started = time.monotonic()
    r = run(oxt, "--jobs", "2", "--out", tree / "out", *args)
    assert time.monotonic() - started < 120, "a bad file made the tool wait"
    assert r.returncode == 1, r.stdout + r.stderr
    for name, words in cases.items():
        line = next((l for l in r.stdout.splitlines() if f"{folder / name}:" in l), None)
        assert line is not None and "FAILED" in line, (name, r.stdout)
        assert words in line, (name, line)
    assert re.search(rf"FAILED.*{re.escape(str(missing))}: no such file", r.stdout)
    assert re.search(r"ok\s+3\s+0\s+.*good\.fods", r.stdout)
    assert f"1 done, {len(cases) + 1} failed" in r.stdout
    assert sorted(p.name for p in (tree / "out").iterdir()) == ["good.ods"]


def test_unwritable_output_folder_is_a_usage_error(oxt, tree, request):
    book = tree / "book.fods"
    write_kpi_sheet(book)
    blocker = tree / "a-file"
    blocker.write_text("x")
    r = run(oxt, "--out", blocker / "sub", book)
    assert r.returncode == 2
    assert f"output folder {blocker / 'sub'}" in r.stderr and "cannot be created" in r.stderr

    # a folder we may not write to (as root: run the tool as nobody, root writes anywhere)
    base = Path(tempfile.mkdtemp(prefix="kpi-recalc-test-"))
    os.chmod(base, 0o755)
    locked = base / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    request.addfinalizer(lambda: shutil.rmtree(base, ignore_errors=True))
    user = NOBODY if os.geteuid() == 0 else None  # root may write anywhere
    # nobody may not be able to read the checkout (a clone under /root): run a copy
    copy_tool(base)
    r = run(oxt, "--out", locked, book, user=user, tool=base / "tools" / "kpi-recalc")
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"output folder {locked} is not writable" in r.stderr
    assert list(locked.iterdir()) == []

    r = subprocess.run([sys.executable, str(TOOL), "--oxt", str(tree / "missing.oxt"), str(book)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "extension not found" in r.stderr


def _run_killing(oxt, args, kill_when, timeout=240):
    """Run the tool; kill the soffice.bin named on each progress line for which
    kill_when(file, line_number_for_that_file) is true, half a second later."""
    cmd = [sys.executable, str(TOOL), "--oxt", str(oxt), *map(str, args)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    seen: dict[str, int] = {}
    killed = []
    err_lines = []

    def read_err():
        for line in proc.stderr:
            err_lines.append(line)
            m = START.match(line)
            if not m:
                continue
            name = Path(m["file"]).name
            seen[name] = seen.get(name, 0) + 1
            if kill_when(name, seen[name]):
                time.sleep(0.5)
                os.kill(int(m["pid"]), signal.SIGKILL)
                killed.append((name, int(m["pid"])))

    reader = threading.Thread(target=read_err)
    reader.start()
    out = proc.stdout.read()
    proc.wait(timeout=timeout)
    reader.join()
    return proc.returncode, out, "".join(err_lines), killed


def test_killed_libreoffice_is_retried_once(oxt, tree):
    src = tree / "in"
    src.mkdir()
    write_heavy_sheet(src / "heavy.fods")
    for i in range(3):
        write_kpi_sheet(src / f"small{i}.fods", 200 + i, 180, 40)
    out = tree / "out"
    out.mkdir()
    (out / "heavy.ods").write_bytes(b"previous result")  # written by an earlier run

    # killed on the first try only: the retry succeeds
    rc, stdout, stderr, killed = _run_killing(oxt, ["--jobs", "2", "--out", out, src],
                                              lambda name, n: name == "heavy.fods" and n == 1)
    assert killed and killed[0][0] == "heavy.fods"
    assert rc == 0, stdout + stderr
    assert "retry  " in stderr and "died while working on it" in stderr
    assert "4 done, 0 failed" in stdout
    assert "retried after LibreOffice died" in stdout
    assert zipfile.ZipFile(out / "heavy.ods").testzip() is None

    # killed on both tries: that file fails, the others complete, the old output survives
    (out / "heavy.ods").write_bytes(b"previous result")
    rc, stdout, stderr, killed = _run_killing(oxt, ["--jobs", "2", "--out", out, src],
                                              lambda name, n: name == "heavy.fods")
    assert len(killed) == 2, stderr
    assert rc == 1
    assert re.search(r"FAILED.*heavy\.fods: LibreOffice died while working on it, twice", stdout), stdout
    assert "3 done, 1 failed" in stdout
    assert (out / "heavy.ods").read_bytes() == b"previous result"
    for i in range(3):
        assert saved_value(out / f"small{i}.ods") == pytest.approx((180 - 40) / (200 + i))
    assert not list(out.rglob("*.part"))


def test_a_file_over_the_time_limit_fails_and_the_rest_go_on(oxt, tree):
    write_heavy_sheet(tree / "slow.fods", rows=30000)
    write_kpi_sheet(tree / "quick.fods")
    r = run(oxt, "--jobs", "1", "--timeout", "1.5", "--out", tree / "out", tree / "slow.fods", tree / "quick.fods")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"FAILED.*slow\.fods: timed out after 1\.5 s", r.stdout), r.stdout
    assert re.search(r"ok .*quick\.fods", r.stdout), r.stdout
    assert sorted(p.name for p in (tree / "out").iterdir()) == ["quick.ods"]


def write_long_sheet(path: Path, rows=1000) -> float:
    """Costs 1..rows in column A and =CAC(A1:A<rows>;10) in C1; returns the expected CAC."""
    s = fods.Sheet("Costs")
    for r in range(rows):
        s.set(r, 0, r + 1)
    s.set(0, 2, None, formula=fods.to_odf(f"=CAC(A1:A{rows};10)", OURS))
    path.write_text(fods.document([s]), encoding="utf-8")
    return rows * (rows + 1) / 2 / 10  # sum 1..n = n(n+1)/2, spread over 10 new customers


def rewrite_part(src: Path, dst: Path, part: str, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data.decode()).encode() if info.filename == part else data)


def test_a_damaged_sheet_part_is_corrupt_and_never_replaces_the_input(oxt, tree):
    """Issue 14.1: LibreOffice loads an .xlsx with a broken <row> tag up to that row,
    silently; the tool must report it corrupt and leave the input alone."""
    cac = write_long_sheet(tree / "long.fods")
    assert cac == 50050.0
    r = run(oxt, "--format", "xlsx", "--quiet", tree / "long.fods")
    assert r.returncode == 0, r.stdout + r.stderr
    good = tree / "long.recalc.xlsx"
    assert saved_value(good, "C1") == pytest.approx(cac)
    # what the file holds, read without LibreOffice: 1000 rows, columns A..C
    assert xlsx_extents(good) == [("Costs", 999, 2)]

    book = tree / "book.xlsx"
    rewrite_part(good, book, "xl/worksheets/sheet1.xml",
                 lambda x: x.replace('<row r="500"', '<row r="500"<', 1))
    flat = tree / "flat.fods"  # the same damage in a flat ODF file
    text = (tree / "long.fods").read_text(encoding="utf-8")
    at = text.index("<table:table-row", len(text) // 2)
    flat.write_text(text[:at] + "<table:table-row<" + text[at + len("<table:table-row"):], encoding="utf-8")
    before = digest(book), digest(flat)
    r = run(oxt, "--format", "xlsx", "--out", tree, "--overwrite", book, flat)
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"FAILED.*book\.xlsx: corrupt \(xl/worksheets/sheet1\.xml is not well-formed XML", r.stdout), \
        r.stdout
    assert re.search(r"FAILED.*flat\.fods: corrupt \(flat\.fods is not well-formed XML", r.stdout), r.stdout
    assert (digest(book), digest(flat)) == before
    assert not (tree / "flat.xlsx").exists()


def test_extents_show_cells_libreoffice_did_not_load():
    """The check behind a load that stops early without an error."""
    expected = [("Costs", 999, 2), ("Empty", -1, -1)]
    assert missing_cells(expected, [("Costs", 999, 2), ("Empty", 0, 0)]) is None
    assert missing_cells(expected, [("Costs", 498, 2), ("Empty", 0, 0)]) == \
        "corrupt (sheet 'Costs': the file has cells up to C1000, LibreOffice loaded only up to C499)"
    assert "was not loaded" in missing_cells([("A", 0, 0), ("B", 3, 3)], [("A", 0, 0)])


def _start_tool(oxt, env, *args):
    return subprocess.Popen([sys.executable, str(TOOL), "--oxt", str(oxt), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, env=env)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_hang_up_stops_libreoffice_and_removes_profiles(oxt, tree, private_tmp, sig):
    """Issue 14.8: a closed terminal (SIGHUP) ends the run like Ctrl+C: no soffice
    left running, no profile folder left behind."""
    tmpdir, env = private_tmp
    write_heavy_sheet(tree / "heavy.fods", rows=30000)
    proc = _start_tool(oxt, env, "--jobs", "1", "--out", tree / "out", tree / "heavy.fods")
    pid = None
    for line in proc.stderr:
        m = START.match(line)
        if m:
            pid = int(m["pid"])
            break
    assert pid is not None, proc.stderr.read()
    assert Path(f"/proc/{pid}").exists()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "interrupted" in err
    assert wait_until(lambda: not Path(f"/proc/{pid}").exists()), f"soffice {pid} still running"
    assert wait_until(lambda: not leftovers(tmpdir)), leftovers(tmpdir)
    assert not (tree / "out" / "heavy.ods").exists()


@pytest.mark.parametrize("after", [0.5, 3.0])
def test_interrupt_during_profile_set_up_leaves_nothing(oxt, tree, private_tmp, after):
    """Issue 14.9: Ctrl+C while the profiles are still being made (LibreOffice's
    first start, unopkg) removes them and ends their processes."""
    tmpdir, env = private_tmp
    # Work that outlasts the wait below (on a quiet machine the profiles and two
    # small books took 2.8 s, and the run ended before the signal came).
    write_heavy_sheet(tree / "heavy.fods", rows=30000)
    write_kpi_sheet(tree / "book.fods")
    proc = _start_tool(oxt, env, "--jobs", "2", "--out", tree / "out", tree / "heavy.fods", tree / "book.fods")
    assert wait_until(lambda: any(tmpdir.iterdir()), 30), "no profile was being made"
    time.sleep(after)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert wait_until(lambda: not leftovers(tmpdir)), leftovers(tmpdir)
    assert not (tree / "out" / "heavy.ods").exists()


def test_an_unusable_extension_is_a_usage_error(oxt, tree, private_tmp):
    """Issue 14.10: exit 2 for an extension that cannot be installed, with the whole
    reason; no profile left behind."""
    tmpdir, env = private_tmp
    write_kpi_sheet(tree / "book.fods")
    bogus = tree / "bogus.oxt"
    bogus.write_text("not an extension\n")
    r = run(bogus, tree / "book.fods", env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"{bogus}: not a usable extension (not a zip package)" in r.stderr
    broken = tree / "broken.oxt"  # a real package whose description.xml is cut short
    rewrite_part(oxt, broken, "description.xml", lambda x: x[:40])
    r = run(broken, tree / "book.fods", env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"kpi-recalc: {broken} cannot be installed: unopkg failed (1): "), last
    assert "description" in last.split("unopkg failed (1): ", 1)[1], last  # the reason is kept
    assert not (tree / "book.recalc.ods").exists()
    assert wait_until(lambda: not leftovers(tmpdir)), leftovers(tmpdir)


def test_works_from_a_checkout_libreoffice_cannot_read(office, oxt, private_tmp):
    """Issue 10.1: as root, LibreOffice runs as nobody, which cannot enter a 0700
    folder (a `mktemp -d` clone, /root). Tests and the tool must still open files there."""
    checkout = Path(tempfile.mkdtemp(prefix="kpi-checkout-"))  # 0700, like mktemp -d
    try:
        assert checkout.stat().st_mode & 0o777 == 0o700
        book = checkout / "book.fods"
        retention = write_kpi_sheet(book, 200, 180, 40)
        assert soffice_can_read(book) == (os.geteuid() != 0)
        # what every test does: Office.load (and open_spreadsheet)
        for doc in (office.load(book), office.open_spreadsheet(book)):
            doc.calculateAll()
            assert cell_result(doc.Sheets.getByName("KPIs").getCellRangeByName("B7")) == \
                (None, pytest.approx(retention))
            doc.close(True)
        # the tool run from such a clone, on an input inside it
        copy_tool(checkout)
        shutil.copy(oxt, checkout / "kpicalc.oxt")
        r = run(checkout / "kpicalc.oxt", "--quiet", book, tool=checkout / "tools" / "kpi-recalc",
                env=private_tmp[1])
        assert r.returncode == 0, r.stdout + r.stderr
        assert saved_value(checkout / "book.recalc.ods") == pytest.approx(retention)
    finally:
        shutil.rmtree(checkout, ignore_errors=True)


def write_share_sheet(path: Path) -> None:
    s = fods.Sheet("KPIs")
    for r, (label, v) in enumerate([("start", 200), ("end", 180), ("new", 40),
                                    ("media", 30000), ("people", 15000), ("tools", 5000)]):
        s.set(r, 0, label)
        s.set(r, 1, v)
    s.set(6, 1, None, formula=fods.to_odf("=RETENTION(B1;B2;B3)", OURS), style="pct")
    s.set(7, 1, None, formula=fods.to_odf("=CAC(B4:B6;B3)+0", OURS))
    s.set(8, 1, None, formula="of:=[.B7]*2")                     # uses our result: stays a formula
    s.set(9, 1, None, formula="of:=SUM([.B4:.B6])")              # plain: stays a formula
    s.set(10, 1, None, formula=fods.to_odf("=CAC(1000;0)", OURS))  # an error result
    s.set(0, 2, None, formula=fods.to_odf("=SHARE(B4:B6)", OURS | {"SHARE"}), matrix=(3, 1), style="ratio")
    path.write_text(fods.document([s]), encoding="utf-8")


# Expected, by hand: retention (180-40)/200; CAC (30000+15000+5000)/40; shares of 50000.
SHARED = {"B7": 0.7, "B8": 1250.0, "B9": 1.4, "B10": 50000.0, "C1": 0.6, "C2": 0.3, "C3": 0.1}


def test_shareable_copy_opens_without_the_extension(oxt, tree, workdir):
    """Issue 13.2: --share writes a copy whose KPI cells hold values, so LibreOffice
    without the extension (and Excel, Sheets) shows the same numbers, no #NAME?."""
    book = tree / "book.fods"
    write_share_sheet(book)
    for fmt in ("ods", "xlsx"):
        r = run(oxt, "--share", "--format", fmt, "--quiet", book)
        assert r.returncode == 0, r.stdout + r.stderr
    r = run(oxt, "--share", "--format", "ods", "--overwrite", "--out", tree, tree / "book.shared.ods")
    assert r.returncode == 1 and "would replace the input" in r.stdout  # formulas never lost
    bare = Profile(None)  # a LibreOffice without the extension
    office = Office(bare)
    try:
        for fmt in ("ods", "xlsx"):
            doc = office.load(bare.readable_copy(tree / f"book.shared.{fmt}", sub=fmt))
            try:
                doc.calculateAll()  # Data > Calculate > Recalculate Hard
                sheet = doc.Sheets.getByIndex(0)
                total, errors = count_formula_cells(doc)
                assert errors == ["KPIs.B11"], (fmt, errors)
                assert cell_text(sheet.getCellRangeByName("B11")) == "#DIV/0!"
                for name, value in SHARED.items():
                    assert cell_result(sheet.getCellRangeByName(name)) == \
                        (None, pytest.approx(value, rel=1e-12)), (fmt, name)
                for name in ("B7", "B8", "C1", "C2", "C3"):
                    assert sheet.getCellRangeByName(name).getType().value == "VALUE", (fmt, name)
                assert sheet.getCellRangeByName("B9").getFormula() == "=B7*2", fmt
                assert sheet.getCellRangeByName("B10").getFormula() == "=SUM(B4:B6)", fmt
                assert total == 3, fmt  # B9, B10 and the error cell
                assert sheet.getCellRangeByName("B7").getString() == "70.0%", fmt  # format kept
                assert sheet.getCellRangeByName("C1").getString() == "0.6000", fmt
                for _, _, _, formula in _formulas(sheet):
                    assert "KPICALC" not in formula.upper(), (fmt, formula)
            finally:
                doc.close(True)
    finally:
        office.close()
        bare.cleanup()


def _formulas(sheet):
    from com.sun.star.sheet.CellFlags import FORMULA
    for addr in sheet.queryContentCells(FORMULA).getRangeAddresses():
        for r in range(addr.StartRow, addr.EndRow + 1):
            for c in range(addr.StartColumn, addr.EndColumn + 1):
                cell = sheet.getCellByPosition(c, r)
                yield r, c, cell.getType().value, cell.getFormula()


def test_sumproduct_and_whole_columns_behave_as_the_readme_says(office):
    """Issue 14.12: what the README tells users about SUMPRODUCT(CPL(range)) and B:B."""
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        for r in range(12):  # costs B2:B13 = 1000..12000, leads C2:C13 = 10..21
            sheet.getCellByPosition(1, r + 1).setValue(1000 * (r + 1))
            sheet.getCellByPosition(2, r + 1).setValue(10 + r)
        # by hand: sum over rows of 1000(r+1)/(10+r) = 4652.48594284972 (Python fsum);
        # row 5 holds 4000/13
        per_row_sum, row5 = 4652.485942849719, 4000 / 13
        plain = sheet.getCellRangeByName("F5")
        plain.setFormula("=SUMPRODUCT(CPL(B2:B13;C2:C13))")
        outside = sheet.getCellRangeByName("F20")
        outside.setFormula("=SUMPRODUCT(CPL(B2:B13;C2:C13))")
        array = sheet.getCellRangeByName("G20")
        array.setArrayFormula("=SUMPRODUCT(CPL(B2:B13;C2:C13))")
        column = sheet.getCellRangeByName("H1")
        column.setFormula("=CAC(B:B;10)")
        doc.calculateAll()
        assert cell_result(plain) == (None, pytest.approx(row5, rel=1e-12))
        assert cell_text(outside) == "#VALUE!"
        assert cell_result(array) == (None, pytest.approx(per_row_sum, rel=1e-12))
        assert cell_result(column) == (None, pytest.approx(78000 / 10, rel=1e-12))
    finally:
        doc.close(True)


def test_a_file_name_that_is_not_utf8_on_a_strict_terminal(oxt, tree):
    """Issue 19.7: a non-UTF-8 file name crashed the summary (exit 1) on a strict UTF-8
    stdout, after the work was done."""
    name = os.fsencode(tree) + b"/caf\xe9.fods"
    write_kpi_sheet(Path(os.fsdecode(name)))
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}
    r = subprocess.run([sys.executable, str(TOOL), "--oxt", str(oxt), os.fsdecode(name)], capture_output=True,
                       env=env, timeout=240, stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8")  # strict: what was printed is UTF-8
    assert r.returncode == 0, out + r.stderr.decode("utf-8", "replace")
    assert re.search(r"ok\s+3\s+0\s+.*caf\\udce9\.fods", out), out
    assert os.path.exists(os.fsencode(tree) + b"/caf\xe9.recalc.ods")


def test_overwrite_writes_through_links_keeps_mode_and_group_and_refuses_open_files(oxt, tree):
    """Issue 19.6: --overwrite replaced a symbolic link instead of the file it names,
    overwrote a file another LibreOffice had open (lock file present) and reset the
    mode and group of the file it replaced."""
    write_kpi_sheet(tree / "book.fods")
    r = run(oxt, "--out", tree, tree / "book.fods")  # an .ods input
    assert r.returncode == 0, r.stderr
    book = tree / "book.ods"
    os.chmod(book, 0o640)
    os.chown(book, -1, 100)  # group "users"
    link = tree / "link.ods"
    link.symlink_to(book.name)
    before = digest(book)
    lock = tree / ".~lock.book.ods#"
    lock.write_text(",someone,host,07.12.2026 20:00,file:///home/someone/.config/libreoffice/4;")
    r = run(oxt, "--overwrite", "--out", tree, book)
    assert r.returncode == 1 and "is open in LibreOffice (lock file .~lock.book.ods#)" in r.stdout, r.stdout
    assert digest(book) == before and not list(tree.glob(".*.part"))
    lock.unlink()
    r = run(oxt, "--overwrite", link)
    assert r.returncode == 0, r.stdout + r.stderr
    assert link.is_symlink() and os.readlink(link) == "book.ods"
    assert digest(book) != before and zipfile.ZipFile(book).testzip() is None
    st = book.stat()
    assert (st.st_mode & 0o777, st.st_gid) == (0o640, 100)


def test_the_checks_before_loading_count_against_the_timeout(oxt, tree):
    """Issue 19.7: the checks run before LibreOffice loads a file ignored --timeout (a
    2 MB zip bomb ran 22 s with --timeout 5). Here 600 MB of blanks in a 3 MB sheet
    part (about 9 s of checking on the test machine) against --timeout 2."""
    bomb = tree / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b"<worksheet>")
            for _ in range(600):
                f.write(b" " * (1 << 20))
            f.write(b"</worksheet>")
    write_kpi_sheet(tree / "fine.fods")
    r = run(oxt, "--jobs", "1", "--timeout", "2", bomb, tree / "fine.fods")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"FAILED\s.*bomb\.xlsx: timed out after 2 s \(while checking the file before loading it\)",
                     r.stdout), r.stdout
    assert not re.search(r"^start  .*bomb\.xlsx", r.stderr, re.M), r.stderr  # never handed to LibreOffice
    assert re.search(r"ok\s+3\s+0\s+.*fine\.fods", r.stdout), r.stdout


def test_a_cut_short_shared_string_table_is_corrupt(oxt, tree):
    """Issue 19.5: an .xlsx whose shared-string table was cut short but closed again
    (well-formed XML) loaded with empty cells and was reported ok."""
    write_kpi_sheet(tree / "book.fods")
    r = run(oxt, "--format", "xlsx", "--out", tree, tree / "book.fods")
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(tree / "book.xlsx") as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sst = parts["xl/sharedStrings.xml"].decode()
    held = sst.count("<si>")
    cut = sst[:sst.rindex("<si>")] + "</sst>"  # the last string lost, the table closed again
    for name, table in (("declared.xlsx", cut),  # still declaring every string
                        ("refs.xlsx", re.sub(r'(count|uniqueCount)="\d+"', rf'\1="{held - 1}"', cut))):
        with zipfile.ZipFile(tree / name, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in parts.items():
                z.writestr(part, table.encode() if part == "xl/sharedStrings.xml" else data)
    r = run(oxt, "--out", tree / "out", tree / "declared.xlsx", tree / "refs.xlsx")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(rf"declared\.xlsx: corrupt \(xl/sharedStrings\.xml holds {held - 1} shared strings of "
                     rf"the {held} it declares\)", r.stdout), r.stdout
    assert re.search(rf"refs\.xlsx: corrupt \(xl/worksheets/sheet\d\.xml uses shared string number {held}, "
                     rf"xl/sharedStrings\.xml holds {held - 1}\)", r.stdout), r.stdout


@pytest.fixture(scope="module")
def xls_bytes(office, profile):
    """A real Excel 97-2003 workbook as LibreOffice saves it: 3,000 rows on a first sheet
    (a Workbook stream of about 200 KB, in many sectors) and a second sheet."""
    from kpitools.profile import chown_tree
    d = profile.dir / "work" / "xls"
    d.mkdir(parents=True, exist_ok=True)
    chown_tree(profile.dir / "work")
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.getCellRangeByPosition(0, 0, 2, 2999).setDataArray(
            tuple((float(r), f"customer {r}", r * 0.5) for r in range(3000)))
        sheet.getCellRangeByName("E1").setFormula("=SUM(A1:A3000)")
        doc.Sheets.insertNewByName("Second", 1)
        doc.Sheets.getByName("Second").getCellRangeByName("A1").setFormula("=Sheet1.E1*2")
        store(doc, d / "book.xls", "MS Excel 97")
    finally:
        doc.close(True)
    return (d / "book.xls").read_bytes()


def _workbook_stream_at(data: bytes) -> int:
    """Where, in the file, the Workbook stream's records begin (its first BOF record)."""
    at = data.index(b"\x09\x08\x10\x00\x00\x06\x05\x00", 512)  # BOF, BIFF8, workbook globals
    assert data.count(b"\x09\x08\x10\x00\x00\x06\x05\x00") == 1
    return at


def test_the_xls_check_on_its_own(xls_bytes, tmp_path):
    """Issue 19.5: a damaged binary .xls loaded half its rows and was reported ok. The
    check walks the compound file and the Workbook stream's records: every cut of the
    file that loses data and every overwritten stretch of records is seen."""
    from kpitools.checks import sniff
    path = tmp_path / "x.xls"

    def check(data: bytes):
        path.write_bytes(data)
        return sniff(path)

    assert check(xls_bytes) is None
    n = len(xls_bytes)
    assert n > 100_000 and n % 512 == 0
    for cut in range(512, n, 512):  # the file cut after every sector
        why = check(xls_bytes[:cut])
        assert why is not None and why.startswith("corrupt (damaged Excel 97-2003 file: "), (cut, why)
    assert re.fullmatch(r"corrupt \(damaged Excel 97-2003 file: sector \d+ lies past the end of the file "
                        r"\(truncated\)\)", check(xls_bytes[:n // 2]))
    at = _workbook_stream_at(xls_bytes)
    middle = at + 60_000
    zeroed = xls_bytes[:middle] + bytes(4096) + xls_bytes[middle + 4096:]
    assert re.fullmatch(r"corrupt \(damaged Excel 97-2003 file: no record at byte \d+ of the Workbook stream "
                        r"\(zeroed data\)\)", check(zeroed))
    garbage = xls_bytes[:middle] + bytes((i * 37 + 11) % 256 for i in range(1000)) + xls_bytes[middle + 1000:]
    assert re.fullmatch(r"corrupt \(damaged Excel 97-2003 file: .* at byte \d+ of the Workbook stream.*",
                        check(garbage))
    # a sheet that does not start where the workbook says (its BOUNDSHEET offset + 1)
    bound = at
    while int.from_bytes(xls_bytes[bound:bound + 2], "little") != 0x85:  # record by record
        bound += 4 + int.from_bytes(xls_bytes[bound + 2:bound + 4], "little")
    moved = bytearray(xls_bytes)
    offset = int.from_bytes(xls_bytes[bound + 4:bound + 8], "little")
    moved[bound + 4:bound + 8] = (offset + 1).to_bytes(4, "little")
    assert check(bytes(moved)) == ("corrupt (damaged Excel 97-2003 file: 1 of its 2 sheets do not start where the "
                                   "workbook says)")
    assert check(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)).startswith("corrupt (damaged Excel 97-2003")


def test_a_damaged_xls_is_corrupt(oxt, xls_bytes, tree):
    """Issue 19.5: the half of an .xls was loaded and reported ok; now it fails (the
    intact file still loads, every one of its rows)."""
    (tree / "good.xls").write_bytes(xls_bytes)
    (tree / "half.xls").write_bytes(xls_bytes[:len(xls_bytes) // 2])
    middle = _workbook_stream_at(xls_bytes) + 60_000
    (tree / "zeroed.xls").write_bytes(xls_bytes[:middle] + bytes(4096) + xls_bytes[middle + 4096:])
    r = run(oxt, "--format", "csv", "--out", tree / "out", tree / "good.xls", tree / "half.xls", tree / "zeroed.xls")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"ok\s+2\s+0\s+.*good\.xls", r.stdout), r.stdout
    assert re.search(r"FAILED\s.*half\.xls: corrupt \(damaged Excel 97-2003 file: sector \d+ lies past the end of "
                     r"the file \(truncated\)\)", r.stdout), r.stdout
    assert re.search(r"FAILED\s.*zeroed\.xls: corrupt \(damaged Excel 97-2003 file: no record at byte \d+ of the "
                     r"Workbook stream \(zeroed data\)\)", r.stdout), r.stdout
    rows = (tree / "out" / "good-Sheet1.csv").read_text().splitlines()
    assert len(rows) == 3000 and rows[-1].startswith("2999,customer 2999,1499.5")
    assert not (tree / "out" / "half-Sheet1.csv").exists()
