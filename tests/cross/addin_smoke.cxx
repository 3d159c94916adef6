// addin_smoke — registers a built add-in library the way LibreOffice's
// extension manager does (its .components file inserted into the service
// manager of a bootstrapped URE), creates org.kpicalc.Functions through it and
// computes a few functions through org.kpicalc.XFunctions. LibreOffice's own
// shared-library loader runs the constructor named in the .components file and,
// for the binary-UNO add-in (environment "uno"), maps the object into C++ with
// the URE's bridge. Built only in a cross build (addin/CMakeLists.txt) and run
// under qemu-user with the target's URE by the host build's tests
// (cmake/Aarch64.cmake) and by tools/compat.sh: it shows that the shipped
// library of another architecture loads, resolves every symbol against that
// architecture's URE, is mapped by its bridge, and computes.
//
// usage: addin_smoke URE_PROGRAM_DIR TYPE_LIBRARIES COMPONENTS
//   URE_PROGRAM_DIR  folder with the URE's services.rdb and libraries
//   TYPE_LIBRARIES   space-separated .rdb files (LibreOffice's types and kpicalc.rdb)
//   COMPONENTS       the add-in's .components file (its uri relative to it)
// Exit 0 when every check passed.
//
// Expected values are the worked examples of catalogue/retention.toml,
// catalogue/experiments.toml and catalogue/predictive.toml (docs/functions.en.md),
// with the tolerance each example states there.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/container/XSet.hpp>
#include <com/sun/star/lang/XMultiComponentFactory.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/Reference.hxx>
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <org/kpicalc/XFunctions.hpp>
#include <osl/file.hxx>
#include <rtl/bootstrap.hxx>

namespace css = com::sun::star;
using css::uno::Any;
using css::uno::Sequence;

namespace {

int checks = 0;
int failures = 0;

void check(const char* what, double got, double want, double tol) {
    const bool ok = std::isfinite(got) && std::fabs(got - want) <= tol * std::max(1.0, std::fabs(want));
    std::printf("%-4s %-28s = %.17g (expected %.17g, tolerance %g)\n", ok ? "ok" : "FAIL", what, got, want, tol);
    ++checks;
    if (!ok) ++failures;
}

// A column of numbers as Calc passes a cell range: one row per cell.
Sequence< Sequence< Any > > column(const std::vector<double>& v) {
    Sequence< Sequence< Any > > rows(static_cast<sal_Int32>(v.size()));
    auto* r = rows.getArray();
    for (std::size_t i = 0; i < v.size(); ++i) {
        const Any cell(v[i]);
        r[i] = Sequence< Any >(&cell, 1);
    }
    return rows;
}

// An inline array {a;b;c;d} (one row).
Sequence< Sequence< Any > > row(const std::vector<double>& v) {
    Sequence< Any > cells(static_cast<sal_Int32>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) cells.getArray()[i] <<= v[i];
    return Sequence< Sequence< Any > >(&cells, 1);
}

double number(const Sequence< Sequence< Any > >& m, sal_Int32 r, sal_Int32 c) {
    double d = std::nan("");
    if (r < m.getLength() && c < m[r].getLength()) m[r][c] >>= d;
    return d;
}

}  // namespace

rtl::OUString file_url(const std::string& path) {
    rtl::OUString url;
    const rtl::OUString sys = rtl::OStringToOUString(rtl::OString(path.c_str()), RTL_TEXTENCODING_UTF8);
    if (osl::FileBase::getFileURLFromSystemPath(sys, url) != osl::FileBase::E_None) std::exit(2);
    return url;
}

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s URE_PROGRAM_DIR TYPE_LIBRARIES COMPONENTS\n", argv[0]);
        return 2;
    }
    try {
        // What soffice's fundamentalrc/unorc would say: the URE's libraries (the
        // services.rdb names them relative to this), its services, the types.
        const std::string program = argv[1];
        rtl::Bootstrap::set("URE_INTERNAL_LIB_DIR", file_url(program));
        rtl::Bootstrap::set("UNO_SERVICES", file_url(program + "/services.rdb"));
        std::istringstream rdbs(argv[2]);
        std::string rdb;
        rtl::OUString types;
        while (rdbs >> rdb) {
            if (!types.isEmpty()) types += " ";
            types += file_url(rdb);
        }
        rtl::Bootstrap::set("UNO_TYPES", types);
        const auto context = cppu::defaultBootstrap_InitialComponentContext();
        const auto manager = context->getServiceManager();
        // As the extension manager registers a .components file. (With a
        // "component-context" entry the manager would skip the constructor and
        // look for component_getFactory, which the add-in does not export.)
        const css::beans::NamedValue uri{"uri", Any(file_url(argv[3]))};
        css::uno::Reference< css::container::XSet >(manager, css::uno::UNO_QUERY_THROW)
            ->insert(Any(Sequence< css::beans::NamedValue >(&uri, 1)));
        const auto object = manager->createInstanceWithContext("org.kpicalc.Functions", context);
        css::uno::Reference< org::kpicalc::XFunctions > f(object, css::uno::UNO_QUERY);
        css::uno::Reference< css::lang::XServiceInfo > info(object, css::uno::UNO_QUERY);
        if (!f.is() || !info.is()) {
            std::printf("FAIL the object offers no XFunctions / XServiceInfo\n");
            return 1;
        }
        std::printf("ok   loaded %s\n", OUStringToOString(info->getImplementationName(), RTL_TEXTENCODING_UTF8).getStr());
        check("RETENTION(200;180;40)", f->retention(200, 180, 40), 0.7, 1e-15);
        const auto ci = f->wilsonci(73, 86, Any());
        check("WILSONCI(73;86) low", number(ci, 0, 0), 0.758364348004061, 1e-12);
        check("WILSONCI(73;86) high", number(ci, 0, 1), 0.909478770168677, 1e-12);
        check("BGNBDEXPECTED(...;39)",
              f->bgnbdexpected(row({0.243, 4.414, 0.793, 2.426}), 2, 30.43, 38.86, 39), 1.22602817476714, 1e-9);
        const auto fit = f->bgnbdfit(
            column({1, 2, 2, 5, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 5, 3, 4, 0, 6, 1, 0, 0}),
            column({8, 2, 20, 26, 6, 0, 0, 18, 20, 0, 0, 18, 0, 2, 0, 0, 0, 26, 18, 20, 0, 24, 31, 0, 0}),
            column({30, 32, 27, 33, 37, 29, 23, 29, 30, 39, 29, 36, 29, 25, 22, 20, 20, 26, 34, 23, 24, 29, 36, 36, 33}),
            Any());
        const double published[] = {0.62598847, 10.0949143, 0.21728068, 0.79416181};
        const char* names[] = {"BGNBDFIT(...) r", "BGNBDFIT(...) alpha", "BGNBDFIT(...) a", "BGNBDFIT(...) b"};
        for (int i = 0; i < 4; ++i) check(names[i], number(fit, 0, i), published[i], 1e-5);
    } catch (const css::uno::Exception& e) {
        std::printf("FAIL UNO exception: %s\n", OUStringToOString(e.Message, RTL_TEXTENCODING_UTF8).getStr());
        return 1;
    } catch (const std::exception& e) {
        std::printf("FAIL exception: %s\n", e.what());
        return 1;
    }
    std::printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
