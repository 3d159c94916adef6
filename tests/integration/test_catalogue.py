"""The single description itself: complete texts in the right scripts, and a
frozen-API guard that really refuses what would break saved sheets."""
from __future__ import annotations

import gen_addin
from kpitools import catalogue

FUNCS = catalogue.functions(catalogue.load())


def texts(lang):
    for fn in FUNCS:
        yield fn.name, fn.description[lang]
        for a in fn.args:
            yield f"{fn.name}.{a.name}", a.label[lang] + " " + a.description[lang]
        for e in fn.errors:
            yield f"{fn.name}:{e['code']}", e["when"][lang]


def test_simplified_chinese_uses_simplified_characters():
    # Every character of the zh-CN texts exists in GB2312 (simplified only).
    bad = [name for name, t in texts("zh_CN") if not _encodes(t, "gb2312")]
    assert not bad, bad


def test_traditional_chinese_uses_traditional_characters():
    # Every character of the zh-TW texts exists in Big5 (traditional only).
    bad = [name for name, t in texts("zh_TW") if not _encodes(t, "big5")]
    assert not bad, bad


def test_chinese_texts_are_translations_not_copies():
    en = dict(texts("en"))
    for lang in ("zh_CN", "zh_TW"):
        # A text with no letters (a bare formula such as "1 / churn") reads the same everywhere.
        same = [n for n, t in texts(lang) if t == en[n] and any(ch.isalpha() for ch in t)]
        assert not same, (lang, same)


def _encodes(text, codec):
    try:
        for punct in "−–×·":  # typographic punctuation, not a script question
            text = text.replace(punct, "-")
        text.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def test_every_released_signature_is_still_offered():
    assert gen_addin.check_frozen(FUNCS) == []
    # Every current signature is frozen too (a released function that gained an
    # optional argument has a later line), so appended arguments are guarded.
    frozen = gen_addin.frozen_lines()
    assert {catalogue.signature(fn) for fn in FUNCS} <= set(frozen)
    assert len({l.split("(", 1)[0].split()[-1] for l in frozen}) == len(FUNCS)


def test_frozen_guard_rejects_renames_and_reorders_but_allows_new_optional_args():
    old = "double mroi(double revenue, double marketing_cost, any gross_margin, any other_costs)"
    assert gen_addin.extends(old, old)
    assert gen_addin.extends(old, old[:-1] + ", any currency)")
    assert not gen_addin.extends(old, old[:-1] + ", double tax)")        # a required arg added
    assert not gen_addin.extends(old, old.replace("mroi", "mroi2"))      # renamed
    assert not gen_addin.extends(old, "double mroi(double marketing_cost, double revenue, "
                                      "any gross_margin, any other_costs)")  # reordered
    assert not gen_addin.extends(old, old.replace(", any other_costs", ""))  # dropped


# Issue 13.3: "empty cell or 0 means the default" only where 0 lies outside the
# argument's domain. Each entry was reviewed; a new zero_is_default needs a review too.
ZERO_OUTSIDE_DOMAIN = {
    "SHARE.total",                  # a total of 0 is a zero denominator
    "COHORT.periods",               # 1 to 1000 columns
    "ABPVALUE.tails",               # 1 or 2
    "ABCI.confidence", "ABLIFTCI.confidence", "WILSONCI.confidence",  # (0, 1)
    "ABSAMPLESIZE.alpha", "ABSAMPLESIZE.power",                       # (0, 1)
    "SRMPVALUE.expected_share_a",   # (0, 1): a share of 0 expects nobody in arm A
    "ATTAIN.direction", "VSBASELINE.direction",  # 1 or −1
    "ATTAIN.cap",                   # a cap must be > 0
    "CHURNANNUAL.periods_per_year",  # at least 1
    "RFM.end_date",                 # serial 0 (1899-12-30) is never an end of observation
    "RFM.periods_per_unit",         # must be > 0
    "CLVBGNBD.units_per_month",     # must be > 0
    "ABMDE.alpha", "ABMDE.power", "ABMEANCI.confidence", "NPSCI.confidence",  # (0, 1)
    "ABTTEST.tails",                # 1 or 2
    "CSAT.satisfied_from",          # a threshold of 0 would count every answer satisfied
    "CSAT.scale_max",               # a scale is 1..scale_max, scale_max ≥ 1
    "ABSAMPLESIZEMEAN.alpha", "ABSAMPLESIZEMEAN.power", "ABMDEMEAN.alpha", "ABMDEMEAN.power",  # (0, 1)
    "ABSEQCI.confidence", "ABSEQPVALUE.confidence", "ABSEQMEANCI.confidence", "ABCUPED.confidence",  # (0, 1)
}


def test_zero_means_the_default_only_where_zero_is_outside_the_domain():
    flagged = {f"{fn.name}.{a.name}" for fn in FUNCS for a in fn.args if a.zero_is_default}
    assert flagged <= ZERO_OUTSIDE_DOMAIN, sorted(flagged - ZERO_OUTSIDE_DOMAIN)
    margins = [f"{fn.name}.{a.name}" for fn in FUNCS for a in fn.args
               if "margin" in a.name and a.zero_is_default]
    assert not margins, margins


def test_every_option_lists_its_words_in_three_languages():
    for fn in FUNCS:
        for a in fn.args:
            if a.type != "opt_text":
                continue
            words = a.words()
            assert a.default in words.values(), (fn.name, a.name)
            for c in a.choices:
                for lang in catalogue.LANGS:
                    assert words[c[lang].lower()] == c["en"]
                    # Wizard text and reference name every word of the language
                    assert f'"{c[lang]}"' in a.description[lang], (fn.name, a.name, lang)


def _load_one(tmp_path, choices):
    (tmp_path / "x.toml").write_text(f'''
[family]
header = "kpi/x.hpp"
title = {{ en = "X", zh_CN = "甲", zh_TW = "甲" }}
[[function]]
name = "XF"
returns = "number"
description = {{ en = "x", zh_CN = "甲", zh_TW = "甲" }}
[[function.arg]]
name = "mode"
type = "opt_text"
default = "step"
{choices}
label = {{ zh_CN = "模式", zh_TW = "模式" }}
description = {{ en = "x", zh_CN = "甲", zh_TW = "甲" }}
[[function.example]]
formula = "XF()"
result = 1
''', encoding="utf-8")
    return catalogue.load(tmp_path)


def test_option_words_are_validated(tmp_path):
    import pytest
    good = 'choices = [ { en = "step", zh_CN = "逐级", zh_TW = "逐階" }, { en = "overall", zh_CN = "总体", zh_TW = "整體" } ]'
    fn = catalogue.functions(_load_one(tmp_path, good))[0]
    assert fn.args[0].words() == {"step": "step", "逐级": "step", "逐階": "step",
                                  "overall": "overall", "总体": "overall", "整體": "overall"}
    bad = [
        "",  # no choices at all
        'choices = [ { en = "step", zh_CN = "逐级" } ]',  # zh_TW missing
        'choices = [ { en = "step", zh_CN = "逐级", zh_TW = "逐階" }, { en = "overall", zh_CN = "逐级", zh_TW = "整體" } ]',
        'choices = [ { en = "step", zh_CN = "逐级", zh_TW = "逐階" }, { en = "Step", zh_CN = "总体", zh_TW = "整體" } ]',
        'choices = [ { en = "overall", zh_CN = "总体", zh_TW = "整體" } ]',  # default not a choice
    ]
    for choices in bad:
        with pytest.raises(catalogue.CatalogueError):
            _load_one(tmp_path, choices)


def test_chinese_references_write_formulas_and_errors_as_a_chinese_calc_shows_them():
    import gen_docs
    fams = catalogue.load()
    for lang, sep, err in (("zh_CN", ",", "错误:502"), ("zh_TW", ",", "錯誤：502")):
        doc = gen_docs.render(fams, lang)
        assert "- `=CHURN(200,20,40,\"平均\")` → 0.09523809524" in doc
        assert "- `=FUNNEL({1000;400;100})` →" in doc  # a column typed {1000|400|100}
        assert f"- `=CHURN(200,20,40,\"monthly\")` → `{err}`（Err:502）" in doc
        assert "`CHURN(" in doc and f"{sep} " in doc
        assert "Err:502`" not in doc.replace("（Err:502）", "")
    en = gen_docs.render(fams, "en")
    assert "- `=CHURN(200;20;40;\"monthly\")` → `Err:502`" in en


def test_chinese_wizard_texts_name_errors_as_the_chinese_ui_shows_them():
    # Measured in Calc 7.4 (test_i18n re-checks the cell text): 错误:502 / 錯誤：502.
    assert catalogue.ui_text("否則 Err:502。", "zh_TW") == "否則 錯誤：502。"
    assert catalogue.ui_text("否则 Err:523。", "zh_CN") == "否则 错误:523。"
    for lang in ("zh_CN", "zh_TW"):
        assert not [n for n, t in texts(lang) if "Err:" in t], lang


def test_an_appended_optional_argument_is_frozen_too():
    # COHORT's released signature gained `amounts`; renaming or dropping it now
    # breaks the guard just as for the arguments released with the function.
    import dataclasses
    cohort = next(fn for fn in FUNCS if fn.name == "COHORT")
    assert cohort.args[-1].name == "amounts"
    renamed = dataclasses.replace(cohort, args=cohort.args[:-1] + [
        dataclasses.replace(cohort.args[-1], name="values")])
    dropped = dataclasses.replace(cohort, args=cohort.args[:-1])
    others = [fn for fn in FUNCS if fn.name != "COHORT"]
    assert gen_addin.check_frozen(FUNCS) == []
    assert gen_addin.check_frozen(others + [renamed])
    assert gen_addin.check_frozen(others + [dropped])
