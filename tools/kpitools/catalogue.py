"""Load and validate the function catalogue (catalogue/*.toml).

The catalogue is the single description of every function; the generators
(IDL, add-in tables, docs) and the integration tests all read it through here.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = ROOT / "catalogue"
KPI_TABLE = "kpis.toml"  # KPI -> function table for the docs (kpitools.kpis), not a family
LANGS = ("en", "zh_CN", "zh_TW")
ARG_TYPES = {"number", "range", "cells", "opt_number", "opt_text", "opt_bool", "opt_cells", "opt_range", "opt_string"}
NAMES_FILE = ROOT / "idl" / "frozen-names.toml"
CALC_ERRORS_FILE = ROOT / "core" / "include" / "kpi" / "calc_errors.def"


def _frozen_names() -> dict:
    return tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))


def _calc_errors() -> dict[int, str]:
    """Calc's error code -> the text a cell shows, from the table the C++ side compiles."""
    table = {}
    for m in re.finditer(r'^KPI_CALC_(?:ERROR\(\w+|ONLY\()\s*,?\s*(\d+),\s*"([^"]+)"\)',
                         CALC_ERRORS_FILE.read_text(encoding="utf-8"), re.M):
        table[int(m.group(1))] = m.group(2)
    return table


# Frozen: stored in every saved sheet and installed profile.
NAMES = _frozen_names()
INTERFACE = NAMES["interface"]
STORED_PREFIX = NAMES["stored_prefix"]
CALC_ERRORS = _calc_errors()
ERROR_CODES = set(CALC_ERRORS.values()) - {"#NAME?", "Err:508", "Err:511"}



class CatalogueError(Exception):
    pass


@dataclass
class Arg:
    name: str
    type: str
    label: dict
    description: dict
    default: object = None
    zero_is_default: bool = False
    # opt_text: [{"en": canonical word, "zh_CN": …, "zh_TW": …}, …]
    choices: list = field(default_factory=list)
    # The catalogue's own description; `description` adds the generated word list.
    base_description: dict = field(default_factory=dict)

    def words(self) -> dict[str, str]:
        """Every word the option accepts (English lower-cased) → its canonical English word."""
        out = {}
        for c in self.choices:
            for lang in LANGS:
                out[c[lang].lower()] = c["en"]
        return out

    @property
    def optional(self) -> bool:
        return self.type.startswith("opt_")


@dataclass
class Function:
    name: str
    core: str
    returns: str
    caller: bool
    formula: str
    description: dict
    args: list[Arg]
    examples: list[dict]
    errors: list[dict]
    family: "Family" = field(repr=False, default=None)

    @property
    def method(self) -> str:
        return self.name.lower()


@dataclass
class Family:
    id: str
    order: float
    header: str
    title: dict
    functions: list[Function]


# How Calc shows formulas and error codes to a user of each UI language, measured in
# LibreOffice 7.4 with the profile's UILocale set (FormulaLocal and the cell text;
# tests/integration/test_i18n.py checks it again). A zh-CN or zh-TW Calc shows `,`
# between arguments, `,` and `;` inside inline arrays, and names Err:NNN in Chinese;
# #DIV/0!, #VALUE!, #NUM!, #N/A stay as they are. English keeps the typed `;` form,
# which every Calc accepts (what an English Calc shows depends on the locale).
CALC_UI = {
    "en": {"arg": ";", "array_col": ";", "array_row": "|", "err": "Err:"},
    "zh_CN": {"arg": ",", "array_col": ",", "array_row": ";", "err": "错误:"},
    "zh_TW": {"arg": ",", "array_col": ",", "array_row": ";", "err": "錯誤："},
}


def ui_formula(formula: str, lang: str) -> str:
    """A formula typed in the catalogue's form (`;`, arrays `{1;2|3;4}`) as Calc shows it in `lang`."""
    ui = CALC_UI[lang]
    out, in_text, depth = [], False, 0
    for ch in formula:
        if ch == '"':
            in_text = not in_text  # "" inside a text toggles twice: still right
        elif not in_text:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == ";":
                ch = ui["array_col"] if depth else ui["arg"]
            elif ch == "|" and depth:
                ch = ui["array_row"]
        out.append(ch)
    return "".join(out)


def ui_error(code: str, lang: str) -> str:
    """An error code as the cell shows it in `lang` (Err:502 → 错误:502 / 錯誤：502)."""
    return CALC_UI[lang]["err"] + code[4:] if code.startswith("Err:") else code


def ui_text(text: str, lang: str) -> str:
    """Error codes inside a sentence named as the `lang` UI shows them."""
    return re.sub(r"Err:(\d{3})", lambda m: ui_error(m.group(0), lang), text)


# How the Wizard texts and the reference list an option's words, per language.
CHOICE_TEXT = {
    "en": lambda own, en: "Words: " + ", ".join(f'"{w}"' for w in en) + " (any case).",
    "zh_CN": lambda own, en: "可填：" + "、".join(f'"{w}"' for w in own)
    + "，或英文 " + "、".join(f'"{w}"' for w in en) + "（不区分大小写）。",
    "zh_TW": lambda own, en: "可填：" + "、".join(f'"{w}"' for w in own)
    + "，或英文 " + "、".join(f'"{w}"' for w in en) + "（不分大小寫）。",
}


def _choices(a: dict, where: str) -> list[dict]:
    """An opt_text argument's words: all three languages, unambiguous within the argument."""
    choices = a.get("choices")
    if a.get("type") != "opt_text":
        if choices is not None:
            raise CatalogueError(f"{where}: choices are only for opt_text arguments")
        return []
    if not isinstance(choices, list) or not choices:
        raise CatalogueError(f"{where}: an opt_text argument needs choices = [{{ en = …, zh_CN = …, zh_TW = … }}, …]")
    seen: dict[str, str] = {}
    for c in choices:
        if not isinstance(c, dict) or set(c) != set(LANGS):
            raise CatalogueError(f"{where}: each choice needs exactly en, zh_CN and zh_TW words, got {c!r}")
        for lang in LANGS:
            w = c[lang]
            if not isinstance(w, str) or not w.strip() or w != w.strip() or '"' in w:
                raise CatalogueError(f"{where}: bad {lang} word {w!r}")
        en = c["en"]
        if not en.isascii() or en != en.lower():
            raise CatalogueError(f"{where}: the English word {en!r} must be lower-case ASCII (the core gets it)")
        for lang in LANGS:
            key = c[lang].lower()  # the add-in matches every word ignoring ASCII case
            if seen.get(key, en) != en:
                raise CatalogueError(f"{where}: the word {c[lang]!r} names both {seen[key]!r} and {en!r}")
            seen[key] = en
    default = a.get("default")
    if default is not None and default not in [c["en"] for c in choices]:
        raise CatalogueError(f"{where}: default {default!r} is not one of the choices")
    return [dict(c) for c in choices]


def _with_choices(description: dict, choices: list[dict]) -> dict:
    if not choices:
        return description
    en = [c["en"] for c in choices]
    return {lang: f"{text} {CHOICE_TEXT[lang](list(dict.fromkeys(c[lang] for c in choices)), en)}"
            if lang in CHOICE_TEXT else text for lang, text in description.items()}


def texts(obj: dict, where: str, key: str, required=LANGS) -> dict:
    """The per-language texts of `obj[key]`, each of `required` present and non-blank."""
    t = obj.get(key)
    if not isinstance(t, dict):
        raise CatalogueError(f"{where}: missing table '{key}'")
    for lang in required:
        v = t.get(lang)
        if not isinstance(v, str) or not v.strip():
            raise CatalogueError(f"{where}: '{key}' lacks a {lang} text")
    return {lang: ui_text(v, lang) if lang in CALC_UI else v for lang, v in t.items()}


def _load_family(path: Path) -> Family:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    fam = data.get("family", {})
    where = path.name
    family = Family(
        id=fam.get("id", path.stem),
        order=float(fam.get("order", 99)),
        header=fam.get("header", ""),
        title=texts(fam, where, "title"),
        functions=[],
    )
    if not family.header:
        raise CatalogueError(f"{where}: family.header is required")
    for f in data.get("function", []):
        fw = f"{where}:{f.get('name', '?')}"
        args = []
        for a in f.get("arg", []):
            aw = f"{fw}:{a.get('name', '?')}"
            if a.get("type") not in ARG_TYPES:
                raise CatalogueError(f"{aw}: unknown type {a.get('type')!r}")
            label = dict(a.get("label", {}))
            label.setdefault("en", a["name"])
            texts({"label": label}, aw, "label")
            base = texts(a, aw, "description")
            choices = _choices(a, aw)
            args.append(Arg(
                name=a["name"], type=a["type"], label=label,
                description=_with_choices(base, choices),
                default=a.get("default"), zero_is_default=bool(a.get("zero_is_default", False)),
                choices=choices, base_description=base,
            ))
        seen_optional = False
        for a in args:
            if a.optional:
                seen_optional = True
            elif seen_optional:
                raise CatalogueError(f"{fw}: required argument {a.name} after an optional one")
        if f.get("returns") not in ("number", "array"):
            raise CatalogueError(f"{fw}: returns must be 'number' or 'array'")
        examples = f.get("example", [])
        if not examples:
            raise CatalogueError(f"{fw}: at least one example is required")
        errors = f.get("error", [])
        for e in errors:
            if e.get("code") not in ERROR_CODES:
                raise CatalogueError(f"{fw}: unknown error code {e.get('code')!r}")
            texts(e, fw, "when")
        fn = Function(
            name=f["name"], core=f.get("core", f["name"].lower()), returns=f["returns"],
            caller=bool(f.get("caller", False)), formula=f.get("formula", ""),
            description=texts(f, fw, "description"), args=args,
            examples=examples, errors=errors, family=family,
        )
        family.functions.append(fn)
    return family


def load(directory: Path = CATALOGUE_DIR) -> list[Family]:
    families = [_load_family(p) for p in sorted(directory.glob("*.toml")) if p.name != KPI_TABLE]
    families.sort(key=lambda fam: (fam.order, fam.id))
    names = {}
    for fam in families:
        for fn in fam.functions:
            if fn.name in names:
                raise CatalogueError(f"{fn.name} defined in {fam.id} and {names[fn.name]}")
            names[fn.name] = fam.id
    return families


def functions(families: list[Family]) -> list[Function]:
    return [fn for fam in families for fn in fam.functions]


# The IDL signature of a method, the file-format contract checked against idl/frozen-api.txt.
IDL_TYPES = {
    "number": "double",
    "range": "sequence< sequence< any > >",
    "cells": "sequence< sequence< any > >",
    "opt_number": "any",
    "opt_text": "any",
    "opt_bool": "any",
    "opt_cells": "any",
    "opt_range": "any",
    "opt_string": "any",
}


def idl_return(fn: Function) -> str:
    return "double" if fn.returns == "number" else "sequence< sequence< any > >"


def signature(fn: Function) -> str:
    params = (["com::sun::star::beans::XPropertySet options"] if fn.caller else []) + [
        f"{IDL_TYPES[a.type]} {a.name}" for a in fn.args
    ]
    return f"{idl_return(fn)} {fn.method}({', '.join(params)})"
