"""Issue 24 in the A/B report template: revenue per visitor from export sums with P(best) and expected
loss, the planning of a mean metric, the "look any day" (sequential) blocks with their decision in words,
and the CUPED sheet fed by visitor rows. Every number against an independent computation (numpy, scipy,
statsmodels; the sequential interval by the published formula of GrowthBook's gbstats, as
tests/unit/ref_issue24.py), on the sample data and on a realistic fill pasted through the API (4 arms,
tens of thousands of visitor rows with empty lines inside, more than the sample holds); each check is
shown to fire with its sentence (issue 18)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

import realistic_data as R
import template_data as D
from test_templates_realistic import num, open_template, paste, recalc  # noqa: F401  (open_template: a fixture)

REPORT, RPV, CUPED = 0, 3, 4                 # sheet indexes in the A/B report
FIRST, LAST = 8, 27                          # arms table of the revenue-per-visitor sheet
C0, DECIDE, P0 = 32, 52, 55                  # its comparisons (arms 2…20), decision, planning block
CF = D.AB_CUPED_FIRST


def gbstats_seq(d: float, v: float, n: float, planned: float, conf: float):
    """GrowthBook's sequential interval (gbstats, Waudby-Smith et al.) and always-valid p-value:
    difference d with variance v of the difference, n observations in both arms, tuned to `planned`."""
    alpha = 1 - conf
    rho = np.sqrt((-2 * np.log(alpha) + np.log(-2 * np.log(alpha) + 1)) / planned)
    hw = np.sqrt(n * v) * np.sqrt(2 * (n * rho**2 + 1) / (n**2 * rho**2) * np.log(np.sqrt(n * rho**2 + 1) / alpha))
    e = np.exp(rho**2 * n * d**2 / (2 * v * (n * rho**2 + 1))) / np.sqrt(n * rho**2 + 1)
    return d - hw, d + hw, min(1.0, 1 / e)


def mean_sd(n, total, sumsq):
    """Mean and sample SD from count, sum and sum of squares (numpy, two-pass is impossible from sums)."""
    mean = total / n
    return mean, float(np.sqrt((sumsq - n * mean * mean) / (n - 1)))


def posterior(arms):
    return [stats.norm(m, s / np.sqrt(n)) for m, s, n in arms]


def prob_best_and_loss(arms):
    """P(each arm's true mean is the highest) and E[max_j μ_j − μ_k], μ_k ~ Normal(mean, sd²/n),
    by scipy quadrature of the density of the maximum."""
    post = posterior(arms)
    lo = min(d.ppf(1e-13) for d in post)
    hi = max(d.ppf(1 - 1e-13) for d in post)
    pts = sorted(d.mean() for d in post)

    def others(x, i):
        return np.prod([e.cdf(x) for j, e in enumerate(post) if j != i])
    best = [integrate.quad(lambda x, i=i: post[i].pdf(x) * others(x, i), lo, hi, points=pts, limit=400,
                           epsabs=1e-13)[0] for i in range(len(post))]
    e_max = sum(integrate.quad(lambda x, i=i: x * post[i].pdf(x) * others(x, i), lo, hi, points=pts, limit=400,
                               epsabs=1e-13, epsrel=1e-12)[0] for i in range(len(post)))
    return best, [e_max - d.mean() for d in post]


def cuped_reference(ya, xa, yb, xb, conf):
    """ABCUPED's result by its definition: θ the pooled OLS slope of y on x over both arms (statsmodels),
    then the adjusted means, Welch-type normal interval and the variance reduction (numpy, scipy)."""
    import statsmodels.api as sm
    x, y = np.concatenate([xa, xb]), np.concatenate([ya, yb])
    theta = sm.OLS(y, sm.add_constant(x)).fit().params[1]
    d = (yb.mean() - theta * (xb.mean() - x.mean())) - (ya.mean() - theta * (xa.mean() - x.mean()))
    var = np.var(ya - theta * xa, ddof=1) / len(ya) + np.var(yb - theta * xb, ddof=1) / len(yb)
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    se = np.sqrt(var)
    raw = np.var(ya, ddof=1) / len(ya) + np.var(yb, ddof=1) / len(yb)
    return [d, d - z * se, d + z * se, 2 * stats.norm.sf(abs(d) / se), 1 - var / raw]


def row(sheet, rng: str) -> list[float]:
    cells = sheet.getCellRangeByName(rng)
    out = []
    for c in range(cells.Columns.getCount()):
        cell = cells.getCellByPosition(c, 0)
        assert not cell.getError(), (rng, c, cell.getError())
        out.append(cell.getValue())
    return out


def text(sheet, addr: str) -> str:
    return sheet.getCellRangeByName(addr).getString()


# ---------------------------------------------------------------- two-arm report: look any day

@pytest.mark.parametrize("lang", D.LANGS)
def test_report_look_any_day_on_the_sample(open_template, lang):
    doc = open_template(lang, "ab-test-report")
    rep = doc.Sheets.getByIndex(REPORT)
    recalc(doc)
    days = D.ab_daily()
    va, ca = sum(r[1] for r in days), sum(r[2] for r in days)
    vb, cb = sum(r[3] for r in days), sum(r[4] for r in days)
    pa, pb = ca / va, cb / vb
    lo, hi, p = gbstats_seq(pb - pa, pa * (1 - pa) / va + pb * (1 - pb) / vb, va + vb, D.AB_SEQ_PLANNED_TOTAL,
                            D.AB_SETTINGS["confidence"])
    assert row(rep, "B40:C40") == pytest.approx([lo, hi], rel=1e-9, abs=1e-12)
    assert num(rep, "B41") == pytest.approx(p, rel=1e-9)
    want = "seq_b" if lo > 0 else "seq_a" if hi < 0 else "seq_wait"
    assert text(rep, "B42") == D.text(want, lang)
    # the always-valid p-value is below alpha exactly when the interval excludes 0
    assert (p < 1 - D.AB_SETTINGS["confidence"]) == (lo > 0 or hi < 0)


def test_report_look_any_day_decides_when_the_interval_excludes_zero(open_template):
    doc = open_template("en", "ab-test-report")
    rep = doc.Sheets.getByIndex(REPORT)
    daily = doc.Sheets.getByIndex(1)
    recalc(doc)
    tot = 2 + D.AB_DAYS
    # a realistic strong winner: B converts at 5.2 % vs 4.1 % over the same visitors
    vb = num(daily, f"D{tot}")
    daily.getCellRangeByName(f"E{tot}").setFormula(f"=ROUND({vb}*0.052;0)")
    recalc(doc)
    va, ca, cb = num(rep, "B17"), num(rep, "C17"), num(rep, "C18")
    pa, pb = ca / va, cb / vb
    lo, hi, p = gbstats_seq(pb - pa, pa * (1 - pa) / va + pb * (1 - pb) / vb, va + vb, D.AB_SEQ_PLANNED_TOTAL, 0.95)
    assert lo > 0
    assert row(rep, "B40:C40") == pytest.approx([lo, hi], rel=1e-9)
    assert num(rep, "B41") == pytest.approx(p, rel=1e-9)
    assert text(rep, "B42") == D.text("seq_b", "en")
    assert R.cf_style(rep, "B42") == "KPI Good"


# ---------------------------------------------------------------- revenue per visitor from export sums

def check_rpv_sheet(sh, arms, conf, planned, mde, power):
    """Every number of the revenue-per-visitor sheet against numpy / scipy / statsmodels."""
    ms = [mean_sd(n, s, q) for n, _, s, q in arms]
    k = len(arms)
    assert num(sh, "B6") == k
    for i, ((n, o, s, q), (m, sd)) in enumerate(zip(arms, ms)):
        r = FIRST + i
        assert num(sh, f"F{r}") == pytest.approx(m, rel=1e-12)
        assert num(sh, f"G{r}") == pytest.approx(sd, rel=1e-9)
        assert num(sh, f"H{r}") == pytest.approx(o / n, rel=1e-12)
    best, loss = prob_best_and_loss([(m, sd, a[0]) for (m, sd), a in zip(ms, arms)])
    assert [num(sh, f"I{FIRST + i}") for i in range(k)] == pytest.approx(best, abs=1e-7)
    assert [num(sh, f"J{FIRST + i}") for i in range(k)] == pytest.approx(loss, rel=1e-6, abs=1e-9)
    assert text(sh, f"I{FIRST + k}") == ""
    (ma, sa), (na, oa) = ms[0], arms[0][:2]
    verdicts = []
    for i in range(1, k):
        r = C0 + i - 1
        (mb, sb), (nb, ob) = ms[i], arms[i][:2]
        lo, hi, _ = gbstats_seq(mb - ma, sa**2 / na + sb**2 / nb, na + nb, 2 * planned, conf)
        assert row(sh, f"B{r}:D{r}") == pytest.approx([mb - ma, lo, hi], rel=1e-9)
        pa, pb = oa / na, ob / nb
        clo, chi, cp = gbstats_seq(pb - pa, pa * (1 - pa) / na + pb * (1 - pb) / nb, na + nb, 2 * planned, conf)
        assert row(sh, f"E{r}:H{r}") == pytest.approx([pb - pa, clo, chi, cp], rel=1e-9)
        verdicts.append("v_better" if lo > 0 else "v_worse" if hi < 0 else "v_open")
    assert text(sh, f"A{C0 + k - 1}") == ""
    # planning from the control: closed form with scipy quantiles, and statsmodels' normal power
    from statsmodels.stats.power import NormalIndPower
    zz = stats.norm.ppf(1 - (1 - conf) / 2) + stats.norm.ppf(power)
    need = 2 * zz**2 * sa**2 / (mde * ma) ** 2
    assert num(sh, f"B{P0 + 5}") == pytest.approx(need, rel=1e-9)
    assert num(sh, f"B{P0 + 5}") == pytest.approx(
        NormalIndPower().solve_power(effect_size=mde * ma / sa, alpha=1 - conf, power=power), rel=1e-4)
    assert num(sh, f"B{P0 + 6}") == pytest.approx(zz * sa * np.sqrt(2 / planned) / ma, rel=1e-9)
    return ms, verdicts


@pytest.mark.parametrize("lang", D.LANGS)
def test_rpv_sheet_on_the_sample(open_template, lang):
    doc = open_template(lang, "ab-test-report")
    sh = doc.Sheets.getByIndex(RPV)
    recalc(doc)
    arms = [a[1:] for a in D.ab_rpv_arms()]
    ms, verdicts = check_rpv_sheet(sh, arms, D.AB3_CONFIDENCE, D.AB_RPV_PLANNED, D.AB_RPV_MDE, D.AB_RPV_POWER)
    assert text(sh, "C6") == D.text("ab_ok", lang)
    assert [text(sh, f"I{C0 + i}") for i in range(len(verdicts))] == [D.text(v, lang) for v in verdicts]
    assert text(sh, f"B{DECIDE}") == D.text("seq_wait", lang)  # the sample: no arm decided yet


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_rpv_sheet_realistic_four_arms(open_template, lang):
    """A 4-arm export (about 25,000 visitors per arm) pasted over the sample: all four arms read, the
    winner named by formula; then an empty row between the arms fires the check."""
    doc = open_template(lang, "ab-test-report")
    sh = doc.Sheets.getByIndex(RPV)
    arms = R.export_sums()
    names = ["Control", "Blue button", "Free shipping", "Bigger photos"]
    paste(sh, (0, FIRST - 1), [(nm, float(n), float(o), s, q) for nm, (n, o, s, q) in zip(names, arms)],
          f"A{FIRST}:E{LAST}")
    recalc(doc)
    conf = num(sh, "B4")
    ms, verdicts = check_rpv_sheet(sh, arms, conf, num(sh, "B5"), num(sh, f"B{P0 + 1}"), num(sh, f"B{P0 + 2}"))
    assert verdicts[1] == "v_better", "the data are meant to have a winner at this look"
    better = [i for i, v in enumerate(verdicts) if v == "v_better"]
    win = max(better, key=lambda i: ms[1 + i][0])
    assert text(sh, f"B{DECIDE}") == D.text("rpv_ship", lang).format(names[1 + win])
    assert R.cf_style(sh, f"B{DECIDE}") == "KPI Good"

    sh.getCellRangeByName(f"A{FIRST + 5}:E{FIRST + 5}").setDataArray((("Late arm", 25000.0, 1200.0, 75000.0,
                                                                      1.0e7),))
    recalc(doc)
    assert text(sh, "C6") == D.text("ab_short", lang)
    assert R.cf_style(sh, "B6") == "KPI Missed"
    assert text(sh, f"B{DECIDE}") == D.text("ab_short", lang)
    assert R.cf_style(sh, f"B{DECIDE}") == "KPI Missed"

    # a 21st arm typed under the 20-row table (over its note) is not read: the check says so
    sh.getCellRangeByName(f"A{FIRST + 5}:E{FIRST + 5}").clearContents(7)
    recalc(doc)
    assert text(sh, "C6") == D.text("ab_ok", lang)
    sh.getCellRangeByName(f"A{LAST + 1}:E{LAST + 1}").setDataArray((("Arm 21", 25000.0, 1200.0, 75000.0, 1.0e7),))
    recalc(doc)
    assert text(sh, "C6") == D.text("ab_short", lang)
    assert R.cf_style(sh, "B6") == "KPI Missed"


# ---------------------------------------------------------------- CUPED from visitor rows

@pytest.mark.parametrize("lang", D.LANGS)
def test_cuped_sheet_on_the_sample(open_template, lang):
    doc = open_template(lang, "ab-test-report")
    sh = doc.Sheets.getByIndex(CUPED)
    recalc(doc)
    a, b = (np.array(arm) for arm in D.ab_cuped_rows())
    want = cuped_reference(a[:, 0], a[:, 1], b[:, 0], b[:, 1], D.AB3_CONFIDENCE)
    assert row(sh, "F13:J13") == pytest.approx(want, rel=1e-9)
    n = D.AB_CUPED_VISITORS
    assert row(sh, "G7:H7") == [CF + n - 1] * 2
    assert row(sh, "G8:H8") == [n, n]
    assert row(sh, "G9:H9") == [0, 0]
    assert text(sh, "F10") == D.text("cup_ok", lang)
    assert num(sh, "J17") == pytest.approx(1 / (1 - want[4]), rel=1e-9)
    raw_half = stats.norm.ppf(0.975) * np.sqrt(np.var(a[:, 0], ddof=1) / n + np.var(b[:, 0], ddof=1) / n)
    assert num(sh, "J16") == pytest.approx(raw_half, rel=1e-9)
    assert text(sh, "F20") == D.text("cup_b" if want[1] > 0 else "cup_a" if want[2] < 0 else "d3_none", lang)


def test_cuped_sheet_realistic_rows(open_template):
    """35,000 and 33,000 visitor rows (more than the sample, different lengths, empty lines inside)
    pasted over the sample: every row read; a row with one value only fires the check; too few rows too."""
    doc = open_template("en", "ab-test-report")
    sh = doc.Sheets.getByIndex(CUPED)
    (ya, xa), (yb, xb) = R.cuped_visitors()
    na, nb = len(ya), len(yb)
    rows = [[float(ya[i]), float(xa[i]), float(yb[i]) if i < nb else "", float(xb[i]) if i < nb else ""]
            for i in range(na)]
    for gap in (500, 12_000, 30_000):  # empty lines inside: skipped, later rows still read
        rows.insert(gap, ["", "", "", ""])
    paste(sh, (0, CF - 1), rows, f"A{CF}:D{CF + D.AB_CUPED_VISITORS}")
    secs = recalc(doc)
    assert row(sh, "G8:H8") == [na, nb]
    assert row(sh, "G7:H7") == [CF + na + 2, CF + nb + 2]  # 3 empty lines inside both
    assert row(sh, "F13:J13") == pytest.approx(cuped_reference(ya, xa, yb, xb, 0.95), rel=1e-9)
    assert text(sh, "F10") == D.text("cup_ok", "en")
    assert text(sh, "F20") == D.text("cup_b", "en")
    print(f"CUPED realistic fill: hard recalc {secs:.2f} s")

    # a visitor with the revenue during the test but no pre-period value: left out, and said so in red
    sh.getCellRangeByName(f"B{CF + 40_000}").setString("")
    sh.getCellRangeByName(f"A{CF + 40_000}").setValue(12.5)
    recalc(doc)
    assert row(sh, "G9:H9") == [1, 0]
    assert text(sh, "F10") == D.text("cup_missing", "en")
    assert R.cf_style(sh, "F10") == "KPI Missed"
    assert row(sh, "F13:J13") == pytest.approx(cuped_reference(ya, xa, yb, xb, 0.95), rel=1e-9)

    sh.getCellRangeByName(f"C{CF}:D{CF + 40_000}").clearContents(7)
    sh.getCellRangeByName(f"C{CF}:D{CF}").setDataArray(((3.0, 1.0),))
    recalc(doc)
    assert text(sh, "F10") == D.text("cup_few", "en")
    assert text(sh, "F20") == D.text("cup_few", "en")
    assert R.cf_style(sh, "F10") == "KPI Missed"
