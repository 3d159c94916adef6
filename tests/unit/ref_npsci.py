#!/usr/bin/env python3
"""How the NPSCI references in test_conversion.cpp were computed (run once, values pasted).

The adjusted Wald interval for the net promoter score of Rocks (2016), "Interval estimation
for the 'net promoter score'", The American Statistician 70(4), 365-372, as his R package NPS
computes it (nps_test_ with test = "adjusted.wald": pseudo_observations (0.75, 1.5, 0.75) added
to the counts of (detractors, passives, promoters), then the Wald interval of the adjusted
counts), with the bounds clipped to [-1, 1]. Written from that description, not from our code.
Needs mpmath (Debian python3-mpmath)."""
import mpmath as mp

mp.mp.dps = 40


def z_two_sided(c):
    return mp.sqrt(2) * mp.erfinv(mp.mpf(c))


def counts(answers):
    return sum(a >= 9 for a in answers), sum(a <= 6 for a in answers), len(answers)


def adjusted_wald(P, D, n, c):
    na = mp.mpf(n) + 3
    p, d = (P + mp.mpf(3) / 4) / na, (D + mp.mpf(3) / 4) / na
    s = p - d
    half = z_two_sided(c) * mp.sqrt((p + d - s * s) / na)
    return max(mp.mpf(-1), s - half), min(mp.mpf(1), s + half)


def wald(P, D, n, c):
    p, d = mp.mpf(P) / n, mp.mpf(D) / n
    s = p - d
    half = z_two_sided(c) * mp.sqrt((p + d - s * s) / n)
    return s - half, s + half


cases = [
    ("ten answers", [10, 9, 8, 7, 6, 0, 10, 9, 3, 10], 0.95),
    ("ten answers 0.9", [10, 9, 8, 7, 6, 0, 10, 9, 3, 10], 0.9),
    ("two promoters", [10, 9], 0.95),
    ("five promoters", [10] * 5, 0.95),
    ("five detractors", [0] * 5, 0.95),
    ("one promoter", [9], 0.95),
    ("one passive", [8], 0.95),
    ("one detractor", [0], 0.95),
    ("40 promoters", [10] * 40, 0.95),
    ("6 passives 0.99", [7] * 6, 0.99),
]
for name, answers, c in cases:
    P, D, n = counts(answers)
    lo, hi = adjusted_wald(P, D, n, c)
    print(f"{name}: P={P} D={D} n={n} c={c}: {mp.nstr(lo, 17)}, {mp.nstr(hi, 17)}")
# Large samples, P = 0.5, D = 0.3: the adjusted interval next to the plain Wald one.
for n in (10**4, 10**6):
    P, D = n // 2, 3 * n // 10
    print("n", n, "adjusted", [mp.nstr(x, 17) for x in adjusted_wald(P, D, n, 0.95)],
          "wald", [mp.nstr(x, 17) for x in wald(P, D, n, 0.95)])
