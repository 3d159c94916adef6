// Benchmark-only do-nothing Calc add-in (bench-floor.oxt, never shipped).
// Every method has the UNO parameter types of the catalogue function of the
// same name and returns a constant, so a recalculation of
// ORG.KPICALC.BENCH.FLOOR.X(...) costs exactly Calc's add-in dispatch for
// that signature: the floor our ORG.KPICALC.FUNCTIONS.X(...) is compared to.
#include <cstring>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase4.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <org/kpicalc/bench/XFloor.hpp>

namespace {

namespace css = ::com::sun::star;
using rtl::OUString;
using Rows = css::uno::Sequence< css::uno::Sequence< css::uno::Any > >;

constexpr char kService[] = "org.kpicalc.bench.Floor";
constexpr char kImplementation[] = "org.kpicalc.bench.FloorImpl";
constexpr char kDisplayPrefix[] = "BENCHFLOOR_";

const char* const kMethods[] = {
#define FLOOR_TABLE
#include "floor_methods.inc"
#undef FLOOR_TABLE
};

Rows one_cell() {
    css::uno::Sequence< css::uno::Any > row(1);
    row.getArray()[0] <<= 1.0;
    return Rows(&row, 1);
}

class Floor final : public cppu::WeakImplHelper4< org::kpicalc::bench::XFloor, css::sheet::XAddIn,
                                                  css::lang::XServiceName, css::lang::XServiceInfo > {
public:
#define FLOOR_DECLS
#include "floor_methods.inc"
#undef FLOOR_DECLS

    // XAddIn: display name BENCHFLOOR_<NAME>, no texts.
    OUString SAL_CALL getProgrammaticFuntionName(const OUString& display) override {
        if (!display.startsWithIgnoreAsciiCase(kDisplayPrefix)) return OUString();
        const OUString method = display.copy(std::strlen(kDisplayPrefix)).toAsciiLowerCase();
        for (const char* m : kMethods)
            if (method.equalsAscii(m)) return method;
        return OUString();
    }
    OUString SAL_CALL getDisplayFunctionName(const OUString& method) override {
        for (const char* m : kMethods)
            if (method.equalsAscii(m)) return OUString::createFromAscii(kDisplayPrefix) + method.toAsciiUpperCase();
        return OUString();
    }
    OUString SAL_CALL getFunctionDescription(const OUString&) override { return "benchmark floor"; }
    OUString SAL_CALL getDisplayArgumentName(const OUString&, sal_Int32 arg) override {
        return "arg" + OUString::number(arg + 1);
    }
    OUString SAL_CALL getArgumentDescription(const OUString&, sal_Int32) override { return OUString(); }
    OUString SAL_CALL getProgrammaticCategoryName(const OUString&) override { return "Add-In"; }
    OUString SAL_CALL getDisplayCategoryName(const OUString&) override { return "Add-In"; }
    void SAL_CALL setLocale(const css::lang::Locale& l) override { locale_ = l; }
    css::lang::Locale SAL_CALL getLocale() override { return locale_; }
    OUString SAL_CALL getServiceName() override { return OUString::createFromAscii(kService); }
    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kImplementation); }
    sal_Bool SAL_CALL supportsService(const OUString& n) override { return cppu::supportsService(this, n); }
    css::uno::Sequence< OUString > SAL_CALL getSupportedServiceNames() override {
        const OUString names[] = {OUString::createFromAscii(kService), "com.sun.star.sheet.AddIn"};
        return css::uno::Sequence< OUString >(names, 2);
    }

private:
    css::lang::Locale locale_{"en", "US", ""};
};

#define FLOOR_DEFS
#include "floor_methods.inc"
#undef FLOOR_DEFS

}  // namespace

extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface* org_kpicalc_bench_Floor_get_implementation(
    css::uno::XComponentContext*, const css::uno::Sequence< css::uno::Any >&) {
    try {
        return cppu::acquire(new Floor);
    } catch (...) {
        return nullptr;
    }
}
