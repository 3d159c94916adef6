"""Load and validate the function catalogue (catalogue/*.toml).

The catalogue is the single description of every function; the generators
(IDL, add-in tables, docs) and the integration tests all read it through here.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "catalogue"
LANGS = ("en", "zh_CN", "zh_TW")
ARG_TYPES = {"number", "range", "cells", "opt_number", "opt_text", "opt_bool", "opt_range"}
ERROR_CODES = {"Err:502", "#DIV/0!", "#NUM!", "#VALUE!", "Err:523", "#N/A", "Err:504"}

SERVICE = "org.kpicalc.Functions"           # frozen: stored in every saved sheet
IMPLEMENTATION = "org.kpicalc.FunctionsImpl"
INTERFACE = "org.kpicalc.XFunctions"


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


def _texts(obj: dict, where: str, key: str, required=LANGS) -> dict:
    t = obj.get(key)
    if not isinstance(t, dict):
        raise CatalogueError(f"{where}: missing table '{key}'")
    for lang in required:
        v = t.get(lang)
        if not isinstance(v, str) or not v.strip():
            raise CatalogueError(f"{where}: '{key}' lacks a {lang} text")
    return dict(t)


def _load_family(path: Path) -> Family:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    fam = data.get("family", {})
    where = path.name
    family = Family(
        id=fam.get("id", path.stem),
        order=float(fam.get("order", 99)),
        header=fam.get("header", ""),
        title=_texts(fam, where, "title"),
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
            _texts({"label": label}, aw, "label")
            args.append(Arg(
                name=a["name"], type=a["type"], label=label,
                description=_texts(a, aw, "description"),
                default=a.get("default"), zero_is_default=bool(a.get("zero_is_default", False)),
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
            _texts(e, fw, "when")
        fn = Function(
            name=f["name"], core=f.get("core", f["name"].lower()), returns=f["returns"],
            caller=bool(f.get("caller", False)), formula=f.get("formula", ""),
            description=_texts(f, fw, "description"), args=args,
            examples=examples, errors=errors, family=family,
        )
        family.functions.append(fn)
    return family


def load(directory: Path = CATALOGUE_DIR) -> list[Family]:
    families = [_load_family(p) for p in sorted(directory.glob("*.toml"))]
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
    "opt_range": "any",
}


def idl_return(fn: Function) -> str:
    return "double" if fn.returns == "number" else "sequence< sequence< any > >"


def signature(fn: Function) -> str:
    params = ([f"com::sun::star::beans::XPropertySet options"] if fn.caller else []) + [
        f"{IDL_TYPES[a.type]} {a.name}" for a in fn.args
    ]
    return f"{idl_return(fn)} {fn.method}({', '.join(params)})"
