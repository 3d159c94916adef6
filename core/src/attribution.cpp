// PATHS and ATTRIBUTION — see kpi/attribution.hpp for the contract.
#include "kpi/attribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "kpi/key.hpp"
#include "kpi/pairs.hpp"
#include "kpi/sum.hpp"
#include "kpi/validate.hpp"

namespace kpi {
namespace {

bool is_space(char16_t c) noexcept {
    // Unicode White_Space in the BMP.
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

std::u16string_view trim(std::u16string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// A number where a name belongs, as its digits (15 significant digits, as
// Calc shows a number in a General cell, more only when needed to tell it apart).
std::u16string digits(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", x);
    if (std::strtod(buf, nullptr) != x) std::snprintf(buf, sizeof buf, "%.17g", x);
    return std::u16string(buf, buf + std::char_traits<char>::length(buf));
}

bool is_blank(const Input& in) noexcept {
    return in.kind == Input::Kind::empty || (in.kind == Input::Kind::text && trim(in.text).empty());
}

// The text of a name cell (channel, path), trimmed; a number becomes its
// digits, kept alive in `owned`. Empty when the cell holds no name.
std::u16string_view name_of(const Input& in, std::deque<std::u16string>& owned) {
    if (in.kind == Input::Kind::text) return trim(in.text);
    if (in.kind == Input::Kind::number) {
        owned.push_back(digits(in.number));
        return owned.back();
    }
    return {};
}

// The channels seen so far, matched ignoring case, each with its first spelling.
class Channels {
public:
    std::uint32_t index(std::u16string_view name) {
        const auto [it, added] = index_.try_emplace(Key::of(name), static_cast<std::uint32_t>(names_.size()));
        if (added) names_.push_back(name);
        return it->second;
    }
    std::size_t size() const noexcept { return names_.size(); }
    std::u16string_view name(std::size_t c) const noexcept { return names_[c]; }

private:
    KeyMap<std::uint32_t, TextMatch::folded> index_;
    std::vector<std::u16string_view> names_;
};

// Checks one row of paired cells: the first error cell is the result; false
// when no cell holds a number (a header or a blank row: skipped).
Result<bool> is_item(std::initializer_list<const Input*> row) noexcept {
    bool number = false;
    for (const Input* c : row) {
        if (!c) continue;
        if (c->kind == Input::Kind::error) return c->error;
        if (c->kind == Input::Kind::number) number = true;
    }
    return number;
}

// A number cell that must be a count (conversions, nulls) or an amount (values).
Result<double> number_in(const Input& in, bool (*valid)(double) noexcept) noexcept {
    if (in.kind != Input::Kind::number || !valid(in.number)) return Errc::invalid_argument;
    return in.number;
}

bool count_ok(double x) noexcept { return is_count(x); }
bool money_ok(double x) noexcept { return is_money(x); }

bool same_rows(const MixedRange& first, std::initializer_list<const MixedRange*> others) noexcept {
    for (const MixedRange* r : others)
        if (r && !same_items(first, *r)) return false;
    return true;
}

// ---------------------------------------------------------------- dense LU

// PA = LU of a k×k matrix (row-major, in place), partial pivoting.
class Lu {
public:
    // False when a pivot vanishes (a singular matrix).
    bool factor(std::vector<double> a, std::size_t k) {
        a_ = std::move(a);
        k_ = k;
        perm_.resize(k);
        for (std::size_t i = 0; i < k; ++i) perm_[i] = i;
        for (std::size_t col = 0; col < k; ++col) {
            std::size_t p = col;
            double best = std::fabs(at(col, col));
            for (std::size_t r = col + 1; r < k; ++r)
                if (std::fabs(at(r, col)) > best) best = std::fabs(at(r, col)), p = r;
            if (!(best > 0.0) || !std::isfinite(best)) return false;
            if (p != col) {
                std::swap_ranges(a_.begin() + static_cast<std::ptrdiff_t>(p * k),
                                 a_.begin() + static_cast<std::ptrdiff_t>((p + 1) * k),
                                 a_.begin() + static_cast<std::ptrdiff_t>(col * k));
                std::swap(perm_[p], perm_[col]);
            }
            const double pivot = at(col, col);
            for (std::size_t r = col + 1; r < k; ++r) {
                const double f = at(r, col) / pivot;
                at(r, col) = f;
                if (f == 0.0) continue;
                for (std::size_t c = col + 1; c < k; ++c) at(r, c) -= f * at(col, c);
            }
        }
        return true;
    }

    // Solves A x = b.
    std::vector<double> solve(const std::vector<double>& b) const {
        std::vector<double> x(k_);
        for (std::size_t i = 0; i < k_; ++i) {
            double s = b[perm_[i]];
            for (std::size_t j = 0; j < i; ++j) s -= at(i, j) * x[j];
            x[i] = s;
        }
        for (std::size_t i = k_; i-- > 0;) {
            double s = x[i];
            for (std::size_t j = i + 1; j < k_; ++j) s -= at(i, j) * x[j];
            x[i] = s / at(i, i);
        }
        return x;
    }

    // Solves Aᵀ y = b (Aᵀ = Uᵀ Lᵀ P).
    std::vector<double> solve_transposed(const std::vector<double>& b) const {
        std::vector<double> z(b);
        for (std::size_t i = 0; i < k_; ++i) {  // Uᵀ z = b
            double s = z[i];
            for (std::size_t j = 0; j < i; ++j) s -= at(j, i) * z[j];
            z[i] = s / at(i, i);
        }
        for (std::size_t i = k_; i-- > 0;) {  // Lᵀ w = z (unit diagonal)
            double s = z[i];
            for (std::size_t j = i + 1; j < k_; ++j) s -= at(j, i) * z[j];
            z[i] = s;
        }
        std::vector<double> y(k_);
        for (std::size_t i = 0; i < k_; ++i) y[perm_[i]] = z[i];
        return y;
    }

private:
    double& at(std::size_t r, std::size_t c) noexcept { return a_[r * k_ + c]; }
    double at(std::size_t r, std::size_t c) const noexcept { return a_[r * k_ + c]; }
    std::vector<double> a_;
    std::vector<std::size_t> perm_;
    std::size_t k_ = 0;
};

// ---------------------------------------------------------------- ATTRIBUTION rows

struct PathRow {
    double conversions = 0.0, value = 0.0, nulls = 0.0;
    std::size_t begin = 0, end = 0;  // its touches in the flat channel sequence
};

// The removal effect of every channel (see the header).
Result<std::vector<double>> removal_effects(const std::vector<PathRow>& rows,
                                            const std::vector<std::uint32_t>& seq, std::size_t k) {
    if (k > kMarkovMaxChannels) return Errc::num;
    std::vector<double> w(k * k, 0.0), to_conv(k, 0.0), to_null(k, 0.0), from_start(k, 0.0);
    for (const PathRow& r : rows) {
        const double weight = r.conversions + r.nulls;
        if (weight == 0.0) continue;
        from_start[seq[r.begin]] += weight;
        for (std::size_t t = r.begin; t + 1 < r.end; ++t) w[seq[t] * k + seq[t + 1]] += weight;
        to_conv[seq[r.end - 1]] += r.conversions;
        to_null[seq[r.end - 1]] += r.nulls;
    }
    // A = I − Q over the channel states, b = the step into conversion, pi =
    // the step from start.
    std::vector<double> a(k * k, 0.0), b(k, 0.0), pi(k, 0.0);
    double starts = 0.0;
    for (std::size_t c = 0; c < k; ++c) starts += from_start[c];
    if (!std::isfinite(starts) || !(starts > 0.0)) return Errc::num;
    for (std::size_t c = 0; c < k; ++c) {
        double out = to_conv[c] + to_null[c];
        for (std::size_t j = 0; j < k; ++j) out += w[c * k + j];
        if (!std::isfinite(out)) return Errc::num;
        a[c * k + c] = 1.0;
        pi[c] = from_start[c] / starts;
        if (out == 0.0) continue;  // on no weighted path: never visited
        for (std::size_t j = 0; j < k; ++j) a[c * k + j] -= w[c * k + j] / out;
        b[c] = to_conv[c] / out;
    }
    Lu lu;
    if (!lu.factor(std::move(a), k)) return Errc::num;
    const std::vector<double> x = lu.solve(b);                // P(conversion | at c)
    const std::vector<double> visits = lu.solve_transposed(pi);  // expected visits from start
    CompensatedSum p;
    for (std::size_t c = 0; c < k; ++c) p.add(pi[c] * x[c]);
    const double total = p.value();
    if (!std::isfinite(total) || !(total > 0.0)) return Errc::num;
    std::vector<double> re(k, 0.0), unit(k, 0.0);
    for (std::size_t c = 0; c < k; ++c) {
        if (visits[c] == 0.0 || x[c] == 0.0) continue;
        unit[c] = 1.0;
        const double ncc = lu.solve(unit)[c];  // N_cc ≥ 1: the visits to c counting the start in c
        unit[c] = 0.0;
        // P(start reaches c) · P(conversion from c) / P; clamped against rounding.
        const double e = std::clamp(visits[c] / ncc * x[c] / total, 0.0, 1.0);
        if (!std::isfinite(e)) return Errc::num;
        re[c] = e;
    }
    return re;
}

enum class Model { first, last, linear, position, markov };

std::optional<Model> parse_model(std::string_view m) noexcept {
    if (option_is(m, "first")) return Model::first;
    if (option_is(m, "last")) return Model::last;
    if (option_is(m, "linear")) return Model::linear;
    if (option_is(m, "position")) return Model::position;
    if (option_is(m, "markov")) return Model::markov;
    return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------- PATHS

Result<Table> paths(const MixedRange& journey_ids, const MixedRange& channels, const MixedRange& times,
                    const MixedRange& conversions, const std::optional<MixedRange>& values,
                    std::u16string_view separator) {
    if (separator.empty()) return Errc::invalid_argument;
    if (!same_rows(journey_ids, {&channels, &times, &conversions, values ? &*values : nullptr}))
        return Errc::invalid_argument;
    const std::size_t n = journey_ids.cells.size();
    if (n >= std::numeric_limits<std::uint32_t>::max()) return Errc::num;

    struct Touch {
        std::uint32_t journey, channel;
        double time, conversions, value;
    };
    std::vector<Touch> touches;
    touches.reserve(n);
    KeyMap<std::uint32_t, TextMatch::exact> journeys;
    journeys.reserve(std::min<std::size_t>(n, 1u << 20));
    std::uint32_t journey_count = 0;
    Channels names;
    std::deque<std::u16string> owned;
    for (std::size_t i = 0; i < n; ++i) {
        const Input& id = journey_ids.cells[i];
        const Input& ch = channels.cells[i];
        const Input& time = times.cells[i];
        const Input& conv = conversions.cells[i];
        const Input* value = values ? &values->cells[i] : nullptr;
        const Result<bool> item = is_item({&id, &ch, &time, &conv, value});
        if (!item) return item.error();
        if (!*item) continue;  // a header or a blank row

        if (is_blank(id) || (id.kind == Input::Kind::number && !std::isfinite(id.number)))
            return Errc::invalid_argument;
        if (ch.kind == Input::Kind::number && !std::isfinite(ch.number)) return Errc::invalid_argument;
        const std::u16string_view name = name_of(ch, owned);
        if (name.empty()) return Errc::invalid_argument;  // a conversion without its touch
        if (time.kind == Input::Kind::text) return Errc::value;
        if (time.kind != Input::Kind::number || !std::isfinite(time.number)) return Errc::invalid_argument;
        const Result<double> c = number_in(conv, count_ok);
        if (!c) return c.error();
        double v = 0.0;
        if (value) {
            const Result<double> r = number_in(*value, money_ok);
            if (!r) return r.error();
            v = *r;
        }
        const Key key = id.kind == Input::Kind::text ? Key::of(id.text) : Key::of(id.number);
        const auto [it, added] = journeys.try_emplace(key, journey_count);
        if (added) ++journey_count;
        touches.push_back(Touch{it->second, names.index(name), time.number, *c, v});
    }
    if (touches.empty()) return Errc::not_available;

    // Touches grouped by journey (counting sort keeps input order), then each
    // journey ordered by time, ties in input order.
    std::vector<std::uint32_t> first(journey_count + 1, 0);
    for (const Touch& t : touches) ++first[t.journey + 1];
    for (std::size_t j = 0; j < journey_count; ++j) first[j + 1] += first[j];
    std::vector<std::uint32_t> order(touches.size());
    {
        std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
        for (std::uint32_t i = 0; i < touches.size(); ++i) order[next[touches[i].journey]++] = i;
    }
    const auto by_time = [&](std::uint32_t a, std::uint32_t b) { return touches[a].time < touches[b].time; };

    struct PathTotals {
        std::uint32_t journey;  // its first journey, to spell it
        CompensatedSum conversions, value;
        double nulls = 0.0;
    };
    std::vector<PathTotals> found;
    std::unordered_map<std::u32string, std::uint32_t> path_index;
    std::u32string key;
    for (std::size_t j = 0; j < journey_count; ++j) {
        const auto b = order.begin() + first[j], e = order.begin() + first[j + 1];
        if (!std::is_sorted(b, e, by_time)) std::stable_sort(b, e, by_time);
        key.clear();
        CompensatedSum journey_conv, journey_value;
        for (auto it = b; it != e; ++it) {
            const Touch& t = touches[*it];
            key.push_back(static_cast<char32_t>(t.channel));
            journey_conv.add(t.conversions);
            journey_value.add(t.value);
        }
        const auto [it, added] = path_index.try_emplace(key, static_cast<std::uint32_t>(found.size()));
        if (added) {
            if (found.size() >= kAttributionMaxRows) return Errc::num;
            found.push_back(PathTotals{static_cast<std::uint32_t>(j), {}, {}, 0.0});
        }
        PathTotals& p = found[it->second];
        const double conv = journey_conv.value();
        p.conversions.add(conv);
        p.value.add(journey_value.value());
        if (conv == 0.0) p.nulls += 1.0;
    }

    Table t(found.size(), 4);
    std::u16string text;
    for (std::size_t r = 0; r < found.size(); ++r) {
        const std::uint32_t j = found[r].journey;
        text.clear();
        for (std::uint32_t i = first[j]; i < first[j + 1]; ++i) {
            if (i != first[j]) text += separator;
            text += names.name(touches[order[i]].channel);
        }
        t.set_text(r, 0, text);
        t.at(r, 1) = Cell::from(finite(found[r].conversions.value()));
        if (values) t.at(r, 2) = Cell::from(finite(found[r].value.value()));
        t.at(r, 3) = Cell::of(found[r].nulls);
    }
    return t;
}

// ---------------------------------------------------------------- ATTRIBUTION

Result<Table> attribution(const MixedRange& paths, const MixedRange& conversions,
                          const std::optional<MixedRange>& values, const std::optional<MixedRange>& nulls,
                          std::string_view model, std::u16string_view separator, bool with_names) {
    const std::optional<Model> how = parse_model(model);
    if (!how) return Errc::invalid_argument;
    if (separator.empty()) return Errc::invalid_argument;
    if (!same_rows(paths, {&conversions, values ? &*values : nullptr, nulls ? &*nulls : nullptr}))
        return Errc::invalid_argument;

    std::vector<PathRow> rows;
    std::vector<std::uint32_t> seq;  // every path's channels, one after the other
    Channels names;
    std::deque<std::u16string> owned;
    CompensatedSum total_conv, total_value;
    for (std::size_t i = 0; i < paths.cells.size(); ++i) {
        const Input& path = paths.cells[i];
        const Input* value = values ? &values->cells[i] : nullptr;
        const Input* null = nulls ? &nulls->cells[i] : nullptr;
        const Result<bool> item = is_item({&path, &conversions.cells[i], value, null});
        if (!item) return item.error();
        if (!*item) continue;  // a header or a blank row

        PathRow row;
        const Result<double> c = number_in(conversions.cells[i], count_ok);
        if (!c) return c.error();
        row.conversions = *c;
        if (value) {
            const Result<double> v = number_in(*value, money_ok);
            if (!v) return v.error();
            row.value = *v;
        }
        if (null) {
            const Result<double> z = number_in(*null, count_ok);
            if (!z) return z.error();
            row.nulls = *z;
        }
        if (path.kind == Input::Kind::number && !std::isfinite(path.number)) return Errc::invalid_argument;
        const std::u16string_view text = name_of(path, owned);
        if (text.empty()) return Errc::invalid_argument;
        row.begin = seq.size();
        for (std::size_t from = 0;;) {
            const std::size_t at = text.find(separator, from);
            const std::u16string_view channel =
                trim(text.substr(from, at == std::u16string_view::npos ? std::u16string_view::npos : at - from));
            if (channel.empty()) return Errc::invalid_argument;  // "A >> B", "A >"
            seq.push_back(names.index(channel));
            if (at == std::u16string_view::npos) break;
            from = at + separator.size();
        }
        row.end = seq.size();
        total_conv.add(row.conversions);
        total_value.add(row.value);
        rows.push_back(row);
    }
    if (rows.empty()) return Errc::not_available;
    const double total = total_conv.value(), total_v = total_value.value();
    if (!std::isfinite(total) || !std::isfinite(total_v)) return Errc::num;
    if (total == 0.0) return Errc::div_by_zero;
    const std::size_t k = names.size();
    if (k > kAttributionMaxRows) return Errc::num;

    std::vector<CompensatedSum> conv(k), val(k);
    const auto credit = [&](std::uint32_t c, const PathRow& r, double share) {
        conv[c].add(r.conversions * share);
        val[c].add(r.value * share);
    };
    if (*how == Model::markov) {
        const Result<std::vector<double>> re = removal_effects(rows, seq, k);
        if (!re) return re.error();
        CompensatedSum sum;
        for (double e : *re) sum.add(e);
        const double s = sum.value();
        if (!(s > 0.0)) return Errc::num;  // cannot happen when some path converts
        for (std::size_t c = 0; c < k; ++c) {
            conv[c].add(total * ((*re)[c] / s));
            val[c].add(total_v * ((*re)[c] / s));
        }
    } else {
        for (const PathRow& r : rows) {
            const std::size_t len = r.end - r.begin;
            const std::uint32_t head = seq[r.begin], tail = seq[r.end - 1];
            switch (*how) {
                case Model::first: credit(head, r, 1.0); break;
                case Model::last: credit(tail, r, 1.0); break;
                case Model::linear:
                    for (std::size_t t = r.begin; t < r.end; ++t) credit(seq[t], r, 1.0 / static_cast<double>(len));
                    break;
                case Model::position:
                    if (len == 1) {
                        credit(head, r, 1.0);
                    } else if (len == 2) {
                        credit(head, r, 0.5);
                        credit(tail, r, 0.5);
                    } else {
                        credit(head, r, 0.4);
                        credit(tail, r, 0.4);
                        const double middle = 0.2 / static_cast<double>(len - 2);
                        for (std::size_t t = r.begin + 1; t + 1 < r.end; ++t) credit(seq[t], r, middle);
                    }
                    break;
                case Model::markov: break;
            }
        }
    }

    const std::size_t c0 = with_names ? 1 : 0;
    Table t(k, c0 + 2);
    for (std::size_t c = 0; c < k; ++c) {
        if (with_names) t.set_text(c, 0, names.name(c));
        t.at(c, c0) = Cell::from(finite(conv[c].value()));
        if (values) t.at(c, c0 + 1) = Cell::from(finite(val[c].value()));
    }
    return t;
}

}  // namespace kpi
