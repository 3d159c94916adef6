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


def conversion(fn: cat.Function, a: cat.Arg, value: str) -> str | None:
    """The C-level twin of gen_addin.conversion: same rules, binary-UNO values."""
    zero = "true" if a.zero_is_default else "false"
    if a.type == "number":
        return None
    if a.type == "range":
        return f"cargs::to_range({value})"
    if a.type == "cells":
        return f"cargs::to_cells({value})"
    if a.type == "opt_number":
        if a.default is None:
            return f"cargs::opt_number({value}, {zero})"
        return f"cargs::opt_number({value}, {float(a.default)!r}, {zero})"
    if a.type == "opt_text":
        return f"cargs::opt_choice({value}, {json.dumps(str(a.default))}, {cxx.choices_name(fn, a)})"
    if a.type == "opt_string":
        return f"cargs::opt_string({value}, u{json.dumps(str(a.default), ensure_ascii=False)})"
    if a.type == "opt_bool":
        return f"cargs::opt_bool({value}, {'true' if a.default else 'false'})"
    if a.type == "opt_cells":
        return f"cargs::opt_cells({value})"
    if a.type == "opt_range":
        return f"cargs::opt_range({value})"
    raise AssertionError(a.type)


def choice_tables(fn: cat.Function) -> list[str]:
    out = []
    for a in fn.args:
        if a.type != "opt_text":
            continue
        rows = [f"    {{{cxx.c_str(w)}, {cxx.c_str(c)}}}," for w, c in a.words().items()]
        out.append(f"const cargs::Choice {cxx.choices_name(fn, a)}[] = {{\n" + "\n".join(rows) + "\n};")
    return out


def call_body(fn: cat.Function) -> str:
    lines, call_args = [], []
    first = 1 if fn.caller else 0  # the hidden XPropertySet: read by component.c
    if fn.caller:
        call_args.append("null_date")
    for i, a in enumerate(fn.args):
        value = ARG_READ[a.type].format(i=i + first)
        conv = conversion(fn, a, value)
        if conv is None:
            call_args.append(value)
        else:
            lines.append(f"        KPIC_TAKE(a{i}, {conv});")
            call_args.append(f"a{i}")
    result = "kpi::Result<double>" if fn.returns == "number" else "kpi::Result<kpi::Table>"
    writer = "scalar_out" if fn.returns == "number" else "array_out"
    body = "\n".join(lines + [f"        return kpi::{fn.core}({', '.join(call_args)});"])
    return (
        f"// {cat.signature(fn)}\n"
        f"void call_{fn.method}(void* ret, void* const* args, const kpi::CivilDate& null_date) {{\n"
        f"    (void)args;\n    (void)null_date;\n"
        f"    {writer}(ret, [&]() -> {result} {{\n{body}\n    }});\n}}\n"
    )


def gen_calls(families: list[cat.Family]) -> str:
    funcs = cat.functions(families)
    out = ["// Generated from catalogue/*.toml by tools/gen_addin_c.py — do not edit.", ""]
    out += [f'#include "{h}"' for h in sorted({fam.header for fam in families})]
    out += ["", "namespace kpicalc::c {", "namespace {", ""]
    for fn in funcs:
        out += choice_tables(fn)
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
            rows.append('    {"options", {"", "", ""}, {"", "", ""}},')
        for a in fn.args:
            labels = ", ".join(cxx.c_str(a.label[lang]) for lang in cat.LANGS)
            descs = ", ".join(cxx.c_str(a.description[lang]) for lang in cat.LANGS)
            rows.append(f"    {{{json.dumps(a.name)}, {{{labels}}}, {{{descs}}}}},")
        out.append(f"static const kpic_arg_info {cxx.const_name('args', fn.method)}[] = {{\n" + "\n".join(rows) + "\n};")
    out.append("")
    out.append("const kpic_function_info kpic_functions[] = {")
    for fn in funcs:
        descs = ", ".join(cxx.c_str(fn.description[lang]) for lang in cat.LANGS)
        nargs = len(fn.args) + (1 if fn.caller else 0)
        out.append(
            f"    {{{json.dumps(fn.method)}, {json.dumps(fn.name)}, {{{descs}}}, "
            f"{nargs}, {cxx.const_name('args', fn.method)}, {1 if fn.caller else 0}, "
            f"{1 if fn.returns == 'array' else 0}}},")
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
    for name, text in files.items():
        p = out / name
        if not p.exists() or p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
