// PATHS over a touch log of 1,000,000 rows (200,000 journeys, 50 channels,
// rows in random order) and ATTRIBUTION over 100,000 distinct paths of up to
// 8 touches over 50 channels, every model ("markov": one LU of a 50×50 system
// plus one solve per channel). Reported as rows per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "kpi/attribution.hpp"

namespace {

constexpr std::size_t kTouches = 1000000;
constexpr std::size_t kPaths = 100000;

kpi::MixedRange column(std::vector<kpi::Input> v) {
    kpi::MixedRange r;
    r.rows = v.size();
    r.cols = 1;
    r.cells = std::move(v);
    return r;
}

const std::vector<std::u16string>& channel_names() {
    static const std::vector<std::u16string> names = [] {
        std::vector<std::u16string> out;
        for (int c = 0; c < 50; ++c) out.push_back(u"Channel " + std::u16string(1, static_cast<char16_t>(u'A' + c % 26)) +
                                                   std::u16string(1, static_cast<char16_t>(u'0' + c / 26)));
        return out;
    }();
    return names;
}

struct TouchLog {
    kpi::MixedRange ids, channels, times, conversions, values;
};

const TouchLog& touch_log() {
    static const TouchLog log = [] {
        std::mt19937_64 rng(11);
        const auto& names = channel_names();
        std::vector<kpi::Input> ids, ch, t, c, v;
        for (std::size_t i = 0; i < kTouches; ++i) {
            ids.push_back(kpi::Input::of(static_cast<double>(rng() % 200000)));
            // a few channels carry most touches, as in real logs
            ch.push_back(kpi::Input::of(std::u16string_view(names[rng() % 4 == 0 ? rng() % 50 : rng() % 8])));
            t.push_back(kpi::Input::of(45292.0 + static_cast<double>(rng() % 8640000) / 86400.0));
            const bool conv = rng() % 25 == 0;
            c.push_back(kpi::Input::of(conv ? 1.0 : 0.0));
            v.push_back(kpi::Input::of(conv ? static_cast<double>(rng() % 20000) / 100.0 : 0.0));
        }
        return TouchLog{column(ids), column(ch), column(t), column(c), column(v)};
    }();
    return log;
}

struct PathTable {
    std::deque<std::u16string> texts;
    kpi::MixedRange paths, conversions, values, nulls;
};

const PathTable& path_table() {
    static const PathTable table = [] {
        PathTable out;
        std::mt19937_64 rng(12);
        const auto& names = channel_names();
        std::unordered_set<std::u16string> seen;
        std::vector<kpi::Input> p, c, v, z;
        while (p.size() < kPaths) {
            std::u16string s;
            const int len = 1 + static_cast<int>(rng() % 8);
            for (int k = 0; k < len; ++k) {
                if (k) s += u" > ";
                s += names[rng() % 50];
            }
            if (!seen.insert(s).second) continue;
            out.texts.push_back(s);
            p.push_back(kpi::Input::of(std::u16string_view(out.texts.back())));
            const double conv = static_cast<double>(rng() % 4);
            c.push_back(kpi::Input::of(conv));
            v.push_back(kpi::Input::of(conv * 50.0));
            z.push_back(kpi::Input::of(static_cast<double>(rng() % 30)));
        }
        out.paths = column(p);
        out.conversions = column(c);
        out.values = column(v);
        out.nulls = column(z);
        return out;
    }();
    return table;
}

void BM_Paths_1e6Touches(benchmark::State& state) {
    const TouchLog& log = touch_log();
    for (auto _ : state) {
        auto r = kpi::paths(log.ids, log.channels, log.times, log.conversions, log.values);
        if (!r) state.SkipWithError("PATHS failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTouches));
}

void attribution(benchmark::State& state, const char* model) {
    const PathTable& t = path_table();
    for (auto _ : state) {
        auto r = kpi::attribution(t.paths, t.conversions, t.values, t.nulls, model);
        if (!r) state.SkipWithError("ATTRIBUTION failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kPaths));
}

void BM_Attribution_1e5Paths_Markov(benchmark::State& s) { attribution(s, "markov"); }
void BM_Attribution_1e5Paths_Linear(benchmark::State& s) { attribution(s, "linear"); }
void BM_Attribution_1e5Paths_Position(benchmark::State& s) { attribution(s, "position"); }
void BM_Attribution_1e5Paths_Last(benchmark::State& s) { attribution(s, "last"); }

}  // namespace

BENCHMARK(BM_Paths_1e6Touches)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribution_1e5Paths_Markov)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribution_1e5Paths_Linear)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribution_1e5Paths_Position)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attribution_1e5Paths_Last)->Unit(benchmark::kMillisecond);
