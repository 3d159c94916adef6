// PATHS and ATTRIBUTION. Expected values: the published worked examples of
// Bryl (analyzecore.com, 2016, "Marketing Multi-Channel Attribution model
// with R", part 1) and Puzyrov (serhiipuzyrov.com, 2019, "Markov Chain
// Attribution – Simple Explanation Of Removal Effect"), both checked by hand,
// and tests/unit/ref_attribution.py (plain Python for the rule-based models,
// numpy re-solving the chain once per removed channel for "markov"), run once
// and pasted.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "kpi/attribution.hpp"
#include "kpi/sum.hpp"
#include "test_support.hpp"

using kpi::Errc;
using kpi::Input;
using kpi::MixedRange;
using kpi::Table;

namespace {

Input T(std::u16string_view s) { return Input::of(s); }
Input N(double x) { return Input::of(x); }
Input E() { return Input::empty_cell(); }

MixedRange texts(std::initializer_list<std::u16string_view> v) {
    std::vector<Input> out;
    for (auto s : v) out.push_back(T(s));
    return cells(out);
}
MixedRange nums(std::initializer_list<double> v) {
    std::vector<Input> out;
    for (double x : v) out.push_back(N(x));
    return cells(out);
}

double num(const Table& t, std::size_t r, std::size_t c) {
    EXPECT_EQ(t.at(r, c).kind, kpi::Cell::Kind::number) << "row " << r << " col " << c;
    return t.at(r, c).number;
}

std::u16string text(const Table& t, std::size_t r, std::size_t c) {
    EXPECT_EQ(t.at(r, c).kind, kpi::Cell::Kind::text) << "row " << r << " col " << c;
    if (t.at(r, c).kind != kpi::Cell::Kind::text) return {};
    return std::u16string(t.text_at(r, c));
}

// Column `c` of a result as numbers.
std::vector<double> column(const Table& t, std::size_t c) {
    std::vector<double> out;
    for (std::size_t r = 0; r < t.rows; ++r) out.push_back(num(t, r, c));
    return out;
}

void expect_column(const Table& t, std::size_t c, const std::vector<double>& want, double tol) {
    ASSERT_EQ(t.rows, want.size());
    for (std::size_t r = 0; r < want.size(); ++r) EXPECT_NEAR(num(t, r, c), want[r], tol) << "row " << r;
}

// The mixed case of ref_attribution.py.
const MixedRange kPaths = texts({u"SEO > Email > SEO", u"sem", u"Display>SEM", u"seo > SEM > Email > Direct",
                                 u"Email", u"Print > Print", u"Direct", u"SEM > Direct"});
const MixedRange kConv = nums({3, 2, 0, 1, 4, 0, 2, 1});
const MixedRange kNull = nums({5, 3, 4, 2, 6, 7, 1, 0});
const MixedRange kValue = nums({300.0, 150.5, 0.0, 80.25, 410.0, 0.0, 99.9, 120.0});

}  // namespace

// ---------------------------------------------------------------- ATTRIBUTION, published examples

TEST(Attribution, MarkovBrylExample) {
    // c1>c2>c3 converts once; c1 and c2>c3 end in null once each.
    // RE = {0.5, 1, 1} → credits {0.2, 0.4, 0.4}.
    auto r = kpi::attribution(texts({u"c1 > c2 > c3", u"c1", u"c2 > c3"}), nums({1, 0, 0}), std::nullopt,
                              nums({0, 1, 1}), "markov", u">", true);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rows, 3u);
    ASSERT_EQ(r->cols, 3u);
    EXPECT_EQ(text(*r, 0, 0), u"c1");
    EXPECT_EQ(text(*r, 2, 0), u"c3");
    expect_column(*r, 1, {0.2, 0.4, 0.4}, 1e-14);
    // no values: the value column is blank
    EXPECT_EQ(r->at(0, 2).kind, kpi::Cell::Kind::empty);
}

TEST(Attribution, MarkovPuzyrovExample) {
    // RE google ads 0.75, mailing 0.5 → 2.4 and 1.6 of the 4 conversions.
    auto r = kpi::attribution(texts({u"google ads", u"mailing", u"google ads > mailing", u"google ads"}),
                              nums({2, 1, 1, 0}), std::nullopt, nums({0, 0, 0, 1}));
    ASSERT_TRUE(r.ok());
    expect_column(*r, 0, {2.4, 1.6}, 1e-14);
}

// ---------------------------------------------------------------- ATTRIBUTION, reference values

TEST(Attribution, MarkovMatchesNumpyReSolve) {
    auto r = kpi::attribution(kPaths, kConv, kValue, kNull, "markov");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->cols, 2u);
    // SEO, Email, sem, Display, Direct, Print (first-seen order, first spelling)
    expect_column(*r, 0,
                  {3.501839763524825, 4.24740485865752, 2.208909054307341, 0.6910899212635623,
                   2.3507564022467515, 0.0},
                  1e-12);
    expect_column(*r, 1,
                  {312.64694781039145, 379.21157301545, 197.21309952937045, 61.701039778042585,
                   209.8773398667456, 0.0},
                  1e-10);
}

TEST(Attribution, RuleBasedModelsMatchReference) {
    struct Case {
        const char* model;
        std::vector<double> conv, value;
    };
    const Case cases[] = {
        {"first", {4, 4, 3, 0, 2, 0}, {380.25, 410.0, 270.5, 0, 99.9, 0}},
        {"last", {3, 4, 2, 0, 4, 0}, {300.0, 410.0, 150.5, 0, 300.15, 0}},
        {"linear", {2.25, 5.25, 2.75, 0, 2.75, 0}, {220.0625, 530.0625, 230.5625, 0, 179.9625, 0}},
        {"position", {2.8, 4.7, 2.6, 0, 2.9, 0}, {272.1, 478.025, 218.525, 0, 192.0, 0}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.model);
        auto r = kpi::attribution(kPaths, kConv, kValue, kNull, c.model, u">", true);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(text(*r, 0, 0), u"SEO");
        EXPECT_EQ(text(*r, 2, 0), u"sem");  // first spelling, "SEM" later
        expect_column(*r, 1, c.conv, 1e-12);
        expect_column(*r, 2, c.value, 1e-10);
    }
}

TEST(Attribution, OptionWordsAnyCase) {
    auto a = kpi::attribution(kPaths, kConv, std::nullopt, kNull, "LiNeAr");
    ASSERT_TRUE(a.ok());
    EXPECT_NEAR(num(*a, 1, 0), 5.25, 1e-12);
    EXPECT_ERROR(kpi::attribution(kPaths, kConv, std::nullopt, kNull, "shapley"), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attribution(kPaths, kConv, std::nullopt, kNull, ""), Errc::invalid_argument);
}

// ---------------------------------------------------------------- ATTRIBUTION, properties

TEST(Attribution, CreditsAddUpToTotalsUnderEveryModel) {
    std::mt19937 rng(7);
    const std::u16string_view names[] = {u"A", u"b", u"C", u"d", u"E", u"a", u"B"};
    for (int trial = 0; trial < 50; ++trial) {
        std::deque<std::u16string> store;
        std::vector<Input> p, c, v, z;
        double total_c = 0, total_v = 0;
        const int rows = 1 + static_cast<int>(rng() % 30);
        for (int i = 0; i < rows; ++i) {
            std::u16string s;
            const int len = 1 + static_cast<int>(rng() % 6);
            for (int t = 0; t < len; ++t) {
                if (t) s += u" > ";
                s += names[rng() % 7];
            }
            store.push_back(s);
            p.push_back(T(store.back()));
            const double conv = static_cast<double>(rng() % 4), val = conv * static_cast<double>(rng() % 100) / 3;
            c.push_back(N(conv));
            v.push_back(N(val));
            z.push_back(N(static_cast<double>(rng() % 5)));
            total_c += conv;
            total_v += val;
        }
        if (total_c == 0) continue;
        for (const char* model : {"first", "last", "linear", "position", "markov"}) {
            SCOPED_TRACE(model);
            auto r = kpi::attribution(cells(p), cells(c), cells(v), cells(z), model);
            ASSERT_TRUE(r.ok());
            double sc = 0, sv = 0;
            for (std::size_t k = 0; k < r->rows; ++k) {
                EXPECT_GE(num(*r, k, 0), 0.0);
                sc += num(*r, k, 0);
                sv += num(*r, k, 1);
            }
            EXPECT_NEAR(sc, total_c, 1e-9 * total_c);
            EXPECT_NEAR(sv, total_v, 1e-9 * std::max(1.0, total_v));
        }
    }
}

TEST(Attribution, SingleChannelPathsGetFullCredit) {
    // Every path one touch: each model gives each channel its own conversions.
    auto p = texts({u"SEO", u"Email", u"seo", u"Direct"});
    auto c = nums({2, 3, 1, 0});
    auto z = nums({4, 1, 2, 5});
    for (const char* model : {"first", "last", "linear", "position", "markov"}) {
        SCOPED_TRACE(model);
        auto r = kpi::attribution(p, c, std::nullopt, z, model);
        ASSERT_TRUE(r.ok());
        if (std::string_view(model) == "markov") {
            // start → SEO 9, Email 4, Direct 5 of 18; P = 6/18; removing SEO
            // or Email halves P, Direct changes nothing: RE {1/2, 1/2, 0}.
            expect_column(*r, 0, {3, 3, 0}, 1e-12);
        } else {
            expect_column(*r, 0, {3, 3, 0}, 0);
        }
    }
}

TEST(Attribution, MarkovChannelWithoutReachableConversionGetsZero) {
    // Print leads only to null; Display is on no converting path but the chain
    // goes on from it into SEM, which converts: it gets credit (see the reference).
    auto r = kpi::attribution(kPaths, kConv, std::nullopt, kNull, "markov", u">", true);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(text(*r, 5, 0), u"Print");
    EXPECT_EQ(num(*r, 5, 1), 0.0);
    EXPECT_EQ(text(*r, 3, 0), u"Display");
    EXPECT_GT(num(*r, 3, 1), 0.5);
}

TEST(Attribution, MarkovSelfLoopsDoNotChangeTheResult) {
    // A repeated channel only loops on itself: its removal effect is the same.
    auto a = kpi::attribution(texts({u"A > A > A > B", u"B", u"A"}), nums({2, 1, 0}), std::nullopt, nums({1, 1, 3}));
    auto b = kpi::attribution(texts({u"A > B", u"B", u"A"}), nums({2, 1, 0}), std::nullopt, nums({1, 1, 3}));
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    expect_column(*a, 0, column(*b, 0), 1e-12);
}

// ---------------------------------------------------------------- ATTRIBUTION, input rules

TEST(Attribution, PathParsing) {
    // Spacing and case do not matter; a custom separator.
    auto r = kpi::attribution(texts({u"SEO|email", u" seo | Email "}), nums({1, 1}), std::nullopt, std::nullopt,
                              "last", u"|", true);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rows, 2u);
    EXPECT_EQ(text(*r, 1, 0), u"email");
    EXPECT_EQ(num(*r, 1, 1), 2.0);
    // an ideographic space is trimmed too
    auto z = kpi::attribution(texts({u"\u3000渠道A\u3000>渠道B"}), nums({1}), std::nullopt, std::nullopt, "first",
                              u">", true);
    ASSERT_TRUE(z.ok());
    EXPECT_EQ(text(*z, 0, 0), u"渠道A");
    // an empty channel, an empty path, a trailing separator
    for (auto bad : {u"A >> B", u"A > ", u"> A", u"   ", u""}) {
        EXPECT_ERROR(kpi::attribution(texts({u"A", bad}), nums({1, 1})), Errc::invalid_argument);
    }
    EXPECT_ERROR(kpi::attribution(texts({u"A"}), nums({1}), std::nullopt, std::nullopt, "first", u""),
                 Errc::invalid_argument);
}

TEST(Attribution, RowsPairCellByCell) {
    // A header row (all text) is skipped; a blank row too.
    auto r = kpi::attribution(cells({T(u"path"), T(u"A > B"), E(), T(u"B")}),
                              cells({T(u"conversions"), N(2), E(), N(1)}), std::nullopt,
                              cells({T(u"nulls"), N(0), E(), N(1)}), "last");
    ASSERT_TRUE(r.ok());
    expect_column(*r, 0, {0, 3}, 0);
    // a count beside an empty path, an empty count beside a path → Err:502
    EXPECT_ERROR(kpi::attribution(cells({T(u"A"), E()}), nums({1, 1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attribution(cells({T(u"A"), T(u"B")}), cells({N(1), N(1)}), std::nullopt,
                                  cells({N(0), E()})),
                 Errc::invalid_argument);
    // a path beside a text count holds no number: a row of texts, skipped like a header
    auto x = kpi::attribution(texts({u"A", u"B"}), cells({N(1), T(u"x")}));
    ASSERT_TRUE(x.ok());
    EXPECT_EQ(x->rows, 1u);
    // negative counts; a negative value is allowed (a refund)
    EXPECT_ERROR(kpi::attribution(texts({u"A"}), nums({-1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attribution(texts({u"A"}), nums({1}), std::nullopt, nums({-1})), Errc::invalid_argument);
    EXPECT_TRUE(kpi::attribution(texts({u"A"}), nums({1}), nums({-5})).ok());
    // shapes
    EXPECT_ERROR(kpi::attribution(texts({u"A", u"B"}), nums({1})), Errc::invalid_argument);
    MixedRange row = nums({1, 1});
    std::swap(row.rows, row.cols);
    EXPECT_TRUE(kpi::attribution(texts({u"A", u"B"}), row).ok());  // a row beside a column
    // an error cell
    EXPECT_ERROR(kpi::attribution(texts({u"A", u"B"}), cells({N(1), Input::failed(Errc::value)})), Errc::value);
    // a number path is its digits
    auto d = kpi::attribution(cells({N(101), T(u"101 > 7")}), nums({1, 1}), std::nullopt, std::nullopt, "first",
                              u">", true);
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(d->rows, 2u);
    EXPECT_EQ(text(*d, 0, 0), u"101");
    EXPECT_EQ(num(*d, 0, 1), 2.0);
}

TEST(Attribution, Errors) {
    EXPECT_ERROR(kpi::attribution(texts({u"A", u"B"}), nums({0, 0}), std::nullopt, nums({1, 2})), Errc::div_by_zero);
    EXPECT_ERROR(kpi::attribution(texts({u"A", u"B"}), nums({0, 0}), std::nullopt, nums({1, 2}), "first"),
                 Errc::div_by_zero);
    EXPECT_ERROR(kpi::attribution(texts({u"path"}), texts({u"conversions"})), Errc::not_available);
    EXPECT_ERROR(kpi::attribution(texts({u"A", u"B"}), nums({1e308, 1e308})), Errc::num);
}

TEST(Attribution, MarkovChannelLimit) {
    // More than kMarkovMaxChannels channels is #NUM!; 300 are solved.
    std::deque<std::u16string> store;
    std::vector<Input> p, c;
    for (std::size_t i = 0; i <= kpi::kMarkovMaxChannels; ++i) {
        store.push_back(u"ch" + std::u16string(1, static_cast<char16_t>(0x4E00 + i)));
        p.push_back(T(store.back()));
        c.push_back(N(1));
    }
    EXPECT_ERROR(kpi::attribution(cells(p), cells(c)), Errc::num);
    EXPECT_TRUE(kpi::attribution(cells(p), cells(c), std::nullopt, std::nullopt, "linear").ok());
    p.resize(300);
    c.resize(300);
    auto r = kpi::attribution(cells(p), cells(c));
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(num(*r, 0, 0), 1.0, 1e-9);
}

// ---------------------------------------------------------------- PATHS

TEST(Paths, JourneysOrderedByTimeTiesKeepInputOrder) {
    // j1: Email(t2) SEO(t1) sem(t3) → SEO > Email > SEO; j2 (text id): ties at t5 keep input order.
    auto ids = cells({N(1), T(u"j2"), N(1), T(u"j2"), N(1), N(3)});
    auto ch = texts({u"Email", u"Display", u" SEO ", u"sem", u"seo", u"Email"});
    auto times = nums({2, 5, 1, 5, 3, 9});
    auto conv = nums({0, 0, 1, 1, 0, 0});
    auto vals = nums({0, 0, 50, 20, 0, 0});
    auto r = kpi::paths(ids, ch, times, conv, vals);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rows, 3u);
    ASSERT_EQ(r->cols, 4u);
    EXPECT_EQ(text(*r, 0, 0), u"SEO > Email > SEO");  // first spelling of seo is " SEO " trimmed
    EXPECT_EQ(text(*r, 1, 0), u"Display > sem");
    EXPECT_EQ(text(*r, 2, 0), u"Email");
    expect_column(*r, 1, {1, 1, 0}, 0);
    expect_column(*r, 2, {50, 20, 0}, 0);
    expect_column(*r, 3, {0, 0, 1}, 0);
}

TEST(Paths, SamePathsAddUp) {
    // three journeys with path A > B (one converting twice), one with B
    auto ids = nums({1, 1, 2, 2, 3, 3, 4});
    auto ch = texts({u"A", u"b", u"a", u"B", u"A", u"B", u"B"});
    auto times = nums({1, 2, 1, 2, 1, 2, 1});
    auto conv = nums({0, 1, 1, 1, 0, 0, 0});
    auto r = kpi::paths(ids, ch, times, conv, std::nullopt, u">");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rows, 2u);
    EXPECT_EQ(text(*r, 0, 0), u"A>b");
    expect_column(*r, 1, {3, 0}, 0);
    expect_column(*r, 3, {1, 1}, 0);
    EXPECT_EQ(r->at(0, 2).kind, kpi::Cell::Kind::empty);  // no values given
}

TEST(Paths, RowsPairCellByCell) {
    // header and blank rows are skipped
    auto r = kpi::paths(cells({T(u"journey"), N(1), E()}), texts({u"channel", u"SEO", u""}),
                        cells({T(u"time"), N(1), E()}), cells({T(u"conv"), N(1), E()}));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rows, 1u);
    // a touch without a channel (a conversion recorded on its own row): Err:502
    EXPECT_ERROR(kpi::paths(nums({1, 1}), cells({T(u"SEO"), E()}), nums({1, 2}), nums({0, 1})),
                 Errc::invalid_argument);
    EXPECT_ERROR(kpi::paths(nums({1, 1}), cells({T(u"SEO"), T(u"  ")}), nums({1, 2}), nums({0, 1})),
                 Errc::invalid_argument);
    // an empty id, an empty time, an empty conversion beside a touch
    EXPECT_ERROR(kpi::paths(cells({E()}), texts({u"SEO"}), nums({1}), nums({1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), cells({E()}), nums({1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), nums({1}), cells({E()})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), nums({1}), nums({1}), cells({E()})),
                 Errc::invalid_argument);
    // a time typed as text: #VALUE! (as COHORT's dates)
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), texts({u"2024-01-05"}), nums({1})), Errc::value);
    // negative conversions
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), nums({1}), nums({-1})), Errc::invalid_argument);
    // shapes; an error cell; nothing at all
    EXPECT_ERROR(kpi::paths(nums({1, 2}), texts({u"SEO"}), nums({1}), nums({1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), cells({Input::failed(Errc::div_by_zero)}), nums({1})),
                 Errc::div_by_zero);
    EXPECT_ERROR(kpi::paths(texts({u"id"}), texts({u"channel"}), texts({u"t"}), texts({u"c"})), Errc::not_available);
    EXPECT_ERROR(kpi::paths(nums({1}), texts({u"SEO"}), nums({1}), nums({1}), std::nullopt, u""),
                 Errc::invalid_argument);
    // a number channel is its digits
    auto d = kpi::paths(nums({1, 1}), cells({N(101), T(u"101")}), nums({1, 2}), nums({0, 1}));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(text(*d, 0, 0), u"101 > 101");
}

TEST(Paths, FeedsAttribution) {
    // PATHS' table is ATTRIBUTION's input: Bryl's example from touch rows.
    auto ids = nums({1, 1, 1, 2, 3, 3});
    auto ch = texts({u"c1", u"c2", u"c3", u"c1", u"c2", u"c3"});
    auto times = nums({1, 2, 3, 1, 1, 2});
    auto conv = nums({0, 0, 1, 0, 0, 0});
    auto p = kpi::paths(ids, ch, times, conv);
    ASSERT_TRUE(p.ok());
    std::vector<Input> path, c, z;
    for (std::size_t r = 0; r < p->rows; ++r) {
        path.push_back(T(p->text_at(r, 0)));
        c.push_back(N(num(*p, r, 1)));
        z.push_back(N(num(*p, r, 3)));
    }
    auto a = kpi::attribution(cells(path), cells(c), std::nullopt, cells(z));
    ASSERT_TRUE(a.ok());
    expect_column(*a, 0, {0.2, 0.4, 0.4}, 1e-14);
}

TEST(Paths, ManyTouchRows) {
    // 200,000 touches of 40,000 journeys over 50 channels, shuffled times
    // (bench/bench_attribution.cpp times 1,000,000).
    std::mt19937 rng(1);
    const std::size_t n = 200000;
    std::deque<std::u16string> store;
    std::vector<std::u16string_view> names;
    for (int c = 0; c < 50; ++c) {
        store.push_back(u"channel " + std::u16string(1, static_cast<char16_t>(u'A' + c % 26)) +
                        std::u16string(1, static_cast<char16_t>(u'0' + c / 26)));
        names.push_back(store.back());
    }
    std::vector<Input> ids(n), ch(n), times(n), conv(n);
    for (std::size_t i = 0; i < n; ++i) {
        ids[i] = N(static_cast<double>(rng() % 40000));
        ch[i] = T(names[rng() % 5 == 0 ? rng() % 50 : rng() % 6]);
        times[i] = N(45292.0 + static_cast<double>(rng() % 100000) / 1000.0);
        conv[i] = N(rng() % 20 == 0 ? 1.0 : 0.0);
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto r = kpi::paths(cells(ids), cells(ch), cells(times), cells(conv));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(r.ok());
    double journeys = 0;
    for (std::size_t k = 0; k < r->rows; ++k) journeys += num(*r, k, 3);
    EXPECT_GT(journeys, 0);
    EXPECT_LT(s, 10.0);  // generous for sanitizer builds on a busy machine
}
