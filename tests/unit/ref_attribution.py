#!/usr/bin/env python3
"""Independent reference values for tests/unit/test_attribution.cpp (run once,
values pasted there). The rule-based models are plain Python over the path
texts; the Markov removal effects re-solve the absorbing chain with numpy for
every removed channel (its incoming transitions redirected to null), i.e. the
definition, not the closed form the core uses.

usage: /usr/bin/python3 tests/unit/ref_attribution.py
"""
import numpy as np


def parse(path, sep=">"):
    return [c.strip() for c in path.split(sep)]


def channels_of(paths):
    seen = {}
    for p in paths:
        for c in parse(p):
            seen.setdefault(c.casefold(), c)
    return list(seen.values())


def rule_based(paths, conv, value, model):
    names = channels_of(paths)
    idx = {c.casefold(): i for i, c in enumerate(names)}
    cc, cv = [0.0] * len(names), [0.0] * len(names)
    for p, c, v in zip(paths, conv, value):
        t = [idx[x.casefold()] for x in parse(p)]
        n = len(t)
        if model == "first":
            shares = [(t[0], 1.0)]
        elif model == "last":
            shares = [(t[-1], 1.0)]
        elif model == "linear":
            shares = [(x, 1.0 / n) for x in t]
        elif model == "position":
            if n == 1:
                shares = [(t[0], 1.0)]
            elif n == 2:
                shares = [(t[0], 0.5), (t[1], 0.5)]
            else:
                shares = [(t[0], 0.4), (t[-1], 0.4)] + [(x, 0.2 / (n - 2)) for x in t[1:-1]]
        for x, s in shares:
            cc[x] += c * s
            cv[x] += v * s
    return names, cc, cv


def p_conv(paths, conv, nulls, removed=None):
    """Absorption probability in conversion from start, channel `removed` redirected to null."""
    names = channels_of(paths)
    idx = {c.casefold(): i for i, c in enumerate(names)}
    k = len(names)
    START, CONV, NULL = k, k + 1, k + 2
    W = np.zeros((k + 3, k + 3))
    for p, c, z in zip(paths, conv, nulls):
        t = [idx[x.casefold()] for x in parse(p)]
        w = c + z
        states = [START] + t
        for a, b in zip(states, states[1:]):
            W[a, b] += w
        W[t[-1], CONV] += c
        W[t[-1], NULL] += z
    if removed is not None:
        W[:, NULL] += W[:, removed]
        W[:, removed] = 0.0
    P = np.zeros_like(W)
    for s in range(k + 3):
        if W[s].sum() > 0:
            P[s] = W[s] / W[s].sum()
    transient = list(range(k + 1))  # channels and start
    Q = P[np.ix_(transient, transient)]
    b = P[transient, CONV]
    x = np.linalg.solve(np.eye(k + 1) - Q, b)
    return x[START]


def markov(paths, conv, nulls, value):
    names = channels_of(paths)
    p = p_conv(paths, conv, nulls)
    re = np.array([1 - p_conv(paths, conv, nulls, removed=c) / p for c in range(len(names))])
    return names, re, sum(conv) * re / re.sum(), sum(value) * re / re.sum()


def show(title, rows):
    print(title)
    for r in rows:
        print("   ", r)


# 1. Bryl (analyzecore.com, 2016, "Marketing Multi-Channel Attribution model with R", part 1)
B = (["c1 > c2 > c3", "c1", "c2 > c3"], [1, 0, 0], [0, 1, 1])
n, re, c, _ = markov(*B, [0, 0, 0])
show("bryl markov RE / credit", [(a, repr(x), repr(y)) for a, x, y in zip(n, re, c)])

# 2. Puzyrov (serhiipuzyrov.com, 2019, "Markov Chain Attribution – Simple Explanation Of Removal Effect")
P = (["google ads", "mailing", "google ads > mailing", "google ads"], [2, 1, 1, 0], [0, 0, 0, 1])
n, re, c, _ = markov(*P, [0, 0, 0, 0])
show("puzyrov markov RE / credit", [(a, repr(x), repr(y)) for a, x, y in zip(n, re, c)])

# 3. A mixed case: repeats, case and spacing variants, a channel on no converting path
#    that still leads into one (Display), a channel from which no conversion is reachable (Print).
M_paths = ["SEO > Email > SEO", "sem", "Display>SEM", "seo > SEM > Email > Direct",
           "Email", "Print > Print", "Direct", "SEM > Direct"]
M_conv = [3, 2, 0, 1, 4, 0, 2, 1]
M_null = [5, 3, 4, 2, 6, 7, 1, 0]
M_value = [300.0, 150.5, 0.0, 80.25, 410.0, 0.0, 99.9, 120.0]
n, re, c, v = markov(M_paths, M_conv, M_null, M_value)
show("mixed markov RE / credit / value", [(a, repr(x), repr(y), repr(z)) for a, x, y, z in zip(n, re, c, v)])
for model in ("first", "last", "linear", "position"):
    n, cc, cv = rule_based(M_paths, M_conv, M_value, model)
    show(f"mixed {model}", [(a, repr(x), repr(y)) for a, x, y in zip(n, cc, cv)])
