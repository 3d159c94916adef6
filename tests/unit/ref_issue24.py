#!/usr/bin/env python3
"""How the issue-24 references in test_experiments.cpp were computed (run once, values pasted).
Needs numpy, scipy, statsmodels, mpmath (Debian python3-*). Each part prints its lines."""
import sys
import mpmath as mp
import numpy as np
import scipy, statsmodels
from scipy import stats, integrate
mp.mp.dps = 40
print("numpy", np.__version__, "scipy", scipy.__version__, "statsmodels", statsmodels.__version__, "mpmath", mp.__version__)
part = sys.argv[1] if len(sys.argv) > 1 else "all"

def z(p):  # standard normal quantile, mpmath
    return mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1)

if part in ("meansd", "all"):
    # MEANSD: numpy on the raw values where there are values; mpmath on the sums.
    rng = np.random.default_rng(24)
    x = np.round(rng.gamma(2.0, 30.0, 500), 2)
    print("meansd data n", len(x), "sum", repr(float(np.sum(x))), "sumsq", repr(float(np.sum(x * x))),
          "mean", repr(float(np.mean(x))), "sd", repr(float(np.std(x, ddof=1))))
    for n, s, ss in [(3000, "1396.87", "52377.9767"), (3461, "2422.7", "134698.29"), (10, "55", "385"), (2, "2e7", "200000000000000.5"),
                     ]:
        n = mp.mpf(n); s = mp.mpf(s); ss = mp.mpf(ss)
        print("meansd", n, s, ss, mp.nstr(s / n, 20), mp.nstr(mp.sqrt((ss - s * s / n) / (n - 1)), 20))

if part in ("size", "all"):
    from statsmodels.stats.power import NormalIndPower, zt_ind_solve_power
    for mean, sd, d, a, pw, rel in [(50, 40, 2, 0.05, 0.8, False), (50, 40, 0.05, 0.05, 0.8, True),
                                    (12.5, 30, 0.5, 0.01, 0.9, False), (100, 5, -1, 0.1, 0.5, False)]:
        delta = mp.mpf(d) * (mp.mpf(mean) if rel else 1)
        zz = z(1 - mp.mpf(a) / 2) + z(pw)
        n = 2 * zz**2 * mp.mpf(sd)**2 / delta**2
        es = float(abs(delta) / sd)
        sm = NormalIndPower().solve_power(effect_size=es, alpha=a, power=pw, ratio=1.0, alternative="two-sided")
        sm2 = zt_ind_solve_power(effect_size=es, alpha=a, power=pw, ratio=1.0, alternative="two-sided")
        print("size", (mean, sd, d, a, pw, rel), "formula", mp.nstr(n, 20), "statsmodels", repr(sm), repr(sm2),
              "rel diff", float((n - sm) / n))
        # The inverse at that n (ABMDEMEAN): the effect back.
        mde = zz * mp.mpf(sd) * mp.sqrt(2 / n)
        print("  mde at that n", mp.nstr(mde / (abs(mp.mpf(mean)) if rel else 1), 20))
    for mean, sd, n, a, pw, rel in [(50, 40, 1000, 0.05, 0.8, False), (50, 40, 1000, 0.05, 0.8, True),
                                    (-20, 10, 250, 0.05, 0.8, True)]:
        zz = z(1 - mp.mpf(a) / 2) + z(pw)
        mde = zz * mp.mpf(sd) * mp.sqrt(mp.mpf(2) / n)
        print("mde", (mean, sd, n, a, pw, rel), mp.nstr(mde / (abs(mp.mpf(mean)) if rel else 1), 20))

def seq(d, v, n, nstar, conf):
    d, v, n, nstar = mp.mpf(d), mp.mpf(v), mp.mpf(n), mp.mpf(nstar)
    alpha = 1 - mp.mpf(conf)
    rho = mp.sqrt((-2 * mp.log(alpha) + mp.log(-2 * mp.log(alpha) + 1)) / nstar)
    hw = mp.sqrt(n * v) * mp.sqrt(2 * (n * rho**2 + 1) / (n**2 * rho**2) * mp.log(mp.sqrt(n * rho**2 + 1) / alpha))
    e = mp.exp(rho**2 * n * d**2 / (2 * v * (n * rho**2 + 1))) / mp.sqrt(n * rho**2 + 1)
    return d - hw, d + hw, min(mp.mpf(1), 1 / e)

if part in ("seq", "all"):
    # The formula of the paper / gbstats, straight, at 40 digits.
    for ca, na, cb, nb, nstar, conf in [(100, 1000, 120, 1000, 5000, 0.95), (1396, 3000, 2422, 3461, 5000, 0.95),
                                        (500, 10000, 580, 10000, 20000, 0.95), (500, 10000, 580, 10000, 20000, 0.9),
                                        (50, 1000, 52, 1000, 100000, 0.95), (200, 2000, 262, 2000, 4000, 0.95)]:
        pa, pb = mp.mpf(ca) / na, mp.mpf(cb) / nb
        v = pa * (1 - pa) / na + pb * (1 - pb) / nb
        lo, hi, p = seq(pb - pa, v, na + nb, nstar, conf)
        print("seqci", (ca, na, cb, nb, nstar, conf), mp.nstr(lo, 20), mp.nstr(hi, 20), "p", mp.nstr(p, 20))
    for ma, sa, na, mb, sb, nb, nstar, conf in [(10.5, 4.2, 120, 11.9, 5.1, 130, 5000, 0.95),
                                                (50.2, 40.1, 5000, 52.0, 41.3, 5100, 10000, 0.95)]:
        v = mp.mpf(sa)**2 / na + mp.mpf(sb)**2 / nb
        lo, hi, p = seq(mp.mpf(mb) - mp.mpf(ma), v, na + nb, nstar, conf)
        print("seqmeanci", (ma, sa, na, mb, sb, nb, nstar, conf), mp.nstr(lo, 20), mp.nstr(hi, 20))
    # gbstats' published cases (tests/frequentist/test_tests.py, TestSequentialTTest), relative effect with
    # the delta-method variance: the same estimate and variance handed to ABSEQMEANCI as an absolute difference.
    def gb_mean(s, ss, n):
        m = mp.mpf(s) / n
        return m, (mp.mpf(ss) - mp.mpf(s)**2 / n) / (n - 1), n
    for name, (ma, va, na), (mb, vb, nb), nstar in [
            ("runs", gb_mean("1396.87", "52377.9767", 3000), gb_mean("2422.7", "134698.29", 3461), 1000),
            ("runs_prop", (mp.mpf(1396) / 3000, mp.mpf(1396) / 3000 * (1 - mp.mpf(1396) / 3000), 3000),
             (mp.mpf(2422) / 3461, mp.mpf(2422) / 3461 * (1 - mp.mpf(2422) / 3461), 3461), 5000)]:
        est = (mb - ma) / ma
        # Var = vb/(nb·ma²) + va·mb²/(na·ma⁴) = sd_b'²/nb + sd_a'²/na with:
        sdb = mp.sqrt(vb) / abs(ma)
        sda = mp.sqrt(va) * abs(mb) / ma**2
        lo, hi, p = seq(est, sdb**2 / nb + sda**2 / na, na + nb, nstar, 0.95)
        print("gbstats", name, "ABSEQMEANCI(0;", mp.nstr(sda, 20), ";", na, ";", mp.nstr(est, 20), ";",
              mp.nstr(sdb, 20), ";", nb, ";", nstar, ") ->", mp.nstr(lo, 10), mp.nstr(hi, 10))

if part in ("best", "all"):
    # ABPROBBESTMEAN / ABLOSSMEAN: μ_k ~ Normal(mean_k, sd_k²/n_k). mpmath quad at 30 digits with breakpoints at
    # every arm's mean ± 0, 1, 3, 6 σ; scipy.integrate.quad over the same pieces as a second opinion.
    mp.mp.dps = 30
    def arms(means, sds, ns):
        return [(mp.mpf(m), mp.mpf(s) / mp.sqrt(n)) for m, s, n in zip(means, sds, ns)]
    def cdf(a, x):
        m, s = a
        if s == 0: return mp.mpf(1) if x >= m else mp.mpf(0)
        return mp.ncdf((x - m) / s)
    def pts(A, lo, hi):
        p = {lo, hi}
        for m, s in A:
            for c in (0, -1, 1, -3, 3, -6, 6):
                x = m + c * s
                if lo < x < hi: p.add(x)
        return sorted(p)
    def pbest(A, k):
        m, s = A[k]
        if s == 0:
            p, ties = mp.mpf(1), 1
            for j, a in enumerate(A):
                if j == k: continue
                if a[1] > 0: p *= cdf(a, m)
                elif a[0] > m: return mp.mpf(0)
                elif a[0] == m: ties += 1
            return p / ties
        f = lambda x: mp.npdf(x, m, s) * mp.fprod(cdf(a, x) for j, a in enumerate(A) if j != k)
        return mp.quad(f, pts(A, m - 14 * s, m + 14 * s))
    def loss(A, k):
        m, s = A[k]
        lo = m - 14 * s
        hi = max(a[0] + 14 * a[1] for j, a in enumerate(A) if j != k)
        if hi <= lo: return mp.mpf(0)
        f = lambda x: cdf(A[k], x) * (1 - mp.fprod(cdf(a, x) for j, a in enumerate(A) if j != k))
        return mp.quad(f, pts(A, lo, hi))
    def sp_pbest(A, k):
        A = [(float(m), float(s)) for m, s in A]
        m, s = A[k]
        f = lambda x: stats.norm.pdf(x, m, s) * np.prod([stats.norm.cdf(x, a[0], a[1]) if a[1] > 0 else float(x >= a[0])
                                                          for j, a in enumerate(A) if j != k])
        p = sorted({m + c * s for c in range(-14, 15)} | {a[0] for a in A if m - 14 * s < a[0] < m + 14 * s})
        return sum(integrate.quad(f, p[i], p[i + 1], epsabs=1e-14, epsrel=1e-12, limit=200)[0] for i in range(len(p) - 1))
    cases = [([10.5, 11.9, 11.2], [4.2, 5.1, 4.8], [120, 130, 125]),
             ([50.2, 52.0], [40.1, 41.3], [5000, 5100]),
             ([0, 0.8, 1.0], [0, 3, 2.5], [100, 100, 100]),
             ([100, 101, 99.5, 100.8], [50, 1, 80, 10], [1000, 1000, 1000, 1000]),
             ([5, 5, 3], [0, 0, 0], [10, 10, 10]),
             ([1.00, 1.02, 1.01, 0.99, 1.03, 1.00, 0.98], [2.0, 2.1, 1.9, 2.2, 2.0, 2.05, 1.95], [20000] * 7)]
    for means, sds, ns in cases:
        A = arms(means, sds, ns)
        P = [pbest(A, k) for k in range(len(A))]
        L = [loss(A, k) for k in range(len(A))]
        print("best", means, sds, ns)
        print("  P   ", [mp.nstr(p, 17) for p in P], "sum", mp.nstr(mp.fsum(P), 20))
        if all(s > 0 for s in sds):
            print("  P sp", [repr(sp_pbest(A, k)) for k in range(len(A))])
        print("  loss", [mp.nstr(l, 17) for l in L])
        if len(A) == 2 and all(s > 0 for s in sds):
            d = A[1][0] - A[0][0]; sg = mp.sqrt(A[0][1]**2 + A[1][1]**2)
            print("  2-arm closed form P(B best)", mp.nstr(mp.ncdf(d / sg), 17),
                  "loss A", mp.nstr(sg * (mp.npdf(d / sg) + d / sg * mp.ncdf(d / sg)), 17),
                  "loss B", mp.nstr(sg * (mp.npdf(-d / sg) - d / sg * mp.ncdf(-d / sg)), 17))

if part in ("cuped", "all"):
    # ABCUPED straight from its definition with numpy (float64, two-pass), and statsmodels OLS
    # y ~ treatment + (x − x̄): its treatment coefficient uses the within-arm slope, so it equals the pooled-θ
    # difference exactly when both arms have the same pre-period mean (dataset 2), and differs by
    # (θ_within − θ_pooled)(x̄_b − x̄_a) otherwise.
    import statsmodels.api as sm
    def cuped(ya, xa, yb, xb, conf=0.95):
        ya, xa, yb, xb = map(lambda v: np.array(v, float), (ya, xa, yb, xb))
        x = np.concatenate([xa, xb]); y = np.concatenate([ya, yb])
        sxx = np.sum((x - x.mean())**2)
        theta = np.sum((x - x.mean()) * (y - y.mean())) / sxx if sxx > 0 else 0.0
        adj = lambda yk, xk: yk.mean() - theta * (xk.mean() - x.mean())
        var = lambda yk, xk: np.var(yk - theta * xk, ddof=1) / len(yk)
        d = adj(yb, xb) - adj(ya, xa); se = np.sqrt(var(ya, xa) + var(yb, xb))
        zc = stats.norm.ppf(1 - (1 - conf) / 2)
        red = 1 - se**2 / (np.var(ya, ddof=1) / len(ya) + np.var(yb, ddof=1) / len(yb))
        return theta, [d, d - zc * se, d + zc * se, 2 * stats.norm.sf(abs(d / se)), red]
    def ols(ya, xa, yb, xb):
        x = np.array(xa + xb, float); y = np.array(ya + yb, float)
        t = np.array([0] * len(xa) + [1] * len(xb), float)
        X = sm.add_constant(np.column_stack([t, x - x.mean()]))
        return sm.OLS(y, X).fit().params[1]
    d1 = ([14.0, 17.0, 10.5, 23.5, 15.0, 12.0, 21.0, 9.0, 18.5, 14.5],
          [12.0, 15.5, 9.0, 20.0, 14.0, 11.5, 18.0, 7.5, 16.0, 13.0],
          [13.0, 21.0, 16.5, 10.0, 23.0, 18.5, 15.0, 19.5, 13.5, 17.0, 12.0, 22.5],
          [10.0, 17.5, 13.0, 8.0, 19.0, 15.0, 12.5, 16.5, 11.0, 14.0, 9.5, 18.0])
    d2 = ([2, 3, 5, 4, 6], [1, 2, 3, 4, 5], [4, 5, 5, 2, 7], [2, 4, 3, 1, 5])
    for name, d in [("d1", d1), ("d2", d2)]:
        th, r = cuped(*d)
        print("cuped", name, "theta", repr(th), [repr(v) for v in r], "ols diff", repr(ols(*d)))
    th, r = cuped(*d1, conf=0.9)
    print("cuped d1 0.9", [repr(v) for v in r])
    # Money with a large offset: 1e9 added to every value (the difference and variances are unchanged).
    big = tuple([v + 1e9 for v in col] for col in d1)
    th, r = cuped(*big)
    print("cuped d1+1e9 theta", repr(th), [repr(v) for v in r])
    # Pre-period constant: no adjustment, plain normal difference of means.
    th, r = cuped(d1[0], [5.0] * 10, d1[2], [5.0] * 12)
    print("cuped const pre theta", th, [repr(v) for v in r])
