// Predictive customer value: buy-till-you-die models.
// BG/NBD (Fader, Hardie & Lee 2005) and its modified form, Gamma–Gamma spend (Fader & Hardie note
// 025), shifted-beta-geometric retention (Fader & Hardie 2007).
// Per customer: frequency x = repeat purchase periods (whole number), recency
// t_x = first to last purchase, age T = first purchase to the end of
// observation, in one time unit; 0 <= t_x <= T and t_x = 0 when x = 0.
// `params` are the 1-row results of the matching fit.
#pragma once

#include "kpi/result.hpp"
#include "kpi/types.hpp"

namespace kpi {

// → {r, alpha, a, b}: maximum likelihood (penalizer × Σθ² added to the mean
// negative log-likelihood when > 0). Err:523 when the data do not determine
// the parameters (nobody bought twice) or the fit does not converge.
Result<Table> bgnbdfit(const NumberRange& frequency, const NumberRange& recency, const NumberRange& age,
                       double penalizer);
// The same on cells, one customer per position: the three ranges pair cell by
// cell (kpi/pairs.hpp): a row empty or text in all three (a header, a blank
// line) is skipped; a number beside an empty or text cell, or ranges of
// different shapes → invalid_argument; an error cell → that error.
Result<Table> bgnbdfit(const MixedRange& frequency, const MixedRange& recency, const MixedRange& age,
                       double penalizer);
// Expected purchases in the next t time units (FHL 2005 eq. 10).
Result<double> bgnbdexpected(const NumberRange& params, double frequency, double recency, double age,
                             double t) noexcept;
// Probability the customer is still active (note 021); 1 when frequency is 0.
Result<double> bgnbdalive(const NumberRange& params, double frequency, double recency, double age) noexcept;
// Expected purchases of a new customer within t (eq. 9).
Result<double> bgnbdnew(const NumberRange& params, double t) noexcept;
// P(X(t) = n) for a new customer (eq. 8).
Result<double> bgnbdprob(const NumberRange& params, double n, double t) noexcept;

// Modified BG/NBD (Batislam, Denizel & Filiztekin 2007; lifetimes' ModifiedBetaGeoFitter):
// a customer may also drop out right after the first purchase. Same params {r, alpha, a, b}.
// → {r, alpha, a, b} by maximum likelihood, as bgnbdfit.
Result<Table> mbgnbdfit(const NumberRange& frequency, const NumberRange& recency, const NumberRange& age,
                        double penalizer);
// On cells, paired as the cells form of bgnbdfit.
Result<Table> mbgnbdfit(const MixedRange& frequency, const MixedRange& recency, const MixedRange& age,
                        double penalizer);
// P(alive) · E_{p ~ Beta(a, b+x+1)}[(1 − ((α+T)/(α+T+pt))^(r+x))/p].
Result<double> mbgnbdexpected(const NumberRange& params, double frequency, double recency, double age,
                              double t) noexcept;
// 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)); below 1 for frequency 0 too.
Result<double> mbgnbdalive(const NumberRange& params, double frequency, double recency, double age) noexcept;
// E[X(t)] = b/(a+b) · E_{p ~ Beta(a, b+1)}[(1 − (α/(α+pt))^r)/p].
Result<double> mbgnbdnew(const NumberRange& params, double t) noexcept;

// → {p, q, v}: Gamma–Gamma spend model fitted on the customers with frequency > 0.
Result<Table> ggfit(const NumberRange& frequency, const NumberRange& monetary);
// On cells, paired as the cells form of bgnbdfit (a one-time buyer needs a
// monetary number too, 0 as RFM gives).
Result<Table> ggfit(const MixedRange& frequency, const MixedRange& monetary);
// E[M | x, m] = (v·p + p·x·m) / (p·x + q − 1); x = 0 → population mean v·p / (q − 1).
Result<double> ggspend(const NumberRange& params, double frequency, double monetary) noexcept;

// Σ_{i=1..months} GGSPEND · (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i, u = units_per_month.
Result<double> clvbgnbd(const NumberRange& bgnbd_params, const NumberRange& gg_params, double frequency,
                        double recency, double age, double monetary, double months,
                        double discount_rate_monthly, double units_per_month) noexcept;

// → {alpha, beta} from the customers still active at t = 0, 1, 2, … (non-increasing),
// read in row-major order. A gap (an empty or text cell between two counts) →
// invalid_argument; empty and text cells before the first count (a header) or
// after the last are skipped; an error cell → that error.
Result<Table> sbgfit(const MixedRange& survivors);
// S(t) = B(α, β + t) / B(α, β), t >= 0.
Result<double> sbgsurvival(const NumberRange& params, double t) noexcept;
// r(t) = (β + t − 1) / (α + β + t − 1), t >= 1.
Result<double> sbgretention(const NumberRange& params, double t) noexcept;

}  // namespace kpi
