"""Seeded, realistic-size and realistically messy data for the template tests: what a shop's export
looks like when a user pastes it into a template (issue 18).

- orders(): ≥ 30,000 order lines of 8,000 customers over two years, several lines per order day for
  some customers, sorted by date as exports are, with a few empty lines inside.
- channels(): 7+ marketing channels with impressions … revenue, 7-digit revenue in total.
- survey(): 1,150 answers (0–10 and 1–5), a few empty lines inside.
- sources(): 9 lead sources of a B2B funnel (more than the funnel template's sample rows).
- arms(): a 4-variant test (visitors, orders, revenue per visitor mean and SD).
- shoppers(): per-visitor revenue during a test and in as many days before it (most visitors buy
  nothing; a buyer's propensity and order value persist), for the export sums of a 4-arm test and
  the CUPED sheet's visitor rows.

Everything is generated with numpy from a fixed seed; the tests compute the expected numbers
from these same rows with pandas / numpy / scipy, never from our functions.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

START = dt.date(2024, 1, 1)
END = dt.date(2025, 12, 31)        # two years of orders
CUSTOMERS = 8000


def serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def orders(seed: int = 18, customers: int = CUSTOMERS) -> list[tuple]:
    """Rows (customer_id, Calc serial date, amount); an empty line is ("", "", "").

    Each customer is acquired on a day of the two years (more in the first), buys at a rate from a
    Gamma distribution while alive and drops out after a purchase with a Beta-distributed chance
    (the BG/NBD story), spends around his or her own mean; 1 in 6 order days has 2–3 lines."""
    rng = np.random.default_rng(seed)
    days = (END - START).days + 1
    first = np.minimum((rng.beta(1.0, 1.6, customers) * days).astype(int), days - 1)
    rate = rng.gamma(0.7, 1 / 45.0, customers)          # purchases a day while alive
    drop = rng.beta(0.8, 2.5, customers)
    mean_spend = rng.gamma(4.0, 1 / 0.05, customers)   # around 80 a purchase
    ids = rng.choice(np.arange(100000, 999999), customers, replace=False)
    rows = []
    for c in range(customers):
        day = first[c]
        while day < days:
            for _ in range(1 if rng.random() > 1 / 6 else int(rng.integers(2, 4))):
                amount = round(float(rng.gamma(6.0, mean_spend[c] / 6.0)) + 0.99, 2)
                rows.append((int(ids[c]), serial(START) + int(day), amount))
            if rng.random() < drop[c]:
                break
            day += max(1, int(rng.exponential(1 / rate[c])))
    rows.sort(key=lambda r: (r[1], r[0]))
    out = [(float(c), float(d), a) for c, d, a in rows]
    for pos in sorted(rng.choice(np.arange(100, len(out) - 100), 6, replace=False), reverse=True):
        out.insert(int(pos), ("", "", ""))
    return out


def clean(rows):
    return [r for r in rows if r[0] != ""]


CHANNEL_NAMES = ("Paid search", "Paid social", "Display", "Email", "Affiliates", "Organic search",
                 "Referral", "Video", "Podcast")


def channels(n: int = 7, seed: int = 18) -> list[tuple]:
    """(name, impressions, clicks, sessions, leads, new customers, spend, revenue); revenue totals
    7 digits."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        impr = int(rng.integers(200_000, 4_000_000))
        clicks = int(impr * rng.uniform(0.005, 0.04))
        sessions = int(clicks * rng.uniform(0.8, 0.98))
        leads = int(sessions * rng.uniform(0.02, 0.08))
        new = int(leads * rng.uniform(0.1, 0.4))
        spend = round(float(rng.uniform(20_000, 180_000)), 0)
        revenue = round(float(spend * rng.uniform(1.2, 6.0)), 0)
        out.append((CHANNEL_NAMES[i % len(CHANNEL_NAMES)] + ("" if i < len(CHANNEL_NAMES) else f" {i}"),
                    impr, clicks, sessions, leads, new, spend, revenue))
    return out


SOURCE_NAMES = ("Google Ads – brand + generic", "LinkedIn sponsored content", "Webinars (own + partner)",
                "Content, SEO, newsletter", "Trade shows and field events", "Partner referrals",
                "G2 / Capterra review sites", "Outbound SDR sequences", "Podcast sponsorships (new)")


def sources(n: int = 9, seed: int = 18) -> list[tuple]:
    """(name, cost, leads, MQL, SQL, opportunities, won) of n lead sources of a B2B funnel over a
    quarter: 7-digit cost in total, long names; the last source is new and has no won deal yet."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        cost = round(float(rng.uniform(40_000, 260_000)), 0)
        leads = int(cost / rng.uniform(25, 160))
        mql = int(leads * rng.uniform(0.2, 0.55))
        sql = int(mql * rng.uniform(0.25, 0.6))
        opps = int(sql * rng.uniform(0.35, 0.7))
        won = 0 if i == n - 1 else int(opps * rng.uniform(0.15, 0.4))
        out.append((SOURCE_NAMES[i % len(SOURCE_NAMES)], cost, float(leads), float(mql), float(sql),
                    float(opps), float(won)))
    return out


def survey(n: int = 1150, seed: int = 18) -> list[tuple]:
    """(NPS answer 0–10, CSAT answer 1–5), a few empty lines inside; the answers after the
    1,000th are happier than the first thousand (so a cut at 1,000 moves NPS)."""
    rng = np.random.default_rng(seed)
    p_early = np.array([2, 1, 1, 2, 3, 5, 8, 14, 20, 22, 22], float)
    p_late = np.array([0, 0, 0, 0, 1, 1, 2, 6, 15, 30, 45], float)
    nps = np.concatenate([rng.choice(11, 1000, p=p_early / p_early.sum()),
                          rng.choice(11, n - 1000, p=p_late / p_late.sum())])
    csat = np.clip(np.round(nps / 2.5 + rng.normal(0.6, 0.7, n)), 1, 5)
    out = [(float(a), float(b)) for a, b in zip(nps, csat)]
    for pos in (120, 640, 1003):
        out.insert(pos, ("", ""))
    return out


def arms(k: int = 4, seed: int = 18) -> list[tuple]:
    """(visitors, orders, revenue-per-visitor mean, SD) of k arms; arm C (index 2) is best."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(k):
        visitors = int(rng.integers(24_500, 25_500))
        rate = 0.040 + (0.008 if i == 2 else 0.001 * i)
        orders_ = int(rng.binomial(visitors, rate))
        mean = round(orders_ / visitors * (61.0 + (4.0 if i == 2 else 0.0)), 4)
        out.append((visitors, orders_, mean, round(float(rng.uniform(14.0, 16.0)), 4)))
    return out


def shoppers(n: int, lift: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(revenue during the test, revenue before it, orders during it) of n visitors, in cents."""
    lam = rng.gamma(0.08, 0.6, n)
    mu = rng.normal(4.0, 0.4, n)
    k_pre, k = rng.poisson(2 * lam), rng.poisson(lam * (1 + lift))
    def revenue(counts):
        idx = np.repeat(np.arange(n), counts)
        values = np.round(rng.lognormal(mu[idx], 0.35), 2)
        return np.round(np.bincount(idx, weights=values, minlength=n), 2)
    return revenue(k), revenue(k_pre), k


def export_sums(k: int = 4, seed: int = 24) -> list[tuple]:
    """(visitors, orders, revenue, sum of squared revenue per visitor) of k arms of 24,000-26,000
    visitors, as an A/B tool exports them; the third arm (index 2) has +15 % revenue per visitor."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(k):
        n = int(rng.integers(24_000, 26_000))
        y, _, orders_ = shoppers(n, 0.15 if i == 2 else 0.01 * i, rng)
        out.append((n, int(orders_.sum()), round(float(y.sum()), 2), round(float((y * y).sum()), 2)))
    return out


def cuped_visitors(na: int = 35_000, nb: int = 33_000, seed: int = 25):
    """Visitor rows (revenue during, before) of arms A and B (+10 %), more rows than the sample holds
    and different lengths per arm."""
    rng = np.random.default_rng(seed)
    ya, xa, _ = shoppers(na, 0.0, rng)
    yb, xb, _ = shoppers(nb, 0.10, rng)
    return (ya, xa), (yb, xb)


# ---------------------------------------------------------------- independent computations

def rfm_weeks(rows, end_serial: float):
    """RFM per customer as lifetimes' summary_data_from_transaction_data with freq "D" and
    weeks (÷ 7): pandas DataFrame indexed by customer with x, tx, age (T), m (m: mean of the daily
    totals after the first day, 0 for a one-time buyer)."""
    import pandas as pd
    df = pd.DataFrame(clean(rows), columns=["c", "d", "a"])
    df = df[df.d <= end_serial]
    daily = df.groupby(["c", "d"], as_index=False).a.sum().sort_values(["c", "d"])
    g = daily.groupby("c")
    first, lastd, n = g.d.min(), g.d.max(), g.d.size()
    total = g.a.sum()
    first_amount = daily.drop_duplicates("c").set_index("c").a
    x = n - 1
    m = ((total - first_amount) / x.where(x > 0)).fillna(0.0)
    return pd.DataFrame({"x": x, "tx": (lastd - first) / 7, "age": (end_serial - first) / 7, "m": m})


def fit_bgnbd(x, tx, T):
    """Maximum likelihood of the BG/NBD model, the log-likelihood of Fader, Hardie & Lee (2005)
    eq. (6), by scipy Nelder–Mead on log parameters; returns r, alpha, a, b."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import gammaln, betaln

    x, tx, T = (np.asarray(v, float) for v in (x, tx, T))

    def nll(p):
        r, al, a, b = np.exp(p)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(al)
        a2 = betaln(a, b + x) - betaln(a, b)
        a3 = -(r + x) * np.log(al + T)
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(al + tx), -np.inf)
        return -np.sum(a1 + a2 + np.logaddexp(a3, a4)) / len(x)

    best = None
    for start in ([0.5, 5.0, 1.0, 3.0], [0.3, 3.0, 0.8, 2.5], [1.0, 10.0, 1.5, 6.0]):
        res = minimize(nll, np.log(start), method="L-BFGS-B")
        res = minimize(nll, res.x, method="Nelder-Mead",
                       options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 40000, "maxfev": 80000})
        if best is None or res.fun < best.fun:
            best = res
    return tuple(np.exp(best.x))


def fit_gg(x, m):
    """Maximum likelihood of the Gamma–Gamma spend model (Fader & Hardie note 025) on the repeat
    buyers; returns p, q, v."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import gammaln

    x, m = np.asarray(x, float), np.asarray(m, float)
    keep = x > 0
    x, m = x[keep], m[keep]

    def nll(par):
        p, q, v = np.exp(par)
        ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
              + p * x * np.log(x) - (p * x + q) * np.log(x * m + v))
        return -np.mean(ll)

    best = minimize(nll, np.log([2.0, 3.0, 50.0]), method="Nelder-Mead",
                    options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 20000, "maxfev": 40000})
    best = minimize(nll, best.x, method="Nelder-Mead",
                    options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 20000, "maxfev": 40000})
    return tuple(np.exp(best.x))


def bgnbd_alive(params, x, tx, T):
    import numpy as np
    r, al, a, b = params
    x, tx, T = (np.asarray(v, float) for v in (x, tx, T))
    odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300) * ((al + T) / (al + tx)) ** (r + x), 0.0)
    return 1 / (1 + odds)


def bgnbd_expected(params, x, tx, T, t):
    """E[Y(t) | x, tx, T], FHL 2005 eq. (10), with scipy.special.hyp2f1."""
    import numpy as np
    from scipy.special import hyp2f1
    r, al, a, b = params
    x, tx, T = (np.asarray(v, float) for v in (x, tx, T))
    if t == 0:
        return np.zeros_like(x)
    z = t / (al + T + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
    return num * bgnbd_alive(params, x, tx, T)


def clv(bg, gg, x, tx, T, m, months, d, u):
    """Σ_i spend · (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i, spend the Gamma–Gamma expectation."""
    import numpy as np
    p, q, v = gg
    x, m = np.asarray(x, float), np.asarray(m, float)
    spend = np.where(x > 0, (v * p + p * x * m) / (p * x + q - 1), v * p / (q - 1))
    total, before = np.zeros_like(x), np.zeros_like(x)
    for i in range(1, months + 1):
        now = bgnbd_expected(bg, x, tx, T, i * u)
        total += spend * (now - before) / (1 + d) ** i
        before = now
    return total


def cf_style(sheet, addr: str) -> str | None:
    """The style the conditional format of the cell `addr` applies now (first condition that holds),
    evaluated by Calc itself: each condition is written as a formula into a free cell of the sheet
    (conditions are read relative to the range's top-left cell: pass that cell)."""
    cell = sheet.getCellRangeByName(addr)
    entries = cell.ConditionalFormat
    probe = sheet.getCellRangeByName("AMJ1048576")
    ops = {"EQUAL": "=", "NOT_EQUAL": "<>", "GREATER": ">", "GREATER_EQUAL": ">=", "LESS": "<",
           "LESS_EQUAL": "<="}
    try:
        for i in range(entries.getCount()):
            e = entries.getByIndex(i)
            op = e.Operator.value
            if op == "FORMULA":
                probe.setFormula("=IF(" + e.Formula1 + ";1;0)")
            else:
                probe.setFormula(f"=IF({addr}{ops[op]}({e.Formula1});1;0)")
            if probe.getValue() == 1 and not probe.getError():
                return e.StyleName
        return None
    finally:
        probe.setString("")


# ---------------------------------------------------------------- channel attribution (issue 23)

ATTR_NAMES = ("Paid search", "Paid social", "Display", "Online video", "Organic search", "Affiliates", "Email",
              "Referral")


def touch_log(journeys: int = 60000, seed: int = 23, channels=ATTR_NAMES, stop: float = 0.42) -> list[tuple]:
    """A messy touch-log export: rows (journey id, channel, time, conversions, revenue) sorted by time,
    1–12 touches a journey over two quarters; about 1 % of the rows repeated exactly (a double export),
    6 empty lines ("", "", "", "", "") inside, 1 time in 20 typed as text ("2025-04-01 09:30"), and
    1 channel name in 25 in another case ("paid search"). Conversions and revenue on the last touch.
    Touches of a journey are at least 2 minutes apart (no ties to order); after each touch the journey
    ends with probability `stop` (at most 12 touches)."""
    rng = np.random.default_rng(seed)
    k = len(channels)
    first_p = rng.dirichlet(np.ones(k) * 2.0)
    nxt = rng.dirichlet(np.ones(k) * 0.8, size=k)
    lift = rng.uniform(0.0, 0.08, k)
    first_cum, nxt_cum = np.cumsum(first_p), np.cumsum(nxt, axis=1)

    def pick(cum) -> int:
        return min(k - 1, int(np.searchsorted(cum, rng.random(), side="right")))

    start = serial(dt.date(2025, 1, 1))
    rows = []
    for j in range(journeys):
        n = min(12, int(rng.geometric(stop)))
        path = [pick(first_cum)]
        while len(path) < n:
            path.append(pick(nxt_cum[path[-1]]))
        p = min(0.6, 0.005 + lift[sorted(set(path))].sum() + 0.004 * n)
        converted = rng.random() < p
        minute = int(rng.integers(0, 170 * 1440))
        for i, c in enumerate(path):
            if i:
                minute += 2 + int(rng.exponential(2.0 * 1440))
            conv = 1.0 if converted and i == n - 1 else 0.0
            value = round(float(rng.gamma(3.0, 60.0)) + 9.99, 2) if conv else 0.0
            name = channels[c].lower() if rng.random() < 0.04 else channels[c]
            rows.append((float(500000 + j), name, minute, conv, value))
    rows.sort(key=lambda r: (r[2], r[0]))
    out = []
    for ident, name, minute, conv, value in rows:
        t = start + minute / 1440
        if rng.random() < 0.05:
            d = dt.date(1899, 12, 30) + dt.timedelta(days=start + minute // 1440)
            t = f"{d.isoformat()} {minute % 1440 // 60:02d}:{minute % 60:02d}"
        out.append((ident, name, t, conv, value))
        if rng.random() < 0.01:
            out.append((ident, name, t, conv, value))
    for pos in sorted(rng.choice(np.arange(100, len(out) - 100), 6, replace=False), reverse=True):
        out.insert(int(pos), ("", "", "", "", ""))
    return out


def time_value(t) -> float:
    """A touch time as Calc reads it: a serial, or a text "YYYY-MM-DD HH:MM" as its serial."""
    if isinstance(t, str):
        d, hm = t.split(" ")
        h, m = hm.split(":")
        return serial(dt.date.fromisoformat(d)) + (int(h) * 60 + int(m)) / 1440
    return float(t)


def paths_reference(rows, sep: str = " > "):
    """Plain Python PATHS: journeys in the order their id first appears, touches by time (ties in row
    order), channels matched ignoring case and shown in their first spelling; one row per distinct path
    (first-seen order): [path, conversions, revenue, journeys without conversion]."""
    spelling, journeys = {}, {}
    for row in rows:
        if row[0] == "":
            continue
        ident, name, t, conv, value = row
        key = str(name).strip().casefold()
        spelling.setdefault(key, str(name).strip())
        journeys.setdefault(ident, []).append((time_value(t), key, conv, value))
    out, index = [], {}
    for touches in journeys.values():
        touches = sorted(touches, key=lambda x: x[0])  # stable: ties keep row order
        path = sep.join(spelling[x[1]] for x in touches)
        conv = sum(x[2] for x in touches)
        value = sum(x[3] for x in touches)
        if path.casefold() not in index:
            index[path.casefold()] = len(out)
            out.append([path, 0.0, 0.0, 0])
        r = out[index[path.casefold()]]
        r[1] += conv
        r[2] += value
        r[3] += conv == 0
    return out


def attribution_reference(paths, model: str, sep: str = ">"):
    """{channel (casefolded): (credited conversions, credited value)} in first-seen order, from rows
    [path, conversions, value, nulls]. Rule-based models in plain Python; "markov": the first-order
    chain over start, channels, conversion and null (each path adds conversions + nulls to every
    transition along it), each channel's removal effect by solving the chain again with the channel
    redirected to null (numpy.linalg.solve), credit = total × RE / ΣRE."""
    seqs = [[c.strip().casefold() for c in p.split(sep)] for p, *_ in paths]
    order = list(dict.fromkeys(c for s in seqs for c in s))
    credit = {c: [0.0, 0.0] for c in order}
    if model != "markov":
        for s, (_, conv, value, _n) in zip(seqs, paths):
            n = len(s)
            if model == "first":
                shares = [1.0] + [0.0] * (n - 1)
            elif model == "last":
                shares = [0.0] * (n - 1) + [1.0]
            elif model == "linear":
                shares = [1.0 / n] * n
            elif n <= 2:
                shares = [1.0 / n] * n
            else:
                shares = [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]
            for c, w in zip(s, shares):
                credit[c][0] += conv * w
                credit[c][1] += value * w
        return {c: tuple(v) for c, v in credit.items()}
    k = len(order)
    idx = {c: i for i, c in enumerate(order)}
    w = np.zeros((k, k))
    to_conv, to_null, start = np.zeros(k), np.zeros(k), np.zeros(k)
    for s, (_, conv, value, nulls) in zip(seqs, paths):
        weight = conv + nulls
        start[idx[s[0]]] += weight
        for a, b in zip(s, s[1:]):
            w[idx[a], idx[b]] += weight
        to_conv[idx[s[-1]]] += conv
        to_null[idx[s[-1]]] += nulls

    def p_conversion(removed=None):
        out = w.sum(axis=1) + to_conv + to_null
        q = np.divide(w, out[:, None], out=np.zeros_like(w), where=out[:, None] > 0)
        b = np.divide(to_conv, out, out=np.zeros(k), where=out > 0)
        if removed is not None:
            q[removed, :] = 0.0
            b[removed] = 0.0
        x = np.linalg.solve(np.eye(k) - q, b)
        return start @ x / start.sum()

    base = p_conversion()
    re = np.array([1.0 - p_conversion(i) / base for i in range(k)])
    total_conv = sum(r[1] for r in paths)
    total_value = sum(r[2] for r in paths)
    return {c: (total_conv * re[i] / re.sum(), total_value * re[i] / re.sum()) for i, c in enumerate(order)}
