"""The project's Python tooling, shared by the generators, kpi-recalc, bench,
templates and the integration tests.

Modules (import the one you need; this package itself imports nothing):
  catalogue  load and validate catalogue/*.toml; frozen names; Calc error texts
  kpis       the KPI -> function table of the docs (catalogue/kpis.toml)
  generated  write committed generated files, or check they are current
  fods       write flat ODF spreadsheets; formulas in their stored form
  cells      A1 addresses: column_name, column_index, split_ref
  checks     workbook files before/after loading: sniff, XML well-formedness, .xlsx extents
  profile    throw-away LibreOffice profile, unopkg, the unprivileged uid (chown_tree)
  office     one headless soffice over a uno socket; prop, LoadError, list_templates
  sheets     a loaded document: cell_text/cell_result, formula cells, store

catalogue, kpis, generated, fods, cells and checks run under any Python 3.11+;
profile needs nothing more, office and sheets need Debian's /usr/bin/python3
(the only one with uno).

Finding the package: scripts in tools/ find it next to themselves. The
integration tests get tools/ from tests/integration/pytest.ini (pythonpath).
Every other entry point (bench, templates, tests/integration/make_sheets.py)
starts with one line, before its kpitools imports:

    sys.path.insert(0, str(Path(__file__).resolve().parents[N] / "tools"))  # kpitools

with N the number of folders between the script and the repository root.
"""
