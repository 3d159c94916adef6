/* The add-in as a binary-UNO component (environment "uno"): one C object
 * whose dispatcher serves XInterface, XTypeProvider, XServiceName,
 * XServiceInfo, XAddIn (with XLocalizable) and the functions interface.
 *
 * Binary UNO is a C ABI that LibreOffice maps to and from its own C++
 * environment on every platform (gcc3 on Linux, mscx on Windows), so this
 * library does not depend on the compiler LibreOffice was built with. Member
 * calls arrive in dispatch() with the member's type description, the return
 * slot and an array of pointers to the arguments; nothing here throws (C),
 * and bridge.cxx (the C++ side, behind kpic.h) catches everything.
 *
 * Everything per function — names, Wizard texts, argument conversion — is
 * generated from the catalogue (tools/gen_addin_c.py). */
/* The Linux library ships hardened, as the C++ add-in's (tests/integration/test_package.py). */
#if defined(__linux__) && (!defined(_FORTIFY_SOURCE) || _FORTIFY_SOURCE < 2 || !defined(__OPTIMIZE__))
#error "the add-in ships hardened: build with -O2 -D_FORTIFY_SOURCE=2"
#endif
#include <stddef.h>
#include <string.h>

#include "uno_c.h"
#include "kpic.h"

enum { LANG_EN = 0, LANG_ZH_CN = 1, LANG_ZH_TW = 2 };

/* The interfaces the object answers queryInterface for, and lists in getTypes. */
static const char* const kInterfaces[] = {
    NULL, /* kpic_interface_name, set in init_types */
    "com.sun.star.sheet.XAddIn",
    "com.sun.star.lang.XLocalizable",
    "com.sun.star.lang.XServiceName",
    "com.sun.star.lang.XServiceInfo",
    "com.sun.star.lang.XTypeProvider",
    "com.sun.star.uno.XInterface",
};
#define N_INTERFACES (sizeof(kInterfaces) / sizeof(kInterfaces[0]))
#define N_XINTERFACE_MEMBERS 3 /* queryInterface, acquire, release come first */

/* Shared, set once (init_types under the global mutex). */
static int g_ready = 0;
static typelib_TypeDescriptionReference* g_interfaces[N_INTERFACES];
static typelib_TypeDescriptionReference* g_type_seq = NULL;   /* sequence< type > */
static typelib_TypeDescriptionReference* g_string_seq = NULL; /* sequence< string > */
static typelib_TypeDescriptionReference* g_byte_seq = NULL;   /* sequence< byte > */
static typelib_TypeDescriptionReference* g_runtime_exception = NULL;
static typelib_TypeDescription* g_get_property_value = NULL; /* XPropertySet::getPropertyValue */
static size_t g_functions_prefix = 0;                        /* length of "org.kpicalc.XFunctions::" */

typedef struct {
    uno_Interface unoi; /* first: the object is its uno_Interface */
    oslInterlockedCount refs;
    oslMutex mutex; /* guards the locale */
    rtl_uString* locale[3]; /* css::lang::Locale: Language, Country, Variant */
    int lang;
} Addin;

/* css::lang::Locale and css::util::Date as binary UNO lays them out. */
typedef struct {
    rtl_uString* language;
    rtl_uString* country;
    rtl_uString* variant;
} Locale;
typedef struct {
    sal_uInt16 day;
    sal_uInt16 month;
    sal_Int16 year;
} UnoDate;
/* css::uno::RuntimeException: Message, Context. */
typedef struct {
    rtl_uString* message;
    uno_Interface* context;
} RuntimeException;

/* The layouts this file relies on, as LibreOffice itself is built (also under
 * MinGW for Windows, where the URE headers pack these structs to 8). */
_Static_assert(sizeof(uno_Any) == 3 * sizeof(void*), "uno_Any layout");
_Static_assert(offsetof(uno_Sequence, elements) == 8, "uno_Sequence header");
_Static_assert(sizeof(Locale) == 3 * sizeof(void*), "css::lang::Locale layout");
_Static_assert(sizeof(UnoDate) == 6 && offsetof(UnoDate, year) == 4, "css::util::Date layout");
_Static_assert(sizeof(sal_Unicode) == 2 && sizeof(sal_Int32) == 4 && sizeof(sal_Bool) == 1, "sal types");

/* ------------------------------------------------------------------ strings */

static rtl_uString* new_utf8(const char* s) {
    rtl_uString* out = NULL;
    rtl_string2UString(&out, s, (sal_Int32)strlen(s), RTL_TEXTENCODING_UTF8, OSTRING_TO_OUSTRING_CVTFLAGS);
    return out;
}

static rtl_uString* new_empty(void) {
    rtl_uString* out = NULL;
    rtl_uString_new(&out);
    return out;
}

static int equals_ascii(const rtl_uString* s, const char* ascii) {
    return rtl_ustr_ascii_compare_WithLength(s->buffer, s->length, ascii) == 0;
}

static int equals_ascii_nocase(const rtl_uString* s, const char* ascii) {
    return rtl_ustr_ascii_compareIgnoreAsciiCase_WithLength(s->buffer, s->length, ascii) == 0;
}

static int contains_ascii(const rtl_uString* s, const char* ascii) {
    return rtl_ustr_indexOfAscii_WithLength(s->buffer, s->length, ascii, (sal_Int32)strlen(ascii)) >= 0;
}

/* -------------------------------------------------------------------- types */

static typelib_TypeDescription* find_member(const char* interface_name, const char* member) {
    typelib_TypeDescription* iface = NULL;
    typelib_TypeDescription* found = NULL;
    rtl_uString* name = new_utf8(interface_name);
    typelib_typedescription_getByName(&iface, name);
    rtl_uString_release(name);
    if (!iface) return NULL;
    if (!iface->bComplete) typelib_typedescription_complete(&iface);
    {
        typelib_InterfaceTypeDescription* it = (typelib_InterfaceTypeDescription*)iface;
        sal_Int32 i;
        for (i = 0; i < it->nAllMembers && !found; ++i) {
            typelib_TypeDescription* m = NULL;
            typelib_typedescriptionreference_getDescription(&m, it->ppAllMembers[i]);
            if (m && equals_ascii(((typelib_InterfaceMemberTypeDescription*)m)->pMemberName, member))
                found = m;
            else if (m)
                typelib_typedescription_release(m);
        }
    }
    typelib_typedescription_release(iface);
    return found;
}

static int init_types(void) {
    int ok = 1;
    size_t i;
    osl_acquireMutex(*osl_getGlobalMutex());
    if (!g_ready) {
        for (i = 0; i < N_INTERFACES; ++i) {
            rtl_uString* name = new_utf8(i == 0 ? kpic_interface_name : kInterfaces[i]);
            typelib_typedescriptionreference_new(&g_interfaces[i], typelib_TypeClass_INTERFACE, name);
            rtl_uString_release(name);
            ok = ok && g_interfaces[i];
        }
        typelib_static_sequence_type_init(&g_type_seq, *typelib_static_type_getByTypeClass(typelib_TypeClass_TYPE));
        typelib_static_sequence_type_init(&g_string_seq, *typelib_static_type_getByTypeClass(typelib_TypeClass_STRING));
        typelib_static_sequence_type_init(&g_byte_seq, *typelib_static_type_getByTypeClass(typelib_TypeClass_BYTE));
        {
            rtl_uString* name = new_utf8("com.sun.star.uno.RuntimeException");
            typelib_typedescriptionreference_new(&g_runtime_exception, typelib_TypeClass_EXCEPTION, name);
            rtl_uString_release(name);
        }
        g_get_property_value = find_member("com.sun.star.beans.XPropertySet", "getPropertyValue");
        g_functions_prefix = strlen(kpic_interface_name) + 2;
        ok = ok && g_type_seq && g_string_seq && g_byte_seq && g_runtime_exception && g_get_property_value &&
             kpic_init() == 0;
        g_ready = ok;
    }
    osl_releaseMutex(*osl_getGlobalMutex());
    return ok;
}

/* -------------------------------------------------------------- the object */

static void SAL_CALL addin_acquire(uno_Interface* p) { osl_atomic_increment(&((Addin*)p)->refs); }

static void SAL_CALL addin_release(uno_Interface* p) {
    Addin* self = (Addin*)p;
    int i;
    if (osl_atomic_decrement(&self->refs) != 0) return;
    for (i = 0; i < 3; ++i)
        if (self->locale[i]) rtl_uString_release(self->locale[i]);
    if (self->mutex) osl_destroyMutex(self->mutex);
    rtl_freeMemory(self);
}

/* Chinese in Taiwan, Hong Kong and Macau, or written in the Hant script, reads
 * traditional characters; every other Chinese locale reads simplified. */
static int lang_of(const Locale* l) {
    if (!equals_ascii_nocase(l->language, "zh")) {
        if (equals_ascii_nocase(l->language, "qlt") &&
            rtl_ustr_ascii_shortenedCompareIgnoreAsciiCase_WithLength(l->variant->buffer, l->variant->length,
                                                                     "zh-", 3) == 0)
            return (contains_ascii(l->variant, "Hant") || contains_ascii(l->variant, "TW") ||
                    contains_ascii(l->variant, "HK") || contains_ascii(l->variant, "MO"))
                       ? LANG_ZH_TW
                       : LANG_ZH_CN;
        return LANG_EN;
    }
    if (equals_ascii_nocase(l->country, "TW") || equals_ascii_nocase(l->country, "HK") ||
        equals_ascii_nocase(l->country, "MO"))
        return LANG_ZH_TW;
    return LANG_ZH_CN;
}

static int current_lang(Addin* self) {
    int lang;
    osl_acquireMutex(self->mutex);
    lang = self->lang;
    osl_releaseMutex(self->mutex);
    return lang;
}

static const kpic_function_info* find_function(const rtl_uString* method) {
    size_t i;
    for (i = 0; i < kpic_function_count; ++i)
        if (equals_ascii(method, kpic_functions[i].method)) return &kpic_functions[i];
    return NULL;
}

/* The function a member of the functions interface names, or -1. Positions
 * follow the IDL (generated in catalogue order, after XInterface's three
 * members); the name is checked so a mismatch can never call the wrong one. */
static long function_index(const typelib_TypeDescription* member) {
    const typelib_InterfaceMemberTypeDescription* m = (const typelib_InterfaceMemberTypeDescription*)member;
    const rtl_uString* full = member->pTypeName;
    long guess = (long)m->nPosition - N_XINTERFACE_MEMBERS;
    size_t i;
    if ((size_t)full->length <= g_functions_prefix ||
        rtl_ustr_ascii_shortenedCompare_WithLength(full->buffer, full->length, kpic_interface_name,
                                                   (sal_Int32)(g_functions_prefix - 2)) != 0 ||
        full->buffer[g_functions_prefix - 2] != ':')
        return -1;
    if (guess >= 0 && (size_t)guess < kpic_function_count && equals_ascii(m->pMemberName, kpic_functions[guess].method))
        return guess;
    for (i = 0; i < kpic_function_count; ++i)
        if (equals_ascii(m->pMemberName, kpic_functions[i].method)) return (long)i;
    return -1;
}

/* The document's null date from the hidden XPropertySet argument (Calc's default when absent). */
static kpic_date null_date(uno_Interface* options) {
    kpic_date out = {1899, 12, 30};
    rtl_uString* name;
    void* args[1];
    uno_Any value;
    uno_Any exc;
    uno_Any* pexc = &exc;
    if (!options) return out;
    name = new_utf8("NullDate");
    args[0] = &name;
    (*options->pDispatcher)(options, g_get_property_value, &value, args, &pexc);
    rtl_uString_release(name);
    if (pexc) {
        uno_any_destruct(&exc, NULL);
        return out;
    }
    if (value.pType->eTypeClass == typelib_TypeClass_STRUCT && equals_ascii(value.pType->pTypeName, "com.sun.star.util.Date")) {
        const UnoDate* d = (const UnoDate*)value.pData;
        out.year = d->year;
        out.month = d->month;
        out.day = d->day;
    }
    uno_any_destruct(&value, NULL);
    return out;
}

static void set_string(void* ret, rtl_uString* s) { *(rtl_uString**)ret = s ? s : new_empty(); }

static void set_strings(void* ret, const char* const* items, sal_Int32 n) {
    rtl_uString* strings[4];
    sal_Int32 i;
    uno_Sequence* seq = NULL;
    for (i = 0; i < n; ++i) strings[i] = new_utf8(items[i]);
    uno_type_sequence_construct(&seq, g_string_seq, strings, n, NULL);
    for (i = 0; i < n; ++i) rtl_uString_release(strings[i]);
    *(uno_Sequence**)ret = seq;
}

static void raise_runtime(uno_Any** exc, const char* message) {
    RuntimeException e;
    e.message = new_utf8(message);
    e.context = NULL;
    uno_type_any_construct(*exc, &e, g_runtime_exception, NULL);
    rtl_uString_release(e.message);
}

static void query_interface(uno_Interface* self, typelib_TypeDescriptionReference* type, uno_Any* ret) {
    size_t i;
    for (i = 0; i < N_INTERFACES; ++i) {
        if (typelib_typedescriptionreference_equals(type, g_interfaces[i])) {
            uno_type_any_construct(ret, &self, type, NULL); /* acquires through self->acquire */
            return;
        }
    }
    uno_any_construct(ret, NULL, NULL, NULL); /* void: not supported */
}

static void SAL_CALL addin_dispatch(uno_Interface* p, const typelib_TypeDescription* member, void* ret, void* args[],
                                    uno_Any** exc) {
    Addin* self = (Addin*)p;
    const rtl_uString* name = ((const typelib_InterfaceMemberTypeDescription*)member)->pMemberName;
    long fn = function_index(member);
    *exc = NULL;

    if (fn >= 0) {
        kpic_date date;
        const kpic_date* pdate = NULL;
        if (kpic_functions[fn].caller) {
            date = null_date(*(uno_Interface**)args[0]);
            pdate = &date;
        }
        kpic_call((size_t)fn, ret, args, pdate);
        return;
    }
    /* XInterface */
    if (equals_ascii(name, "queryInterface")) {
        query_interface(p, *(typelib_TypeDescriptionReference**)args[0], (uno_Any*)ret);
    } else if (equals_ascii(name, "acquire")) {
        addin_acquire(p);
    } else if (equals_ascii(name, "release")) {
        addin_release(p);
    }
    /* XTypeProvider */
    else if (equals_ascii(name, "getTypes")) {
        uno_Sequence* seq = NULL;
        uno_type_sequence_construct(&seq, g_type_seq, g_interfaces, (sal_Int32)(N_INTERFACES - 1), NULL);
        *(uno_Sequence**)ret = seq; /* XInterface (last) is implied */
    } else if (equals_ascii(name, "getImplementationId")) {
        uno_Sequence* seq = NULL; /* empty: deprecated, callers use the types */
        uno_type_sequence_construct(&seq, g_byte_seq, NULL, 0, NULL);
        *(uno_Sequence**)ret = seq;
    }
    /* XServiceName, XServiceInfo */
    else if (equals_ascii(name, "getServiceName")) {
        set_string(ret, new_utf8(kpic_service_name));
    } else if (equals_ascii(name, "getImplementationName")) {
        set_string(ret, new_utf8(kpic_implementation_name));
    } else if (equals_ascii(name, "supportsService")) {
        const rtl_uString* s = *(rtl_uString**)args[0];
        *(sal_Bool*)ret = (sal_Bool)(equals_ascii(s, kpic_service_name) || equals_ascii(s, "com.sun.star.sheet.AddIn"));
    } else if (equals_ascii(name, "getSupportedServiceNames")) {
        const char* names[2];
        names[0] = kpic_service_name;
        names[1] = "com.sun.star.sheet.AddIn";
        set_strings(ret, names, 2);
    }
    /* XLocalizable */
    else if (equals_ascii(name, "setLocale")) {
        const Locale* l = (const Locale*)args[0];
        osl_acquireMutex(self->mutex);
        rtl_uString_assign(&self->locale[0], l->language);
        rtl_uString_assign(&self->locale[1], l->country);
        rtl_uString_assign(&self->locale[2], l->variant);
        self->lang = lang_of(l);
        osl_releaseMutex(self->mutex);
    } else if (equals_ascii(name, "getLocale")) {
        Locale* out = (Locale*)ret;
        osl_acquireMutex(self->mutex);
        rtl_uString_acquire(self->locale[0]);
        rtl_uString_acquire(self->locale[1]);
        rtl_uString_acquire(self->locale[2]);
        out->language = self->locale[0];
        out->country = self->locale[1];
        out->variant = self->locale[2];
        osl_releaseMutex(self->mutex);
    }
    /* XAddIn: texts from the catalogue; an unknown name gets an empty text */
    else if (equals_ascii(name, "getProgrammaticFuntionName")) {
        const rtl_uString* display = *(rtl_uString**)args[0];
        rtl_uString* out = NULL;
        size_t i;
        for (i = 0; i < kpic_function_count && !out; ++i)
            if (equals_ascii_nocase(display, kpic_functions[i].display)) out = new_utf8(kpic_functions[i].method);
        set_string(ret, out);
    } else if (equals_ascii(name, "getDisplayFunctionName")) {
        const kpic_function_info* f = find_function(*(rtl_uString**)args[0]);
        set_string(ret, f ? new_utf8(f->display) : NULL);
    } else if (equals_ascii(name, "getFunctionDescription")) {
        const kpic_function_info* f = find_function(*(rtl_uString**)args[0]);
        set_string(ret, f ? new_utf8(f->description[current_lang(self)]) : NULL);
    } else if (equals_ascii(name, "getDisplayArgumentName") || equals_ascii(name, "getArgumentDescription")) {
        const kpic_function_info* f = find_function(*(rtl_uString**)args[0]);
        sal_Int32 arg = *(const sal_Int32*)args[1];
        rtl_uString* out = NULL;
        if (f && arg >= 0 && (size_t)arg < f->arg_count) {
            const kpic_arg_info* a = &f->args[arg];
            int lang = current_lang(self);
            out = new_utf8(equals_ascii(name, "getDisplayArgumentName") ? a->label[lang] : a->description[lang]);
        }
        set_string(ret, out);
    } else if (equals_ascii(name, "getProgrammaticCategoryName") || equals_ascii(name, "getDisplayCategoryName")) {
        set_string(ret, new_utf8("Add-In")); /* Calc lists add-in functions under its own category */
    } else {
        raise_runtime(exc, "org.kpicalc: unknown member");
    }
}

/* The component's constructor (see kpicalc-c.components), called through
 * LibreOffice's mapping into the "uno" environment: `context` is the
 * XComponentContext as a uno_Interface*, `arguments` an empty sequence
 * (unused). Returns an acquired uno_Interface*, or NULL. */
SAL_DLLPUBLIC_EXPORT void* SAL_CALL org_kpicalc_Functions_get_implementation(void* context, void* arguments) {
    Addin* self;
    (void)context;
    (void)arguments;
    if (!init_types()) return NULL;
    self = (Addin*)rtl_allocateZeroMemory(sizeof(Addin));
    if (!self) return NULL;
    self->unoi.acquire = addin_acquire;
    self->unoi.release = addin_release;
    self->unoi.pDispatcher = addin_dispatch;
    self->refs = 1;
    self->mutex = osl_createMutex();
    self->locale[0] = new_utf8("en");
    self->locale[1] = new_utf8("US");
    self->locale[2] = new_empty();
    self->lang = LANG_EN;
    if (!self->mutex) {
        addin_release(&self->unoi);
        return NULL;
    }
    return &self->unoi;
}
