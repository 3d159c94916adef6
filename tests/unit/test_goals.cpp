#include "kpi/goals.hpp"

#include <optional>
#include <string_view>
#include <vector>

#include "test_support.hpp"

using kpi::Errc;
using kpi::Input;

namespace {
// A rows × cols range, row-major.
kpi::MixedRange cells(std::size_t rows, std::size_t cols, std::vector<Input> v) {
    return kpi::MixedRange{std::move(v), rows, cols};
}
// A column of numbers.
kpi::MixedRange column(std::initializer_list<double> v) {
    std::vector<Input> out;
    for (double x : v) out.push_back(Input::of(x));
    const std::size_t n = out.size();  // before `out` is moved from
    return cells(n, 1, std::move(out));
}
constexpr std::optional<double> kNoCap = std::nullopt;
}  // namespace

// ATTAIN, by hand: 90 / 100; lower is better: 100 / 80; capped: min(130 / 100, 1.2).
TEST(Attain, Directions) {
    EXPECT_VALUE(kpi::attain(90, 100, 1, kNoCap), 0.9, 1e-15);   // direction 1 is the default
    EXPECT_VALUE(kpi::attain(120, 100, 1, kNoCap), 1.2, 1e-15);  // over-achievement, uncapped
    EXPECT_VALUE(kpi::attain(80, 100, -1, kNoCap), 1.25, 1e-15); // a CAC of 80 against 100
    EXPECT_VALUE(kpi::attain(125, 100, -1, kNoCap), 0.8, 1e-15);
    EXPECT_VALUE(kpi::attain(-10, 100, 1, kNoCap), -0.1, 1e-15); // e.g. a negative profit
    EXPECT_VALUE(kpi::attain(0, 100, 1, kNoCap), 0.0, 0);
}

TEST(Attain, Cap) {
    EXPECT_VALUE(kpi::attain(130, 100, 1, 1.2), 1.2, 0);    // 1.3 capped
    EXPECT_VALUE(kpi::attain(110, 100, 1, 1.2), 1.1, 1e-15); // below the cap: unchanged
    EXPECT_VALUE(kpi::attain(90, 100, 1, 1.0), 0.9, 1e-15);
    EXPECT_VALUE(kpi::attain(100, 100, 1, 1.0), 1.0, 0);     // exactly at the cap
    EXPECT_VALUE(kpi::attain(50, 100, -1, 1.5), 1.5, 0);     // 100 / 50 = 2 capped
}

TEST(Attain, Errors) {
    EXPECT_ERROR(kpi::attain(90, 0, 1, kNoCap), Errc::div_by_zero);
    EXPECT_ERROR(kpi::attain(0, 100, -1, kNoCap), Errc::div_by_zero);
    EXPECT_ERROR(kpi::attain(90, 0, 1, 1.2), Errc::div_by_zero);  // a cap does not hide #DIV/0!
    EXPECT_ERROR(kpi::attain(90, 100, 2, kNoCap), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, 100, 0, kNoCap), Errc::invalid_argument);  // the add-in maps 0 to 1
    EXPECT_ERROR(kpi::attain(90, 100, 0.5, kNoCap), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, 100, kNaN, kNoCap), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(kNaN, 100, 1, kNoCap), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, kInf, 1, kNoCap), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, 100, 1, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, 100, 1, kInf), Errc::invalid_argument);
    // Issue 14: a negative cap returned itself (−1) as the attainment.
    EXPECT_ERROR(kpi::attain(130, 100, 1, -1.0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, 100, -1, -0.5), Errc::invalid_argument);
    EXPECT_ERROR(kpi::attain(90, 100, 1, 0.0), Errc::invalid_argument);  // the add-in maps 0 to no cap
    EXPECT_ERROR(kpi::attain(1e308, 1e-10, 1, kNoCap), Errc::num);  // 1e318 overflows
    EXPECT_ERROR(kpi::attain(1e-10, 1e308, -1, kNoCap), Errc::num);
}

// PACE = actual / (target × elapsed / total), by hand:
// 450000 / (1200000 × 4 / 12) = 450000 / 400000 = 1.125.
TEST(Pace, Values) {
    EXPECT_VALUE(kpi::pace(450000, 1200000, 4, 12), 1.125, 1e-15);
    EXPECT_VALUE(kpi::pace(30, 100, 15, 30), 0.6, 1e-15);   // 30 / 50: behind
    EXPECT_VALUE(kpi::pace(0, 100, 5, 10), 0.0, 0);
    EXPECT_VALUE(kpi::pace(120, 100, 12, 10), 1.0, 1e-15);  // past the deadline: 120 / 120
    EXPECT_VALUE(kpi::pace(100, 100, 10, 10), 1.0, 0);      // the period is over, target met
}

TEST(Pace, Errors) {
    EXPECT_ERROR(kpi::pace(10, 100, 5, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::pace(10, 100, 0, 10), Errc::div_by_zero);  // nothing expected yet
    EXPECT_ERROR(kpi::pace(10, 0, 5, 10), Errc::div_by_zero);
    EXPECT_ERROR(kpi::pace(10, 100, -1, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::pace(10, 100, 5, -10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::pace(kNaN, 100, 5, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::pace(10, kInf, 5, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::pace(10, 100, kInf, 10), Errc::invalid_argument);
    EXPECT_ERROR(kpi::pace(10, 100, 5, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::pace(1e308, 1e-10, 1, 1), Errc::num);    // the result overflows
    EXPECT_ERROR(kpi::pace(5, 2, 1e308, 0.5), Errc::num);      // elapsed / total overflows
    EXPECT_ERROR(kpi::pace(5, 1e300, 1e10, 1), Errc::num);     // target × elapsed / total overflows
}

// REQGROWTH = (target / current)^(1 / periods) − 1; with Python's decimal module:
// 1.5^(1/12) − 1 = 0.0343660831319165749…
TEST(ReqGrowth, Values) {
    EXPECT_VALUE(kpi::reqgrowth(100000, 150000, 12), 0.034366083131916575, 1e-15);
    EXPECT_VALUE(kpi::reqgrowth(100, 121, 2), 0.1, 1e-15);    // 1.1² = 1.21
    EXPECT_VALUE(kpi::reqgrowth(100, 100, 5), 0.0, 0);         // already there
    EXPECT_VALUE(kpi::reqgrowth(100, 50, 1), -0.5, 1e-15);     // may shrink by half
    EXPECT_VALUE(kpi::reqgrowth(100, 0, 3), -1.0, 0);          // target 0
    EXPECT_VALUE(kpi::reqgrowth(100, 200, 0.5), 3.0, 1e-15);   // half a period: 2² − 1
}

TEST(ReqGrowth, Errors) {
    EXPECT_ERROR(kpi::reqgrowth(0, 150, 12), Errc::div_by_zero);
    EXPECT_ERROR(kpi::reqgrowth(100, 150, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::reqgrowth(-100, 150, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::reqgrowth(100, -150, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::reqgrowth(100, 150, -12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::reqgrowth(kNaN, 150, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::reqgrowth(100, kInf, 12), Errc::invalid_argument);
    EXPECT_ERROR(kpi::reqgrowth(100, 150, kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::reqgrowth(1e-300, 1e300, 1), Errc::num);  // 1e600 overflows
    EXPECT_ERROR(kpi::reqgrowth(1, 1e308, 0.5), Errc::num);     // (1e308)² overflows
}

// VSBASELINE = (actual − baseline) / |baseline|, by hand.
TEST(VsBaseline, Values) {
    EXPECT_VALUE(kpi::vsbaseline(1150, 1000), 0.15, 1e-15);
    EXPECT_VALUE(kpi::vsbaseline(850, 1000), -0.15, 1e-15);
    EXPECT_VALUE(kpi::vsbaseline(1000, 1000), 0.0, 0);
    EXPECT_VALUE(kpi::vsbaseline(0, 1000), -1.0, 0);
}

// Issue 25: a negative baseline (a loss, a negative MROI) kept its sign in the old
// actual / baseline − 1, so an improvement read as a decline. The reference's
// example: MROI −0.50 → 1.09 is (1.09 + 0.50) / 0.50 = +3.18 (it read −3.18).
TEST(VsBaseline, NegativeBaseline) {
    EXPECT_VALUE(kpi::vsbaseline(1.09, -0.50), 3.18, 1e-15);
    EXPECT_VALUE(kpi::vsbaseline(-50, -100), 0.5, 0);    // a loss halved: +50 %
    EXPECT_VALUE(kpi::vsbaseline(-150, -100), -0.5, 0);  // a loss grown by half: −50 %
    EXPECT_VALUE(kpi::vsbaseline(0, -100), 1.0, 0);      // from a loss to break-even
    EXPECT_VALUE(kpi::vsbaseline(-100, -100), 0.0, 0);
    // lower is better (a cost that was negative, e.g. a net cost after a rebate)
    EXPECT_VALUE(kpi::vsbaseline(-150, -100, -1), 0.5, 0);
    EXPECT_VALUE(kpi::vsbaseline(1.09, -0.50, -1), -3.18, 1e-15);
    // (actual − baseline) overflows, the ratio does not: 1e308/1e308 + 1 = 2
    EXPECT_VALUE(kpi::vsbaseline(1e308, -1e308), 2.0, 0);
    EXPECT_VALUE(kpi::vsbaseline(-1e308, 1e308), -2.0, 0);
}

// Reference "Goals (SMART)": lower is better turns the sign, CAC 1000 → 1043 reads −0.043.
TEST(VsBaseline, LowerIsBetter) {
    EXPECT_VALUE(kpi::vsbaseline(1043, 1000, -1), -0.043, 1e-15);
    EXPECT_VALUE(kpi::vsbaseline(850, 1000, -1), 0.15, 1e-15);  // CAC down 15 %: +0.15
    EXPECT_VALUE(kpi::vsbaseline(1150, 1000, 1), 0.15, 1e-15);
    EXPECT_ERROR(kpi::vsbaseline(1150, 1000, 0), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(1150, 1000, 2), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(1150, 1000, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(1150, 0, -1), Errc::div_by_zero);
}

TEST(VsBaseline, Errors) {
    EXPECT_ERROR(kpi::vsbaseline(1150, 0), Errc::div_by_zero);
    EXPECT_ERROR(kpi::vsbaseline(kNaN, 1000), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(kInf, 1000), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(1150, kNaN), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(1150, -kInf), Errc::invalid_argument);
    EXPECT_ERROR(kpi::vsbaseline(1e308, 1e-10), Errc::num);
}

// SCORECARD = Σ score·weight / Σ weight, by hand:
// (0.9·0.5 + 1.1·0.3 + 0.8·0.2) / 1 = 0.94; (80·3 + 95·2 + 70·1) / 6 = 500 / 6.
TEST(Scorecard, Values) {
    EXPECT_VALUE(kpi::scorecard(column({0.9, 1.1, 0.8}), column({0.5, 0.3, 0.2})), 0.94, 1e-15);
    EXPECT_VALUE(kpi::scorecard(column({80, 95, 70}), column({3, 2, 1})), 83.33333333333333, 1e-12);
    EXPECT_VALUE(kpi::scorecard(column({80, 95, 70}), column({1, 0, 0})), 80.0, 0);  // zero weights
    EXPECT_VALUE(kpi::scorecard(column({-1, 1}), column({1, 1})), 0.0, 0);  // negative scores allowed
    // A 2 × 2 block: (1 + 2 + 3 + 4) / 4.
    const auto ones = cells(2, 2, {Input::of(1.0), Input::of(1.0), Input::of(1.0), Input::of(1.0)});
    const auto block = cells(2, 2, {Input::of(1.0), Input::of(2.0), Input::of(3.0), Input::of(4.0)});
    EXPECT_VALUE(kpi::scorecard(block, ones), 2.5, 0);
    // A row works like a column.
    const auto row_scores = cells(1, 2, {Input::of(60.0), Input::of(90.0)});
    const auto row_weights = cells(1, 2, {Input::of(2.0), Input::of(1.0)});
    EXPECT_VALUE(kpi::scorecard(row_scores, row_weights), 70.0, 1e-12);  // (120 + 90) / 3
}

// Scores and weights pair cell by cell: a header and a blank row are skipped,
// (80·3 + 70·1) / (3 + 1) = 310 / 4 = 77.5; a score without a weight, or a weight
// without a score, is Err:502 (it used to be skipped, dropping that KPI silently).
TEST(Scorecard, PairsCellByCell) {
    using namespace std::string_view_literals;
    const auto scores = cells(4, 1, {Input::of(u"Score"sv), Input::of(80.0), Input::empty_cell(), Input::of(70.0)});
    const auto weights = cells(4, 1, {Input::of(u"Weight"sv), Input::of(3.0), Input::of(u""sv), Input::of(1.0)});
    EXPECT_VALUE(kpi::scorecard(scores, weights), 77.5, 1e-15);
    const auto text_score = cells(4, 1, {Input::of(80.0), Input::of(u"n/a"sv), Input::of(70.0), Input::empty_cell()});
    const auto four_weights = cells(4, 1, {Input::of(3.0), Input::of(2.0), Input::of(1.0), Input::of(5.0)});
    EXPECT_ERROR(kpi::scorecard(text_score, four_weights), Errc::invalid_argument);
    const auto text_weight = cells(4, 1, {Input::of(u"tbd"sv), Input::of(2.0), Input::of(1.0), Input::of(5.0)});
    EXPECT_ERROR(kpi::scorecard(column({80, 95, 70, 60}), text_weight), Errc::invalid_argument);
    // A row of scores beside a column of weights of the same length pairs element by element.
    const auto row = cells(1, 3, {Input::of(3.0), Input::of(2.0), Input::of(1.0)});
    EXPECT_VALUE(kpi::scorecard(column({80, 95, 70}), row), 83.33333333333333, 1e-12);
}

TEST(Scorecard, Errors) {
    EXPECT_ERROR(kpi::scorecard(column({80, 95}), column({0, 0})), Errc::div_by_zero);
    EXPECT_ERROR(kpi::scorecard(cells(0, 0, {}), cells(0, 0, {})), Errc::div_by_zero);
    const auto blanks = cells(2, 1, {Input::empty_cell(), Input::empty_cell()});
    EXPECT_ERROR(kpi::scorecard(blanks, blanks), Errc::div_by_zero);  // no pair of numbers
    EXPECT_ERROR(kpi::scorecard(column({80, 95}), blanks), Errc::invalid_argument);  // scores without weights
    // Shapes must match: different sizes, or 2-D blocks of different shapes.
    EXPECT_ERROR(kpi::scorecard(column({80, 95}), column({3, 2, 1})), Errc::invalid_argument);
    const auto two_by_three = cells(2, 3, {Input::of(1.0), Input::of(2.0), Input::of(3.0),
                                           Input::of(4.0), Input::of(5.0), Input::of(6.0)});
    const auto three_by_two = cells(3, 2, {Input::of(1.0), Input::of(1.0), Input::of(1.0),
                                           Input::of(1.0), Input::of(1.0), Input::of(1.0)});
    EXPECT_ERROR(kpi::scorecard(two_by_three, three_by_two), Errc::invalid_argument);
    EXPECT_ERROR(kpi::scorecard(column({80, 95}), column({3, -1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::scorecard(column({80, kNaN}), column({3, 1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::scorecard(column({80, kInf}), column({3, 1})), Errc::invalid_argument);
    EXPECT_ERROR(kpi::scorecard(column({80, 95}), column({3, kInf})), Errc::invalid_argument);
    // An error cell propagates its own error.
    const auto failed_score = cells(2, 1, {Input::of(80.0), Input::failed(Errc::value)});
    EXPECT_ERROR(kpi::scorecard(failed_score, column({3, 1})), Errc::value);
    const auto failed_weight = cells(2, 1, {Input::failed(Errc::not_available), Input::of(1.0)});
    EXPECT_ERROR(kpi::scorecard(column({80, 95}), failed_weight), Errc::not_available);
    // Overflow: the weighted sum (2e308 each), or the sum of the weights (2e308).
    EXPECT_ERROR(kpi::scorecard(column({1e308, 1e308}), column({2, 2})), Errc::num);
    EXPECT_ERROR(kpi::scorecard(column({0.5, 0.5}), column({1e308, 1e308})), Errc::num);
}
