// FUNNEL, SHARE, MROITABLE — see kpi/breakdown.hpp for the contract.
#include "kpi/breakdown.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "kpi/key.hpp"
#include "kpi/pairs.hpp"
#include "kpi/sum.hpp"
#include "kpi/validate.hpp"

namespace kpi {
namespace {

// The amount in a revenue/cost cell: text and empty cells are 0 (like SUM).
Result<double> amount(const Input& in, bool (*valid)(double) noexcept) {
    switch (in.kind) {
        case Input::Kind::error: return in.error;
        case Input::Kind::number:
            if (!valid(in.number)) return Errc::invalid_argument;
            return in.number;
        case Input::Kind::text:
        case Input::Kind::empty: break;
    }
    return 0.0;
}

bool money_ok(double x) noexcept { return is_money(x); }
bool count_ok(double x) noexcept { return is_count(x); }

// The first error cell of a range in row order, if any (Calc stops error
// cells before the call; only array expressions pass them in).
std::optional<Errc> first_error(const MixedRange& in) {
    for (const Input& x : in.cells)
        if (x.kind == Input::Kind::error) return x.error;
    return std::nullopt;
}

}  // namespace

Result<Table> funnel(const MixedRange& stage_counts, std::string_view mode) {
    const bool step = option_is(mode, "step");
    if (!step && !option_is(mode, "overall")) return Errc::invalid_argument;
    if (auto e = first_error(stage_counts)) return *e;
    bool any = false;
    for (const Input& x : stage_counts.cells) {
        if (x.kind != Input::Kind::number) continue;
        if (!is_count(x.number)) return Errc::invalid_argument;
        any = true;
    }
    if (!any) return Errc::not_available;

    // One row is one funnel along the row; otherwise every column is a funnel
    // with its stages down the rows. Cells keep their places, gaps stay blank.
    const std::size_t rows = stage_counts.rows, cols = stage_counts.cols;
    const bool along_row = rows == 1;
    const std::size_t funnels = along_row ? 1 : cols;
    const std::size_t stages = along_row ? cols : rows;
    Table t(rows, cols);
    for (std::size_t f = 0; f < funnels; ++f) {
        std::optional<double> first, previous;
        for (std::size_t k = 0; k < stages; ++k) {
            const std::size_t i = along_row ? k : k * cols + f;
            const Input& x = stage_counts.cells[i];
            if (x.kind != Input::Kind::number) continue;
            Cell& out = t.cells[i];
            if (!first) {
                first = x.number;
                // "overall" divides every stage by the first: a first stage of
                // 0 leaves the whole funnel undefined.
                out = step || x.number != 0.0 ? Cell::of(1.0) : Cell::failed(Errc::div_by_zero);
            } else {
                out = Cell::from(ratio(x.number, step ? *previous : *first));
            }
            previous = x.number;
        }
    }
    return t;
}

Result<Table> share(const MixedRange& part_values, std::optional<double> total) {
    if (total && !std::isfinite(*total)) return Errc::invalid_argument;
    if (auto e = first_error(part_values)) return *e;
    CompensatedSum sum;
    bool any = false;
    for (const Input& x : part_values.cells) {
        if (x.kind != Input::Kind::number) continue;
        if (!is_money(x.number)) return Errc::invalid_argument;
        sum.add(x.number);
        any = true;
    }
    if (!any) return Errc::not_available;
    const double den = total ? *total : sum.value();
    if (!std::isfinite(den)) return Errc::num;
    if (den == 0.0) return Errc::div_by_zero;

    // Same shape as the input; empty and text cells stay blank beside theirs.
    Table t(part_values.rows, part_values.cols);
    for (std::size_t i = 0; i < part_values.cells.size(); ++i)
        if (part_values.cells[i].kind == Input::Kind::number)
            t.cells[i] = Cell::from(ratio(part_values.cells[i].number, den));
    return t;
}

Result<Table> mroitable(const MixedRange& channels, const MixedRange& revenue,
                        const MixedRange& cost, double gross_margin, bool with_names) {
    if (!is_margin(gross_margin)) return Errc::invalid_argument;
    // The three ranges describe the same rows (kpi/pairs.hpp): same shape, or
    // a row and a column of the same length.
    if (!same_items(channels, revenue) || !same_items(channels, cost)) return Errc::invalid_argument;
    const std::size_t n = channels.cells.size();

    struct Totals {
        Key name;  // as first seen
        CompensatedSum revenue, cost;
    };
    std::vector<Totals> totals;  // first-seen order
    KeyMap<std::size_t, TextMatch::folded> index;
    for (std::size_t i = 0; i < n; ++i) {
        const Input& ch = channels.cells[i];
        if (ch.kind == Input::Kind::error) return ch.error;
        if (ch.kind == Input::Kind::empty || (ch.kind == Input::Kind::text && ch.text.empty())) {
            // A blank row is no channel; revenue or cost without a channel would
            // be lost from every total: Err:502.
            if (revenue.cells[i].kind == Input::Kind::number || cost.cells[i].kind == Input::Kind::number)
                return Errc::invalid_argument;
            continue;
        }
        // The name may be copied into the result, where only finite numbers may go.
        if (ch.kind == Input::Kind::number && !std::isfinite(ch.number)) return Errc::invalid_argument;
        const Key key = Key::of(ch);
        // A header row (Channel | Revenue | Cost) has text and no number in
        // its amounts: it names the columns, it is no channel.
        const Input::Kind rk = revenue.cells[i].kind, ck = cost.cells[i].kind;
        if (rk != Input::Kind::number && ck != Input::Kind::number && rk != Input::Kind::error &&
            ck != Input::Kind::error && (rk == Input::Kind::text || ck == Input::Kind::text))
            continue;
        const Result<double> r = amount(revenue.cells[i], money_ok);
        if (!r) return r.error();
        const Result<double> c = amount(cost.cells[i], count_ok);
        if (!c) return c.error();

        const auto [it, added] = index.try_emplace(key, totals.size());
        if (added) totals.push_back(Totals{key, {}, {}});
        totals[it->second].revenue.add(*r);
        totals[it->second].cost.add(*c);
    }
    if (totals.empty()) return Errc::not_available;

    const std::size_t c0 = with_names ? 1 : 0;
    Table t(totals.size(), c0 + 3);
    for (std::size_t k = 0; k < totals.size(); ++k) {
        if (with_names) totals[k].name.write_to(t, k, 0);
        const double rev = totals[k].revenue.value();
        const double cst = totals[k].cost.value();
        t.at(k, c0) = Cell::from(finite(rev));
        t.at(k, c0 + 1) = Cell::from(finite(cst));
        t.at(k, c0 + 2) = Cell::from(ratio(rev * gross_margin - cst, cst));
    }
    return t;
}

}  // namespace kpi
