// kpi_addin_bench. 1) The UNO half of a range function: Calc hands CAC(B1:B1000000; …) to the
// add-in as sequence<sequence<any>> (one Any per cell); args::to_range turns
// it into a kpi::NumberRange, then kpi::cac sums it. Measures both, on
// 1,000,000 cells, with and without text/empty cells mixed in. 2) Below.
#include <benchmark/benchmark.h>

#include <random>

#include "args.hxx"
#include "kpi/acquisition.hpp"

namespace {

namespace css = ::com::sun::star;
using kpicalc::args::Rows;

Rows column(std::size_t n, bool mixed) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> cost(0.0, 5000.0);
    Rows rows(static_cast<sal_Int32>(n));
    auto* out = rows.getArray();
    for (std::size_t i = 0; i < n; ++i) {
        css::uno::Sequence< css::uno::Any > cell(1);
        if (mixed && i % 10 == 3)
            cell.getArray()[0] <<= rtl::OUString("n/a");
        else if (mixed && i % 10 == 7)
            ;  // empty cell: an empty Any
        else
            cell.getArray()[0] <<= cost(rng);
        out[i] = cell;
    }
    return rows;
}

void BM_ToRange(benchmark::State& state) {
    const Rows rows = column(static_cast<std::size_t>(state.range(0)), state.range(1) != 0);
    for (auto _ : state) {
        auto r = kpicalc::args::to_range(rows);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ToRange)->ArgsProduct({{1000000}, {0, 1}})->ArgNames({"cells", "mixed"})
    ->Unit(benchmark::kMillisecond);

void BM_CacFromUno(benchmark::State& state) {
    const Rows rows = column(static_cast<std::size_t>(state.range(0)), false);
    for (auto _ : state) {
        auto r = kpicalc::args::to_range(rows);
        auto v = kpi::cac(r.value(), 1234.0);
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CacFromUno)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

// ---------------------------------------------------------------------------
// Whole add-in methods called directly (no UNO bridge, no Calc): what our code
// adds to every cell on top of Calc's add-in dispatch (the "floor", measured in
// Calc by recalc.py). Argument conversion, core arithmetic, error mapping.
#include <rtl/ref.hxx>

#include "functions.hxx"

namespace {

rtl::Reference< kpicalc::Functions > functions() { return new kpicalc::Functions; }

void BM_Method_RETENTION(benchmark::State& state) {
    auto f = functions();
    double cs = 200;
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs);
        benchmark::DoNotOptimize(f->retention(cs, 180, 40));
    }
}
BENCHMARK(BM_Method_RETENTION);

void BM_Method_MROI(benchmark::State& state) {
    auto f = functions();
    const css::uno::Any gm(0.3), other(10000.0);
    double revenue = 1e6;
    for (auto _ : state) {
        benchmark::DoNotOptimize(revenue);
        benchmark::DoNotOptimize(f->mroi(revenue, 1e5, gm, other));
    }
}
BENCHMARK(BM_Method_MROI);

void BM_Method_CLVDISC(benchmark::State& state) {
    auto f = functions();
    const css::uno::Any timing;  // omitted: "end"
    double m = 100;
    for (auto _ : state) {
        benchmark::DoNotOptimize(m);
        benchmark::DoNotOptimize(f->clvdisc(m, 0.8, 0.1, timing));
    }
}
BENCHMARK(BM_Method_CLVDISC);

void BM_Method_CLVDISC_text(benchmark::State& state) {
    auto f = functions();
    const css::uno::Any timing(rtl::OUString("start"));
    double m = 100;
    for (auto _ : state) {
        benchmark::DoNotOptimize(m);
        benchmark::DoNotOptimize(f->clvdisc(m, 0.8, 0.1, timing));
    }
}
BENCHMARK(BM_Method_CLVDISC_text);

#if __has_include("kpi/experiments.hpp")
void BM_Method_ABPVALUE(benchmark::State& state) {
    auto f = functions();
    const css::uno::Any tails;  // omitted: 2
    double ca = 5;
    for (auto _ : state) {
        benchmark::DoNotOptimize(ca);
        benchmark::DoNotOptimize(f->abpvalue(ca, 83, 12, 99, tails));
    }
}
BENCHMARK(BM_Method_ABPVALUE);
#endif

}  // namespace
