/* Stand-in sal3.dll (-DMINI_SAL) and cppu3.dll (-DMINI_CPPU) for the Wine
 * smoke test (addin-c/wine_smoke.sh): just enough of the URE's C functions,
 * with the SDK's own declarations and struct layouts, for kpicalc_c.dll to
 * construct its object and compute through its dispatcher. Single-threaded,
 * types known only by name and type class, UTF-8 <-> UTF-16 only; the type
 * library knows one interface (XPropertySet with getPropertyValue, which
 * component.c looks up). Not LibreOffice: a missing or wrong function here
 * shows up as a load failure or a wrong result in smoke.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#ifdef MINI_SAL
#define SAL_DLLIMPLEMENTATION
#endif
#ifdef MINI_CPPU
#define CPPU_DLLIMPLEMENTATION
#endif
#include "uno_c.h"

#ifdef MINI_SAL
/* ------------------------------------------------------------------ sal3 */
oslMutex SAL_CALL osl_createMutex(void) {
    CRITICAL_SECTION* cs = malloc(sizeof *cs);
    if (cs) InitializeCriticalSection(cs);
    return (oslMutex)cs;
}
sal_Bool SAL_CALL osl_acquireMutex(oslMutex m) { EnterCriticalSection((CRITICAL_SECTION*)m); return 1; }
sal_Bool SAL_CALL osl_releaseMutex(oslMutex m) { LeaveCriticalSection((CRITICAL_SECTION*)m); return 1; }
void SAL_CALL osl_destroyMutex(oslMutex m) { DeleteCriticalSection((CRITICAL_SECTION*)m); free(m); }
oslMutex* SAL_CALL osl_getGlobalMutex(void) {
    static oslMutex global = NULL;
    if (!global) global = osl_createMutex();
    return &global;
}
void* SAL_CALL rtl_allocateZeroMemory(sal_Size n) { return calloc(1, n ? n : 1); }
void SAL_CALL rtl_freeMemory(void* p) { free(p); }

static rtl_uString* ustr_alloc(sal_Int32 len) {
    rtl_uString* s = calloc(1, sizeof(rtl_uString) + (size_t)len * sizeof(sal_Unicode));
    if (!s) abort();
    s->refCount = 1;
    s->length = len;
    return s;
}
void SAL_CALL rtl_uString_acquire(rtl_uString* s) { ++s->refCount; }
void SAL_CALL rtl_uString_release(rtl_uString* s) {
    if (s && --s->refCount == 0) free(s);
}
static void ustr_set(rtl_uString** p, rtl_uString* s) {
    if (*p) rtl_uString_release(*p);
    *p = s;
}
void SAL_CALL rtl_uString_new(rtl_uString** p) { ustr_set(p, ustr_alloc(0)); }
void SAL_CALL rtl_uString_assign(rtl_uString** p, rtl_uString* s) {
    rtl_uString_acquire(s);
    ustr_set(p, s);
}
void SAL_CALL rtl_uString_newFromStr_WithLength(rtl_uString** p, const sal_Unicode* v, sal_Int32 len) {
    rtl_uString* s = ustr_alloc(len);
    memcpy(s->buffer, v, (size_t)len * sizeof(sal_Unicode));
    ustr_set(p, s);
}
void SAL_CALL rtl_uString_newTrim(rtl_uString** p, rtl_uString* str) {
    sal_Int32 b = 0, e = str->length;
    while (b < e && str->buffer[b] <= ' ') ++b;
    while (e > b && str->buffer[e - 1] <= ' ') --e;
    rtl_uString_newFromStr_WithLength(p, str->buffer + b, e - b);
}
void SAL_CALL rtl_string2UString(rtl_uString** p, const char* str, sal_Int32 len, rtl_TextEncoding enc,
                                 sal_uInt32 flags) {
    const unsigned char* u = (const unsigned char*)str;
    rtl_uString* s = ustr_alloc(len * 2);
    sal_Int32 i = 0, n = 0;
    (void)flags;
    if (enc != RTL_TEXTENCODING_UTF8) abort();
    while (i < len) {
        uint32_t c = u[i];
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more) c &= 0x3F >> more;
        for (++i; more-- > 0 && i < len; ++i) c = (c << 6) | (u[i] & 0x3F);
        if (c >= 0x10000) {
            c -= 0x10000;
            s->buffer[n++] = (sal_Unicode)(0xD800 + (c >> 10));
            s->buffer[n++] = (sal_Unicode)(0xDC00 + (c & 0x3FF));
        } else {
            s->buffer[n++] = (sal_Unicode)c;
        }
    }
    s->length = n;
    ustr_set(p, s);
}
void SAL_CALL rtl_uString2String(rtl_String** p, const sal_Unicode* str, sal_Int32 len, rtl_TextEncoding enc,
                                 sal_uInt32 flags) {
    rtl_String* s = calloc(1, sizeof(rtl_String) + (size_t)len * 4);
    sal_Int32 i, n = 0;
    (void)flags;
    if (!s || enc != RTL_TEXTENCODING_UTF8) abort();
    for (i = 0; i < len; ++i) {
        uint32_t c = str[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < len) c = 0x10000 + ((c - 0xD800) << 10) + (str[++i] - 0xDC00);
        if (c < 0x80) {
            s->buffer[n++] = (char)c;
        } else if (c < 0x800) {
            s->buffer[n++] = (char)(0xC0 | c >> 6);
            s->buffer[n++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            s->buffer[n++] = (char)(0xE0 | c >> 12);
            s->buffer[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            s->buffer[n++] = (char)(0x80 | (c & 0x3F));
        } else {
            s->buffer[n++] = (char)(0xF0 | c >> 18);
            s->buffer[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
            s->buffer[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            s->buffer[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    s->refCount = 1;
    s->length = n;
    if (*p) rtl_string_release(*p);
    *p = s;
}
void SAL_CALL rtl_string_release(rtl_String* s) {
    if (s && --s->refCount == 0) free(s);
}
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static sal_Int32 compare(const sal_Unicode* a, sal_Int32 alen, const char* b, sal_Int32 limit, int nocase) {
    sal_Int32 i;
    for (i = 0; i < limit; ++i) {
        int x = i < alen ? a[i] : -1, y = b[i] ? (unsigned char)b[i] : -1;
        if (nocase) x = lower(x), y = lower(y);
        if (x != y) return x < y ? -1 : 1;
        if (x == -1) return 0;
    }
    return 0;
}
sal_Int32 SAL_CALL rtl_ustr_ascii_compare_WithLength(const sal_Unicode* a, sal_Int32 n, const char* b) {
    return compare(a, n, b, INT32_MAX, 0);
}
sal_Int32 SAL_CALL rtl_ustr_ascii_compareIgnoreAsciiCase_WithLength(const sal_Unicode* a, sal_Int32 n,
                                                                    const char* b) {
    return compare(a, n, b, INT32_MAX, 1);
}
sal_Int32 SAL_CALL rtl_ustr_ascii_shortenedCompare_WithLength(const sal_Unicode* a, sal_Int32 n, const char* b,
                                                              sal_Int32 limit) {
    return compare(a, n, b, limit, 0);
}
sal_Int32 SAL_CALL rtl_ustr_ascii_shortenedCompareIgnoreAsciiCase_WithLength(const sal_Unicode* a, sal_Int32 n,
                                                                            const char* b, sal_Int32 limit) {
    return compare(a, n, b, limit, 1);
}
sal_Int32 SAL_CALL rtl_ustr_indexOfAscii_WithLength(const sal_Unicode* s, sal_Int32 len, const char* sub,
                                                    sal_Int32 sublen) {
    sal_Int32 i, j;
    for (i = 0; i + sublen <= len; ++i) {
        for (j = 0; j < sublen && s[i + j] == (unsigned char)sub[j]; ++j) {}
        if (j == sublen) return i;
    }
    return -1;
}
#endif /* MINI_SAL */

#ifdef MINI_CPPU
/* ------------------------------------------------------------------ cppu3 */
/* Every type reference, by type class and name; a sequence type knows its element type. */
typedef struct Ref {
    typelib_TypeDescriptionReference ref; /* first */
    struct Ref* element;
    struct Ref* next;
} Ref;
static Ref* g_refs = NULL;

static rtl_uString* ascii(const char* s) {
    rtl_uString* u = NULL;
    rtl_string2UString(&u, s, (sal_Int32)strlen(s), RTL_TEXTENCODING_UTF8, 0);
    return u;
}
static int same_name(const rtl_uString* a, const rtl_uString* b) {
    return a->length == b->length && memcmp(a->buffer, b->buffer, (size_t)a->length * 2) == 0;
}
static Ref* ref_of(typelib_TypeClass tc, rtl_uString* name, Ref* element) {
    Ref* r;
    for (r = g_refs; r; r = r->next)
        if (r->ref.eTypeClass == tc && same_name(r->ref.pTypeName, name)) return r;
    r = calloc(1, sizeof *r);
    if (!r) abort();
    r->ref.nRefCount = r->ref.nStaticRefCount = 1;
    r->ref.eTypeClass = tc;
    r->ref.pTypeName = name;
    rtl_uString_acquire(name);
    r->element = element;
    r->next = g_refs;
    g_refs = r;
    return r;
}

typelib_TypeDescriptionReference** SAL_CALL typelib_static_type_getByTypeClass(typelib_TypeClass tc) {
    static const char* const names[] = {"void", "char", "boolean", "byte", "short", "unsigned short", "long",
                                        "unsigned long", "hyper", "unsigned hyper", "float", "double",
                                        "string", "type", "any"};
    static typelib_TypeDescriptionReference* simple[sizeof names / sizeof names[0]];
    if ((size_t)tc >= sizeof names / sizeof names[0]) abort();
    if (!simple[tc]) {
        rtl_uString* n = ascii(names[tc]);
        simple[tc] = &ref_of(tc, n, NULL)->ref;
        rtl_uString_release(n);
    }
    return &simple[tc];
}
void SAL_CALL typelib_static_sequence_type_init(typelib_TypeDescriptionReference** p,
                                                typelib_TypeDescriptionReference* element) {
    if (!*p) {
        const rtl_uString* e = element->pTypeName;
        rtl_uString* n = NULL;
        sal_Unicode* buf = malloc(((size_t)e->length + 2) * 2);
        buf[0] = '[';
        buf[1] = ']';
        memcpy(buf + 2, e->buffer, (size_t)e->length * 2);
        rtl_uString_newFromStr_WithLength(&n, buf, e->length + 2);
        free(buf);
        *p = &ref_of(typelib_TypeClass_SEQUENCE, n, (Ref*)element)->ref;
        rtl_uString_release(n);
    }
}
void SAL_CALL typelib_typedescriptionreference_new(typelib_TypeDescriptionReference** p, typelib_TypeClass tc,
                                                   rtl_uString* name) {
    *p = &ref_of(tc, name, NULL)->ref;
}
sal_Bool SAL_CALL typelib_typedescriptionreference_equals(const typelib_TypeDescriptionReference* a,
                                                          const typelib_TypeDescriptionReference* b) {
    return a == b || (a->eTypeClass == b->eTypeClass && same_name(a->pTypeName, b->pTypeName));
}

/* The one interface component.c asks the type library for. */
void SAL_CALL typelib_typedescription_getByName(typelib_TypeDescription** p, rtl_uString* name) {
    static typelib_InterfaceTypeDescription iface;
    static typelib_InterfaceMethodTypeDescription method;
    static typelib_TypeDescriptionReference* members[1];
    rtl_uString* want = ascii("com.sun.star.beans.XPropertySet");
    int found = same_name(name, want);
    rtl_uString_release(want);
    *p = NULL;
    if (!found) return;
    if (!iface.aBase.pTypeName) {
        method.aBase.aBase.nRefCount = method.aBase.aBase.nStaticRefCount = 1;
        method.aBase.aBase.eTypeClass = typelib_TypeClass_INTERFACE_METHOD;
        method.aBase.aBase.pTypeName = ascii("com.sun.star.beans.XPropertySet::getPropertyValue");
        method.aBase.aBase.bComplete = 1;
        method.aBase.pMemberName = ascii("getPropertyValue");
        method.aBase.nPosition = 6;
        members[0] = &ref_of(typelib_TypeClass_INTERFACE_METHOD, method.aBase.aBase.pTypeName, NULL)->ref;
        members[0]->pType = &method.aBase.aBase;
        iface.aBase.nRefCount = iface.aBase.nStaticRefCount = 1;
        iface.aBase.eTypeClass = typelib_TypeClass_INTERFACE;
        iface.aBase.pTypeName = ascii("com.sun.star.beans.XPropertySet");
        iface.aBase.bComplete = 1;
        iface.nMembers = iface.nAllMembers = 1;
        iface.ppMembers = iface.ppAllMembers = members;
    }
    *p = &iface.aBase;
}
sal_Bool SAL_CALL typelib_typedescription_complete(typelib_TypeDescription** p) { return (*p)->bComplete; }
void SAL_CALL typelib_typedescription_release(typelib_TypeDescription* p) { (void)p; /* all static */ }
void SAL_CALL typelib_typedescriptionreference_getDescription(typelib_TypeDescription** p,
                                                              typelib_TypeDescriptionReference* r) {
    *p = r->pType;
}

/* ------------------------------------------------------------ values */
static size_t size_of(const typelib_TypeDescriptionReference* t) {
    switch (t->eTypeClass) {
        case typelib_TypeClass_BOOLEAN: case typelib_TypeClass_BYTE: return 1;
        case typelib_TypeClass_CHAR: case typelib_TypeClass_SHORT: case typelib_TypeClass_UNSIGNED_SHORT: return 2;
        case typelib_TypeClass_LONG: case typelib_TypeClass_UNSIGNED_LONG: case typelib_TypeClass_FLOAT: return 4;
        case typelib_TypeClass_HYPER: case typelib_TypeClass_UNSIGNED_HYPER: case typelib_TypeClass_DOUBLE: return 8;
        case typelib_TypeClass_STRING: case typelib_TypeClass_TYPE: case typelib_TypeClass_SEQUENCE:
        case typelib_TypeClass_INTERFACE: return sizeof(void*);
        case typelib_TypeClass_ANY: return sizeof(uno_Any);
        case typelib_TypeClass_EXCEPTION: return 2 * sizeof(void*); /* RuntimeException: Message, Context */
        default: fprintf(stderr, "mini_ure: no size for type class %d\n", (int)t->eTypeClass); abort();
    }
}
static void release_seq(uno_Sequence* s, typelib_TypeDescriptionReference* type);
static void destruct(void* v, typelib_TypeDescriptionReference* t) {
    switch (t->eTypeClass) {
        case typelib_TypeClass_STRING: rtl_uString_release(*(rtl_uString**)v); break;
        case typelib_TypeClass_SEQUENCE: release_seq(*(uno_Sequence**)v, t); break;
        case typelib_TypeClass_ANY: uno_any_destruct((uno_Any*)v, NULL); break;
        case typelib_TypeClass_INTERFACE: {
            uno_Interface* i = *(uno_Interface**)v;
            if (i) i->release(i);
            break;
        }
        case typelib_TypeClass_EXCEPTION: rtl_uString_release(*(rtl_uString**)v); break;
        default: break;
    }
}
/* Copies one value of type t from src to dst (acquiring), or default-constructs it when src is NULL. */
static void copy(void* dst, const void* src, typelib_TypeDescriptionReference* t) {
    size_t n = size_of(t);
    if (!src) {
        memset(dst, 0, n);
        if (t->eTypeClass == typelib_TypeClass_STRING) rtl_uString_new((rtl_uString**)dst);
        else if (t->eTypeClass == typelib_TypeClass_SEQUENCE) uno_type_sequence_construct((uno_Sequence**)dst, t, NULL, 0, NULL);
        else if (t->eTypeClass == typelib_TypeClass_ANY) uno_any_construct((uno_Any*)dst, NULL, NULL, NULL);
        return;
    }
    if (t->eTypeClass == typelib_TypeClass_ANY) {
        const uno_Any* a = src;
        uno_type_any_construct((uno_Any*)dst, a->pData, a->pType, NULL);
        return;
    }
    memcpy(dst, src, n);
    switch (t->eTypeClass) {
        case typelib_TypeClass_STRING: case typelib_TypeClass_EXCEPTION: rtl_uString_acquire(*(rtl_uString**)dst); break;
        case typelib_TypeClass_SEQUENCE: ++(*(uno_Sequence**)dst)->nRefCount; break;
        case typelib_TypeClass_INTERFACE: {
            uno_Interface* i = *(uno_Interface**)dst;
            if (i) i->acquire(i);
            break;
        }
        default: break;
    }
}
static void release_seq(uno_Sequence* s, typelib_TypeDescriptionReference* type) {
    Ref* element = ((Ref*)type)->element;
    sal_Int32 i;
    if (--s->nRefCount) return;
    if (!element) abort();
    for (i = 0; i < s->nElements; ++i) destruct(s->elements + (size_t)i * size_of(&element->ref), &element->ref);
    free(s);
}
sal_Bool SAL_CALL uno_type_sequence_construct(uno_Sequence** p, typelib_TypeDescriptionReference* type,
                                              void* elements, sal_Int32 len, uno_AcquireFunc acquire) {
    Ref* element = ((Ref*)type)->element;
    size_t n, i;
    uno_Sequence* s;
    (void)acquire;
    if (!element) { fprintf(stderr, "mini_ure: sequence of an unknown type\n"); abort(); }
    n = size_of(&element->ref);
    s = calloc(1, offsetof(uno_Sequence, elements) + n * (size_t)len + 1);
    if (!s) return 0;
    s->nRefCount = 1;
    s->nElements = len;
    for (i = 0; i < (size_t)len; ++i)
        copy(s->elements + i * n, elements ? (const char*)elements + i * n : NULL, &element->ref);
    *p = s;
    return 1;
}
void SAL_CALL uno_type_destructData(void* v, typelib_TypeDescriptionReference* t, uno_ReleaseFunc release) {
    (void)release;
    destruct(v, t);
}
void SAL_CALL uno_type_any_construct(uno_Any* a, void* src, typelib_TypeDescriptionReference* t,
                                     uno_AcquireFunc acquire) {
    size_t n;
    (void)acquire;
    if (!t || t->eTypeClass == typelib_TypeClass_VOID) {
        a->pType = *typelib_static_type_getByTypeClass(typelib_TypeClass_VOID);
        a->pData = &a->pReserved;
        a->pReserved = NULL;
        return;
    }
    n = size_of(t);
    a->pType = t;
    a->pReserved = NULL;
    a->pData = n <= sizeof(void*) ? (void*)&a->pReserved : malloc(n);
    copy(a->pData, src, t);
}
void SAL_CALL uno_any_construct(uno_Any* a, void* src, typelib_TypeDescription* td, uno_AcquireFunc acquire) {
    uno_type_any_construct(a, src, td ? td->pWeakRef : NULL, acquire);
}
void SAL_CALL uno_any_destruct(uno_Any* a, uno_ReleaseFunc release) {
    (void)release;
    if (a->pType->eTypeClass != typelib_TypeClass_VOID) {
        destruct(a->pData, a->pType);
        if (a->pData != &a->pReserved) free(a->pData);
    }
    uno_type_any_construct(a, NULL, NULL, NULL);
}
void SAL_CALL uno_type_any_assign(uno_Any* a, void* src, typelib_TypeDescriptionReference* t,
                                  uno_AcquireFunc acquire, uno_ReleaseFunc release) {
    uno_any_destruct(a, release);
    uno_type_any_construct(a, src, t, acquire);
}
#endif /* MINI_CPPU */
