#!/usr/bin/env python3
"""Write the function reference (docs/functions.<lang>.md) from the catalogue.

usage: gen_docs.py            rewrite docs/
       gen_docs.py --check    exit 1 if docs/ is out of date
"""
from __future__ import annotations

import json
import sys

from kpitools import catalogue as cat
from kpitools import generated, kpis

DOCS = cat.ROOT / "docs"
FILES = {"en": "functions.en.md", "zh_CN": "functions.zh-CN.md", "zh_TW": "functions.zh-TW.md"}

WORDS = {
    "en": dict(title="KPI function reference", intro=(
        "Generated from `catalogue/*.toml` by `tools/gen_docs.py`; do not edit by hand. "
        "Rates are fractions (format as %). Arguments in [brackets] are optional: omitted or "
        "\"\" mean the default (an empty cell too, except where 0 is a valid value such as a "
        "gross margin). Separate arguments with `;`."),
        formula="Formula", args="Arguments", arg="argument", desc="description",
        example="Examples", result="result", errors="Errors", optional="optional, default",
        optional_nodefault="optional", contents="Contents", array="array result",
        kpis="Which function for which KPI", kpi="KPI", functions="function", formula1="formula", how="how"),
    "zh_CN": dict(title="KPI 函数参考", intro=(
        "本文件由 `tools/gen_docs.py` 根据 `catalogue/*.toml` 自动生成，请勿手工修改。"
        "比率以小数返回（请设置为百分比格式）。方括号中的参数为可选参数：省略或 \"\" 表示使用默认值"
        "（空单元格也是，但 0 为有效值的参数除外，例如毛利率）。"
        "公式和错误按中文界面的 Calc 显示的样子写出：参数之间用 `{arg}` 分隔（输入时用 `;` 也可以），"
        "错误写作 `{err}502` 等（英文界面显示为 Err:502）。"),
        formula="公式", args="参数", arg="参数", desc="说明", example="示例", result="结果",
        errors="错误", optional="可选，默认", optional_nodefault="可选", contents="目录", array="数组结果",
        kpis="各 KPI 对应的函数", kpi="KPI", functions="函数", formula1="公式", how="说明"),
    "zh_TW": dict(title="KPI 函數參考", intro=(
        "本文件由 `tools/gen_docs.py` 依據 `catalogue/*.toml` 自動產生，請勿手動修改。"
        "比率以小數傳回（請設定為百分比格式）。方括號中的引數為選填：省略或 \"\" 表示使用預設值"
        "（空白儲存格亦同，但 0 為有效值的引數除外，例如毛利率）。"
        "公式與錯誤依中文介面的 Calc 顯示方式寫出：引數之間以 `{arg}` 分隔（輸入時用 `;` 亦可），"
        "錯誤寫作 `{err}502` 等（英文介面顯示為 Err:502）。"),
        formula="公式", args="引數", arg="引數", desc="說明", example="範例", result="結果",
        errors="錯誤", optional="選填，預設", optional_nodefault="選填", contents="目錄", array="陣列結果",
        kpis="各 KPI 對應的函數", kpi="KPI", functions="函數", formula1="公式", how="說明"),
}


def fmt_error(code: str, lang: str) -> str:
    """An error as the `lang` UI shows it, next to its English name when that differs."""
    shown = cat.ui_error(code, lang)
    return f"`{shown}`" if shown == code else f"`{shown}` ({code})" if lang == "en" else f"`{shown}`（{code}）"


def fmt_value(v, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return cat.ui_error(v, lang) if isinstance(v, str) else str(v)


def fmt_result(r, lang: str = "en") -> str:
    ui = cat.CALC_UI[lang]
    if isinstance(r, list):
        return "{" + f" {ui['array_row']} ".join(f"{ui['array_col']} ".join(fmt_value(v, lang) for v in row)
                                               for row in r) + "}"
    if isinstance(r, float):
        return f"{r:.10g}"
    if isinstance(r, str):
        return fmt_error(r, lang)
    return str(r)


def signature(fn: cat.Function, lang: str) -> str:
    parts = []
    for a in fn.args:
        parts.append(f"[{a.label[lang]}]" if a.optional else a.label[lang])
    return f"{fn.name}({(cat.CALC_UI[lang]['arg'] + ' ').join(parts)})"


def kpi_table(rows: list[kpis.Kpi], lang: str) -> list[str]:
    """The KPIs of marketing planning → the functions that compute them, with a formula."""
    w = WORDS[lang]
    out = [f"## {w['kpis']}", "", f"| {w['kpi']} | {w['functions']} | {w['formula1']} | {w['how']} |",
           "|---|---|---|---|"]
    for k in rows:
        links = ", ".join(f"[{name}](#{name.lower()})" for name in k.functions)
        out.append(f"| {k.name[lang]} | {links} | `={cat.ui_formula(k.example, lang)}` | {k.note[lang]} |")
    return out + [""]


def render(families: list[cat.Family], lang: str, kpi_rows: list[kpis.Kpi] = ()) -> str:
    w = WORDS[lang]
    intro = w["intro"].format(arg=cat.CALC_UI[lang]["arg"], err=cat.CALC_UI[lang]["err"])
    out = [f"# {w['title']}", "", intro, ""]
    if kpi_rows:
        out += kpi_table(kpi_rows, lang)
    out += [f"## {w['contents']}", ""]
    for fam in families:
        out.append(f"- **{fam.title[lang]}**: " + ", ".join(
            f"[{fn.name}](#{fn.name.lower()})" for fn in fam.functions))
    for fam in families:
        out += ["", f"## {fam.title[lang]}"]
        for fn in fam.functions:
            out += ["", f"### {fn.name}", "", fn.description[lang], "", f"`{signature(fn, lang)}`"
                    + (f" → {w['array']}" if fn.returns == "array" else ""), ""]
            if fn.formula:
                out += [f"**{w['formula']}:** `{fn.formula}`", ""]
            out += [f"| {w['arg']} | {w['desc']} |", "|---|---|"]
            for a in fn.args:
                opt = ""
                if a.optional:
                    default = next((c[lang] for c in a.choices if c["en"] == a.default), a.default)
                    opt = (f" ({w['optional']} {json.dumps(default, ensure_ascii=False)})"
                           if a.default is not None else f" ({w['optional_nodefault']})")
                out.append(f"| `{a.label[lang]}`{opt} | {a.description[lang]} |")
            out += ["", f"**{w['example']}:**", ""]
            for ex in fn.examples:
                out.append(f"- `={cat.ui_formula(ex['formula'], lang)}` → {fmt_result(ex['result'], lang)}")
            if fn.errors:
                out += ["", f"**{w['errors']}:**", ""]
                for e in fn.errors:
                    out.append(f"- {fmt_error(e['code'], lang)}{': ' if lang == 'en' else '：'}{e['when'][lang]}")
    return "\n".join(out) + "\n"


def main(argv) -> int:
    families = cat.load()
    kpi_rows, _ = kpis.load()
    files = {DOCS / name: render(families, lang, kpi_rows) for lang, name in FILES.items()}
    return generated.write_or_check(files, "--check" in argv, "python3 tools/gen_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
