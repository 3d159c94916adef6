#include "functions.hxx"

#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/supportsservice.hxx>

#include "args.hxx"
#include "calc_result.hxx"

namespace kpicalc {

namespace {

const FunctionInfo* find(const OUString& method) {
    for (std::size_t i = 0; i < kFunctionCount; ++i)
        if (method.equalsAscii(kFunctions[i].method)) return &kFunctions[i];
    return nullptr;
}

OUString utf8(const char* s) { return OUString::fromUtf8(s); }

// Calc calls these from its UI; a C++ exception escaping a UNO call would
// terminate LibreOffice, so a failure shows as a missing text instead.
template <class F>
OUString guarded(F&& f) noexcept {
    try {
        return f();
    } catch (...) {
        return OUString();
    }
}

// Chinese in Taiwan, Hong Kong and Macau, or written in the Hant script, reads
// traditional characters; every other Chinese locale reads simplified.
Lang lang_of(const css::lang::Locale& l) {
    if (!l.Language.equalsIgnoreAsciiCase("zh")) {
        if (l.Language.equalsIgnoreAsciiCase("qlt") && l.Variant.startsWithIgnoreAsciiCase("zh-"))
            return (l.Variant.indexOf("Hant") >= 0 || l.Variant.indexOf("TW") >= 0 ||
                    l.Variant.indexOf("HK") >= 0 || l.Variant.indexOf("MO") >= 0)
                       ? Lang::zh_tw
                       : Lang::zh_cn;
        return Lang::en;
    }
    if (l.Country.equalsIgnoreAsciiCase("TW") || l.Country.equalsIgnoreAsciiCase("HK") ||
        l.Country.equalsIgnoreAsciiCase("MO"))
        return Lang::zh_tw;
    return Lang::zh_cn;
}

}  // namespace

OUString Functions::getProgrammaticFuntionName(const OUString& display) {
    return guarded([&] {
        for (std::size_t i = 0; i < kFunctionCount; ++i)
            if (display.equalsIgnoreAsciiCaseAscii(kFunctions[i].display))
                return OUString::createFromAscii(kFunctions[i].method);
        return OUString();
    });
}

OUString Functions::getDisplayFunctionName(const OUString& method) {
    return guarded([&] {
        const FunctionInfo* f = find(method);
        return f ? OUString::createFromAscii(f->display) : OUString();
    });
}

OUString Functions::getFunctionDescription(const OUString& method) {
    return guarded([&] {
        const FunctionInfo* f = find(method);
        return f ? utf8(f->description[static_cast<int>(lang_.load())]) : OUString();
    });
}

OUString Functions::getDisplayArgumentName(const OUString& method, sal_Int32 arg) {
    return guarded([&] {
        const FunctionInfo* f = find(method);
        if (!f || arg < 0 || static_cast<std::size_t>(arg) >= f->arg_count) return OUString();
        return utf8(f->args[arg].label[static_cast<int>(lang_.load())]);
    });
}

OUString Functions::getArgumentDescription(const OUString& method, sal_Int32 arg) {
    return guarded([&] {
        const FunctionInfo* f = find(method);
        if (!f || arg < 0 || static_cast<std::size_t>(arg) >= f->arg_count) return OUString();
        return utf8(f->args[arg].description[static_cast<int>(lang_.load())]);
    });
}

// Calc lists add-in functions under its own "Add-In" category.
OUString Functions::getProgrammaticCategoryName(const OUString&) { return "Add-In"; }
OUString Functions::getDisplayCategoryName(const OUString&) { return "Add-In"; }

void Functions::setLocale(const css::lang::Locale& locale) {
    try {
        std::lock_guard<std::mutex> lock(locale_mutex_);
        locale_ = locale;
        lang_.store(lang_of(locale));
    } catch (...) {
        lang_.store(Lang::en);
    }
}

css::lang::Locale Functions::getLocale() {
    std::lock_guard<std::mutex> lock(locale_mutex_);
    return locale_;
}

OUString Functions::getServiceName() { return OUString::createFromAscii(kServiceName); }

OUString Functions::getImplementationName() { return OUString::createFromAscii(kImplementationName); }

sal_Bool Functions::supportsService(const OUString& name) { return cppu::supportsService(this, name); }

css::uno::Sequence< OUString > Functions::getSupportedServiceNames() {
    const OUString names[] = {OUString::createFromAscii(kServiceName), "com.sun.star.sheet.AddIn"};
    return css::uno::Sequence< OUString >(names, 2);
}

}  // namespace kpicalc

#include "generated_methods.inc"

// The component's only exported symbol (see packaging/kpicalc.components).
extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface* org_kpicalc_Functions_get_implementation(
    css::uno::XComponentContext*, const css::uno::Sequence< css::uno::Any >&) {
    try {
        return cppu::acquire(new kpicalc::Functions);
    } catch (...) {
        return nullptr;
    }
}
