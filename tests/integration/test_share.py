"""kpi-recalc --share (issue 19): the shareable copy, opened in a LibreOffice WITHOUT the
extension (a fresh profile without the .oxt) and recalculated hard, shows in every
cell what the original shows with the extension: the same values, texts, errors and
formatted text."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kpitools import fods
from kpitools.cells import column_name
from kpitools.office import Office
from kpitools.profile import Profile, chown_tree
from kpitools.share import CONDITIONS_SHEET
from kpitools.sheets import store

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "kpi-recalc"


def run(oxt, *args, timeout=600):
    cmd = [sys.executable, str(TOOL), "--oxt", str(oxt), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def bare():
    """A LibreOffice without the extension: what a colleague has."""
    prof = Profile(None)
    office = Office(prof)
    yield office
    office.close()
    prof.cleanup()


@pytest.fixture()
def tree(tmp_path):
    """Inputs and outputs in a folder every uid may read (soffice may run as nobody)."""
    tmp_path.chmod(0o755)
    return tmp_path


def snapshot(doc, shown=True) -> dict[tuple[str, str], tuple]:
    """{(sheet, "A1"): (kind, content, shown text)} of every non-empty cell after a hard
    recalculation; kind "error" (Calc code), "value" (float) or "text"."""
    from com.sun.star.sheet.FormulaResult import ERROR
    doc.calculateAll()  # Data ▸ Calculate ▸ Recalculate Hard
    out = {}
    for sheet in doc.Sheets:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        errors = {}
        for a in sheet.queryFormulaCells(ERROR).getRangeAddresses():
            for r in range(a.StartRow, a.EndRow + 1):
                for c in range(a.StartColumn, a.EndColumn + 1):
                    errors[r, c] = sheet.getCellByPosition(c, r).getError()
        data = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()
        for r, row in enumerate(data):
            for c, v in enumerate(row):
                if (r, c) in errors:
                    kind, content = "error", errors[r, c]
                elif isinstance(v, float):
                    kind, content = "value", v
                elif v:
                    kind, content = "text", v
                else:
                    continue
                text = sheet.getCellByPosition(c, r).getString() if shown else None
                out[sheet.Name, f"{column_name(c)}{r + 1}"] = (kind, content, text)
    return out


def original(office, path: Path, shown=True):
    doc = office.load(path)
    try:
        return snapshot(doc, shown)
    finally:
        doc.close(True)


COMPARED = {"cells": 0, "copies": 0}  # cells compared in the copies, printed at the end (pytest -s)


@pytest.fixture(scope="module", autouse=True)
def _count_compared():
    yield
    print(f"\ntest_share: {COMPARED['cells']} cells compared in {COMPARED['copies']} shareable copies")


def differences(want: dict, got: dict) -> list[str]:
    """Cells that differ; the copy's hidden sheet of frozen conditions aside."""
    out = []
    keys = sorted(set(want) | {k for k in got if k[0] != CONDITIONS_SHEET})
    COMPARED["cells"] += len(keys)
    COMPARED["copies"] += 1
    for key in keys:
        a, b = want.get(key), got.get(key)
        if a is None or b is None or a[0] != b[0] or a[2] != b[2] or (
                a[1] != b[1] if a[0] != "value" else b[1] != pytest.approx(a[1], rel=1e-12, abs=1e-300)):
            out.append(f"{key[0]}.{key[1]}: {a} -> {b}")
    return out


def shared_copy(oxt, office, bare, src: Path, fmt: str, shown=True) -> tuple[str, list[str]]:
    """(summary, differences) of --share on `src`: every cell of the copy, opened without
    the extension, against the original opened with it."""
    r = run(oxt, "--share", "--format", fmt, "--quiet", src)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr == "", r.stderr  # --quiet: no progress lines (per file, per sheet)
    out = src.with_name(f"{src.stem}.shared.{fmt}")
    want = original(office, src, shown)
    doc = bare.load(bare.profile.readable_copy(out, sub=fmt))
    try:
        got = snapshot(doc, shown)
    finally:
        doc.close(True)
    return r.stdout, differences(want, got)


def saved_as(office, fods_path: Path, suffix: str) -> Path:
    """`fods_path` saved as .ods/.xlsx by LibreOffice with the extension (as a user would)."""
    doc = office.load(fods_path)
    try:
        dst = fods_path.with_suffix(suffix)
        store(doc, dst, {".ods": "calc8", ".xlsx": "Calc MS Excel 2007 XML"}[suffix])
    finally:
        doc.close(True)
    return dst


def in_office_dir(profile, tree: Path) -> Path:
    d = profile.dir / "work" / tree.name
    d.mkdir(parents=True, exist_ok=True)
    chown_tree(profile.dir / "work")
    return d


def cohort_book(path: Path, extra=()) -> None:
    """The issue's example: COHORT over J1:M2 whose month-2 offsets are not reached yet
    (blank), and an AVERAGE over them."""
    s = fods.Sheet("S")
    for r, (who, day) in enumerate([("a", 45296), ("b", 45311), ("a", 45332), ("c", 45342)]):
        s.set(r, 6, who)
        s.set(r, 7, day)
    s.set(0, 9, None, formula=fods.to_odf('=COHORT(G1:G4;H1:H4;"month";2)', {"COHORT"}), matrix=(2, 4))
    s.set(3, 9, None, formula="of:=AVERAGE([.M1:.M2])")
    for r, c, formula in extra:
        s.set(r, c, None, formula=formula)
    path.write_text(fods.document([s]), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_blank_array_elements_stay_blank(oxt, office, bare, profile, tree, fmt):
    """Issue 19.1: every blank element of an array result became {=J1} (Err:539 in .ods,
    #REF! in .xlsx), and the AVERAGE over them broke."""
    work = in_office_dir(profile, tree)
    cohort_book(work / "cohort.fods")
    src = saved_as(office, work / "cohort.fods", "." + fmt)
    summary, diff = shared_copy(oxt, office, bare, src, fmt)
    assert not diff, "\n".join(diff)
    want = original(office, src)
    assert want["S", "M1"][:2] == ("value", 0.5) and "M2" not in {k[1] for k in want}  # blank in the original
    assert want["S", "J4"][:2] == ("value", 0.5)


def test_summary_counts_the_copy_as_written(oxt, office, tree, profile):
    """Issue 19.2: the formulas and errors in the summary are those of the copy written
    (reopened and recalculated), not of the workbook before freezing."""
    work = in_office_dir(profile, tree)
    cohort_book(work / "cohort.fods", extra=[(5, 0, fods.to_odf("=CAC(1000;0)", {"CAC"})),
                                             (6, 0, "of:=[.A6]+1")])
    src = saved_as(office, work / "cohort.fods", ".ods")
    r = run(oxt, "--share", "--format", "ods", src)
    assert r.returncode == 0, r.stdout + r.stderr
    # left as formulas: the AVERAGE, A7, and A6 as =1/0; in error: A6 and A7
    assert re.search(r"ok\s+3\s+2\s+.*cohort\.ods.*\(in error: S\.A6, S\.A7\)", r.stdout), r.stdout
    assert re.search(r"\(3 formulas, 2 in error, 9 made values", r.stderr), r.stderr


def test_a_copy_with_new_errors_is_a_failure(oxt, tree):
    """Issue 19.2: a copy in which cells show errors the workbook does not show is not
    "ok". Here FORMULA() shows the formula of a KPI cell: once that cell holds its value
    FORMULA() gives #N/A, which freezing cannot help: the file fails, no copy is written."""
    s = fods.Sheet("S")
    s.set(0, 1, None, formula=fods.to_odf("=RETENTION(200;180;40)", {"RETENTION"}))
    s.set(1, 1, None, formula="of:=FORMULA([.B1])")
    s.set(2, 1, None, formula=fods.to_odf("=CAC(1000;0)", {"CAC"}))  # in error in both: fine
    book = tree / "book.fods"
    book.write_text(fods.document([s]), encoding="utf-8")
    for fmt in ("ods", "xlsx"):
        r = run(oxt, "--share", "--format", fmt, book)
        assert r.returncode == 1, r.stdout + r.stderr
        assert re.search(r"FAILED .*book\.fods: the shareable copy failed verification, nothing was written: "
                         r"1 cell in error that the workbook has not in that error: S\.B2 #N/A", r.stdout), r.stdout
        assert not (tree / f"book.shared.{fmt}").exists()


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_retention_template_copy_shows_what_the_template_shows(oxt, office, bare, profile, tree, fmt):
    """Issue 19.1 and 19.4 on the shipped retention template (zh-CN): 45 cells broke
    in the .ods copy, and cohort sizes showed as dates in the .xlsx copy."""
    src = in_office_dir(profile, tree) / "retention.ods"
    doc = office.load(office.profile.readable_copy(
        ROOT / "templates" / "kpi-calc-zh-CN" / "retention-customer-value.ots", sub="tpl"), AsTemplate=True)
    try:
        store(doc, src, "calc8")
    finally:
        doc.close(True)
    summary, diff = shared_copy(oxt, office, bare, src, fmt)
    assert not diff, f"{len(diff)} cells differ:\n" + "\n".join(diff[:40])


def names_book(office, path: Path) -> None:
    """KPI functions behind named expressions (global, chained, sheet-local) and a KPI
    cell whose result is Err:504 (an error inside a range it reads)."""
    from com.sun.star.table import CellAddress
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.Name = "S"
        doc.Sheets.insertNewByName("T", 1)
        at = CellAddress(0, 0, 0)
        P = "ORG.KPICALC.FUNCTIONS."
        doc.NamedRanges.addNewByName("rate", f"{P}RETENTION(200;180;40)", at, 0)
        doc.NamedRanges.addNewByName("rate2", "rate*2", at, 0)       # chained
        doc.NamedRanges.addNewByName("rate3", "rate2+1", at, 0)      # chained twice
        sheet.NamedRanges.addNewByName("cost", f"{P}CAC(1000;4)", at, 0)  # local to S
        doc.Sheets.getByName("T").NamedRanges.addNewByName("cost", "7", at, 0)  # same name on T: plain
        for name, formula in {"A1": "=rate", "A2": "=rate2", "A3": "=rate3", "A4": "=cost", "A5": "=cost+rate",
                              "B1": "=SQRT(-1)", "B3": f"={P}CAC(B1:B2;1)"}.items():
            sheet.getCellRangeByName(name).setFormula(formula)
        sheet.getCellRangeByName("B2").setValue(5)
        doc.Sheets.getByName("T").getCellRangeByName("A1").setFormula("=cost*2")
        doc.calculateAll()
        assert sheet.getCellRangeByName("B3").getError() == 504  # the case, as Calc gives it
        store(doc, path, "calc8")
    finally:
        doc.close(True)


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_named_expressions_and_errors_are_frozen(oxt, office, bare, profile, tree, fmt):
    """Issue 19.4: cells using KPI functions through chained or sheet-local named
    expressions showed #NAME? in the copy, and an Err:504 became #N/A."""
    src = in_office_dir(profile, tree) / "names.ods"
    names_book(office, src)
    summary, diff = shared_copy(oxt, office, bare, src, fmt)
    assert not diff, "\n".join(diff)
    want = original(office, src)
    assert want["S", "A3"][:2] == ("value", pytest.approx(2.4)) and want["T", "A1"][:2] == ("value", 14.0)
    assert want["S", "B3"][:2] == ("error", 504)
    doc = bare.load(bare.profile.readable_copy(src.with_name(f"names.shared.{fmt}"), sub=f"n{fmt}"))
    try:  # the named expressions using KPI functions are gone; T's own "cost" stays
        assert set(doc.NamedRanges.ElementNames) == set()
        assert set(doc.Sheets.getByName("S").NamedRanges.ElementNames) == set()
        assert set(doc.Sheets.getByName("T").NamedRanges.ElementNames) == {"cost"}
        assert doc.Sheets.getByName("T").getCellRangeByName("A1").getFormula() == "=cost*2"
    finally:
        doc.close(True)


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_conditional_formats_calling_kpi_functions_are_frozen(oxt, office, bare, profile, tree, fmt):
    """Issue 19.4: a conditional format whose formula calls a KPI function stayed live in
    the copy (#NAME? without the extension: the formatting was lost). Now the formula's
    value for every cell of the range is kept on a hidden sheet and the condition reads it."""
    import uno
    from com.sun.star.table import CellAddress
    from kpitools.office import prop
    src = in_office_dir(profile, tree) / "cf.ods"
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.Name = "S"
        for r, (start, end) in enumerate([(100, 90), (101, 95), (102, 100), (103, 105)]):
            sheet.getCellByPosition(0, r).setValue(start)
            sheet.getCellByPosition(1, r).setValue(end)
        rng = sheet.getCellRangeByName("B1:B4")
        entries = rng.ConditionalFormat
        entries.addNew((prop("Operator", uno.Enum("com.sun.star.sheet.ConditionOperator", "FORMULA")),
                        prop("Formula1", "ORG.KPICALC.FUNCTIONS.RETENTION(A1;B1;0)>0.95"),
                        prop("SourcePosition", CellAddress(0, 1, 0)), prop("StyleName", "Good")))
        rng.ConditionalFormat = entries
        store(doc, src, "calc8")
    finally:
        doc.close(True)
    summary, diff = shared_copy(oxt, office, bare, src, fmt)
    assert not diff, "\n".join(diff)
    doc = bare.load(bare.profile.readable_copy(src.with_name(f"cf.shared.{fmt}"), sub=f"cf{fmt}"))
    try:
        sheet = doc.Sheets.getByName("S")
        entries = sheet.getCellRangeByName("B1").ConditionalFormat
        assert entries.Count == 1
        e = entries.getByIndex(0)
        m = re.fullmatch(rf"\$'?{CONDITIONS_SHEET}'?\.([A-Z]+)1", e.Formula1)  # B1's own value
        assert m, e.Formula1
        assert e.StyleName == "Good" or fmt == "xlsx"  # .xlsx keeps the style's formatting, not its name
        for r in range(4):  # each row's own condition (by hand: end/start > 0.95)
            assert sheet.getCellByPosition(1, r).ConditionalFormat.getByIndex(0).Formula1 == e.Formula1
        hidden = doc.Sheets.getByName(CONDITIONS_SHEET)
        assert not hidden.IsVisible
        values = hidden.getCellRangeByName(f"{m.group(1)}1:{m.group(1)}3").getDataArray()
        assert [v for (v,) in values] == [0.0, 0.0, 1.0]
        # row 4: end > start + new, RETENTION gives Err:502 and the condition does not hold
        assert hidden.getCellRangeByName(f"{m.group(1)}4").getError() == 502
        # no formula but that error's (and, from .xlsx, LibreOffice's own =FALSE()/=TRUE())
        formulas = [hidden.getCellRangeByName(f"{m.group(1)}{r}").getFormula() for r in range(1, 5)]
        assert formulas == (["0", "0", "1"] if fmt == "ods" else ["=FALSE()", "=FALSE()", "=TRUE()"]) + \
            ["=SQRT(-1)"], formulas
    finally:
        doc.close(True)


def rule_results(doc) -> dict[tuple, tuple]:
    """{(sheet, "B1", 1 or 2): (rule type, operator, result kind, result)}: each formula
    of each validity rule (but lists) computed for every cell it checks, on a scratch
    sheet at the same position (what Calc computes when an entry is made there)."""
    from kpitools.share import _moved
    cells_at = []
    doc.Sheets.insertNewByName("probe", doc.Sheets.Count)
    probe = doc.Sheets.getByName("probe")
    try:
        for sheet in list(doc.Sheets):
            if sheet.Name in ("probe", CONDITIONS_SHEET):
                continue
            unique = sheet.UniqueCellFormatRanges
            for i in range(unique.Count):
                v = unique.getByIndex(i).Validation
                kind = v.Type.value
                if kind == "ANY":
                    continue
                src = v.getSourcePosition()
                for a in unique.getByIndex(i).getRangeAddresses():
                    for r in range(a.StartRow, a.EndRow + 1):
                        for c in range(a.StartColumn, a.EndColumn + 1):
                            formulas = [(1, v.getFormula1())]
                            if v.getOperator().value in ("BETWEEN", "NOT_BETWEEN"):
                                formulas.append((2, v.getFormula2()))
                            for k, f in formulas:
                                cell = probe.getCellByPosition(c, r + 2000 * (k - 1))
                                cell.setFormula("=" + _moved(f, sheet.Name, r - src.Row, c - src.Column))
                                cells_at.append(((sheet.Name, f"{column_name(c)}{r + 1}", k),
                                                 (kind, v.getOperator().value), cell))
        doc.calculateAll()
        out = {}
        for key, rule, cell in cells_at:
            err = cell.getError()
            out[key] = rule + (("error", err) if err else ("value", cell.getValue()))
        return out
    finally:
        doc.Sheets.removeByName("probe")


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_validity_rules_calling_kpi_functions_are_frozen(oxt, office, bare, profile, tree, fmt):
    """Validity rules (Data ▸ Validity) calling KPI functions stayed live in the copy:
    without the extension they give #NAME? and every entry is rejected. A KPI call
    reading fixed cells becomes its value, one reading other cells relative to the cell
    checked gets each cell's own value (hidden sheet), and a rule whose KPI call reads
    the very cell it checks is removed, which the file's summary line says."""
    import uno
    from com.sun.star.table import CellAddress
    src = in_office_dir(profile, tree) / "rules.ods"
    P = "ORG.KPICALC.FUNCTIONS."
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.Name = "S"
        # retention with no new customers: end/start = 0.9, 0.75, 0.5, Err:502 (end > start)
        for r, end in enumerate([180, 150, 100, 210]):
            sheet.getCellByPosition(0, r).setValue(200)
            sheet.getCellByPosition(1, r).setValue(end)
            sheet.getCellByPosition(3, r).setValue(0.8)
        doc.NamedRanges.addNewByName("rate", f"{P}RETENTION(200;180;40)", CellAddress(0, 0, 0), 0)

        def rule(where, kind, formula1, formula2="", operator="NONE", at=None):
            rng = sheet.getCellRangeByName(where)
            v = rng.Validation
            v.Type = uno.Enum("com.sun.star.sheet.ValidationType", kind)
            v.setOperator(uno.Enum("com.sun.star.sheet.ConditionOperator", operator))
            v.setFormula1(formula1)
            v.setFormula2(formula2)
            first = rng.getRangeAddress()
            v.setSourcePosition(at or CellAddress(0, first.StartColumn, first.StartRow))
            v.ShowErrorMessage = True
            rng.Validation = v

        rule("C1:C4", "DECIMAL", "0", f"{P}RETENTION($A$1;$B$1;0)*100", "BETWEEN")  # fixed cells: 90
        rule("D1:D4", "CUSTOM", f"D1<={P}RETENTION(A1;B1;0)")  # each row's own retention
        rule("E1:E4", "CUSTOM", f"{P}RETENTION(A1;E1;0)>0.5")  # reads the cell it checks
        rule("F1", "DECIMAL", "rate", operator="LESS_EQUAL")  # through a named expression: 0.7
        rule("G1", "WHOLE", "5", operator="GREATER")  # no KPI function: stays as it is
        store(doc, src, "calc8")
    finally:
        doc.close(True)
    r = run(oxt, "--share", "--format", fmt, src)
    assert r.returncode == 0, r.stdout + r.stderr
    note = ("validity rules calling KPI functions: 3 frozen (S.C1:C4, S.D1:D4, S.F1), "
            "1 removed (S.E1:E4: its KPI call reads the cells it checks)")
    assert re.search(r"ok\s+\d+\s+\d+\s+.*rules\.ods -> .*rules\.shared\." + fmt + r"  .*\(" + re.escape(note) + r"\)$",
                     r.stdout, re.M), r.stdout
    assert note in r.stderr, r.stderr
    doc = office.load(src)
    try:
        want = rule_results(doc)
    finally:
        doc.close(True)
    doc = bare.load(bare.profile.readable_copy(src.with_name(f"rules.shared.{fmt}"), sub=f"v{fmt}"))
    try:
        got = rule_results(doc)
        sheet = doc.Sheets.getByName("S")
        assert sheet.getCellRangeByName("E1").Validation.Type.value == "ANY"
        assert sheet.getCellRangeByName("C1").Validation.getFormula2() == "0.9*100"  # the value itself
        assert sheet.getCellRangeByName("F1").Validation.getFormula1() == "(0.7)"
        assert re.fullmatch(rf"D1<=\$'?{CONDITIONS_SHEET}'?\.[A-Z]+1",
                            sheet.getCellRangeByName("D1").Validation.getFormula1())
    finally:
        doc.close(True)
    # by hand: C's upper bound 0.9*100; D: 0.8 <= 0.9, 0.75, 0.5, Err:502; F: rate (200-180+40)/200... = 0.7
    assert want["S", "C1", 2][2:] == ("value", pytest.approx(90.0))
    assert [want["S", f"D{r}", 1][2:] for r in range(1, 5)] == [("value", 1.0), ("value", 0.0), ("value", 0.0),
                                                                   ("error", 502)]
    assert want["S", "F1", 1][2:] == ("value", pytest.approx(0.7))
    removed = {k for k in want if k[1].startswith("E")}
    assert len(removed) == 4 and not removed & set(got)
    assert {k: want[k] for k in want if k not in removed} == got


def test_several_formats_from_one_run(oxt, office, bare, profile, tree):
    """The monthly routine writes a PDF and a shareable .xlsx: one run (one load and
    recalculation per file) with --format pdf,xlsx --share, the PDF of the workbook and
    the .xlsx a shareable copy; repeated --format works too, and a single format as before."""
    work = in_office_dir(profile, tree)
    cohort_book(work / "cohort.fods", extra=[(5, 0, fods.to_odf("=RETENTION(200;180;40)", {"RETENTION"}))])
    src = saved_as(office, work / "cohort.fods", ".ods")
    out = work / "out"
    r = run(oxt, "--share", "--format", "pdf,xlsx", "--format", "csv", "--out", out, src)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "writing .pdf and .xlsx (shareable) and .csv into" in r.stderr, r.stderr
    assert len(re.findall(r"^start  ", r.stderr, re.M)) == 1, r.stderr  # loaded once
    # progress: per file and, for --share, per sheet
    assert re.search(r"^share  \S*cohort\.ods: sheet S: 9 cells made values$", r.stderr, re.M), r.stderr
    assert re.search(r"^\[1/1\] ok     \S*cohort\.ods -> ", r.stderr, re.M), r.stderr
    assert re.search(r"ok\s+\d+\s+0\s+.*cohort\.ods -> .*out/cohort\.pdf, .*out/cohort\.csv, .*out/cohort\.xlsx$",
                     r.stdout, re.M), r.stdout
    assert (out / "cohort.pdf").read_bytes().startswith(b"%PDF") and (out / "cohort.pdf").stat().st_size > 1000
    # the CSV is the recalculated workbook: RETENTION by hand (180-40)/200; COHORT's January
    # cohort (a, b: 2 customers) with 1 of them back in February (M1 0.5)
    rows = (out / "cohort.csv").read_text().splitlines()
    assert rows[5].split(",")[0] == "0.7" and rows[0].split(",")[10:13] == ["2", "1", "0.5"], rows
    want = original(office, src)
    doc = bare.load(bare.profile.readable_copy(out / "cohort.xlsx", sub="several"))
    try:
        got = snapshot(doc)
        from kpitools.share import leftovers
        assert leftovers(doc) == []
    finally:
        doc.close(True)
    assert not differences(want, got)
    assert want["S", "A6"][:2] == ("value", pytest.approx(0.7))
    # repeated --format, no --share: both next to the input, as .recalc.EXT
    r = run(oxt, "--quiet", "--format", "xlsx", "--format", "ods", src)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr == "", r.stderr  # --quiet: no progress lines
    assert re.search(r"ok .*cohort\.ods -> .*cohort\.recalc\.xlsx, .*cohort\.recalc\.ods$", r.stdout, re.M), r.stdout
    # usage errors: --share with no .ods/.xlsx output, an unknown format, .xls (it loses KPI formulas)
    for args, message in ((["--share", "--format", "pdf"], "--share writes .ods or .xlsx"),
                          (["--format", "pdf,docx"], "--format docx: not an output format"),
                          (["--format", "xls"], ".xls cannot hold KPI formulas")):
        r = run(oxt, *args, src)
        assert r.returncode == 2 and message in r.stderr, (args, r.stderr)
