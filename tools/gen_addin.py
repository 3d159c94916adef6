#!/usr/bin/env python3
"""Generate the UNO IDL and the add-in's C++ dispatch/description tables from
the catalogue, and check the catalogue against the frozen API.

usage: gen_addin.py OUT_DIR          writes XFunctions.idl, generated_decls.inc, generated_methods.inc
       gen_addin.py --check-frozen   fails if a released signature changed
       gen_addin.py --freeze         appends new signatures to idl/frozen-api.txt (a released
                                     function that gained optional arguments gets a new line:
                                     every line stays checked, so the new arguments are frozen too)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from kpitools import catalogue as cat

FROZEN = cat.ROOT / "idl" / "frozen-api.txt"

CPP_PARAM = {
    "number": "double {n}",
    "range": "const css::uno::Sequence< css::uno::Sequence< css::uno::Any > >& {n}",
    "cells": "const css::uno::Sequence< css::uno::Sequence< css::uno::Any > >& {n}",
    "opt_number": "const css::uno::Any& {n}",
    "opt_text": "const css::uno::Any& {n}",
    "opt_bool": "const css::uno::Any& {n}",
    "opt_cells": "const css::uno::Any& {n}",
    "opt_range": "const css::uno::Any& {n}",
    "opt_string": "const css::uno::Any& {n}",
}


def c_str(s: str) -> str:
    """A C++ UTF-8 string literal (json escapes are valid C escapes for BMP text)."""
    return json.dumps(s, ensure_ascii=False)


def cpp_params(fn: cat.Function) -> str:
    params = (["const css::uno::Reference< css::beans::XPropertySet >& p_options"] if fn.caller else [])
    params += [CPP_PARAM[a.type].format(n="p_" + a.name) for a in fn.args]
    return ", ".join(params)


def cpp_return(fn: cat.Function) -> str:
    return "double" if fn.returns == "number" else "css::uno::Sequence< css::uno::Sequence< css::uno::Any > >"


def conversion(fn: cat.Function, a: cat.Arg, value: str, ns: str = "args") -> str | None:
    """The expression that turns argument `a` (read as `value`) into the core's
    type, or None when it is passed as it is. The rules live once in C++, in
    `ns`: args (addin/args.hxx, C++ UNO types) or cargs (addin-c/bridge.cxx,
    binary-UNO values): the same functions, the same arguments."""
    zero = "true" if a.zero_is_default else "false"
    if a.type == "number":
        return None
    if a.type == "range":
        return f"{ns}::to_range({value})"
    if a.type == "cells":
        return f"{ns}::to_cells({value})"
    if a.type == "opt_number":
        if a.default is None:
            return f"{ns}::opt_number({value}, {zero})"
        return f"{ns}::opt_number({value}, {float(a.default)!r}, {zero})"
    if a.type == "opt_text":
        return f"{ns}::opt_choice({value}, {json.dumps(str(a.default))}, {choices_name(fn, a)})"
    if a.type == "opt_bool":
        return f"{ns}::opt_bool({value}, {'true' if a.default else 'false'})"
    if a.type == "opt_cells":
        return f"{ns}::opt_cells({value})"
    if a.type == "opt_range":
        return f"{ns}::opt_range({value})"
    if a.type == "opt_string":
        return f"{ns}::opt_string({value}, u{json.dumps(str(a.default), ensure_ascii=False)})"
    raise AssertionError(a.type)


def call_body(fn: cat.Function, values: list[str], caller: str, ns: str, take: str) -> str:
    """The lambda body of one function's call: each argument (read as `values`)
    converted with `take` (KPI_TAKE / KPIC_TAKE: return its error), then the core
    called; `caller` is the null date of functions with a hidden caller argument."""
    lines, call_args = [], ([caller] if fn.caller else [])
    for i, (a, value) in enumerate(zip(fn.args, values, strict=True)):
        conv = conversion(fn, a, value, ns)
        if conv is None:
            call_args.append(value)
        else:
            lines.append(f"        {take}(a{i}, {conv});")
            call_args.append(f"a{i}")
    return "\n".join(lines + [f"        return kpi::{fn.core}({', '.join(call_args)});"])


def result_type(fn: cat.Function) -> str:
    return "kpi::Result<double>" if fn.returns == "number" else "kpi::Result<kpi::Table>"


def const_name(*words: str) -> str:
    """A C++ constant's name in the code's style: const_name("args", "abci") == "kArgsAbci"."""
    return "k" + "".join(w.capitalize() for word in words for w in word.split("_"))


def choices_name(fn: cat.Function, a: cat.Arg) -> str:
    return const_name("choices", fn.method, a.name)


def choice_tables(fn: cat.Function, ns: str = "args") -> list[str]:
    """Per opt_text argument: every accepted word (UTF-8) → the canonical English word."""
    out = []
    for a in fn.args:
        if a.type != "opt_text":
            continue
        rows = [f"    {{{c_str(word)}, {c_str(canon)}}}," for word, canon in a.words().items()]
        out.append(f"const {ns}::Choice {choices_name(fn, a)}[] = {{\n" + "\n".join(rows) + "\n};")
    return out


def method_body(fn: cat.Function) -> str:
    body = call_body(fn, ["p_" + a.name for a in fn.args], "args::null_date(p_options)", "args", "KPI_TAKE")
    runner = "scalar_call" if fn.returns == "number" else "array_call"
    return (
        f"{cpp_return(fn)} SAL_CALL Functions::{fn.method}({cpp_params(fn)})\n"
        f"{{\n    return {runner}([&]() -> {result_type(fn)} {{\n{body}\n    }});\n}}\n"
    )


def idl_method(fn: cat.Function) -> str:
    sig = cat.signature(fn)
    head, params = sig.split("(", 1)
    params = params[:-1]
    def camel(p: str) -> str:  # UNO IDL rejects '_' in identifiers
        typ, name = p.rsplit(" ", 1)
        first, *rest = name.split("_")
        return f"[in] {typ} {first}{''.join(w.capitalize() for w in rest)}"
    return f"{head}({', '.join(camel(p) for p in params.split(', ') if p)})"


def gen_names() -> str:
    return (
        "// Generated from idl/frozen-names.toml by tools/gen_addin.py — do not edit.\n"
        "#pragma once\n\nnamespace kpicalc {\n"
        f'inline constexpr char kServiceName[] = "{cat.NAMES["service"]}";\n'
        f'inline constexpr char kImplementationName[] = "{cat.NAMES["implementation"]}";\n'
        "}  // namespace kpicalc\n"
    )


def gen_components() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from idl/frozen-names.toml by tools/gen_addin.py. -->
<components xmlns="http://openoffice.org/2010/uno-components">
  <component loader="com.sun.star.loader.SharedLibrary" environment="gcc3" uri="libkpicalc.so">
    <implementation name="{cat.NAMES["implementation"]}"
                    constructor="org_kpicalc_Functions_get_implementation">
      <service name="com.sun.star.sheet.AddIn"/>
      <service name="{cat.NAMES["service"]}"/>
    </implementation>
  </component>
</components>
"""


def gen_idl(funcs: list[cat.Function]) -> str:
    methods = "\n".join(f"    {idl_method(fn)};" for fn in funcs)
    module = cat.INTERFACE.rsplit(".", 1)[0].split(".")
    opens = " ".join(f"module {m} {{" for m in module)
    closes = " ".join("};" for _ in module)
    name = cat.INTERFACE.rsplit(".", 1)[1]
    return f"""// Generated from catalogue/*.toml by tools/gen_addin.py — do not edit.
// Method names are stored in every saved sheet: see idl/frozen-api.txt.
#ifndef ORG_KPICALC_XFUNCTIONS_IDL
#define ORG_KPICALC_XFUNCTIONS_IDL
#include <com/sun/star/uno/XInterface.idl>
#include <com/sun/star/beans/XPropertySet.idl>
{opens}
interface {name} : com::sun::star::uno::XInterface
{{
{methods}
}};
{closes}
#endif
"""


def gen_decls(funcs: list[cat.Function]) -> str:
    out = ["// Generated by tools/gen_addin.py — do not edit."]
    out += [f"    {cpp_return(fn)} SAL_CALL {fn.method}({cpp_params(fn)}) override;" for fn in funcs]
    return "\n".join(out) + "\n"


def gen_methods(families: list[cat.Family]) -> str:
    funcs = cat.functions(families)
    headers = sorted({fam.header for fam in families})
    out = ["// Generated from catalogue/*.toml by tools/gen_addin.py — do not edit.", ""]
    out += [f"#include \"{h}\"" for h in headers]
    out += ["", "namespace kpicalc {", ""]
    for fn in funcs:
        out += choice_tables(fn)
        out.append(method_body(fn))
    # Function Wizard texts.
    for fn in funcs:
        rows = []
        if fn.caller:
            rows.append('    {{"", "", ""}, {"", "", ""}},  // the hidden document argument')
        for a in fn.args:
            labels = ", ".join(c_str(a.label[lang]) for lang in cat.LANGS)
            descs = ", ".join(c_str(a.description[lang]) for lang in cat.LANGS)
            rows.append(f"    {{{{{labels}}}, {{{descs}}}}},")
        out.append(f"const ArgInfo {const_name('args', fn.method)}[] = {{\n" + "\n".join(rows) + "\n};")
    out.append("")
    out.append("const FunctionInfo kFunctions[] = {")
    for fn in funcs:
        descs = ", ".join(c_str(fn.description[lang]) for lang in cat.LANGS)
        nargs = len(fn.args) + (1 if fn.caller else 0)
        out.append(
            f"    {{{json.dumps(fn.method)}, {json.dumps(fn.name)}, {{{descs}}}, "
            f"{nargs}, {const_name('args', fn.method)}}},"
        )
    out.append("};")
    out.append("const std::size_t kFunctionCount = sizeof(kFunctions) / sizeof(kFunctions[0]);")
    out.append("")
    out.append("}  // namespace kpicalc")
    return "\n".join(out) + "\n"


def frozen_lines() -> list[str]:
    if not FROZEN.exists():
        return []
    return [l.strip() for l in FROZEN.read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]


def extends(old: str, new: str) -> bool:
    """True when `new` is `old` or `old` with trailing optional (any) parameters appended."""
    if new == old:
        return True
    head = old[:-1]
    if not new.startswith(head + ", "):
        return False
    return all(p.startswith("any ") for p in new[len(head) + 2:-1].split(", "))


def check_frozen(funcs: list[cat.Function]) -> list[str]:
    """A released signature may only gain trailing optional (any) parameters."""
    current = {fn.method: cat.signature(fn) for fn in funcs}
    problems = []
    for line in frozen_lines():
        method = line.split("(", 1)[0].split()[-1]
        now = current.get(method)
        if now is None:
            problems.append(f"released function {method} was removed or renamed")
        elif not extends(line, now):
            problems.append(f"released signature changed:\n  was: {line}\n  now: {now}")
    return problems


def write_outputs(out: Path, files: dict[str, str]) -> None:
    """Writes each generated file whose text changed (an unchanged one keeps its
    time stamp, so make rebuilds nothing from it)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        p = out / name
        if not p.exists() or p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    families = cat.load()
    funcs = cat.functions(families)
    if argv[1:] == ["--check-frozen"]:
        problems = check_frozen(funcs)
        for p in problems:
            print("FROZEN API:", p, file=sys.stderr)
        print(f"{len(frozen_lines())} frozen signatures checked, {len(problems)} problems")
        return 1 if problems else 0
    if argv[1:] == ["--freeze"]:
        problems = check_frozen(funcs)
        if problems:
            for p in problems:
                print("FROZEN API:", p, file=sys.stderr)
            return 1
        known = set(frozen_lines())
        new = [cat.signature(fn) for fn in funcs if cat.signature(fn) not in known]
        with FROZEN.open("a", encoding="utf-8") as f:
            for s in new:
                f.write(s + "\n")
        print(f"froze {len(new)} new signatures")
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    problems = check_frozen(funcs)
    if problems:
        for p in problems:
            print("FROZEN API:", p, file=sys.stderr)
        return 1
    files = {
        "generated_names.hxx": gen_names(),
        "kpicalc.components": gen_components(),
        "XFunctions.idl": gen_idl(funcs),
        "generated_decls.inc": gen_decls(funcs),
        "generated_methods.inc": gen_methods(families),
    }
    write_outputs(out, files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
