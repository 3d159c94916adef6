// FUNNEL, SHARE, MROITABLE. Every expected value below is worked out by hand
// in the comment next to it.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kpi/breakdown.hpp"
#include "test_support.hpp"

namespace {

using kpi::Cell;
using kpi::Errc;
using kpi::Input;
using kpi::MixedRange;
using kpi::Table;

MixedRange grid(std::size_t rows, std::size_t cols, std::vector<Input> v) {
    MixedRange m;
    m.rows = rows;
    m.cols = cols;
    m.cells = std::move(v);
    return m;
}
MixedRange column(const std::vector<double>& v) {
    std::vector<Input> in;
    for (double x : v) in.push_back(Input::of(x));
    return grid(v.size(), 1, std::move(in));
}
MixedRange row(const std::vector<double>& v) {
    MixedRange m = column(v);
    std::swap(m.rows, m.cols);
    return m;
}

MixedRange number_cells(const std::vector<double>& v) {
    std::vector<Input> in;
    for (double x : v) in.push_back(Input::of(x));
    return cells(std::move(in));
}
Input txt(std::u16string_view s) { return Input::of(s); }
Input num(double x) { return Input::of(x); }
Input blank() { return Input::empty_cell(); }

void expect_number(const Cell& c, double want, double tol = 1e-12) {
    ASSERT_EQ(c.kind, Cell::Kind::number) << "error " << kpi::to_string(c.error);
    EXPECT_NEAR(c.number, want, tol);
}
void expect_error(const Cell& c, Errc e) {
    ASSERT_EQ(c.kind, Cell::Kind::error);
    EXPECT_EQ(c.error, e);
}
void expect_shape(const Table& t, std::size_t rows, std::size_t cols) {
    EXPECT_EQ(t.rows, rows);
    EXPECT_EQ(t.cols, cols);
    EXPECT_EQ(t.cells.size(), rows * cols);
}

// ---------------------------------------------------------------- FUNNEL

TEST(Funnel, StepIsEachStageOverThePreviousOne) {
    const auto r = kpi::funnel(column({1000, 400, 100}), "step");
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 3, 1);
    expect_number(r->at(0, 0), 1.0);
    expect_number(r->at(1, 0), 0.4);   // 400 / 1000
    expect_number(r->at(2, 0), 0.25);  // 100 / 400
}

TEST(Funnel, OverallIsEachStageOverTheFirst) {
    const auto r = kpi::funnel(column({1000, 400, 100}), "overall");
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 3, 1);
    expect_number(r->at(0, 0), 1.0);
    expect_number(r->at(1, 0), 0.4);  // 400 / 1000
    expect_number(r->at(2, 0), 0.1);  // 100 / 1000
}

TEST(Funnel, ModeIsCaseInsensitive) {
    const auto r = kpi::funnel(column({200, 50}), "OverAll");
    ASSERT_TRUE(r.ok());
    expect_number(r->at(1, 0), 0.25);
}

TEST(Funnel, RowInRowOut) {
    const auto r = kpi::funnel(row({500, 250, 50, 5}), "step");
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 1, 4);
    expect_number(r->at(0, 0), 1.0);
    expect_number(r->at(0, 1), 0.5);  // 250 / 500
    expect_number(r->at(0, 2), 0.2);  // 50 / 250
    expect_number(r->at(0, 3), 0.1);  // 5 / 50
}

TEST(Funnel, SingleStageIsOne) {
    for (const char* mode : {"step", "overall"}) {
        const auto r = kpi::funnel(column({7}), mode);
        ASSERT_TRUE(r.ok());
        expect_shape(*r, 1, 1);
        expect_number(r->at(0, 0), 1.0);
    }
}

TEST(Funnel, LargerStageThanTheOneBeforeIsAllowed) {
    // Re-entry from another channel: 100 → 150 is a step of 1.5.
    const auto r = kpi::funnel(column({100, 150, 30}), "step");
    ASSERT_TRUE(r.ok());
    expect_number(r->at(1, 0), 1.5);
    expect_number(r->at(2, 0), 0.2);  // 30 / 150
    const auto o = kpi::funnel(column({100, 150, 30}), "overall");
    ASSERT_TRUE(o.ok());
    expect_number(o->at(1, 0), 1.5);
    expect_number(o->at(2, 0), 0.3);
}

TEST(Funnel, StepAfterAnEmptyStageIsDivZeroCellOnly) {
    const auto r = kpi::funnel(column({100, 0, 50, 25}), "step");
    ASSERT_TRUE(r.ok());
    expect_number(r->at(0, 0), 1.0);
    expect_number(r->at(1, 0), 0.0);        // 0 / 100
    expect_error(r->at(2, 0), Errc::div_by_zero);  // 50 / 0
    expect_number(r->at(3, 0), 0.5);        // 25 / 50
    // The same data "overall" has no zero denominator.
    const auto o = kpi::funnel(column({100, 0, 50, 25}), "overall");
    ASSERT_TRUE(o.ok());
    expect_number(o->at(1, 0), 0.0);
    expect_number(o->at(2, 0), 0.5);
    expect_number(o->at(3, 0), 0.25);
}

TEST(Funnel, FirstStageZero) {
    // "step": the first stage is 1 by definition, the next one divides by 0.
    const auto s = kpi::funnel(column({0, 0}), "step");
    ASSERT_TRUE(s.ok());
    expect_number(s->at(0, 0), 1.0);
    expect_error(s->at(1, 0), Errc::div_by_zero);
    // "overall": every stage divides by the first → every cell of the funnel.
    const auto o = kpi::funnel(column({0, 5}), "overall");
    ASSERT_TRUE(o.ok());
    expect_error(o->at(0, 0), Errc::div_by_zero);
    expect_error(o->at(1, 0), Errc::div_by_zero);
}

TEST(Funnel, OverflowingStepIsNumCell) {
    const auto r = kpi::funnel(column({1e-300, 1e300, 1}), "step");
    ASSERT_TRUE(r.ok());
    expect_error(r->at(1, 0), Errc::num);  // 1e300 / 1e-300 = 1e600
    expect_number(r->at(2, 0), 1e-300, 1e-310);
}

TEST(Funnel, Errors) {
    EXPECT_EQ(kpi::funnel(column({}), "step").error(), Errc::not_available);
    EXPECT_EQ(kpi::funnel(column({100, -1}), "step").error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::funnel(column({100, kNaN}), "step").error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::funnel(column({kInf, 1}), "overall").error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::funnel(column({100, 50}), "cumulative").error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::funnel(column({100, 50}), "").error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::funnel(column({}), "bogus").error(), Errc::invalid_argument);
    // Only text: nothing to compute on.
    EXPECT_EQ(kpi::funnel(grid(2, 1, {txt(u"Leads"), blank()}), "step").error(), Errc::not_available);
    EXPECT_EQ(kpi::funnel(grid(2, 1, {num(5), Input::failed(Errc::num)}), "step").error(), Errc::num);
}

void expect_blank(const Cell& c) { EXPECT_EQ(c.kind, Cell::Kind::empty); }

// Issue 14: a header and gaps kept every later result a row too high.
TEST(Funnel, HeaderAndGapsKeepTheirPlaces) {
    // "Leads", 100, (empty), 50, "n/a", 10 down a column.
    const auto in = grid(6, 1, {txt(u"Leads"), num(100), blank(), num(50), txt(u"n/a"), num(10)});
    const auto s = kpi::funnel(in, "step");
    ASSERT_TRUE(s.ok());
    expect_shape(*s, 6, 1);
    expect_blank(s->at(0, 0));
    expect_number(s->at(1, 0), 1.0);  // first number
    expect_blank(s->at(2, 0));
    expect_number(s->at(3, 0), 0.5);  // 50 / 100: the previous NUMBER
    expect_blank(s->at(4, 0));
    expect_number(s->at(5, 0), 0.2);  // 10 / 50
    const auto o = kpi::funnel(in, "overall");
    ASSERT_TRUE(o.ok());
    expect_number(o->at(3, 0), 0.5);  // 50 / 100
    expect_number(o->at(5, 0), 0.1);  // 10 / 100
}

// Issue 14: two funnels side by side were flattened into one.
TEST(Funnel, TwoDimensionalRangeIsOneFunnelPerColumn) {
    // Column 1: 1000, 900, 450; column 2: 1000, 500, 400 (header row on top).
    const auto in = grid(4, 2, {txt(u"A"), txt(u"B"), num(1000), num(1000), num(900), num(500),
                                num(450), num(400)});
    const auto s = kpi::funnel(in, "step");
    ASSERT_TRUE(s.ok());
    expect_shape(*s, 4, 2);
    expect_blank(s->at(0, 0));
    expect_blank(s->at(0, 1));
    expect_number(s->at(1, 0), 1.0);
    expect_number(s->at(1, 1), 1.0);
    expect_number(s->at(2, 0), 0.9);  // 900 / 1000
    expect_number(s->at(2, 1), 0.5);  // 500 / 1000
    expect_number(s->at(3, 0), 0.5);  // 450 / 900
    expect_number(s->at(3, 1), 0.8);  // 400 / 500
    const auto o = kpi::funnel(in, "overall");
    ASSERT_TRUE(o.ok());
    expect_number(o->at(3, 0), 0.45);  // 450 / 1000
    expect_number(o->at(3, 1), 0.4);   // 400 / 1000
    // A column without numbers stays blank, a first stage of 0 spoils only its funnel.
    const auto z = kpi::funnel(grid(2, 3, {num(0), blank(), num(10), num(5), txt(u"x"), num(5)}),
                               "overall");
    ASSERT_TRUE(z.ok());
    expect_error(z->at(0, 0), Errc::div_by_zero);
    expect_error(z->at(1, 0), Errc::div_by_zero);
    expect_blank(z->at(0, 1));
    expect_blank(z->at(1, 1));
    expect_number(z->at(0, 2), 1.0);
    expect_number(z->at(1, 2), 0.5);  // 5 / 10
}

TEST(Funnel, MillionStages) {
    std::vector<double> v(1000000, 8.0);
    v[1] = 2.0;
    const auto r = kpi::funnel(column(std::move(v)), "step");
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 1000000, 1);
    expect_number(r->at(1, 0), 0.25);
    expect_number(r->at(2, 0), 4.0);
    expect_number(r->at(999999, 0), 1.0);
}

// ---------------------------------------------------------------- SHARE

TEST(Share, EachPartOverTheSum) {
    const auto r = kpi::share(column({50, 30, 20}), std::nullopt);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 3, 1);
    expect_number(r->at(0, 0), 0.5);  // 50 / 100
    expect_number(r->at(1, 0), 0.3);
    expect_number(r->at(2, 0), 0.2);
}

TEST(Share, GivenTotal) {
    // Market of 200 leads, we see three sources.
    const auto r = kpi::share(column({50, 30, 20}), 200.0);
    ASSERT_TRUE(r.ok());
    expect_number(r->at(0, 0), 0.25);
    expect_number(r->at(1, 0), 0.15);
    expect_number(r->at(2, 0), 0.1);
}

TEST(Share, RowInRowOut) {
    const auto r = kpi::share(row({1, 3}), std::nullopt);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 1, 2);
    expect_number(r->at(0, 0), 0.25);
    expect_number(r->at(0, 1), 0.75);
}

TEST(Share, NegativePartsAreAllowed) {
    // Net revenue by channel, one channel refunded more than it sold: 150 − 50 = 100.
    const auto r = kpi::share(column({150, -50}), std::nullopt);
    ASSERT_TRUE(r.ok());
    expect_number(r->at(0, 0), 1.5);
    expect_number(r->at(1, 0), -0.5);
}

TEST(Share, SumIsCompensated) {
    // 1e16 + 1 − 1e16 is 1 exactly; a naive sum gives 0 and a bogus #DIV/0!.
    const auto r = kpi::share(column({1e16, 1, -1e16}), std::nullopt);
    ASSERT_TRUE(r.ok());
    expect_number(r->at(1, 0), 1.0);
}

TEST(Share, Errors) {
    EXPECT_EQ(kpi::share(column({}), std::nullopt).error(), Errc::not_available);
    EXPECT_EQ(kpi::share(column({}), 10.0).error(), Errc::not_available);
    EXPECT_EQ(kpi::share(column({0, 0}), std::nullopt).error(), Errc::div_by_zero);
    EXPECT_EQ(kpi::share(column({5, -5}), std::nullopt).error(), Errc::div_by_zero);
    EXPECT_EQ(kpi::share(column({1, 2}), 0.0).error(), Errc::div_by_zero);
    EXPECT_EQ(kpi::share(column({1, kNaN}), std::nullopt).error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::share(column({1, kInf}), std::nullopt).error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::share(column({1, 2}), kNaN).error(), Errc::invalid_argument);
    EXPECT_EQ(kpi::share(column({1, 2}), -kInf).error(), Errc::invalid_argument);
    // The sum overflows.
    EXPECT_EQ(kpi::share(column({1e308, 1e308}), std::nullopt).error(), Errc::num);
}

TEST(Share, OverflowingPartIsNumCell) {
    const auto r = kpi::share(column({1e300, 1}), 1e-300);
    ASSERT_TRUE(r.ok());
    expect_error(r->at(0, 0), Errc::num);
    expect_number(r->at(1, 0), 1e300, 1e288);
}

// Issue 14: "Leads", 100, 200, 300 put 100's share beside the header.
TEST(Share, HeaderAndGapsKeepTheirPlaces) {
    const auto r = kpi::share(grid(5, 1, {txt(u"Leads"), num(100), blank(), num(200), num(300)}),
                              std::nullopt);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 5, 1);
    expect_blank(r->at(0, 0));
    expect_number(r->at(1, 0), 100.0 / 600);
    expect_blank(r->at(2, 0));
    expect_number(r->at(3, 0), 200.0 / 600);
    expect_number(r->at(4, 0), 300.0 / 600);
    EXPECT_EQ(kpi::share(grid(1, 2, {txt(u"a"), blank()}), std::nullopt).error(), Errc::not_available);
}

TEST(Share, TwoDimensionalRangeIsEachCellOverTheTotal) {
    // Channels × months: 10 30 / 20 40 → total 100.
    const auto r = kpi::share(grid(2, 2, {num(10), num(30), num(20), num(40)}), std::nullopt);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 2, 2);
    expect_number(r->at(0, 0), 0.1);
    expect_number(r->at(0, 1), 0.3);
    expect_number(r->at(1, 0), 0.2);
    expect_number(r->at(1, 1), 0.4);
    const auto g = kpi::share(grid(2, 2, {num(10), num(30), num(20), num(40)}), 200.0);
    ASSERT_TRUE(g.ok());
    expect_number(g->at(1, 1), 0.2);  // 40 / 200
}

// ---------------------------------------------------------------- MROITABLE

TEST(MroiTable, AggregatesRepeatedChannelsInFirstSeenOrder) {
    const std::vector<Input> ch = {txt(u"SEO"), txt(u"SEM"), txt(u"seo"), txt(u"Email"),
                                   txt(u"Sem")};
    const auto r = kpi::mroitable(cells(ch), number_cells({1000, 2000, 500, 300, 1000}),
                                  number_cells({100, 1000, 200, 0, 500}), 1.0);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 3, 3);
    // SEO: revenue 1000 + 500, cost 100 + 200, MROI (1500 − 300) / 300 = 4.
    expect_number(r->at(0, 0), 1500);
    expect_number(r->at(0, 1), 300);
    expect_number(r->at(0, 2), 4.0);
    // SEM: revenue 3000, cost 1500, MROI (3000 − 1500) / 1500 = 1.
    expect_number(r->at(1, 0), 3000);
    expect_number(r->at(1, 1), 1500);
    expect_number(r->at(1, 2), 1.0);
    // Email: no cost → MROI is #DIV/0!, its sums are still there.
    expect_number(r->at(2, 0), 300);
    expect_number(r->at(2, 1), 0);
    expect_error(r->at(2, 2), Errc::div_by_zero);
}

TEST(MroiTable, GrossMargin) {
    const std::vector<Input> ch = {txt(u"SEO"), txt(u"SEM")};
    const auto r =
        kpi::mroitable(cells(ch), number_cells({1500, 3000}), number_cells({300, 1500}), 0.4);
    ASSERT_TRUE(r.ok());
    expect_number(r->at(0, 2), 1.0);   // (1500·0.4 − 300) / 300 = 300 / 300
    expect_number(r->at(1, 2), -0.2);  // (3000·0.4 − 1500) / 1500 = −300 / 1500
    // A negative margin (sold at a loss) is allowed: (1500·(−0.2) − 300) / 300 = −2.
    const auto neg = kpi::mroitable(cells(ch), number_cells({1500, 3000}), number_cells({300, 1500}), -0.2);
    ASSERT_TRUE(neg.ok());
    expect_number(neg->at(0, 2), -2.0);
}

TEST(MroiTable, NumberChannelsAndTextNumbersAreDifferent) {
    // Campaign numbers as channel names; 2024 (number) and "2024" (text) differ.
    const std::vector<Input> ch = {num(2023), num(2024), txt(u"2024"), num(2023), num(-0.0),
                                   num(0.0)};
    const auto r = kpi::mroitable(cells(ch), number_cells({10, 20, 30, 40, 5, 7}),
                                  number_cells({1, 2, 3, 4, 1, 1}), 1.0);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 4, 3);
    expect_number(r->at(0, 0), 50);   // 2023: 10 + 40
    expect_number(r->at(0, 1), 5);    // 1 + 4
    expect_number(r->at(0, 2), 9.0);  // (50 − 5) / 5
    expect_number(r->at(1, 0), 20);   // 2024
    expect_number(r->at(2, 0), 30);   // "2024"
    expect_number(r->at(3, 0), 12);   // −0 and 0 are the same number: 5 + 7
    expect_number(r->at(3, 1), 2);
}

// Issue 14: case was folded for A–Z only, so "Москва" and "москва" were two
// channels. Pairs from Unicode CaseFolding.txt (C/S entries).
TEST(MroiTable, CaseFoldingIsUnicodeSimpleFolding) {
    const std::vector<Input> ch = {
        txt(u"Москва"), txt(u"москва"), txt(u"МОСКВА"),           // Cyrillic
        txt(u"ΣΟΦΙΑ"),  txt(u"σοφια"),  txt(u"ςοφια"),            // Greek, final sigma folds to σ
        txt(u"Éte"),    txt(u"éte"),    txt(u"ÉTE"),              // Latin-1
        txt(u"ＳＥＯ"), txt(u"ｓｅｏ"),                           // fullwidth
        txt(u"straße"), txt(u"STRASSE"),                          // ß ≠ ss (simple folding)
        txt(u"搜索"),   txt(u"SEO"),                              // no case; fullwidth ≠ ASCII
        txt(u"\U00010400"), txt(u"\U00010428"),                   // Deseret, outside the BMP
    };
    std::vector<double> ones(ch.size(), 1.0);
    const auto r = kpi::mroitable(cells(ch), number_cells(ones), number_cells(ones), 1);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 9, 3);
    expect_number(r->at(0, 0), 3);  // Москва ×3
    expect_number(r->at(1, 0), 3);  // ΣΟΦΙΑ ×3
    expect_number(r->at(2, 0), 3);  // Éte ×3
    expect_number(r->at(3, 0), 2);  // ＳＥＯ ×2
    expect_number(r->at(4, 0), 1);  // straße
    expect_number(r->at(5, 0), 1);  // STRASSE
    expect_number(r->at(6, 0), 1);  // 搜索
    expect_number(r->at(7, 0), 1);  // SEO (ASCII, not the fullwidth one)
    expect_number(r->at(8, 0), 2);  // 𐐀 = 𐐨
}

TEST(MroiTable, EmptyChannelRowsAreIgnoredAndTextAmountsAreZero) {
    const std::vector<Input> ch = {txt(u"SEO"), blank(), txt(u""), txt(u"SEO"), txt(u"SEM")};
    const std::vector<Input> rev = {num(100), txt(u"note"), blank(), txt(u"n/a"), blank()};
    // The ignored rows hold an error and no number: never looked at.
    const std::vector<Input> cst = {num(40), Input::failed(Errc::value), txt(u"-"), blank(),
                                    num(10)};
    const auto r = kpi::mroitable(cells(ch), cells(rev), cells(cst), 1.0);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 2, 3);
    expect_number(r->at(0, 0), 100);  // SEO: 100 + text(0)
    expect_number(r->at(0, 1), 40);   // 40 + empty(0)
    expect_number(r->at(0, 2), 1.5);  // (100 − 40) / 40
    expect_number(r->at(1, 0), 0);    // SEM: empty revenue
    expect_number(r->at(1, 1), 10);
    expect_number(r->at(1, 2), -1.0);  // (0 − 10) / 10
}

// Revenue or cost in a row without a channel used to be dropped silently (the
// totals lost it): the rows pair cell by cell, an amount needs its channel.
TEST(MroiTable, AmountWithoutChannelIsAnError) {
    EXPECT_EQ(kpi::mroitable(cells({txt(u"SEO"), blank(), txt(u"SEM")}), number_cells({100, 999, 50}),
                             number_cells({40, 0, 10}), 1.0)
                  .error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::mroitable(cells({txt(u"SEO"), txt(u"")}), cells({num(100), blank()}), number_cells({40, 5}), 1.0)
                  .error(),
              Errc::invalid_argument);
    // 2-D ranges of different shapes (the same number of cells) do not pair.
    MixedRange wide = cells({txt(u"A"), txt(u"B"), txt(u"C"), txt(u"D"), txt(u"E"), txt(u"F")});
    wide.rows = 2;
    wide.cols = 3;
    MixedRange tall = number_cells({1, 2, 3, 4, 5, 6});
    tall.rows = 3;
    tall.cols = 2;
    EXPECT_EQ(kpi::mroitable(wide, tall, tall, 1.0).error(), Errc::invalid_argument);
}

// Issue 14: a header row inside the ranges became a channel "channel" with
// 0; 0; #DIV/0! (and a plain entry showed 0).
TEST(MroiTable, HeaderRowIsNoChannel) {
    const auto r = kpi::mroitable(cells({txt(u"channel"), txt(u"SEO"), txt(u"SEM")}),
                                  cells({txt(u"revenue"), num(1000), num(2000)}),
                                  cells({txt(u"cost"), num(100), num(1000)}), 1.0);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 2, 3);
    expect_number(r->at(0, 0), 1000);  // SEO first: the top-left is a real number
    expect_number(r->at(0, 2), 9.0);   // (1000 − 100) / 100
    expect_number(r->at(1, 2), 1.0);   // (2000 − 1000) / 1000
    // A header whose cost heading is empty, and a repeated header further down.
    const auto h = kpi::mroitable(cells({txt(u"Channel"), txt(u"SEO"), txt(u"Channel"), txt(u"SEO")}),
                                  cells({txt(u"Revenue"), num(10), txt(u"Revenue"), num(20)}),
                                  cells({blank(), num(5), txt(u"Cost"), num(5)}), 1.0);
    ASSERT_TRUE(h.ok());
    expect_shape(*h, 1, 3);
    expect_number(h->at(0, 0), 30);
    expect_number(h->at(0, 1), 10);
    // A channel with no amounts yet (both empty) is still a channel.
    const auto e = kpi::mroitable(cells({txt(u"SEO"), txt(u"TikTok")}), cells({num(10), blank()}),
                                  cells({num(5), blank()}), 1.0);
    ASSERT_TRUE(e.ok());
    expect_shape(*e, 2, 3);
    expect_error(e->at(1, 2), Errc::div_by_zero);
    // Only a header: no channel.
    EXPECT_EQ(kpi::mroitable(cells({txt(u"channel")}), cells({txt(u"revenue")}), cells({txt(u"cost")}), 1)
                  .error(),
              Errc::not_available);
}

// Reference "Return on spend": with_names puts the channel (as first seen) in front, 4 columns.
TEST(MroiTable, WithNames) {
    const auto r = kpi::mroitable(cells({txt(u"SEO"), num(2024), txt(u"seo")}),
                                  number_cells({1000, 50, 500}), number_cells({100, 10, 200}), 1.0,
                                  true);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 2, 4);
    ASSERT_EQ(r->at(0, 0).kind, Cell::Kind::text);
    EXPECT_EQ(r->text_at(0, 0), u"SEO");
    expect_number(r->at(0, 1), 1500);
    expect_number(r->at(0, 2), 300);
    expect_number(r->at(0, 3), 4.0);  // (1500 − 300) / 300
    expect_number(r->at(1, 0), 2024);  // a number channel stays a number
    expect_number(r->at(1, 3), 4.0);   // (50 − 10) / 10
}

TEST(MroiTable, ShapesMayDifferWhenTheCountMatches) {
    MixedRange ch;  // one row of two channels
    ch.rows = 1;
    ch.cols = 2;
    ch.cells = {txt(u"A"), txt(u"B")};
    const auto r = kpi::mroitable(ch, number_cells({30, 60}), number_cells({10, 20}), 1.0);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, 2, 3);
    expect_number(r->at(0, 2), 2.0);  // (30 − 10) / 10
    expect_number(r->at(1, 2), 2.0);  // (60 − 20) / 20
}

TEST(MroiTable, ErrorCellsPropagate) {
    const std::vector<Input> ch = {txt(u"A"), Input::failed(Errc::div_by_zero)};
    EXPECT_EQ(kpi::mroitable(cells(ch), number_cells({1, 2}), number_cells({1, 2}), 1).error(),
              Errc::div_by_zero);
    const std::vector<Input> rev = {num(1), Input::failed(Errc::not_available)};
    EXPECT_EQ(kpi::mroitable(cells({txt(u"A"), txt(u"B")}), cells(rev), number_cells({1, 2}), 1)
                  .error(),
              Errc::not_available);
    const std::vector<Input> cst = {Input::failed(Errc::num), num(1)};
    EXPECT_EQ(kpi::mroitable(cells({txt(u"A"), txt(u"B")}), number_cells({1, 2}), cells(cst), 1)
                  .error(),
              Errc::num);
}

TEST(MroiTable, Errors) {
    const MixedRange two = cells({txt(u"A"), txt(u"B")});
    // Sizes differ.
    EXPECT_EQ(kpi::mroitable(two, number_cells({1}), number_cells({1, 2}), 1).error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::mroitable(two, number_cells({1, 2}), number_cells({1, 2, 3}), 1).error(),
              Errc::invalid_argument);
    // Negative or non-finite cost, non-finite revenue.
    EXPECT_EQ(kpi::mroitable(two, number_cells({1, 2}), number_cells({1, -2}), 1).error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::mroitable(two, number_cells({1, 2}), number_cells({1, kInf}), 1).error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::mroitable(two, number_cells({kNaN, 2}), number_cells({1, 2}), 1).error(),
              Errc::invalid_argument);
    // A channel that is a non-finite number, with or without names shown.
    for (double bad : {kNaN, kInf, -kInf}) {
        const MixedRange odd = cells({txt(u"A"), num(bad)});
        EXPECT_EQ(kpi::mroitable(odd, number_cells({1, 2}), number_cells({1, 2}), 1, true).error(),
                  Errc::invalid_argument);
        EXPECT_EQ(kpi::mroitable(odd, number_cells({1, 2}), number_cells({1, 2}), 1).error(),
                  Errc::invalid_argument);
    }
    // Negative revenue is fine: (−10 − 5) / 5 = −3.
    const auto neg = kpi::mroitable(two, number_cells({-10, 2}), number_cells({5, 2}), 1);
    ASSERT_TRUE(neg.ok());
    expect_number(neg->at(0, 2), -3.0);
    // Gross margin above 1 or not finite.
    EXPECT_EQ(kpi::mroitable(two, number_cells({1, 2}), number_cells({1, 2}), 1.01).error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::mroitable(two, number_cells({1, 2}), number_cells({1, 2}), kNaN).error(),
              Errc::invalid_argument);
    EXPECT_EQ(kpi::mroitable(two, number_cells({1, 2}), number_cells({1, 2}), -kInf).error(),
              Errc::invalid_argument);
    // Nothing to report.
    EXPECT_EQ(kpi::mroitable(MixedRange{}, MixedRange{}, MixedRange{}, 1).error(),
              Errc::not_available);
    EXPECT_EQ(kpi::mroitable(cells({blank(), txt(u"")}), cells({blank(), txt(u"x")}), cells({blank(), blank()}), 1)
                  .error(),
              Errc::not_available);
}

TEST(MroiTable, OverflowIsNumCell) {
    const auto r = kpi::mroitable(cells({txt(u"A"), txt(u"a"), txt(u"B")}),
                                  number_cells({1e308, 1e308, 10}), number_cells({1, 1, 5}), 1);
    ASSERT_TRUE(r.ok());
    expect_error(r->at(0, 0), Errc::num);  // 2e308 overflows
    expect_number(r->at(0, 1), 2);
    expect_error(r->at(0, 2), Errc::num);
    expect_number(r->at(1, 2), 1.0);  // (10 − 5) / 5
}

TEST(MroiTable, ManyRowsAndChannels) {
    // 300,000 rows cycling over 1,000 channels "ch0"…"ch999" in alternating case.
    const std::size_t n = 300000, k = 1000;
    std::vector<std::u16string> names(k);
    for (std::size_t i = 0; i < k; ++i) {
        const std::string s = (i % 2 ? "CH" : "ch") + std::to_string(i);
        names[i] = std::u16string(s.begin(), s.end());
    }
    std::vector<std::u16string> lower(k);
    for (std::size_t i = 0; i < k; ++i) {
        const std::string s = "ch" + std::to_string(i);
        lower[i] = std::u16string(s.begin(), s.end());
    }
    std::vector<Input> ch, rev, cst;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t c = i % k;
        ch.push_back(Input::of((i / k) % 2 ? std::u16string_view(names[c])
                                           : std::u16string_view(lower[c])));
        rev.push_back(num(3));
        cst.push_back(num(1));
    }
    const auto r = kpi::mroitable(cells(ch), cells(rev), cells(cst), 1);
    ASSERT_TRUE(r.ok());
    expect_shape(*r, k, 3);
    // Each channel: 300 rows → revenue 900, cost 300, MROI (900 − 300) / 300 = 2.
    for (std::size_t c = 0; c < k; ++c) {
        expect_number(r->at(c, 0), 900);
        expect_number(r->at(c, 1), 300);
        expect_number(r->at(c, 2), 2.0);
    }
}

TEST(MroiTable, RandomInputsNeverMisbehave) {
    // FUNNEL, SHARE and MROITABLE on any mix of cells and extreme numbers give
    // a value or an error, never a crash (run under ASan/UBSan too).
    std::mt19937 rng(7);
    const double extremes[] = {0, -0.0, 1, -1, 0.5, 1e308, -1e308, 5e-324, kInf, -kInf, kNaN, 1e-300};
    const std::u16string_view texts[] = {u"", u"a", u"A", u"5", u"渠道"};
    auto value = [&] { return extremes[rng() % std::size(extremes)]; };
    auto cell = [&] { return random_cell(rng, extremes, texts); };
    for (int round = 0; round < 3000; ++round) {
        const std::size_t n = rng() % 10;
        std::vector<double> v;
        std::vector<Input> ch, rev, cst;
        for (std::size_t i = 0; i < n; ++i) {
            v.push_back(value());
            ch.push_back(cell());
            rev.push_back(cell());
            cst.push_back(cell());
        }
        // The same cells as one column, one row, or two columns when n is even.
        MixedRange in = cells(ch);
        if (rng() % 2) std::swap(in.rows, in.cols);
        else if (n % 2 == 0 && n > 0) in = grid(n / 2, 2, ch);
        if (const auto f = kpi::funnel(in, rng() % 2 ? "step" : "overall")) {
            ASSERT_EQ(f->rows, in.rows);
            ASSERT_EQ(f->cols, in.cols);
            for (std::size_t i = 0; i < n; ++i)  // a result beside every number, blank elsewhere
                ASSERT_EQ(f->cells[i].kind == Cell::Kind::empty, ch[i].kind != Input::Kind::number);
        }
        std::optional<double> total;
        if (rng() % 2) total = value();
        if (const auto s = kpi::share(in, total)) {
            ASSERT_EQ(s->rows, in.rows);
            ASSERT_EQ(s->cols, in.cols);
            for (std::size_t i = 0; i < n; ++i)
                ASSERT_EQ(s->cells[i].kind == Cell::Kind::empty, ch[i].kind != Input::Kind::number);
        }
        if (rng() % 8 == 0 && !cst.empty()) cst.pop_back();
        if (const auto m = kpi::mroitable(cells(ch), cells(rev), cells(cst), value())) {
            ASSERT_EQ(m->cols, 3u);
            ASSERT_EQ(m->cells.size(), m->rows * 3);
            for (const Cell& c : m->cells) {
                if (c.kind == Cell::Kind::number) {
                    EXPECT_TRUE(std::isfinite(c.number));
                }
            }
        }
    }
}

}  // namespace
