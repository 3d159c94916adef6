#!/usr/bin/python3
"""Writes the bundled Calc templates (.ots), in English, simplified and traditional Chinese.

    /usr/bin/python3 templates/src/make_templates.py [--oxt build/kpicalc.oxt] [--pdf DIR]

Builds every template in a live headless Calc with the extension installed
(kpitools.office), so the files hold real charts, conditional formatting,
array formulas and computed values, then saves them as
templates/kpi-calc-{en,zh-CN,zh-TW}/*.ots, plus
templates/groupuinames.xml (the group names File ▸ New ▸ Templates shows).
The packaging step copies these folders into the .oxt. --pdf also exports
each template as PDF, for looking at it.

Sample data and texts: template_data.py (shared with the integration tests).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from book import BUILD_LOCALE, ROOT, Book  # also puts tools/ (kpitools) on the path
import ab
import attribution
import dashboard
import forecast
import funnel
import retention
import template_data as D
from kpitools.office import Office
from kpitools.profile import Profile
from kpitools.sheets import count_formula_cells


BUILDERS = {
    "marketing-kpi-dashboard": dashboard.build_dashboard,
    "funnel-lead-cost": funnel.build_funnel,
    "retention-customer-value": retention.build_retention,
    "ab-test-report": ab.build_ab,
    "channel-attribution": attribution.build_attribution,
}


def group_names_xml() -> str:
    items = "\n".join(f' <groupuinames:template-group groupuinames:name="{folder}" '
                      f'groupuinames:default-ui-name="{ui}"/>' for folder, ui in D.GROUPS.values())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<groupuinames:template-group-list xmlns:groupuinames="http://openoffice.org/2006/groupuinames">\n'
            f"{items}\n</groupuinames:template-group-list>\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--oxt", type=Path, default=ROOT / "build" / "kpicalc.oxt")
    ap.add_argument("--out", type=Path, default=ROOT / "templates")
    ap.add_argument("--pdf", type=Path, help="also export every template as PDF into this folder")
    ap.add_argument("--only", nargs="*", help="template stems to build (default: all)")
    args = ap.parse_args(argv)

    profile = Profile(args.oxt)
    # money formats are written in the system locale's currency (book.MONEY): pin that locale
    profile.set_option("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", BUILD_LOCALE)
    office = Office(profile)
    try:
        for lang in D.LANGS:
            folder = args.out / D.GROUPS[lang][0]
            for stem, build in BUILDERS.items():
                if args.only and stem not in args.only:
                    continue
                book = Book(office, lang)
                try:
                    build(book)
                    title = D.TEMPLATES[stem][lang]
                    book.finish(title, title)
                    errors = count_formula_cells(book.doc)[1]
                    if errors:
                        raise SystemExit(f"{lang}/{stem}: cells in error: {', '.join(errors[:10])}")
                    for p in book.save(folder / f"{stem}.ots", args.pdf):
                        print(f"wrote {p}")
                finally:
                    book.close()
        for p in forecast.write_all(office, args.out, args.pdf, args.only, count_formula_cells):
            print(f"wrote {p}")
        (args.out / "groupuinames.xml").write_text(group_names_xml(), encoding="utf-8")
    finally:
        office.close()
        profile.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
