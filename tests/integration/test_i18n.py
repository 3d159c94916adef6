"""What a Chinese-speaking user sees and types (issue 13.4), in real Calc with a
zh-CN and a zh-TW UI: the references write every formula and error exactly as
that Calc shows it, and option words typed in Chinese work."""
from __future__ import annotations

import pytest

from kpitools import catalogue
from kpitools.office import Office
from kpitools.profile import Profile

FUNCS = catalogue.functions(catalogue.load())
EXAMPLES = [ex for fn in FUNCS for ex in fn.examples]


@pytest.fixture(scope="module", params=["zh_CN", "zh_TW"])
def zh_sheet(request, oxt):
    lang = request.param
    prof = Profile(oxt, lang=lang)
    off = Office(prof)
    doc = off.new_sheet()
    try:
        yield lang, doc, doc.Sheets.getByIndex(0)
    finally:
        doc.close(True)
        off.close()
        prof.cleanup()


def test_formulas_show_as_the_reference_writes_them(zh_sheet):
    lang, doc, sheet = zh_sheet
    cells = []
    for i, ex in enumerate(EXAMPLES):
        cell = sheet.getCellByPosition(0, i)
        cell.setFormula("=" + ex["formula"])
        cells.append((ex, cell))
    doc.calculateAll()
    bad = []
    for ex, cell in cells:
        shown = cell.getPropertyValue("FormulaLocal")
        if shown != "=" + catalogue.ui_formula(ex["formula"], lang):
            bad.append(f"{ex['formula']}: Calc shows {shown}")
        r = ex["result"]
        if isinstance(r, str) and cell.getString() != catalogue.ui_error(r, lang):
            bad.append(f"{ex['formula']}: Calc shows {cell.getString()!r} for {r}")
    assert not bad, "\n".join(bad)


def test_a_user_types_chinese_option_words_with_either_separator(zh_sheet):
    lang, doc, sheet = zh_sheet
    # 20 lost of 200 at the start, 40 new: "average" = 20 / ((200 + 220) / 2), "serviced" = 20 / 240
    typed = {
        '=CHURN(200,20,40,"平均")': 20 / 210, '=CHURN(200;20;40;"平均")': 20 / 210,
        '=CHURN(200,20,40,"服务")': 20 / 240, '=CHURN(200,20,40,"服務")': 20 / 240,
        '=CHURN(200,20,40," Average ")': 20 / 210, '=CHURN(200,20,40,"期初")': 20 / 200,
        '=CLV(65,4,3,0)': 0.0, '=CLV(65,4,3,"")': 780.0,
    }
    cells = {}
    for i, text in enumerate(typed):
        cell = sheet.getCellByPosition(2, i)
        cell.setPropertyValue("FormulaLocal", text)  # what typing into the cell does
        cells[text] = cell
    bad_word = sheet.getCellByPosition(3, 0)
    bad_word.setPropertyValue("FormulaLocal", '=CHURN(200,20,40,"平均值")')
    doc.calculateAll()
    for text, want in typed.items():
        assert cells[text].getError() == 0, (text, cells[text].getString())
        assert cells[text].getValue() == pytest.approx(want, abs=1e-12), text
    assert bad_word.getString() == catalogue.ui_error("Err:502", lang)
