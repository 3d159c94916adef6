// The UNO component Calc talks to. Thin by design: argument conversion in
// args.hxx, error mapping in calc_result.hxx, arithmetic in the core, and the
// per-function methods and Wizard texts generated from the catalogue.
#pragma once

#include <atomic>
#include <mutex>

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <cppuhelper/implbase4.hxx>
#include <org/kpicalc/XFunctions.hpp>

#include "generated_names.hxx"  // kServiceName, kImplementationName (frozen)

namespace kpicalc {

namespace css = ::com::sun::star;
using rtl::OUString;


enum class Lang : int { en = 0, zh_cn = 1, zh_tw = 2 };

struct ArgInfo {  // the English label is the argument's catalogue name
    const char* label[3];
    const char* description[3];
};

struct FunctionInfo {
    const char* method;
    const char* display;
    const char* description[3];
    std::size_t arg_count;  // with the hidden XPropertySet of functions that take the document
    const ArgInfo* args;
};

class Functions final
    : public cppu::WeakImplHelper4< org::kpicalc::XFunctions, css::sheet::XAddIn, css::lang::XServiceName,
                                    css::lang::XServiceInfo > {
public:
    Functions() = default;

#include "generated_decls.inc"

    // XAddIn
    OUString SAL_CALL getProgrammaticFuntionName(const OUString& display) override;
    OUString SAL_CALL getDisplayFunctionName(const OUString& method) override;
    OUString SAL_CALL getFunctionDescription(const OUString& method) override;
    OUString SAL_CALL getDisplayArgumentName(const OUString& method, sal_Int32 arg) override;
    OUString SAL_CALL getArgumentDescription(const OUString& method, sal_Int32 arg) override;
    OUString SAL_CALL getProgrammaticCategoryName(const OUString& method) override;
    OUString SAL_CALL getDisplayCategoryName(const OUString& method) override;
    // XLocalizable
    void SAL_CALL setLocale(const css::lang::Locale& locale) override;
    css::lang::Locale SAL_CALL getLocale() override;
    // XServiceName
    OUString SAL_CALL getServiceName() override;
    // XServiceInfo
    OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const OUString& name) override;
    css::uno::Sequence< OUString > SAL_CALL getSupportedServiceNames() override;

private:
    // One shared instance serves every document; only the UI locale is state.
    // lang_ is read lock-free on every Wizard call; the full Locale is only
    // kept to answer getLocale, under its own mutex.
    std::atomic<Lang> lang_{Lang::en};
    std::mutex locale_mutex_;
    css::lang::Locale locale_{"en", "US", ""};
};

extern const FunctionInfo kFunctions[];
extern const std::size_t kFunctionCount;

}  // namespace kpicalc
