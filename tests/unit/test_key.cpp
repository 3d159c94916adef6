// The number-or-text grouping key shared by COHORT/RFM (exact text) and
// MROITABLE (case-folded text). Every expectation follows from the Unicode
// case-folding rules or the IEEE 754 values named next to it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "kpi/key.hpp"
#include "test_support.hpp"

namespace {

using kpi::Key;
using kpi::KeyEqual;
using kpi::KeyHash;
using kpi::TextMatch;

template <TextMatch M>
bool same(const Key& a, const Key& b) {
    const bool eq = KeyEqual<M>{}(a, b);
    // Equal keys must land in the same bucket, or a map would hold them twice.
    if (eq) {
        EXPECT_EQ(KeyHash<M>{}(a), KeyHash<M>{}(b));
    }
    return eq;
}

bool exact(const Key& a, const Key& b) { return same<TextMatch::exact>(a, b); }
bool folded(const Key& a, const Key& b) { return same<TextMatch::folded>(a, b); }

// Both policies treat numbers alike.
bool both(const Key& a, const Key& b) {
    const bool e = exact(a, b), f = folded(a, b);
    EXPECT_EQ(e, f);
    return e;
}

TEST(Key, NumbersMatchByValue) {
    EXPECT_TRUE(both(Key::of(1.0), Key::of(1.0)));
    EXPECT_TRUE(both(Key::of(1), Key::of(1.0)));           // the int 1 converts to 1.0
    EXPECT_TRUE(both(Key::of(0.1 + 0.2), Key::of(0.1 + 0.2)));
    EXPECT_FALSE(both(Key::of(0.1 + 0.2), Key::of(0.3)));  // 0.30000000000000004 ≠ 0.3
    EXPECT_FALSE(both(Key::of(1.0), Key::of(2.0)));
    EXPECT_FALSE(both(Key::of(1.0), Key::of(-1.0)));
}

TEST(Key, MinusZeroIsZero) {
    EXPECT_TRUE(both(Key::of(-0.0), Key::of(0.0)));
    // The key keeps +0, so a written-out -0 id shows as 0.
    EXPECT_FALSE(std::signbit(Key::of(-0.0).number()));
    EXPECT_EQ(Key::of(-0.0).bits(), 0u);
}

TEST(Key, ANumberIsNeverAText) {
    EXPECT_FALSE(both(Key::of(1.0), Key::of(u"1")));
    EXPECT_FALSE(both(Key::of(2024.0), Key::of(u"2024")));
    EXPECT_FALSE(both(Key::of(0.0), Key::of(u"")));
    EXPECT_FALSE(Key::of(5.0).is_text());
    EXPECT_TRUE(Key::of(u"5").is_text());
}

TEST(Key, ExactTextIsCaseSensitive) {
    EXPECT_TRUE(exact(Key::of(u"ab"), Key::of(u"ab")));
    EXPECT_FALSE(exact(Key::of(u"ab"), Key::of(u"AB")));
    EXPECT_FALSE(exact(Key::of(u"Москва"), Key::of(u"москва")));
    EXPECT_FALSE(exact(Key::of(u"ab"), Key::of(u"ab ")));  // no trimming
    EXPECT_TRUE(exact(Key::of(u"客户"), Key::of(u"客户")));
    EXPECT_FALSE(exact(Key::of(u"客户"), Key::of(u"客戶")));  // simplified ≠ traditional
}

TEST(Key, FoldedTextIgnoresCase) {
    EXPECT_TRUE(folded(Key::of(u"SEO"), Key::of(u"seo")));
    EXPECT_TRUE(folded(Key::of(u"Москва"), Key::of(u"москва")));  // Cyrillic М → м
    EXPECT_TRUE(folded(Key::of(u"Σ"), Key::of(u"σ")));
    EXPECT_TRUE(folded(Key::of(u"ς"), Key::of(u"σ")));  // final sigma folds to σ (C)
    EXPECT_TRUE(folded(Key::of(u"É"), Key::of(u"é")));
    EXPECT_TRUE(folded(Key::of(u"Ａ"), Key::of(u"ａ")));  // fullwidth A → fullwidth a
    // U+10400 DESERET CAPITAL LONG I folds to U+10428 (a surrogate pair each).
    EXPECT_TRUE(folded(Key::of(u"\U00010400"), Key::of(u"\U00010428")));
    EXPECT_TRUE(folded(Key::of(u""), Key::of(u"")));
}

TEST(Key, FoldedTextIsOnlySimpleFolding) {
    EXPECT_FALSE(folded(Key::of(u"ß"), Key::of(u"ss")));  // full folding only (F)
    EXPECT_FALSE(folded(Key::of(u"ﬁ"), Key::of(u"fi")));
    EXPECT_FALSE(folded(Key::of(u"Ａ"), Key::of(u"A")));  // no width folding
    EXPECT_FALSE(folded(Key::of(u"é"), Key::of(u"e")));   // no accent folding
    EXPECT_FALSE(folded(Key::of(u"seo"), Key::of(u"seo ")));
    EXPECT_FALSE(folded(Key::of(u"seo"), Key::of(u"se")));
    // A lone surrogate stands for itself: it is not the pair it starts.
    const std::u16string lone(1, u'\xD801');
    EXPECT_TRUE(folded(Key::of(lone), Key::of(lone)));
    EXPECT_FALSE(folded(Key::of(lone), Key::of(u"\U00010400")));
}

TEST(Key, FromCells) {
    const kpi::Input n = kpi::Input::of(-0.0), t = kpi::Input::of(std::u16string_view(u"x"));
    EXPECT_FALSE(Key::of(n).is_text());
    EXPECT_EQ(Key::of(n).number(), 0.0);
    EXPECT_TRUE(Key::of(t).is_text());
    EXPECT_EQ(Key::of(t).text(), u"x");
}

TEST(Key, MapsGroupByTheirPolicy) {
    kpi::KeyMap<int, TextMatch::exact> ids;
    kpi::KeyMap<int, TextMatch::folded> channels;
    for (const char16_t* s : {u"SEO", u"seo", u"Seo"}) {
        ++ids[Key::of(s)];
        ++channels[Key::of(s)];
    }
    ++ids[Key::of(1.0)];
    ++ids[Key::of(u"1")];
    EXPECT_EQ(ids.size(), 5u);       // SEO, seo, Seo, 1, "1"
    EXPECT_EQ(channels.size(), 1u);  // all three spell one channel
    EXPECT_EQ(channels[Key::of(u"sEO")], 3);
}

TEST(Key, WritesItsValueIntoATable) {
    kpi::Table t(2, 1);
    Key::of(u"SEO").write_to(t, 0, 0);
    Key::of(-0.0).write_to(t, 1, 0);
    ASSERT_EQ(t.at(0, 0).kind, kpi::Cell::Kind::text);
    EXPECT_EQ(t.text_at(0, 0), u"SEO");
    ASSERT_EQ(t.at(1, 0).kind, kpi::Cell::Kind::number);
    EXPECT_EQ(t.at(1, 0).number, 0.0);
    EXPECT_FALSE(std::signbit(t.at(1, 0).number));
}

}  // namespace
