"""The Function Wizard data (com.sun.star.sheet.FunctionDescriptions) lists
every catalogue function with its description and named, described arguments,
in en-US, zh-CN and zh-TW, exactly as a user of that UI language sees them."""
from __future__ import annotations

import pytest

from kpitools import catalogue
from kpitools.office import function_descriptions

LANGS = {"en": None, "zh_CN": "zh_CN", "zh_TW": "zh_TW"}
FUNCS = catalogue.functions(catalogue.load())


@pytest.fixture(scope="module", params=list(LANGS))
def wizard(request, oxt):
    return request.param, function_descriptions(oxt, LANGS[request.param])


def test_ui_language_is_active(wizard):
    lang, entries = wizard
    expected = {"en": "Returns the sum of all arguments.", "zh_CN": "元素汇总求和。",
                "zh_TW": "傳回所有引數的總和。"}[lang]
    assert entries["SUM"]["Description"] == expected


def test_every_function_is_listed_and_described(wizard):
    lang, entries = wizard
    problems = []
    for fn in FUNCS:
        d = entries.get(fn.name)
        if d is None:
            problems.append(f"{fn.name} missing")
            continue
        if d["Description"] != fn.description[lang]:
            problems.append(f"{fn.name}: description {d['Description']!r}")
        args = list(d["Arguments"])
        if len(args) != len(fn.args):
            problems.append(f"{fn.name}: {len(args)} arguments shown, {len(fn.args)} expected")
            continue
        for shown, arg in zip(args, fn.args):
            if shown.Name != arg.label[lang] or shown.Description != arg.description[lang]:
                problems.append(f"{fn.name}.{arg.name}: shown as {shown.Name!r}: {shown.Description!r}")
            if shown.IsOptional != arg.optional:
                problems.append(f"{fn.name}.{arg.name}: optional={shown.IsOptional}")
    assert not problems, "\n".join(problems)


def test_texts_are_in_the_ui_language(wizard):
    lang, entries = wizard
    for fn in FUNCS:
        text = entries[fn.name]["Description"]
        has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in text)
        assert has_cjk == (lang != "en"), f"{lang} {fn.name}: {text}"
