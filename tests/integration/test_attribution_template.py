"""Issue 23: the "Channel attribution" template in real Calc. Its paths (PATHS), the five models side by
side (ATTRIBUTION) and the MROI per channel and model (MROITABLE) equal an independent computation on
the same touch rows: plain Python for the paths and the rule-based models, numpy linear algebra for the
Markov chain's removal effects (realistic_data.paths_reference / attribution_reference, never our
functions) — on the template's own sample log and on a messy export pasted where the template says
(duplicates, empty lines, times typed as text, names in another case; more rows than the sample).
Each check cell is shown to turn red with its sentence in the template's language (issue 18)."""
from __future__ import annotations

import pytest

import attribution as A  # templates/src: the template's layout
import realistic_data as R
import template_data as D
from test_templates_realistic import num, open_template, paste, recalc  # noqa: F401 (a fixture)

STEM = "channel-attribution"
REPORT, PATHS, TOUCHES = 0, 1, 2
REV_COLS = ["C", "E", "G", "I", "K"]


def expected(rows, spend: dict, margin: float):
    """Paths, the five models per channel and MROI per channel and model, computed independently."""
    paths = R.paths_reference(rows)
    models = {m: R.attribution_reference(paths, m) for m in A.MODELS}
    mroi = {}
    for m, credit in models.items():
        mroi[m] = {c: (v * margin - spend[c]) / spend[c] for c, (_, v) in credit.items()}
    return paths, models, mroi


def check_report(doc, rows, spend: dict, margin: float, rel: float = 1e-9):
    """Compares every number of the Paths list (rows shown) and of both tables; returns the largest
    relative difference seen."""
    rep, pth = doc.Sheets.getByIndex(REPORT), doc.Sheets.getByIndex(PATHS)
    paths, models, mroi = expected(rows, spend, margin)
    worst = 0.0

    def same(got, want, where):
        nonlocal worst
        assert got == pytest.approx(want, rel=rel, abs=1e-9), where
        if want:
            worst = max(worst, abs(got - want) / abs(want))

    # Paths: every line read, the number of distinct paths, the rows shown
    filled = [r for r in rows if r[0] != ""]
    assert num(pth, A.LAST_ROW) == len(rows) + 1
    assert num(pth, A.PATHS_FOUND) == len(paths)
    shown = min(len(paths), D.ATTR_PATH_ROWS)
    got = pth.getCellRangeByName(f"A{A.PATH_FIRST}:D{A.PATH_LAST}").getDataArray()
    for i, (g, w) in enumerate(zip(got[:shown], paths)):
        assert g[0].casefold() == w[0].casefold(), i
        for j in (1, 2, 3):
            same(g[j], w[j], (A.PATH_FIRST + i, j))
    assert all(g == ("", "", "", "") for g in got[shown:])
    assert len(filled) > 0

    # the models: one row per channel in first-seen order, conversions and revenue per model
    channels = list(models["first"])
    assert num(rep, f"B{A.CH_FOUND}") == len(channels)
    table = rep.getCellRangeByName(f"A{A.FIRST_CH}:K{A.LAST_CH}").getDataArray()
    for i, c in enumerate(channels[:D.ATTR_CHANNEL_ROWS]):
        assert table[i][0].casefold() == c, i
        for m, col in zip(A.MODELS, A.CONV_COLS):
            j = ord(col) - ord("A")
            same(table[i][j], models[m][c][0], (m, c, "conversions"))
            same(table[i][j + 1], models[m][c][1], (m, c, "revenue"))
    assert all(r == ("",) * 11 for r in table[len(channels):])
    total_conv = sum(p[1] for p in paths)
    total_rev = sum(p[2] for p in paths)
    for col, rev in zip(A.CONV_COLS, REV_COLS):
        same(num(rep, f"{col}{A.TOTAL}"), total_conv, col)
        same(num(rep, f"{rev}{A.TOTAL}"), total_rev, rev)
        # every model's credits add up to the total
        same(sum(num(rep, f"{col}{r}") for r in range(A.FIRST_CH, A.FIRST_CH + len(channels))), total_conv, col)

    # MROI per channel and model on each model's credited revenue
    for i, c in enumerate(channels[:D.ATTR_CHANNEL_ROWS]):
        r = A.MROI_FIRST + i
        assert rep.getCellRangeByName(f"A{r}").getString().casefold() == c
        same(num(rep, f"B{r}"), spend[c], ("spend", c))
        for k, m in enumerate(A.MODELS):
            same(num(rep, f"{chr(ord('C') + k)}{r}"), mroi[m][c], ("mroi", m, c))
    all_spend = sum(spend[c] for c in channels[:D.ATTR_CHANNEL_ROWS])
    same(num(rep, f"C{A.MROI_ALL}"), (total_rev * margin - all_spend) / all_spend, "all channels")
    return worst, len(paths), models


def sample_spend(lang):
    return {D.attr_channel(r[0], lang).casefold(): r[5] for r in D.ATTR_CHANNELS}


@pytest.mark.parametrize("lang", D.LANGS)
def test_sample_numbers(open_template, lang):
    """The template as shipped: 24,000 journeys, 7 channels; every number against the independent
    computation, the checks green."""
    doc = open_template(lang, STEM)
    seconds = recalc(doc)
    rows = D.touches(lang)
    worst, n_paths, models = check_report(doc, rows, sample_spend(lang), D.ATTR_MARGIN)
    print(f"{lang}: {len(rows)} touches, {n_paths} paths, recalc {seconds:.2f} s, largest rel. diff {worst:.2e}")
    assert len(rows) > 40000 and n_paths < D.ATTR_PATH_ROWS
    rep, pth = doc.Sheets.getByIndex(REPORT), doc.Sheets.getByIndex(PATHS)
    assert rep.getCellRangeByName(f"C{A.CH_FOUND}").getString() == D.text("attr_ch_ok", lang)
    assert R.cf_style(rep, f"B{A.CH_FOUND}") is None
    assert pth.getCellRangeByName("C5").getString() == D.text("paths_ok", lang)
    assert R.cf_style(pth, "B5") is None and R.cf_style(rep, f"B{A.PATHS_CHK}") is None
    assert num(rep, f"B{A.NO_SPEND}") == 0 and R.cf_style(rep, f"B{A.NO_SPEND}") is None
    # the models disagree (otherwise the comparison would say nothing): last touch vs Markov
    first_ch = next(iter(models["last"]))
    assert models["last"][first_ch][0] != pytest.approx(models["markov"][first_ch][0], rel=1e-3)
    assert seconds < 15, seconds


@pytest.fixture(scope="module")
def messy():
    return R.touch_log()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_messy_export(open_template, messy, lang):
    """144,140 touch rows of 60,000 journeys, 8 channels, 1 % duplicate rows, 6 empty lines, 1 time in
    20 typed as text, names in another case, 8,135 distinct paths: every row read, every number equal
    to the independent computation; the checks stay green."""
    doc = open_template(lang, STEM)
    rep, pth, tch = (doc.Sheets.getByIndex(i) for i in (REPORT, PATHS, TOUCHES))
    paste(tch, (0, 1), messy, "A2:E100000")
    spend = {name: 10000.0 + 2500.0 * i for i, name in enumerate(R.ATTR_NAMES)}
    rep.getCellRangeByName(f"{A.SPEND_COL}{A.FIRST_CH}:{A.SPEND_VAL}{A.LAST_CH}").clearContents(7)
    cells = rep.getCellRangeByName(f"{A.SPEND_COL}{A.FIRST_CH}:{A.SPEND_VAL}{A.FIRST_CH + len(spend) - 1}")
    cells.setDataArray(tuple(spend.items()))
    rep.getCellRangeByName(A.MARGIN).setValue(0.6)
    seconds = recalc(doc)
    worst, n_paths, _ = check_report(doc, messy, {k.casefold(): v for k, v in spend.items()}, 0.6, rel=1e-9)
    print(f"{lang}: {len(messy)} rows, {n_paths} paths, recalc {seconds:.2f} s, largest rel. diff {worst:.2e}")
    assert len(messy) > 3 * len(D.touches()) and n_paths > 8000
    assert rep.getCellRangeByName(f"C{A.CH_FOUND}").getString() == D.text("attr_ch_ok", lang)
    assert pth.getCellRangeByName("C5").getString() == D.text("paths_ok", lang)
    assert R.cf_style(rep, f"B{A.CH_FOUND}") is None and R.cf_style(pth, "B5") is None
    assert num(rep, f"B{A.NO_SPEND}") == 0
    assert seconds < 30, seconds


def test_checks_fire(open_template):
    """22 channels and 22,000+ distinct paths: more channels than the 20 rows and more paths than the
    20,000 listed. Both checks turn red with their sentences (the paths one on both sheets); the total
    row still holds every conversion. The sample's spend table names none of these channels: counted,
    red, and said."""
    lang = "zh-CN"
    doc = open_template(lang, STEM)
    rep, pth, tch = (doc.Sheets.getByIndex(i) for i in (REPORT, PATHS, TOUCHES))
    names = [f"Channel {i:02d}" for i in range(22)]
    rows = R.touch_log(journeys=36000, seed=5, channels=names, stop=0.18)
    paste(tch, (0, 1), rows, "A2:E100000")
    recalc(doc)
    paths = R.paths_reference(rows)
    assert len(paths) > D.ATTR_PATH_ROWS
    # channels
    assert num(rep, f"B{A.CH_FOUND}") == 22
    assert num(rep, f"B{A.CH_ROWS}") == 20
    assert rep.getCellRangeByName(f"C{A.CH_FOUND}").getString() == D.text("attr_ch_short", lang)
    assert R.cf_style(rep, f"B{A.CH_FOUND}") == "KPI Missed"
    for col in A.CONV_COLS:
        assert num(rep, f"{col}{A.TOTAL}") == pytest.approx(sum(p[1] for p in paths), rel=1e-12)
    # paths
    assert num(pth, A.PATHS_FOUND) == len(paths)
    before, middle, after = D.text("paths_short", lang).split("{}")
    sentence = f"{before}{D.ATTR_PATH_ROWS:,}{middle}{len(paths) + A.PATH_FIRST - 1}{after}"
    assert pth.getCellRangeByName("C5").getString() == sentence
    assert rep.getCellRangeByName(f"C{A.PATHS_CHK}").getString() == sentence
    assert R.cf_style(pth, "B5") == "KPI Missed"
    assert R.cf_style(rep, f"B{A.PATHS_CHK}") == "KPI Missed"
    # spend
    assert num(rep, f"B{A.NO_SPEND}") == 20
    assert rep.getCellRangeByName(f"C{A.NO_SPEND}").getString() == D.text("spend_missing_note", lang)
    assert R.cf_style(rep, f"B{A.NO_SPEND}") == "KPI Missed"
