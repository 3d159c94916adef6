// libFuzzer target over every core entry point that takes ranges or option
// strings (plus the scalar A/B statistics, whose special functions are the
// likeliest to misbehave on extreme counts). Invariants checked on every call:
// no crash / UB (ASan + UBSan), a successful scalar is finite, a successful
// table is well formed with finite numbers only.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <optional>
#include <string>

#include "fuzz_input.hpp"
#include "kpi/acquisition.hpp"
#include "kpi/attribution.hpp"
#include "kpi/breakdown.hpp"
#include "kpi/cohort.hpp"
#include "kpi/conversion.hpp"
#include "kpi/experiments.hpp"
#include "kpi/goals.hpp"
#include "kpi/predictive.hpp"
#include "kpi/retention.hpp"
#include "kpi/value.hpp"

namespace {

const char* const models[] = {"first", "last", "linear", "position", "markov", "MARKOV"};

void check(const kpi::Result<double>& r) {
    if (r && !std::isfinite(r.value())) std::abort();
}

void check(const kpi::Result<kpi::Table>& r) {
    if (!r) return;
    const kpi::Table& t = r.value();
    if (t.cells.size() != t.rows * t.cols) std::abort();
    for (const kpi::Cell& c : t.cells) {
        if (c.kind == kpi::Cell::Kind::number && !std::isfinite(c.number)) std::abort();
        if (c.kind == kpi::Cell::Kind::error && c.error == kpi::Errc::ok) std::abort();
        if (c.kind == kpi::Cell::Kind::text && c.text_index >= t.texts.size()) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    // Every selector 0-26 names its own entry points.
    switch (in.byte() % 27) {
        case 0: check(kpi::cac(in.numbers(), in.number())); break;
        case 1: {
            const double s = in.number(), l = in.number(), n = in.number();
            check(kpi::churn(s, l, n, in.option()));
            break;
        }
        case 2: {
            const double m = in.number(), r = in.number(), d = in.number();
            check(kpi::clvdisc(m, r, d, in.option()));
            break;
        }
        case 3: {
            auto stages = in.cells(in.length());
            if (in.byte() & 1) std::swap(stages.rows, stages.cols);  // a row
            check(kpi::funnel(stages, in.option()));
            break;
        }
        case 4: {
            auto parts = in.cells(in.length());
            if (in.byte() & 1) std::swap(parts.rows, parts.cols);
            std::optional<double> total;
            if (in.byte() & 1) total = in.number();
            check(kpi::share(parts, total));
            break;
        }
        case 5: {
            const std::size_t n = in.length();
            const std::size_t m = in.byte() & 1 ? n : in.length();  // sometimes mismatched
            auto ch = in.cells(n), rev = in.cells(m), cost = in.cells(n);
            check(kpi::mroitable(ch, rev, cost, in.number()));
            break;
        }
        case 6: {
            const std::size_t n = in.length() * 4;
            auto ids = in.cells(n), dates = in.cells(in.byte() & 7 ? n : in.length());
            const kpi::CivilDate null_date{1899 + (in.byte() % 8) - 2, 1u + in.byte() % 14, 1u + in.byte() % 32};
            const std::string period = in.option();
            const double periods = in.number();
            check(kpi::cohort(null_date, ids, dates, period, periods, in.option()));
            break;
        }
        case 7: {
            // COHORT with amounts (value modes named outright: random text rarely
            // spells them) and RFM over the same rows.
            const std::size_t n = in.length() * 4;
            auto ids = in.cells(n), dates = in.cells(n);
            std::optional<kpi::MixedRange> amounts;
            if (in.byte() & 3) amounts = in.cells(in.byte() & 7 ? n : in.length());
            const kpi::CivilDate null_date{1899 + (in.byte() % 8) - 2, 1u + in.byte() % 14, 1u + in.byte() % 32};
            const auto& modes = kChoices_COHORT_mode;
            const auto& periods = kChoices_COHORT_period;
            const std::string period = in.byte() & 1 ? std::string(periods[in.byte() % std::size(periods)]) : in.option();
            const double count = in.number();
            check(kpi::cohort(null_date, ids, dates, period, count, modes[in.byte() % std::size(modes)], amounts));
            std::optional<double> end;
            if (in.byte() & 1) end = in.number();
            check(kpi::rfm(null_date, ids, dates, amounts, end, period, in.number()));
            break;
        }
        case 8: {
            const std::size_t n = in.length();
            auto s = in.cells(n), w = in.cells(in.byte() & 1 ? n : in.length());
            check(kpi::scorecard(s, w));
            break;
        }
        case 9: {
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number(), conf = in.number();
            check(kpi::abci(a, b, c, d, conf, in.option()));
            break;
        }
        case 10: {
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number();
            check(kpi::abloss(a, b, c, d, in.option()));
            break;
        }
        case 11: {
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number();
            check(kpi::abprobbest(a, b, c, d));
            break;
        }
        case 12: {
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number(), t = in.number();
            check(kpi::abpvalue(a, b, c, d, t));
            check(kpi::abzscore(a, b, c, d));
            check(kpi::abliftci(a, b, c, d, t));
            break;
        }
        case 13: {
            const double p = in.number(), e = in.number(), a = in.number(), w = in.number();
            check(kpi::absamplesize(p, e, a, w, in.byte() & 1));
            break;
        }
        case 14: {
            const double s = in.number(), t = in.number(), c = in.number();
            check(kpi::wilsonci(s, t, c));
            check(kpi::srmpvalue(s, t, c));
            // Read after the calls above, so inputs saved for them still reach them.
            const double x = in.number(), y = in.number();
            check(kpi::churnannual(x, y));
            check(kpi::attain(x, y, in.number(), in.byte() & 1 ? std::optional<double>(in.number()) : std::nullopt));
            check(kpi::reqgrowth(x, y, in.number()));
            break;
        }
        case 15: {
            // The grouping key: MROITABLE folds case, COHORT and RFM match ids
            // exactly, over the same names; dates near 2024 so rows get counted.
            const std::size_t n = in.length();
            auto keys = in.key_cells(n);
            auto rev = in.cells(n), cost = in.cells(n);
            check(kpi::mroitable(keys, rev, cost, in.number(), in.byte() & 1));
            kpi::MixedRange dates;
            dates.rows = n;
            dates.cols = 1;
            for (std::size_t i = 0; i < n; ++i) dates.cells.push_back(kpi::Input::of(45292.0 + in.byte()));
            const char* period = kChoices_RFM_period[in.byte() % std::size(kChoices_RFM_period)];
            check(kpi::cohort(kpi::CivilDate{}, keys, dates, period, 1 + in.byte() % 24,
                              kChoices_COHORT_mode[in.byte() % std::size(kChoices_COHORT_mode)]));
            check(kpi::rfm(kpi::CivilDate{}, keys, dates, rev, std::nullopt, period, 1));
            break;
        }
        case 16: {  // the fits (optimiser, Err:523 paths); ranges sometimes mismatched
            auto x = in.numbers(), tx = in.numbers(), T = in.numbers();
            check(kpi::bgnbdfit(x, tx, T, in.byte() & 1 ? 0.0 : in.number()));
            check(kpi::mbgnbdfit(x, tx, T, in.byte() & 1 ? 0.0 : in.number()));
            check(kpi::ggfit(x, tx));
            check(kpi::sbgfit(in.cells(in.length())));
            {  // the same fits on paired cells (headers, blanks, a row beside a column)
                const std::size_t n = in.length();
                auto cx = in.cells(n), ctx = in.cells(n), cT = in.cells(in.byte() & 1 ? n : in.length());
                if (in.byte() & 1) std::swap(ctx.rows, ctx.cols);
                check(kpi::bgnbdfit(cx, ctx, cT, 0.0));
                check(kpi::mbgnbdfit(cx, ctx, cT, 0.0));
                check(kpi::ggfit(cx, cT));
            }
            break;
        }
        case 17: {
            auto p = in.numbers();
            const double x = in.number(), tx = in.number(), T = in.number(), t = in.number();
            check(kpi::bgnbdexpected(p, x, tx, T, t));
            check(kpi::bgnbdalive(p, x, tx, T));
            check(kpi::bgnbdnew(p, t));
            check(kpi::mbgnbdexpected(p, x, tx, T, t));
            check(kpi::mbgnbdalive(p, x, tx, T));
            check(kpi::mbgnbdnew(p, t));
            check(kpi::bgnbdprob(p, x, t));
            break;
        }
        case 18: {
            auto bg = in.numbers(), gg = in.numbers();
            const double x = in.number(), tx = in.number(), T = in.number(), m = in.number();
            const double months = in.number(), d = in.number(), u = in.number();
            check(kpi::ggspend(gg, x, m));
            check(kpi::clvbgnbd(bg, gg, x, tx, T, m, months, d, u));
            break;
        }
        case 19: {
            auto p = in.numbers();
            const double t = in.number();
            check(kpi::sbgsurvival(p, t));
            check(kpi::sbgretention(p, t));
            break;
        }
        case 20: {  // the k-arm tests: paired cells (blanks, texts), sometimes of different sizes
            const std::size_t n = in.length();
            auto conv = in.cells(n);
            auto vis = in.cells(in.byte() & 1 ? n : in.length());
            if (in.byte() & 1) std::swap(conv.rows, conv.cols);  // a row beside a column
            check(kpi::abprobbestn(conv, vis));
            check(kpi::abchisq(conv, vis));
            std::optional<kpi::MixedRange> shares;
            if (in.byte() & 1) shares = in.cells(in.byte() & 1 ? vis.cells.size() : in.length());
            check(kpi::srmpvaluen(vis, shares));
            break;
        }
        case 21: {
            const std::size_t rows = in.length() % 8 + 1, cols = in.length() % 8 + 1;
            kpi::MixedRange p = in.cells(rows * cols);
            p.rows = rows;
            p.cols = cols;
            const std::string method = in.option();
            check(kpi::padjust(p, method));
            break;
        }
        case 22: {
            auto scores = in.numbers();
            check(kpi::nps(scores));
            check(kpi::npsci(scores, in.number()));
            check(kpi::csat(scores, in.number()));
            check(kpi::csat(scores, in.number(), in.number()));
            break;
        }
        case 23: {
            const double ma = in.number(), sa = in.number(), na = in.number(), mb = in.number(), sb = in.number(),
                         nb = in.number(), x = in.number();
            check(kpi::abttest(ma, sa, na, mb, sb, nb, x));
            check(kpi::abmeanci(ma, sa, na, mb, sb, nb, x, in.byte() & 1));
            check(kpi::abmde(ma, na, sa, x, in.byte() & 1));
            break;
        }
        case 24: {  // arms as (mean, sd, n) triples, cell by cell; ranges sometimes of different sizes
            const std::size_t n = in.length() % 24;
            auto means = in.cells(n), sds = in.cells(in.byte() & 7 ? n : in.length() % 24), ns = in.cells(n);
            if (in.byte() & 1) std::swap(means.rows, means.cols);  // a row
            check(kpi::abprobbestmean(means, sds, ns));
            check(kpi::ablossmean(means, sds, ns));
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number(), e = in.number();
            check(kpi::meansd(a, b, c));
            check(kpi::absamplesizemean(a, b, c, d, e, in.byte() & 1));
            check(kpi::abmdemean(a, b, c, d, e, in.byte() & 1));
            check(kpi::abseqci(a, b, c, d, e, in.number()));
            check(kpi::abseqpvalue(a, b, c, d, e, in.number()));
            check(kpi::abseqmeanci(a, b, c, d, e, in.number(), in.number(), in.number()));
            break;
        }
        case 25: {  // CUPED: metric and pre-period cells, pairs sometimes of different sizes
            const std::size_t na = in.length(), nb = in.length();
            auto ya = in.cells(na), xa = in.cells(in.byte() & 7 ? na : in.length()), yb = in.cells(nb),
                 xb = in.cells(nb);
            check(kpi::abcuped(ya, xa, yb, xb, in.number()));
            break;
        }
        case 26: {  // attribution: journeys from touch rows, then credits per model
            const std::size_t n = in.length();
            auto ids = in.key_cells(n), channels = in.key_cells(n);
            auto times = in.cells(n), conv = in.cells(n);
            std::optional<kpi::MixedRange> values;
            if (in.byte() & 1) values = in.cells(in.byte() & 1 ? n : in.length());
            if (in.byte() & 1) std::swap(conv.rows, conv.cols);  // a row beside a column
            static const char16_t* const separators[] = {u" > ", u">", u"", u"a", u"\U00010400"};
            check(kpi::paths(ids, channels, times, conv, values, separators[in.byte() % 5]));
            // Paths pieced from channel names, separators and spaces (empty channels too).
            static constexpr std::u16string_view pieces[] = {u"SEO", u"seo", u" > ", u">", u"  ", u"Σ", u"ς", u"\xD801", u"a"};
            std::deque<std::u16string> texts;
            kpi::MixedRange path;
            path.rows = n;
            path.cols = 1;
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint8_t tag = in.byte();
                if (tag < 200) {
                    std::u16string s;
                    for (std::uint8_t k = 1 + tag % 6; k > 0; --k) s += pieces[in.byte() % (sizeof pieces / sizeof pieces[0])];
                    texts.push_back(std::move(s));
                    path.cells.push_back(kpi::Input::of(std::u16string_view(texts.back())));
                } else if (tag < 230) {
                    path.cells.push_back(kpi::Input::of(in.number()));
                } else {
                    path.cells.push_back(kpi::Input::empty_cell());
                }
            }
            std::optional<kpi::MixedRange> nulls;
            if (in.byte() & 1) nulls = in.cells(n);
            const std::string model = in.byte() & 1 ? std::string(models[in.byte() % 6]) : in.option();
            check(kpi::attribution(path, conv, values, nulls, model, separators[in.byte() % 5], in.byte() & 1));
            break;
        }
    }
    return 0;
}
