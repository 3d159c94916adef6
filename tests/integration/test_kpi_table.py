"""The KPI → function table at the top of the function reference
(catalogue/kpis.toml): every function it names exists, its formulas work in
Calc, and it covers the KPIs of marketing planning in all three languages."""
from __future__ import annotations

import re
from kpitools import catalogue, kpis


ROWS, PENDING = kpis.load()
NAMES = {fn.name for fn in catalogue.functions(catalogue.load())}
CALLS = re.compile(r"([A-Z][A-Z0-9.]*)\(")


def test_every_named_function_exists():
    unknown = sorted({f for k in ROWS for f in k.functions} - NAMES - PENDING)
    assert not unknown, f"the KPI table names functions the catalogue does not have: {unknown}"


def test_each_formula_calls_a_function_of_its_row():
    bad = [k.example for k in ROWS if not set(CALLS.findall(k.example)) <= set(k.functions)
           or not CALLS.findall(k.example)]
    assert not bad, bad


def test_covers_the_kpis_of_marketing_planning():
    # The KPIs an analyst plans with (issue 10.3), each with the function that computes it.
    wanted = {"CAC", "CPA", "CPL", "RETENTION", "CHURN", "ENGAGEMENT", "CONVRATE", "MROI", "MROITABLE",
              "CLV", "OPENRATE", "CTR", "CTOR", "WINRATE", "AOV", "NPS", "ATTAIN", "PACE"}
    listed = {f for k in ROWS for f in k.functions}
    assert wanted <= listed, sorted(wanted - listed)


def test_texts_are_in_each_language_and_script():
    for k in ROWS:
        for key in ("name", "note"):
            en, cn, tw = (getattr(k, key)[lang] for lang in catalogue.LANGS)
            assert cn != en and tw != en, (key, en)
            hanzi = lambda text: "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")  # noqa: E731
            hanzi(cn).encode("gb2312")  # simplified characters only
            hanzi(tw).encode("big5")    # traditional characters only


def test_literal_formulas_give_a_number_in_calc(office):
    """The formulas that need no cells are typed into Calc: none shows an error."""
    literal = [k.example for k in ROWS
               if not re.search(r"[A-Z]+[0-9]+", CALLS.sub("", k.example))
               and set(CALLS.findall(k.example)) <= NAMES]
    assert len(literal) >= 15
    doc = office.new_sheet()
    try:
        sheet = doc.Sheets.getByIndex(0)
        for row, formula in enumerate(literal):
            sheet.getCellByPosition(0, row).setFormula("=" + formula)
        doc.calculateAll()
        shown = {f: sheet.getCellByPosition(0, row) for row, f in enumerate(literal)}
        bad = {f: cell.getString() for f, cell in shown.items() if cell.getError()}
        assert not bad, bad
    finally:
        doc.close(True)
