"""The add-in object as Calc sees it, called directly over UNO: service and
implementation names, the interfaces it announces (Calc finds the functions
through XTypeProvider), XAddIn's names and Wizard texts for every catalogue
function in every language and locale form, and a few calls with their error
payloads. Runs against every package the build makes — the shipped binary-UNO
add-in (kpicalc.oxt, ctest integration.*) and the C++ add-in (kpicalc-cxx.oxt,
ctest integration_cxx.*) — so the two behave the same."""
from __future__ import annotations

import math
import struct

import pytest
import uno

from kpitools import catalogue

FUNCS = catalogue.functions(catalogue.load())
SERVICE = catalogue.NAMES["service"]
IMPLEMENTATION = catalogue.NAMES["implementation"]


def locale(language, country="", variant=""):
    return uno.createUnoStruct("com.sun.star.lang.Locale", language, country, variant)


@pytest.fixture(scope="module")
def addin(office):
    obj = office.service(SERVICE)
    assert obj is not None, f"{SERVICE} cannot be created"
    yield obj
    obj.setLocale(locale("en", "US"))


def error_code(x: float) -> int | None:
    """Calc's error code carried in a NaN's low bits (None for a number)."""
    if not math.isnan(x):
        return None
    return struct.unpack("<Q", struct.pack("<d", x))[0] & 0xFFFF


def test_names(addin):
    assert addin.getServiceName() == SERVICE
    assert addin.getImplementationName() == IMPLEMENTATION
    assert set(addin.getSupportedServiceNames()) == {SERVICE, "com.sun.star.sheet.AddIn"}
    assert addin.supportsService("com.sun.star.sheet.AddIn")
    assert addin.supportsService(SERVICE)
    assert not addin.supportsService("com.sun.star.sheet.Spreadsheet")


def test_announces_its_interfaces(addin):
    names = {t.typeName for t in addin.getTypes()}
    for needed in (catalogue.INTERFACE, "com.sun.star.sheet.XAddIn", "com.sun.star.lang.XServiceName",
                   "com.sun.star.lang.XServiceInfo", "com.sun.star.lang.XTypeProvider"):
        assert needed in names, (needed, names)


def test_function_names(addin):
    for fn in FUNCS:
        assert addin.getDisplayFunctionName(fn.method) == fn.name
        assert addin.getProgrammaticFuntionName(fn.name) == fn.method
        assert addin.getProgrammaticFuntionName(fn.name.capitalize()) == fn.method  # any case
        assert addin.getProgrammaticCategoryName(fn.method) == "Add-In"
    assert addin.getDisplayFunctionName("nosuchfunction") == ""
    assert addin.getProgrammaticFuntionName("NOSUCHFUNCTION") == ""
    assert addin.getFunctionDescription("nosuchfunction") == ""


# (Locale fields, catalogue language): how each UI locale maps to a text language.
LOCALES = [
    (("en", "US", ""), "en"),
    (("de", "DE", ""), "en"),
    (("zh", "CN", ""), "zh_CN"),
    (("zh", "SG", ""), "zh_CN"),
    (("zh", "TW", ""), "zh_TW"),
    (("zh", "HK", ""), "zh_TW"),
    (("zh", "MO", ""), "zh_TW"),
    (("qlt", "", "zh-Hant-CN"), "zh_TW"),
    (("qlt", "", "zh-Hans-HK"), "zh_TW"),  # a region written in traditional characters
    (("qlt", "", "zh-Hans"), "zh_CN"),
    (("qlt", "", "sr-Latn-RS"), "en"),
]


@pytest.mark.parametrize("fields,lang", LOCALES, ids=["-".join(f for f in l[0] if f) for l in LOCALES])
def test_wizard_texts(addin, fields, lang):
    addin.setLocale(locale(*fields))
    got = addin.getLocale()
    assert (got.Language, got.Country, got.Variant) == fields
    for fn in FUNCS:
        assert addin.getFunctionDescription(fn.method) == fn.description[lang], fn.name
        hidden = 1 if fn.caller else 0  # the document's settings, not shown
        for i, a in enumerate(fn.args):
            assert addin.getDisplayArgumentName(fn.method, i + hidden) == a.label[lang], (fn.name, a.name)
            assert addin.getArgumentDescription(fn.method, i + hidden) == a.description[lang], (fn.name, a.name)
        n = len(fn.args) + hidden
        assert addin.getDisplayArgumentName(fn.method, n) == ""
        assert addin.getArgumentDescription(fn.method, -1) == ""


def test_calls_and_error_payloads(addin):
    # Values: the catalogue's RETENTION example and hand arithmetic.
    assert addin.retention(200.0, 180.0, 40.0) == pytest.approx(0.7)
    assert error_code(addin.retention(0.0, 180.0, 40.0)) == 532  # #DIV/0!
    assert error_code(addin.retention(-1.0, 180.0, 40.0)) == 502  # Err:502
    # Option words in any language and case; an unknown word is Err:502.
    avg = addin.churn(200.0, 20.0, 40.0, "average")
    assert addin.churn(200.0, 20.0, 40.0, "平均") == avg
    assert addin.churn(200.0, 20.0, 40.0, " Average ") == avg
    assert addin.churn(200.0, 20.0, 40.0, None) == addin.churn(200.0, 20.0, 40.0, "")
    assert error_code(addin.churn(200.0, 20.0, 40.0, "nonsense")) == 502
    assert error_code(addin.churn(200.0, 20.0, 40.0, 7.0)) == 502  # a number names no option


def test_array_results(addin):
    # FUNNEL of 1000, 400, (empty), 100: step rates, the empty stage an empty text.
    rows = ((1000.0,), (400.0,), ("",), (100.0,))
    got = addin.funnel(rows, None)
    assert len(got) == 4 and all(len(r) == 1 for r in got)
    assert got[0][0] == 1 and got[1][0] == pytest.approx(0.4) and got[3][0] == pytest.approx(0.25)
    assert got[2][0] == ""
    # A zero stage: #DIV/0! after it, inside the array.
    got = addin.funnel(((100.0,), (0.0,), (50.0,)), None)
    assert got[0][0] == 1 and got[1][0] == 0 and error_code(got[2][0]) == 532
    # A whole-result error is one error cell; no numbers at all is #N/A.
    got = addin.funnel(((100.0,), (-5.0,), (3.0,)), None)
    assert len(got) == 1 and len(got[0]) == 1 and error_code(got[0][0]) == 502
    got = addin.funnel((("",), ("",)), None)
    assert len(got) == 1 and error_code(got[0][0]) == 32767  # #N/A
