"""Every word of every option, as the catalogue lists it (en, zh-CN, zh-TW), typed
into Calc: the add-in's tables and the core are generated from / checked against
the catalogue (tools/gen_options.py), this checks them end to end. A valid word
is never Err:502 (for at least one of the function's working catalogue examples,
the option replaced by the word: COHORT's value modes need amounts, so not every
example suits every word); a misspelt word is Err:502 in every example."""
from __future__ import annotations

import pytest

from kpitools import catalogue

FUNCS = catalogue.functions(catalogue.load())
ERR_502 = 502


def split_args(formula: str) -> tuple[str, list[str]]:
    """NAME(a;b;…) → NAME, [a, b, …], splitting at top-level ';' only."""
    name, rest = formula.split("(", 1)
    assert rest.endswith(")"), formula
    body, args, depth, quoted, cur = rest[:-1], [], 0, False, ""
    for ch in body:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "({":
            depth += 1
        elif not quoted and ch in ")}":
            depth -= 1
        elif not quoted and depth == 0 and ch == ";":
            args.append(cur)
            cur = ""
            continue
        cur += ch
    args.append(cur)
    return name, args


def with_word(formula: str, index: int, word: str) -> str:
    name, args = split_args(formula)
    args += [""] * (index + 1 - len(args))
    args[index] = '"' + word.replace('"', '""') + '"'
    return f"{name}({';'.join(args)})"


def working_examples(fn) -> list[str]:
    return [ex["formula"] for ex in fn.examples
            if not (isinstance(ex["result"], str) and ex["result"].startswith(("Err:", "#")))]


def misspell(word: str) -> str:
    # One letter more: "holmx", "平均x" (a word the add-in must not half-match).
    return word + "x"


OPTIONS = [(fn, i, a) for fn in FUNCS for i, a in enumerate(fn.args) if a.type == "opt_text"]


def test_every_option_has_working_examples():
    missing = [f"{fn.name}.{a.name}" for fn, _, a in OPTIONS if not working_examples(fn)]
    assert not missing, missing
    assert len(OPTIONS) >= 9  # CHURN, CLVDISC, ABCI, ABLOSS, PADJUST, FUNNEL, COHORT ×2, RFM


def _typed(office):
    """Every (function, option, word, example) formula in one sheet, calculated."""
    doc = office.new_sheet()
    sheet = doc.Sheets.getByIndex(0)
    cases, row = [], 0
    for fn, index, a in OPTIONS:
        words = [(w, True) for c in a.choices for w in dict.fromkeys(c[lang] for lang in catalogue.LANGS)]
        words += [(c["en"].upper(), True) for c in a.choices]  # English words ignore case
        words += [(misspell(w), False) for w, _ in list(words)]
        for word, valid in words:
            for formula in working_examples(fn):
                typed = "=" + with_word(formula, index, word)
                cell = sheet.getCellByPosition(0, row)
                cell.setFormula(typed)
                cases.append((f"{fn.name}.{a.name}", word, valid, typed, cell))
                row += 1
    doc.calculateAll()
    return doc, [(opt, word, valid, typed, cell.getError()) for opt, word, valid, typed, cell in cases]


@pytest.fixture(scope="module")
def typed(office):
    doc, results = _typed(office)
    yield results
    doc.close(True)


def test_every_valid_word_works(typed):
    ok: dict[tuple[str, str], bool] = {}
    for opt, word, valid, _, err in typed:
        if valid:
            ok[(opt, word)] = ok.get((opt, word), False) or err != ERR_502
    bad = [f"{opt} {word!r}" for (opt, word), good in ok.items() if not good]
    assert ok and not bad, "Err:502 for every example: " + ", ".join(bad)


def test_a_misspelt_word_is_err502(typed):
    bad = [f"{typed_formula} gave error {err}" for _, _, valid, typed_formula, err in typed
           if not valid and err != ERR_502]
    assert not bad, "\n".join(bad)
    assert sum(1 for *_, valid, _t, _e in typed if not valid) > 50


def test_every_word_of_the_catalogue_was_typed(typed):
    words = {(opt, word) for opt, word, valid, _, _ in typed if valid}
    for fn, _, a in OPTIONS:
        for c in a.choices:
            for lang in catalogue.LANGS:
                assert (f"{fn.name}.{a.name}", c[lang]) in words
