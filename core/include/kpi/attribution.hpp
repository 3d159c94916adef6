// Channel attribution: customer journeys from a touch log (PATHS) and the
// credit each channel gets for the conversions of those journeys
// (ATTRIBUTION: first touch, last touch, linear, position-based and the
// first-order Markov chain's removal effects). Pure C++, no UNO. See
// catalogue/attribution.toml and the generated reference for the user's view.
//
// Shared decisions:
// - Channel names are trimmed (spaces, tabs, line breaks, no-break and
//   ideographic spaces) and matched ignoring case by Unicode simple case
//   folding, as MROITABLE (kpi/key.hpp): "SEO", " seo " and "Seo" are one
//   channel, shown as first seen (trimmed). A channel cell holding a number is
//   that number's digits (101 = "101"): a path is text, where the two cannot
//   be told apart.
// - The ranges of one function describe the same rows and pair cell by cell
//   by position (kpi/pairs.hpp): same shape, or a row and a column of the same
//   length; a row where every cell is empty or text (a header, a blank row) is
//   skipped; a row with a number in one cell and an empty or text cell where a
//   number or a name belongs → invalid_argument.
// - An error cell → that error (the first in row order).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "kpi/types.hpp"

namespace kpi {

// Most rows of a result (Calc's row count) and most channels of the Markov
// model (its cost grows with the cube of the channel count: about a second
// at this limit).
inline constexpr std::size_t kAttributionMaxRows = 1048576;
inline constexpr std::size_t kMarkovMaxChannels = 1000;

// PATHS(journey_ids; channels; times; conversions; [values]; [separator = " > "]):
// one row per distinct path in first-seen order: {path text, conversions,
// value, nulls}.
// A journey is every touch row with the same journey id (numbers or texts;
// texts match exactly, 5 ≠ "5"); its touches are ordered by time, ties in
// input order; its path is its channels in that order joined by `separator`
// (repeats kept: "SEO > SEO > Email"). Paths are listed in the order of their
// first journey, journeys in the order their id first appears.
// Columns: 2 the conversions of the path's journeys (the sum of every row's
// conversions; which touch of the journey records them does not matter),
// 3 the sum of their values (an empty cell when values are omitted), 4 the
// number of its journeys whose conversions add up to 0.
// Row rules: a row where every cell is empty or text is skipped (a header);
// in any other row (a touch) the id and the channel must not be empty (so a
// journey always has a touch: a conversion without its channel is
// invalid_argument), the time must be a number (a text → Errc::value, as
// COHORT's dates; empty → invalid_argument), conversions a finite number ≥ 0
// and values a finite number (empty or text → invalid_argument).
// Errors: ranges of different shapes, an empty separator → invalid_argument;
// no touch → not_available; more than kAttributionMaxRows paths, a sum that
// overflows → num.
// Cost: O(n) expected plus the sort of each journey's touches by time.
Result<Table> paths(const MixedRange& journey_ids, const MixedRange& channels, const MixedRange& times,
                    const MixedRange& conversions, const std::optional<MixedRange>& values = std::nullopt,
                    std::u16string_view separator = u" > ");

// ATTRIBUTION(paths; conversions; [values]; [nulls]; [model = "markov"];
//             [separator = ">"]; [with_names = FALSE]):
// one row per channel in first-seen order: {credited conversions, credited
// value} (the value an empty cell when values are omitted); with_names puts
// the channel's name (first spelling, trimmed) in front.
// A path is split at every `separator` (matched exactly) and each channel
// trimmed, so the default ">" reads "SEO > Email" and "SEO>Email" alike.
// Models (option words ASCII case-insensitive):
//   "first" / "last": all of a path's conversions and value to its first /
//       last touch;
//   "linear": an equal share to each touch (a repeated channel gets each of
//       its shares);
//   "position": one touch 100 %, two 50/50, else 40 % to the first, 40 % to
//       the last and 20 % split equally over the touches between;
//   "markov": the first-order Markov chain over start, the channels,
//       conversion and null: each path adds its conversions + nulls to every
//       transition along it (start → first channel → … → last channel), and
//       from its last channel its conversions to conversion and its nulls to
//       null. P = the probability of absorption in conversion from start,
//       solved exactly (LU with partial pivoting of I − Q). Removal effect
//       RE_c = 1 − P(c redirected to null) / P, computed without cancellation
//       as P(start reaches c) · P(conversion from c) / P, where P(start
//       reaches c) = visits(c) / N_cc (N = (I − Q)⁻¹, visits = start
//       distribution · N) — the same number as re-solving the chain with c
//       redirected to null. Credit_c = total × RE_c / Σ RE. A channel from
//       which no conversion is reachable gets 0; one on no converting path can
//       still get credit when the chain leads from it into a converting one.
// Every model's credits add up to the total conversions and the total value.
// Row rules: a row where every cell is empty or text is skipped (a header);
// in any other row the path must not be empty, conversions and nulls must be
// finite numbers ≥ 0 and values finite numbers (empty or text →
// invalid_argument). A path with an empty channel ("A >> B", "A >", a path of
// spaces) → invalid_argument.
// Errors: unknown model, ranges of different shapes, an empty separator →
// invalid_argument; no path → not_available; total conversions 0 →
// div_by_zero; "markov" with more than kMarkovMaxChannels channels, a sum
// that overflows → num.
// Cost: O(total touches) expected; "markov" adds O(k³) for k channels.
Result<Table> attribution(const MixedRange& paths, const MixedRange& conversions,
                          const std::optional<MixedRange>& values = std::nullopt,
                          const std::optional<MixedRange>& nulls = std::nullopt,
                          std::string_view model = "markov", std::u16string_view separator = u">",
                          bool with_names = false);

}  // namespace kpi
