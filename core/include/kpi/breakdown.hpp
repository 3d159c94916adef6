// Array KPIs that break a whole into its parts: conversion by funnel stage,
// the mix of parts in a total, and marketing ROI per channel (function reference:
// "Funnels, mix and ROI per channel": FUNNEL, SHARE, MROITABLE). Pure C++, no UNO.
//
// Shared decisions (see also catalogue/breakdown.toml):
// - An input with nothing to compute on (no stages, no parts, no channel) is
//   Errc::not_available (#N/A), as for any aggregate of nothing.
// - A denominator shared by the whole result that is 0 (SHARE's total) is a
//   whole-call Errc::div_by_zero; a denominator of some elements that is 0 (a
//   FUNNEL step after an empty stage, the first stage of an "overall" funnel
//   among several, a channel without cost) is a #DIV/0! in those cells and
//   the other elements are still computed. An overflowing element is a #NUM!
//   cell.
// - FUNNEL and SHARE results keep the shape of their input cell for cell; an
//   empty or text input cell gets an empty result cell in the same place.
// - Sums use compensated (Neumaier) summation, as Calc's SUM does.
#pragma once

#include <optional>
#include <string_view>

#include "kpi/types.hpp"

namespace kpi {

// FUNNEL(stage_counts; [mode = "step"]): one value per stage, cell for cell
// beside the input (same shape). One row is one funnel along the row; any
// other shape holds one funnel per column, stages down the rows.
//   "step":    count_k / count_(k-1); the first stage is 1 by definition.
//   "overall": count_k / count_1.
// Empty and text cells (a header, a gap) are no stage: their result cell is
// blank, and "step" divides the next number by the previous NUMBER.
// A stage larger than the one before it is allowed (a value above 1).
// Errors: unknown mode (ASCII case-insensitive) → invalid_argument; a count
// negative or non-finite → invalid_argument; no number at all → not_available;
// an error cell → that error. Per cell: a step after a stage of 0 → #DIV/0!,
// every stage of an "overall" funnel whose first stage is 0 → #DIV/0!, an
// overflowing quotient → #NUM!.
Result<Table> funnel(const MixedRange& stage_counts, std::string_view mode);

// SHARE(part_values; [total]): each part / total, in the shape of the input
// (a 2-D range gives each cell ÷ the total); total defaults to the sum of all
// parts. Empty and text cells are no part: their result cell is blank. Parts
// may be negative (net revenue of a channel with refunds), they must be finite.
// Errors: a non-finite part or total → invalid_argument; no parts →
// not_available; a total (given or summed) of 0 → div_by_zero; a sum that
// overflows → num; an error cell → that error. Per cell: an overflowing
// quotient → #NUM!.
Result<Table> share(const MixedRange& part_values, std::optional<double> total);

// MROITABLE(channels; revenue; cost; [gross_margin = 1]; [with_names = FALSE]):
// one row per distinct channel in first-seen order, columns {revenue sum,
// cost sum, MROI} with MROI = (revenue_sum · gross_margin − cost_sum) / cost_sum;
// with_names puts the channel (as first seen: a text or a number) in front.
// The three ranges describe the same rows and pair cell by cell in row-major
// order (kpi/pairs.hpp): they must have the same shape, except that a row and
// a column of the same length pair too (a row of channels with a column of
// revenue is fine); 2-D ranges of different shapes → invalid_argument.
// - Channel names are text or numbers. Texts are matched ignoring case by
//   Unicode simple case folding (CaseFolding.txt C + S, one code point to
//   one): "SEO" = "seo", "Москва" = "москва", "Σ" = "σ" = "ς", "É" = "é",
//   "Ａ" = "ａ"; "ß" ≠ "ss" and "ﬁ" ≠ "fi" (that needs full folding); no
//   trimming, no width or accent folding ("Ａ" ≠ "A", "é" ≠ "e"). A number and
//   a text are different channels (2024 ≠ "2024").
// - A row whose channel is empty (or the empty text "") is ignored when its
//   revenue and cost hold no number; a number there (an amount without a
//   channel, which would be lost from every total) → invalid_argument.
// - A header row (its revenue and cost hold no number and at least one text,
//   e.g. Channel | Revenue | Cost) is ignored entirely: it never becomes a channel.
// - Revenue and cost: a text or empty cell counts as 0 (like SUM); revenue
//   may be negative but must be finite, cost must be finite and ≥ 0, else
//   invalid_argument.
// - An error cell in a channel cell, or in the revenue/cost of a row that is
//   not ignored, is returned as the whole result (the first in row order).
// Errors: gross_margin non-finite or > 1 → invalid_argument; ranges of
// different shapes, an amount without a channel → invalid_argument; a channel that is a non-finite number
// (only a caller other than Calc can pass one) → invalid_argument; no channel
// at all → not_available.
// Per cell: a channel whose cost sum is 0 → MROI #DIV/0!; overflow → #NUM!.
Result<Table> mroitable(const MixedRange& channels, const MixedRange& revenue,
                        const MixedRange& cost, double gross_margin, bool with_names = false);

}  // namespace kpi
