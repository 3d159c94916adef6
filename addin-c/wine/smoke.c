/* Loads kpicalc_c.dll with the Windows loader (under Wine), against the
 * stand-in URE of mini_ure.c, and computes a few catalogue cases through the
 * exported constructor and the object's binary-UNO dispatcher, as LibreOffice
 * would call it: member type description, return slot, argument pointers.
 * Expected values: the catalogue's examples and tests/integration/cases
 * (RETENTION(200;180;40) = (180 − 40)/200, CAC = SUM(costs)/new customers,
 * WILSONCI(73;86) from catalogue/experiments.toml); errors as Calc's NaN
 * payloads (#DIV/0! 532, Err:502 502: core/include/kpi/calc_errors.def). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "uno_c.h"

typedef void* (*Ctor)(void*, void*);
static int failures = 0;

static rtl_uString* ascii(const char* s) {
    rtl_uString* u = NULL;
    rtl_string2UString(&u, s, (sal_Int32)strlen(s), RTL_TEXTENCODING_UTF8, 0);
    return u;
}

/* The member description LibreOffice passes for org.kpicalc.XFunctions::<method>. */
static typelib_TypeDescription* member(const char* method) {
    static typelib_InterfaceMethodTypeDescription m[8];
    static int used = 0;
    char full[128];
    typelib_InterfaceMethodTypeDescription* d = &m[used++];
    snprintf(full, sizeof full, "org.kpicalc.XFunctions::%s", method);
    d->aBase.aBase.eTypeClass = typelib_TypeClass_INTERFACE_METHOD;
    d->aBase.aBase.pTypeName = ascii(full);
    d->aBase.pMemberName = ascii(method);
    d->aBase.nPosition = 0; /* wrong on purpose: the component must find the method by name */
    return &d->aBase.aBase;
}

static void call(uno_Interface* obj, const char* method, void* ret, void** args) {
    uno_Any exc;
    uno_Any* pexc = &exc;
    obj->pDispatcher(obj, member(method), ret, args, &pexc);
    if (pexc) {
        printf("FAIL %s raised an exception\n", method);
        ++failures;
    }
}

static void expect(const char* what, double got, double want, double tol) {
    int ok = fabs(got - want) <= tol;
    printf("%s %s = %.15g (expected %.15g)\n", ok ? "ok  " : "FAIL", what, got, want);
    failures += !ok;
}

static void expect_error(const char* what, double got, unsigned code) {
    uint64_t bits;
    int ok;
    memcpy(&bits, &got, sizeof bits);
    ok = isnan(got) && (bits & 0xFFFF) == code;
    printf("%s %s = NaN payload %u (expected %u)\n", ok ? "ok  " : "FAIL", what, (unsigned)(bits & 0xFFFF), code);
    failures += !ok;
}

/* sequence< sequence< any > > of one column of doubles. */
static uno_Sequence* column(const double* v, sal_Int32 n) {
    typelib_TypeDescriptionReference* any = *typelib_static_type_getByTypeClass(typelib_TypeClass_ANY);
    typelib_TypeDescriptionReference* dbl = *typelib_static_type_getByTypeClass(typelib_TypeClass_DOUBLE);
    typelib_TypeDescriptionReference* row = NULL;
    typelib_TypeDescriptionReference* rows = NULL;
    uno_Sequence* out = NULL;
    sal_Int32 i;
    typelib_static_sequence_type_init(&row, any);
    typelib_static_sequence_type_init(&rows, row);
    uno_type_sequence_construct(&out, rows, NULL, n, NULL);
    for (i = 0; i < n; ++i) {
        uno_Sequence* r = NULL;
        uno_Any cell;
        uno_type_any_construct(&cell, (void*)&v[i], dbl, NULL);
        uno_type_sequence_construct(&r, row, &cell, 1, NULL);
        uno_any_destruct(&cell, NULL);
        uno_type_destructData(&((uno_Sequence**)out->elements)[i], row, NULL);
        ((uno_Sequence**)out->elements)[i] = r;
    }
    return out;
}

static double cell(const uno_Sequence* rows, int r, int c, int* is_double) {
    const uno_Sequence* row = ((uno_Sequence* const*)rows->elements)[r];
    const uno_Any* a = &((const uno_Any*)row->elements)[c];
    *is_double = a->pType->eTypeClass == typelib_TypeClass_DOUBLE;
    return *is_double ? *(const double*)a->pData : 0.0;
}

int main(void) {
    HMODULE m = LoadLibraryA("kpicalc_c.dll");
    Ctor ctor;
    uno_Interface* obj;
    if (!m) { printf("FAIL LoadLibrary: error %lu\n", GetLastError()); return 1; }
    ctor = (Ctor)(void*)GetProcAddress(m, "org_kpicalc_Functions_get_implementation");
    if (!ctor) { printf("FAIL constructor not exported\n"); return 2; }
    obj = (uno_Interface*)ctor(NULL, NULL);
    if (!obj) { printf("FAIL constructor returned NULL\n"); return 3; }
    printf("ok   constructed the add-in object\n");

    { /* RETENTION(200;180;40) */
        double a = 200, b = 180, c = 40, r = 0;
        void* args[] = {&a, &b, &c};
        call(obj, "retention", &r, args);
        expect("RETENTION(200;180;40)", r, 0.7, 1e-15);
    }
    { /* CAC({30000;15000;5000};100) */
        const double costs[] = {30000, 15000, 5000};
        uno_Sequence* range = column(costs, 3);
        double n = 100, r = 0;
        void* args[] = {&range, &n};
        call(obj, "cac", &r, args);
        expect("CAC({30000;15000;5000};100)", r, 500, 0);
        n = 0;
        call(obj, "cac", &r, args);
        expect_error("CAC({30000;15000;5000};0)", r, 532);
    }
    { /* WILSONCI(73;86) and WILSONCI(90;86): array results */
        double x = 73, n = 86;
        uno_Any confidence;
        void* args[] = {&x, &n, &confidence};
        uno_Sequence* out = NULL;
        int d0, d1;
        uno_any_construct(&confidence, NULL, NULL, NULL); /* omitted: void */
        call(obj, "wilsonci", &out, args);
        if (out && out->nElements == 1 && ((uno_Sequence**)out->elements)[0]->nElements == 2) {
            double lo = cell(out, 0, 0, &d0), hi = cell(out, 0, 1, &d1);
            expect("WILSONCI(73;86) low", d0 ? lo : NAN, 0.758364348004061, 1e-12);
            expect("WILSONCI(73;86) high", d1 ? hi : NAN, 0.909478770168677, 1e-12);
        } else {
            printf("FAIL WILSONCI(73;86) is not a 1x2 array\n");
            ++failures;
        }
        x = 90;
        call(obj, "wilsonci", &out, args);
        if (out && out->nElements == 1 && ((uno_Sequence**)out->elements)[0]->nElements == 1)
            expect_error("WILSONCI(90;86)", cell(out, 0, 0, &d0), 502);
        else {
            printf("FAIL WILSONCI(90;86) is not a 1x1 array\n");
            ++failures;
        }
    }
    obj->release(obj);
    FreeLibrary(m);
    printf(failures ? "%d FAILED\n" : "all passed\n", failures);
    return failures ? 4 : 0;
}
