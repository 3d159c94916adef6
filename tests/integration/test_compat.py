"""Saved workbooks across LibreOffice installations and extension versions.

Workbooks using our functions (scalar, optional and text arguments, ranges,
array formulas, and the four English templates) are recalculated and saved as
.ods and .xlsx with the extension installed. Then, in another profile:

1. without the extension: every formula cell still shows the value computed
   before (nothing lost), and a copy edited and saved there keeps the formulas;
2. once the extension is installed: all of them recalculate to the same values;
3. after upgrading to a newer version of the extension (the same .oxt with a
   higher version in description.xml): still the same values.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kpitools import catalogue, fods
from kpitools.office import Office
from kpitools.profile import Profile
from kpitools.sheets import FILTERS, formula_results, store

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates" / "kpi-calc-en").glob("*.ots"))
OURS = {"RETENTION", "CAC", "MROI", "CHURN", "ATTAIN", "FUNNEL", "ABCI", "CLVDISC", "SCORECARD", "SHARE"}
FORMATS = (".ods", ".xlsx")
# scalar-function cells of the templates that must show their last value without the extension
TEMPLATE_KEEPS = {
    "marketing-kpi-dashboard": [("Dashboard", f"B{r}") for r in range(15, 22)]
    + [("Dashboard", f"E{r}") for r in range(25, 30)],
    "funnel-lead-cost": [("Lead sources", f"{c}{r}") for c in "JKLMNO" for r in range(5, 12)],
    "retention-customer-value": [("Retention", f"{c}{r}") for c in "FGNO" for r in range(5, 17)],
    "ab-test-report": [("Report", c) for c in ("D17", "D18", "B22", "B23", "B24", "B26", "B29")],
    # every KPI cell there depends on an array result (RFM, the fits), which Calc re-evaluates on load
    "customer-value-forecast": [],
    # likewise: every model reads the PATHS array result, MROI the ATTRIBUTION ones
    "channel-attribution": [],
}


def sample_sheet(path: Path) -> set[str]:
    """A workbook using our functions; returns its formatted scalar formula cells with a value."""
    s = fods.Sheet("KPIs")
    rows = [  # label, value or formula, cell style (None: General)
        ("start", 200, "int"), ("end", 180, "int"), ("new", 40, "int"), ("media", 30000, "money"),
        ("people", 15000, "money"), ("tools", 5000, "money"),
        ("retention", "=RETENTION(B1;B2;B3)", "pct"), ("cac", "=CAC(B4:B6;B3)", "money"),
        ("mroi", "=MROI(1000000;100000;0.3;10000)", "pct"), ("churn avg", '=CHURN(B1;60;B3;"average")', "pct"),
        ("attain lower better", "=ATTAIN(250;200;-1)", "ratio"), ("clv disc", '=CLVDISC(100;0.8;0.1;"start")', "money"),
        ("score", "=SCORECARD(B7:B8;B1:B2)", "ratio"), ("div0", "=CAC(1000;0)", "money"),
        ("retention, General", "=RETENTION(B1;B2;B3)", None), ("cac, General", "=CAC(B4:B6;B3)", None),
    ]
    kept = set()
    for r, (label, v, style) in enumerate(rows):
        s.set(r, 0, label)
        if isinstance(v, str):
            s.set(r, 1, None, formula=fods.to_odf(v, OURS), style=style)
            if style is not None and label != "div0":
                kept.add(f"B{r + 1}")
        else:
            s.set(r, 1, v, style=style)
    for r, v in enumerate((1000, 400, 100)):
        s.set(r, 3, v, style="int")
    s.set(0, 4, None, formula=fods.to_odf("=FUNNEL(D1:D3)", OURS), matrix=(3, 1), style="pct")
    s.set(0, 5, None, formula=fods.to_odf("=SHARE(D1:D3)", OURS), matrix=(3, 1), style="pct")
    s.set(4, 3, None, formula=fods.to_odf("=ABCI(48;80;56;70)", OURS), matrix=(1, 2), style="ratio")
    path.write_text(fods.document([s]), encoding="utf-8")
    return kept


def snapshot(doc) -> tuple[dict, int]:
    """(sheet, cell) → (error text or None, value) for every formula cell, and the
    number of those calling one of our functions: one read of the document."""
    results = formula_results(doc)
    ours = sum(catalogue.STORED_PREFIX in formula.upper() for formula, _, _ in results.values())
    return {key: (err, value) for key, (_, err, value) in results.items()}, ours


def same(a: dict, b: dict, where: str) -> None:
    assert a.keys() == b.keys(), where
    for key in a:
        (e1, v1), (e2, v2) = a[key], b[key]
        assert e1 == e2, (where, key, a[key], b[key])
        if e1 is None:
            assert v1 == pytest.approx(v2, rel=1e-12, abs=1e-12), (where, key, a[key], b[key])


def kept_or_name_error(a: dict, b: dict, where: str, must_keep: set) -> None:
    """Without the extension a cell shows its saved value or #NAME? - never a wrong
    value; the cells in must_keep show their value. A KPI array call inside INDEX
    (the templates' duplicate-line count) shows Calc's Err:504 for the #NAME? it got."""
    assert a.keys() == b.keys(), where
    for key in a:
        (e1, v1), (e2, v2) = a[key], b[key]
        if e2 in ("#NAME?", "Err:504") and key not in must_keep:
            continue
        assert e1 == e2, (where, key, a[key], b[key])
        if e1 is None:
            assert v1 == pytest.approx(v2, rel=1e-12, abs=1e-12), (where, key, a[key], b[key])


def bumped(oxt: Path, folder: Path) -> tuple[Path, str, str]:
    """The same extension with a higher version in description.xml."""
    with zipfile.ZipFile(oxt) as z:
        desc = z.read("description.xml").decode()
        old = re.search(r'<version value="([^"]+)"', desc).group(1)
        parts = [int(p) for p in old.split(".")]
        new = ".".join(map(str, parts[:-1] + [parts[-1] + 1]))
        out = folder / "kpicalc-next.oxt"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                data = z.read(info.filename)
                if info.filename == "description.xml":
                    data = desc.replace(f'<version value="{old}"', f'<version value="{new}"').encode()
                w.writestr(info, data)
    return out, old, new


@pytest.fixture(scope="module")
def saved(office, tmp_path_factory):
    """Workbooks recalculated and saved with the extension: {file name: snapshot}."""
    work = office.profile.scratch_dir("compat-saved")
    sample = tmp_path_factory.mktemp("compat") / "kpis.fods"
    kept = sample_sheet(sample)
    out_dir = tmp_path_factory.mktemp("saved")
    expected = {}
    for src in [sample, *TEMPLATES]:
        doc = office.load(office.profile.readable_copy(src, sub="compat"))
        try:
            doc.calculateAll()
            snap, ours = snapshot(doc)
            assert not any(e for e, _ in snap.values() if e not in (None, "#DIV/0!")), src
            assert ours >= 5, src
            for suffix in FORMATS:
                name = src.stem + suffix
                store(doc, work / name, FILTERS[suffix])
                shutil.copy(work / name, out_dir / name)
                expected[name] = snap
        finally:
            doc.close(True)
    return out_dir, expected, kept


def test_without_extension_then_installed_then_upgraded(oxt, saved, tmp_path):
    out_dir, expected, kept = saved
    profile = Profile(None)  # a LibreOffice that never saw the extension
    try:
        files = {name: profile.readable_copy(out_dir / name, sub="saved") for name in expected}
        edited_dir = profile.scratch_dir("edited")

        # 1. no extension: formatted cells of scalar functions show their last values.
        # LibreOffice itself re-evaluates some cells while loading a file - array
        # formulas (and cells using their results), cells whose saved result is an
        # error, in .ods cells without any style - and without the extension those
        # show #NAME?. Their formulas are kept; edit, save, nothing is lost.
        office = Office(profile)
        try:
            for name, path in files.items():
                doc = office.load(path)
                try:
                    stem = Path(name).stem
                    must_keep = {("KPIs", c) for c in kept} if stem == "kpis" else set(TEMPLATE_KEEPS[stem])
                    assert must_keep <= expected[name].keys()
                    snap, ours = snapshot(doc)
                    kept_or_name_error(expected[name], snap, f"{name} without the extension", must_keep)
                    assert ours >= 5, f"{name}: formulas lost without the extension"
                    doc.Sheets.getByIndex(0).getCellRangeByName("Z1").setString("edited without KPI")
                    store(doc, edited_dir / name, FILTERS[Path(name).suffix])
                finally:
                    doc.close(True)
        finally:
            office.close()
        for name in expected:
            with zipfile.ZipFile(edited_dir / name) as z:
                xml = z.read("content.xml" if name.endswith(".ods") else "xl/worksheets/sheet1.xml").decode()
                assert "ORG.KPICALC.FUNCTIONS." in xml.upper(), f"{name}: saved without the extension, formulas lost"

        def check_all(office, when):
            for folder in (files, {n: edited_dir / n for n in expected}):
                for name, path in folder.items():
                    doc = office.load(path)
                    try:
                        doc.calculateAll()
                        same(expected[name], snapshot(doc)[0], f"{name} ({path.parent.name}) {when}")
                    finally:
                        doc.close(True)

        # 2. the extension is back: everything recalculates to the same values
        profile.add(oxt)
        office = Office(profile)
        try:
            check_all(office, "after installing the extension")
        finally:
            office.close()

        # 3. upgrade to a newer version: still the same
        newer, old_version, new_version = bumped(oxt, tmp_path)
        profile.add(newer)
        listing = profile.list()
        assert f"Version: {new_version}" in listing and f"Version: {old_version}" not in listing, listing
        office = Office(profile)
        try:
            check_all(office, f"after upgrading {old_version} -> {new_version}")
        finally:
            office.close()
    finally:
        profile.cleanup()
