#!/usr/bin/env python3
"""How the BG/NBD sweep references in test_predictive.cpp were computed (run once, values pasted).
Needs mpmath (Debian python3-mpmath; --mbg also numpy and scipy). Run from anywhere with /usr/bin/python3:
  ref_predictive.py          the 160-point sweep (kSweep), ~1-2 min
  ref_predictive.py --issue  the large-r cases of issue 25 and the CLVBGNBD sweep (kClvSweep)
  ref_predictive.py --mbg    MBG/NBD: scipy MLE on CDNOW and the small sample, mpmath closed forms

E_{p~Beta(a,b')}[(1 - (a'/(a'+p t))^r')/p] by the closed form (FHL 2005 eq. 9/10)
(a+b'-1)/(a-1) * (1 - (a'/(a'+t))^r' 2F1(r', b'; a+b'-1; t/(a'+t))) at 50 digits (mpmath's
hyp2f1 controls its own error; a = 1 as the mean of a = 1 +- 1e-25), and where hyp2f1 does not
converge by mp.quad of the same mixture. Every point is also recomputed at 80 digits
(and by mp.quad in p for every 5th) and must agree to 1e-18."""
import random
import mpmath as mp

mp.mp.dps = 50


def closed(r, al, a, b, t):
    z = t / (al + t)

    def cf(a):
        return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r * mp.hyp2f1(r, b, a + b - 1, z, maxterms=10**6))

    if a == 1:
        return (cf(a + mp.mpf(10) ** -25) + cf(a - mp.mpf(10) ** -25)) / 2
    return cf(a)


def quad(r, al, a, b, t):
    """The same mixture by mp.quad; when a < 1 (b < 1) with p = v^(1/a) below 1/2 (1 - p = v^(1/b)
    above), so the endpoint singularity of the Beta weight becomes flat (p^(a-1) dp = dv/a)."""
    y = t / al
    lb = mp.log(mp.beta(a, b))

    def h(p):
        return (-mp.expm1(-r * mp.log1p(p * y))) / p

    def plain(p):
        return mp.exp((a - 1) * mp.log(p) + (b - 1) * mp.log1p(-p) - lb) * h(p)

    def left(v):  # p = v^(1/a)
        p = v ** (1 / a)
        return mp.exp((b - 1) * mp.log1p(-p) - lb) * h(p) / a

    def right(v):  # 1 - p = v^(1/b)
        q = v ** (1 / b)
        return mp.exp((a - 1) * mp.log1p(-q) - lb) * h(1 - q) / b

    m = a / (a + b)
    sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    pts = [1 / (1 + (r + 1) * y), m, m - 3 * sd, m + 3 * sd, m - 8 * sd, m + 8 * sd, 1 / (a + b)]
    half = mp.mpf(1) / 2
    lp = sorted(set([mp.mpf(0), half] + [x for x in pts if 0 < x < half]))
    rp = sorted(set([half, mp.mpf(1)] + [x for x in pts if half < x < 1]))
    if a < 1:  # only then is p^(a-1) singular
        v1, e1 = mp.quad(left, [x ** a for x in lp], maxdegree=10, error=True)
    else:
        v1, e1 = mp.quad(plain, lp, maxdegree=10, error=True)
    if b < 1:
        v2, e2 = mp.quad(right, sorted((1 - x) ** b for x in rp), maxdegree=10, error=True)
    else:
        v2, e2 = mp.quad(plain, rp, maxdegree=10, error=True)
    assert e1 + e2 < mp.mpf(10) ** -18 * (v1 + v2), (e1, e2, v1, v2)
    return v1 + v2


def mix(r, al, a, b, t, check=False):
    r, al, a, b, t = map(mp.mpf, (r, al, a, b, t))
    if t == 0:
        return mp.mpf(0)
    try:
        v = closed(r, al, a, b, t)
        with mp.workdps(80):
            w = closed(r, al, a, b, t)
        assert abs(v / w - 1) < mp.mpf(10) ** -18, (v, w)
        if check:
            q = quad(r, al, a, b, t)
            assert abs(q / w - 1) < mp.mpf(10) ** -18, ("quad", w, q)
        return w
    except mp.libmp.NoConvergence:
        v = quad(r, al, a, b, t)
        with mp.workdps(60):
            w = quad(r, al, a, b, t)
        assert abs(v / w - 1) < mp.mpf(10) ** -18, (v, w)
        return w


def alive(r, al, a, b, x, tx, T):
    if x == 0:
        return mp.mpf(1)
    r, al, a, b, x, tx, T = map(mp.mpf, (r, al, a, b, x, tx, T))
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def expected(r, al, a, b, x, tx, T, t, check=False):
    return alive(r, al, a, b, x, tx, T) * mix(r + x, mp.mpf(al) + T, a, mp.mpf(b) + x, t, check)


def lu(rng, lo, hi):  # log-uniform, 3 significant digits
    return float(mp.nstr(mp.mpf(10) ** rng.uniform(mp.log10(lo), mp.log10(hi)), 3))


if __name__ == "__main__" and len(__import__("sys").argv) == 1:
    rng = random.Random(25)
    print("// r, alpha, a, b, x, t_x, T, t, mpmath E")
    for k in range(160):
        r, al, a, b = lu(rng, 1e-3, 1e4), lu(rng, 1e-2, 1e4), lu(rng, 1e-2, 1e3), lu(rng, 1e-2, 1e3)
        if k % 8 == 0:
            a = 1.0
        if k % 2 == 0:  # a new customer
            x = tx = T = 0
        else:
            T = lu(rng, 1e-2, 1e4)
            x = int(lu(rng, 1, 2000)) - 1
            tx = 0 if x == 0 else float('%.3g' % (T * rng.random()))
        t = lu(rng, 1e-2, 1e4)
        e = expected(r, al, a, b, x, tx, T, t, check=(k % 5 == 0))
        es = mp.nstr(e, 17) if e > 1e-300 else "0.0 /* mpmath %s: underflows */" % mp.nstr(e, 17)
        print("    {%r, %r, %r, %r, %r, %r, %r, %r, %s}," % (r, al, a, b, x, tx, T, t, es))


def clv(bg, gg, x, tx, T, m, months, d, u):
    """CLVBGNBD: spend * sum_i (E(i u) - E((i-1) u)) / (1+d)^i, GGSPEND (v p + p x m)/(p x + q - 1)."""
    r, al, a, b = bg
    p, q, v = map(mp.mpf, gg)
    spend = (v * p + p * x * mp.mpf(m)) / (p * x + q - 1)
    e = [expected(r, al, a, b, x, tx, T, i * mp.mpf(u)) for i in range(months + 1)]
    return spend * mp.fsum((e[i] - e[i - 1]) / (1 + mp.mpf(d)) ** i for i in range(1, months + 1))


def issue_cases():
    """Large-r cases where the 2F1 series cancelled (issue 25 item 3)."""
    print("new", mp.nstr(mix(500, 30, 0.5, 2, 100), 17))
    print("new", mp.nstr(mix(100, 10, 1.5, 3, 50), 17))
    print("expected", mp.nstr(expected(100, 10, 1.5, 3, 5, 29.5, 30, 50), 17))
    print("expected", mp.nstr(expected(300, 20, 0.8, 2.5, 3, 38.5, 39, 52), 17))
    print("clv", mp.nstr(clv((100, 10, 1.5, 3), (6.25, 3.74, 15.44), 5, 29.5, 30, 22.35, 12, 0.01, 4.345), 17))
    print("clv", mp.nstr(clv((300, 20, 0.8, 2.5), (6.25, 3.74, 15.44), 3, 38.5, 39, 22.35, 24, 0.0, 4.345), 17))
    rng = random.Random(2025)
    print("// clv sweep: r, alpha, a, b, x, t_x, T, months, discount, units, mpmath CLV (gg {6.25, 3.74, 15.44}, m 22.35)")
    for k in range(12):
        r, al, a, b = lu(rng, 1e-3, 1e4), lu(rng, 1e-2, 1e4), lu(rng, 1e-2, 1e3), lu(rng, 1e-2, 1e3)
        T = lu(rng, 1e-2, 1e3)
        x = int(lu(rng, 1, 200)) - 1
        tx = 0 if x == 0 else float('%.3g' % (T * rng.random()))
        months, d, u = rng.choice([1, 12, 36]), rng.choice([0.0, 0.01, 0.05]), rng.choice([1, 4.345, 30])
        c = clv((r, al, a, b), (6.25, 3.74, 15.44), x, tx, T, 22.35, months, d, u)
        print("    {%r, %r, %r, %r, %r, %r, %r, %r, %r, %r, %s}," % (r, al, a, b, x, tx, T, months, d, u, mp.nstr(c, 17)))
if __name__ == "__main__" and "--issue" in __import__("sys").argv:
    issue_cases()


def mbg_cases():
    """MBG/NBD (lifetimes ModifiedBetaGeoFitter formulas): scipy MLE on CDNOW, mpmath closed forms
    E[X(t)] = b/(a-1) (1 - 2F1(r, b+1; a+b; t/(al+t)) (al/(al+t))^r),
    E[Y(t)|x,tx,T] = (a+b+x)/(a-1) (1 - 2F1(r+x, b+x+1; a+b+x; z) ((al+T)/(al+T+t))^(r+x)) * P(alive),
    P(alive) = 1 / (1 + a/(b+x) ((al+T)/(al+tx))^(r+x))."""
    import numpy as np
    from scipy import optimize, special
    d = np.loadtxt(__file__.rsplit("/", 3)[0] + "/tests/data/cdnow/cdnow_summary_weeks.csv", delimiter=",", skiprows=1)
    x, tx, T = d[:, 1], d[:, 2], d[:, 3]

    def nll(u):
        r, al, a, b = np.exp(u)
        A4 = np.log(a) - np.log(b + x) + (r + x) * (np.log(al + T) - np.log(al + tx))
        ll = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(al) + special.gammaln(a + b)
              + special.gammaln(b + x + 1) - special.gammaln(b) - special.gammaln(a + b + x + 1)
              - (r + x) * np.log(al + T) + np.logaddexp(0, A4))
        return -ll.mean()

    u = optimize.minimize(nll, np.zeros(4), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000}).x
    u = optimize.minimize(nll, u, method="BFGS", options={"gtol": 1e-11}).x
    print("mbgfit cdnow", [repr(v) for v in np.exp(u)])
    # The 25-customer sample of the BGNBDFIT example.
    x = np.array([1, 2, 2, 5, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 5, 3, 4, 0, 6, 1, 0, 0], float)
    tx = np.array([8, 2, 20, 26, 6, 0, 0, 18, 20, 0, 0, 18, 0, 2, 0, 0, 0, 26, 18, 20, 0, 24, 31, 0, 0], float)
    T = np.array([30, 32, 27, 33, 37, 29, 23, 29, 30, 39, 29, 36, 29, 25, 22, 20, 20, 26, 34, 23, 24, 29, 36, 36, 33], float)
    u = optimize.minimize(nll, np.zeros(4), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000}).x
    u = optimize.minimize(nll, u, method="BFGS", options={"gtol": 1e-11}).x
    print("mbgfit small", [repr(v) for v in np.exp(u)])

    def new(r, al, a, b, t):
        r, al, a, b, t = map(mp.mpf, (r, al, a, b, t))
        return b / (a - 1) * (1 - mp.hyp2f1(r, b + 1, a + b, t / (al + t)) * (al / (al + t)) ** r)

    def alive_m(r, al, a, b, x, tx, T):
        r, al, a, b, x, tx, T = map(mp.mpf, (r, al, a, b, x, tx, T))
        return 1 / (1 + a / (b + x) * ((al + T) / (al + tx)) ** (r + x))

    def cond(r, al, a, b, x, tx, T, t):
        r, al, a, b, x, tx, T, t = map(mp.mpf, (r, al, a, b, x, tx, T, t))
        z = t / (al + T + t)
        e = (a + b + x) / (a - 1) * (1 - mp.hyp2f1(r + x, b + x + 1, a + b + x, z) * ((al + T) / (al + T + t)) ** (r + x))
        return e * alive_m(r, al, a, b, x, tx, T)

    P = (0.525, 6.183, 0.891, 1.614)
    print("mbg new", [mp.nstr(new(*P, t), 17) for t in (0.1429, 1, 3, 31.8571, 32, 78)])
    print("mbg cond", mp.nstr(cond(*P, 2, 30.43, 38.86, 39), 17), mp.nstr(cond(*P, 0, 0, 38.86, 39), 17))
    print("mbg alive", mp.nstr(alive_m(*P, 2, 30.43, 38.86), 17), mp.nstr(alive_m(*P, 0, 0, 38.86), 17))
    Q = (2.5, 8.0, 3.2, 5.5)  # a > 1
    print("mbg Q", mp.nstr(new(*Q, 20), 17), mp.nstr(cond(*Q, 4, 20, 26, 13), 17), mp.nstr(alive_m(*Q, 4, 20, 26), 17))
    R = (300, 20, 1.8, 2.5)  # large r
    print("mbg R", mp.nstr(new(*R, 52), 17), mp.nstr(cond(*R, 3, 38.5, 39, 52), 17))


if __name__ == "__main__" and "--mbg" in __import__("sys").argv:
    mbg_cases()
