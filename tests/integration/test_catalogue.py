"""The single description itself: complete texts in the right scripts, and a
frozen-API guard that really refuses what would break saved sheets."""
from __future__ import annotations

import catalogue
import gen_addin

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
        same = [n for n, t in texts(lang) if t == en[n] and not n.endswith((".", ")"))]
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
