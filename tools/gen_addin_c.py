#!/usr/bin/env python3
"""Generate the binary-UNO (C-level) add-in's tables and calls from the catalogue.

usage: gen_addin_c.py OUT_DIR

writes into OUT_DIR:
  kpic_tables.c         C: names, Function Wizard texts, per-function shape (addin-c/kpic.h)
  kpic_calls.inc        C++: one call per function — binary-UNO arguments → core → result
  kpicalc-c.components  registration of the C-level library (environment "uno")

The functions interface is the very IDL the C++ add-in uses (tools/gen_addin.py
writes it); both generators walk the catalogue in the same order, so the
method positions agree (addin-c/component.c checks every name as well).
Every function is generated from its catalogue entry: no per-function code.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import gen_addin as cxx
from kpitools import catalogue as cat

# The C-level library's file name inside the .oxt, per platform.
LIBRARY = {"linux": "libkpicalc_c.so", "windows": "kpicalc_c.dll"}
CONSTRUCTOR = "org_kpicalc_Functions_get_implementation"

# How each catalogue argument type arrives in binary UNO's argument array
# (a pointer to the value): double → double*, any → uno_Any*,
# sequence<sequence<any>> → uno_Sequence**.
ARG_READ = {
    "number": "*static_cast<const double*>(args[{i}])",
    "range": "*static_cast<uno_Sequence* const*>(args[{i}])",
    "cells": "*static_cast<uno_Sequence* const*>(args[{i}])",
}
for _t in ("opt_number", "opt_text", "opt_string", "opt_bool", "opt_cells", "opt_range"):
    ARG_READ[_t] = "*static_cast<const uno_Any*>(args[{i}])"
# The same, as one letter per parameter for kpic_function_info.kinds (kpic.h):
# d double, r sequence<sequence<any>>, a any; p the hidden XPropertySet.
ARG_KIND = {t: "d" if t == "number" else "r" if t in ("range", "cells") else "a" for t in ARG_READ}


def call_body(fn: cat.Function) -> str:
    first = 1 if fn.caller else 0  # the hidden XPropertySet: read by component.c
    values = [ARG_READ[a.type].format(i=i + first) for i, a in enumerate(fn.args)]
    # The same conversions as the C++ add-in's, from addin-c/bridge.cxx's cargs.
    body = cxx.call_body(fn, values, "null_date", "cargs", "KPIC_TAKE")
    writer = "scalar_out" if fn.returns == "number" else "array_out"
    return (
        f"// {cat.signature(fn)}\n"
        f"void call_{fn.method}(void* ret, void* const* args, const kpi::CivilDate& null_date) {{\n"
        f"    (void)args;\n    (void)null_date;\n"
        f"    {writer}(ret, [&]() -> {cxx.result_type(fn)} {{\n{body}\n    }});\n}}\n"
    )


def gen_calls(families: list[cat.Family]) -> str:
    funcs = cat.functions(families)
    out = ["// Generated from catalogue/*.toml by tools/gen_addin_c.py — do not edit.", ""]
    out += [f'#include "{h}"' for h in sorted({fam.header for fam in families})]
    out += ["", "namespace kpicalc::c {", "namespace {", ""]
    for fn in funcs:
        out += cxx.choice_tables(fn, ns="cargs")
        out.append(call_body(fn))
    out += ["}  // namespace", "",
            "using Call = void (*)(void*, void* const*, const kpi::CivilDate&);",
            "const Call kCalls[] = {"]
    out += [f"    call_{fn.method}," for fn in funcs]
    out += ["};", "", "}  // namespace kpicalc::c"]
    return "\n".join(out) + "\n"


def gen_tables(funcs: list[cat.Function]) -> str:
    out = ["// Generated from catalogue/*.toml and idl/frozen-names.toml by tools/gen_addin_c.py — do not edit.",
           '#include "kpic.h"', ""]
    out.append(f'const char kpic_service_name[] = {json.dumps(cat.NAMES["service"])};')
    out.append(f'const char kpic_implementation_name[] = {json.dumps(cat.NAMES["implementation"])};')
    out.append(f'const char kpic_interface_name[] = {json.dumps(cat.INTERFACE)};')
    out.append("")
    for fn in funcs:
        rows = []
        if fn.caller:
            rows.append('    {{"", "", ""}, {"", "", ""}},  /* the hidden XPropertySet: no Wizard text */')
        for a in fn.args:
            labels = ", ".join(cxx.c_str(a.label[lang]) for lang in cat.LANGS)
            descs = ", ".join(cxx.c_str(a.description[lang]) for lang in cat.LANGS)
            rows.append(f"    {{{{{labels}}}, {{{descs}}}}},")
        out.append(f"static const kpic_arg_info {cxx.const_name('args', fn.method)}[] = {{\n" + "\n".join(rows) + "\n};")
    out.append("")
    out.append("const kpic_function_info kpic_functions[] = {")
    for fn in funcs:
        descs = ", ".join(cxx.c_str(fn.description[lang]) for lang in cat.LANGS)
        nargs = len(fn.args) + (1 if fn.caller else 0)
        out.append(
            f"    {{{json.dumps(fn.method)}, {json.dumps(fn.name)}, {{{descs}}}, "
            f"{nargs}, {cxx.const_name('args', fn.method)}, {1 if fn.caller else 0}, "
            f"{1 if fn.returns == 'array' else 0}, "
            f"{json.dumps(('p' if fn.caller else '') + ''.join(ARG_KIND[a.type] for a in fn.args))}}},")
    out.append("};")
    out.append("const size_t kpic_function_count = sizeof(kpic_functions) / sizeof(kpic_functions[0]);")
    return "\n".join(out) + "\n"


def gen_components(platform: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from idl/frozen-names.toml by tools/gen_addin_c.py. -->
<!-- environment "uno": binary UNO, mapped by LibreOffice whatever compiler built it. -->
<components xmlns="http://openoffice.org/2010/uno-components">
  <component loader="com.sun.star.loader.SharedLibrary" environment="uno" uri="{LIBRARY[platform]}">
    <implementation name="{cat.NAMES["implementation"]}" constructor="{CONSTRUCTOR}">
      <service name="com.sun.star.sheet.AddIn"/>
      <service name="{cat.NAMES["service"]}"/>
    </implementation>
  </component>
</components>
"""


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    families = cat.load()
    funcs = cat.functions(families)
    problems = cxx.check_frozen(funcs)
    if problems:
        for p in problems:
            print("FROZEN API:", p, file=sys.stderr)
        return 1
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "kpic_tables.c": gen_tables(funcs),
        "kpic_calls.inc": gen_calls(families),
        "kpicalc-c.components": gen_components("linux"),
        "kpicalc-c-windows.components": gen_components("windows"),
    }
    cxx.write_outputs(out, files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
