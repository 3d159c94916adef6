// FUNNEL, SHARE, MROITABLE — see kpi/breakdown.hpp for the contract.
#include "kpi/breakdown.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "kpi/validate.hpp"

namespace kpi {
namespace {

// Compensated (Kahan–Babuška/Neumaier) sum, as Calc's SUM. An overflow makes
// the result non-finite, which the callers turn into #NUM!.
class Sum {
public:
    void add(double x) noexcept {
        const double t = sum_ + x;
        if (std::fabs(sum_) >= std::fabs(x))
            comp_ += (sum_ - t) + x;
        else
            comp_ += (x - t) + sum_;
        sum_ = t;
    }
    double value() const noexcept { return sum_ + comp_; }

private:
    double sum_ = 0.0;
    double comp_ = 0.0;
};

// A channel name: a number or a text matched with ASCII case folding.
struct ChannelKey {
    bool is_text = false;
    std::uint64_t bits = 0;  // number, with -0 folded onto +0
    std::u16string_view text;
};

constexpr char16_t fold(char16_t c) noexcept {
    return c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c - u'A' + u'a') : c;
}

struct ChannelHash {
    std::size_t operator()(const ChannelKey& k) const noexcept {
        if (!k.is_text) return std::hash<std::uint64_t>{}(k.bits);
        std::uint64_t h = 14695981039346656037ull;  // FNV-1a over folded UTF-16 units
        for (char16_t c : k.text) {
            h ^= fold(c);
            h *= 1099511628211ull;
        }
        return static_cast<std::size_t>(h);
    }
};

struct ChannelEqual {
    bool operator()(const ChannelKey& a, const ChannelKey& b) const noexcept {
        if (a.is_text != b.is_text) return false;
        if (!a.is_text) return a.bits == b.bits;
        if (a.text.size() != b.text.size()) return false;
        for (std::size_t i = 0; i < a.text.size(); ++i)
            if (fold(a.text[i]) != fold(b.text[i])) return false;
        return true;
    }
};

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

}  // namespace

Result<Table> funnel(const NumberRange& stage_counts, std::string_view mode) {
    const bool step = option_is(mode, "step");
    if (!step && !option_is(mode, "overall")) return Errc::invalid_argument;
    const std::vector<double>& c = stage_counts.values;
    if (c.empty()) return Errc::not_available;
    for (double x : c)
        if (!is_count(x)) return Errc::invalid_argument;
    if (!step && c.front() == 0.0) return Errc::div_by_zero;

    std::vector<Cell> out;
    out.reserve(c.size());
    out.push_back(Cell::of(1.0));
    for (std::size_t k = 1; k < c.size(); ++k)
        out.push_back(Cell::from(ratio(c[k], step ? c[k - 1] : c.front())));
    return Table::vector(out, stage_counts.orientation);
}

Result<Table> share(const NumberRange& part_values, std::optional<double> total) {
    if (total && !std::isfinite(*total)) return Errc::invalid_argument;
    const std::vector<double>& parts = part_values.values;
    if (parts.empty()) return Errc::not_available;
    Sum sum;
    for (double x : parts) {
        if (!is_money(x)) return Errc::invalid_argument;
        sum.add(x);
    }
    const double den = total ? *total : sum.value();
    if (!std::isfinite(den)) return Errc::num;
    if (den == 0.0) return Errc::div_by_zero;

    std::vector<Cell> out;
    out.reserve(parts.size());
    for (double x : parts) out.push_back(Cell::from(ratio(x, den)));
    return Table::vector(out, part_values.orientation);
}

Result<Table> mroitable(const MixedRange& channels, const MixedRange& revenue,
                        const MixedRange& cost, double gross_margin) {
    if (!is_margin(gross_margin)) return Errc::invalid_argument;
    const std::size_t n = channels.cells.size();
    if (revenue.cells.size() != n || cost.cells.size() != n) return Errc::invalid_argument;

    struct Totals {
        Sum revenue, cost;
    };
    std::vector<Totals> totals;  // first-seen order
    std::unordered_map<ChannelKey, std::size_t, ChannelHash, ChannelEqual> index;
    for (std::size_t i = 0; i < n; ++i) {
        const Input& ch = channels.cells[i];
        ChannelKey key;
        switch (ch.kind) {
            case Input::Kind::error: return ch.error;
            case Input::Kind::empty: continue;
            case Input::Kind::text:
                if (ch.text.empty()) continue;
                key.is_text = true;
                key.text = ch.text;
                break;
            case Input::Kind::number:
                key.bits = std::bit_cast<std::uint64_t>(ch.number == 0.0 ? 0.0 : ch.number);
                break;
        }
        const Result<double> r = amount(revenue.cells[i], money_ok);
        if (!r) return r.error();
        const Result<double> c = amount(cost.cells[i], count_ok);
        if (!c) return c.error();

        const auto [it, added] = index.try_emplace(key, totals.size());
        if (added) totals.emplace_back();
        totals[it->second].revenue.add(*r);
        totals[it->second].cost.add(*c);
    }
    if (totals.empty()) return Errc::not_available;

    Table t(totals.size(), 3);
    for (std::size_t k = 0; k < totals.size(); ++k) {
        const double rev = totals[k].revenue.value();
        const double cst = totals[k].cost.value();
        t.at(k, 0) = Cell::from(finite(rev));
        t.at(k, 1) = Cell::from(finite(cst));
        t.at(k, 2) = Cell::from(ratio(rev * gross_margin - cst, cst));
    }
    return t;
}

}  // namespace kpi
