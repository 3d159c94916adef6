#!/usr/bin/env python3
"""The option words (the `choices` of opt_text arguments) have one table: the catalogue.

The add-in's word → canonical-word tables are generated from it at build time
(gen_addin.py, gen_addin_c.py); this tool writes the fuzzer's copies and checks
the core against it:

- fuzz/option_words.inc: every word of every option (en, zh-CN, zh-TW, UTF-8)
  for the fuzzer's option strings, and per argument its canonical English words;
- fuzz/options.dict: the same words as a libFuzzer dictionary (-dict=);
- with --check, also: every `option_is(x, "word")` in core/ names a canonical
  English word of the catalogue (a misspelt or stale literal would turn a valid
  choice into Err:502), every canonical word is tested by some option_is call
  (a word the add-in accepts but the core never handles), and option_is is
  never called with anything but a string literal (which this check could not
  read). Which function handles which word is checked end to end in Calc by
  tests/integration/test_option_words.py.

usage: gen_options.py            (re)write the fuzzer's files
       gen_options.py --check    exit 1 if they are out of date or the core disagrees
"""
from __future__ import annotations

import re
import sys

from kpitools import catalogue as cat
from kpitools import generated

ROOT = cat.ROOT
INC = ROOT / "fuzz" / "option_words.inc"
DICT = ROOT / "fuzz" / "options.dict"
CORE = ROOT / "core"
HEADER = "Generated from catalogue/*.toml by tools/gen_options.py — do not edit."


def options(funcs) -> list[tuple[cat.Function, cat.Arg]]:
    return [(fn, a) for fn in funcs for a in fn.args if a.type == "opt_text"]


def canonical_words(funcs) -> set[str]:
    return {c["en"] for _, a in options(funcs) for c in a.choices}


def all_words(funcs) -> list[str]:
    """Every word as typed in the catalogue, each once, in catalogue order."""
    out = {}
    for _, a in options(funcs):
        for c in a.choices:
            for lang in cat.LANGS:
                out[c[lang]] = None
    return list(out)


def quoted(s: str, escape) -> str:
    """s in double quotes, printable ASCII as is, every other UTF-8 byte through `escape`."""
    out = []
    for b in s.encode("utf-8"):
        ch = chr(b)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= b < 0x7F:
            out.append(ch)
        else:
            out.append(escape(b))
    return '"' + "".join(out) + '"'


def c_str(s: str) -> str:
    # Octal escapes, so no following character can extend an escape.
    return quoted(s, lambda b: f"\\{b:03o}")


def array_name(fn: cat.Function, a: cat.Arg) -> str:
    return f"kChoices_{fn.name}_{a.name}"


def gen_inc(funcs) -> str:
    lines = [f"// {HEADER}", "// Included by fuzz_input.hpp / fuzz_core.cpp only.", "",
             "// Every word of every option, as typed in an English, zh-CN or zh-TW Calc.",
             "inline constexpr const char* kOptionWords[] = {"]
    for w in all_words(funcs):
        lines.append(f"    {c_str(w)},  // {w}")
    lines.append("};")
    lines.append("")
    lines.append("// Per option argument: its canonical English words, the strings the core receives.")
    for fn, a in options(funcs):
        words = ", ".join(c_str(c["en"]) for c in a.choices)
        lines.append(f"inline constexpr const char* {array_name(fn, a)}[] = {{{words}}};")
    return "\n".join(lines) + "\n"


def dict_str(s: str) -> str:
    return quoted(s, lambda b: f"\\x{b:02X}")


def gen_dict(funcs) -> str:
    lines = [f"# {HEADER}", "# libFuzzer dictionary: every option word (en, zh-CN, zh-TW) of the catalogue."]
    for i, w in enumerate(all_words(funcs)):
        lines.append(f"option_{i}={dict_str(w)}")
    return "\n".join(lines) + "\n"


# option_is(<anything but a comma or parenthesis>, "<literal>")
CALL = re.compile(r"\boption_is\s*\(")
LITERAL_CALL = re.compile(r'\boption_is\s*\(\s*[^,()]+?,\s*"([^"\\]*)"\s*\)')


def core_literals() -> tuple[dict[str, list[str]], list[str]]:
    """option_is literals in core/ → where, and calls whose word is not a literal."""
    found: dict[str, list[str]] = {}
    unreadable = []
    for path in sorted(list(CORE.rglob("*.cpp")) + list(CORE.rglob("*.hpp"))):
        text = path.read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{lineno}"
            calls = len(CALL.findall(line))
            lits = LITERAL_CALL.findall(line)
            for w in lits:
                found.setdefault(w, []).append(where)
            if calls > len(lits) and "constexpr bool option_is(" not in line:
                unreadable.append(where)
    return found, unreadable


def check_core(funcs) -> list[str]:
    canon = canonical_words(funcs)
    found, unreadable = core_literals()
    problems = [f"{w!r} at {', '.join(at)} is no canonical option word of the catalogue"
                for w, at in sorted(found.items()) if w.lower() not in canon]
    problems += [f"the catalogue word {w!r} is handled by no option_is call in core/"
                 for w in sorted(canon) if w not in {f.lower() for f in found}]
    problems += [f"{at}: option_is whose word is not a string literal on the call's line (write the word itself there)"
                 for at in unreadable]
    problems += [f"the canonical word {w!r} is not lower-case ASCII (option_is folds ASCII only)"
                 for w in sorted(canon) if not re.fullmatch(r"[a-z0-9_]+", w)]
    return problems


def main(argv) -> int:
    funcs = cat.functions(cat.load())
    files = {INC: gen_inc(funcs), DICT: gen_dict(funcs)}
    check = "--check" in argv
    rc = generated.write_or_check(files, check, "tools/gen_options.py")
    problems = check_core(funcs)
    for p in problems:
        print("option words:", p)
    return 1 if rc or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
