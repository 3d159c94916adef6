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
    # label, value or formula
    ("Customers at start of month", 200),
    ("Customers at end of month", 180),
    ("New customers this month", 40),
    ("Media spend", 30000),
    ("People cost", 15000),
    ("Tools cost", 5000),
    ("Revenue from marketing", 1000000),
    ("Marketing spend", 100000),
    ("Gross margin", 0.3),
    ("Other campaign costs", 10000),
    ("Retention rate", "=RETENTION(B2;B3;B4)"),
    ("Customer acquisition cost", "=CAC(B5:B7;B4)"),
    ("Marketing ROI", "=MROI(B8;B9;B10;B11)"),
]


def main():
    s = fods.Sheet("KPIs")
    s.set(0, 0, "Monthly marketing KPIs (example)")
    s.set(0, 1, "Value")
    for i, (label, v) in enumerate(ROWS, start=1):
        s.set(i, 0, label)
        if isinstance(v, str):
            s.set(i, 1, None, formula=fods.to_odf(v, OURS))
        else:
            s.set(i, 1, v)
    (HERE / "kpi-example.fods").write_text(fods.document([s]), encoding="utf-8")


if __name__ == "__main__":
    main()
