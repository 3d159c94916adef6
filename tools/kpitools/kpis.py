"""Load catalogue/kpis.toml: the KPIs of marketing planning and the functions
that compute them (rendered at the top of docs/functions.*.md)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kpitools import catalogue as cat

KPI_FILE = cat.CATALOGUE_DIR / cat.KPI_TABLE


@dataclass
class Kpi:
    name: dict
    functions: list[str]
    example: str
    note: dict


def load(path: Path = KPI_FILE) -> tuple[list[Kpi], set[str]]:
    """(the KPI rows in file order, names of functions not yet in the catalogue)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = []
    for i, k in enumerate(data.get("kpi", []), start=1):
        where = f"{path.name}: kpi {i}"
        functions = k.get("functions")
        if not functions or not all(isinstance(f, str) for f in functions):
            raise cat.CatalogueError(f"{where}: 'functions' must list function names")
        if not isinstance(k.get("example"), str) or not k["example"]:
            raise cat.CatalogueError(f"{where}: 'example' formula is required")
        rows.append(Kpi(cat.texts(k, where, "name"), functions, k["example"], cat.texts(k, where, "note")))
    return rows, set(data.get("pending", []))
