"""Every example of the function reference (catalogue), typed into a cell as a
user would (English function names), gives the documented result."""
from __future__ import annotations

from kpitools import catalogue
from kpitools.sheets import example_mismatches

EXAMPLES = [ex for fn in catalogue.functions(catalogue.load()) for ex in fn.examples]


def test_documented_examples(office):
    doc = office.new_sheet()
    try:
        placed, _, bad = example_mismatches(doc, EXAMPLES)
        assert placed == len(EXAMPLES)
        assert not bad, "\n".join(bad)
    finally:
        doc.close(True)
