#!/usr/bin/env python3
"""Writes kpi-example.fods, the small workbook the README's main job recalculates.
Kept as a script so the example stays reproducible from the catalogue's names."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
import catalogue  # noqa: E402
import fods  # noqa: E402

OURS = {fn.name for fn in catalogue.functions(catalogue.load())}
ROWS = [
    # label, value or formula, cell style (tools/fods.py CELL_STYLES)
    ("Customers at start of month", 200, "int"),
    ("Customers at end of month", 180, "int"),
    ("New customers this month", 40, "int"),
    ("Media spend", 30000, "money"),
    ("People cost", 15000, "money"),
    ("Tools cost", 5000, "money"),
    ("Revenue from marketing", 1000000, "money"),
    ("Marketing spend", 100000, "money"),
    ("Gross margin", 0.3, "pct"),
    ("Other campaign costs", 10000, "money"),
    ("Retention rate", "=RETENTION(B2;B3;B4)", "pct"),
    ("Customer acquisition cost", "=CAC(B5:B7;B4)", "money"),
    ("Marketing ROI", "=MROI(B8;B9;B10;B11)", "pct"),
]


def main():
    s = fods.Sheet("KPIs", column_widths=[7.0, 3.5])
    s.set(0, 0, "Monthly marketing KPIs (example)", style="bold")
    s.set(0, 1, "Value", style="bold")
    for i, (label, v, style) in enumerate(ROWS, start=1):
        s.set(i, 0, label, style="bold" if isinstance(v, str) else None)
        if isinstance(v, str):
            s.set(i, 1, None, formula=fods.to_odf(v, OURS), style=style)
        else:
            s.set(i, 1, v, style=style)
    (HERE / "kpi-example.fods").write_text(fods.document([s]), encoding="utf-8")


if __name__ == "__main__":
    main()
