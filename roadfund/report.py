"""Short reports of a year's result for the terminal and for ``--json``.

Formatted from the engine's lines — no arithmetic of their own: a ratio is the engine's
exact Fraction rounded half up (the same 4 decimals as matching.csv, shown as a
percentage with 2), an amount is the engine's fen printed by roadfund.money.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from roadfund.engine.matching import MatchingCheck
from roadfund.i18n import Lang, label
from roadfund.money import (
    fen_to_yuan,
    fen_to_yuan_grouped,
    fraction_to_decimal_str,
    trimmed_decimal_str,
)

if TYPE_CHECKING:
    from roadfund.engine import YearResult


def percent_text(ratio: Fraction) -> str:
    """A ratio as a percentage with 2 decimals, rounded half up: 0.25704 → "25.70%".

    The digits are those of matching.csv's ``ratio`` (4 decimals, half up)."""
    return fraction_to_decimal_str(ratio * 100, 2) + "%"


def floor_text(floor: Fraction) -> str:
    """A policy floor as a short percentage: 0.30 → "30%", 0.305 → "30.5%"."""
    return trimmed_decimal_str(floor * 100, 4) + "%"


def floor_decimal(floor: Fraction) -> str:
    """A policy floor as decimal text for machines: 0.30 → "0.3", 1 → "1"."""
    return trimmed_decimal_str(floor, 15)


def _place(line: MatchingCheck, county_names: dict[str, str], city: str) -> str:
    """The county (or city) a line belongs to, by name."""
    if line.level == "city":
        return city
    return county_names.get(line.county_code, line.county_code)


def _id(line: MatchingCheck, lang: Lang) -> str:
    return label("matching.level.city", lang) if line.level == "city" else line.id


def align(rows: Sequence[Sequence[str]], right_from: int) -> list[str]:
    """Rows as aligned text columns; columns from ``right_from`` on are right-aligned.

    Widths count a CJK character as two, as a terminal shows it."""
    from roadfund.writers.xlsx_common import display_width

    widths = [max(int(display_width(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for cells in rows:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - int(display_width(cell)))
            out.append(pad + cell if i >= right_from else cell + pad)
        lines.append("  ".join(out).rstrip())
    return lines


def matching_report(result: YearResult, lang: Lang) -> list[str]:
    """The matching-floor check for the end of ``roadfund run``: a line saying all pass,
    or a table of the failing projects, counties (and the city): level, number, county,
    ratio and shortfall in 元."""
    matching = result.matching
    if not matching.lines:
        return [label("cli.matching_none", lang)]
    floor = floor_text(matching.floor)
    failures = matching.failures
    if not failures:
        return [
            label(
                "cli.matching_all_pass",
                lang,
                projects=len(matching.projects),
                counties=len(matching.counties),
                floor=floor,
            )
        ]
    names, city = result.year_input.county_names(), result.year_input.city
    header = [
        label("matching.level", lang),
        label("matching.id", lang),
        label("county", lang),
        label("matching.ratio", lang),
        label("matching.shortfall_yuan", lang),
    ]
    rows = [
        [
            label(f"matching.level.{line.level}", lang),
            _id(line, lang),
            _place(line, names, city),
            percent_text(line.ratio),
            fen_to_yuan_grouped(line.shortfall),
        ]
        for line in failures
    ]
    title = label(
        "cli.matching_failed",
        lang,
        count=len(failures),
        floor=floor,
        reference=result.period.reference,
    )
    return [title, *("  " + line for line in align([header, *rows], right_from=3))]


def matching_json(result: YearResult) -> dict[str, object]:
    """The matching check for ``--json``: the floor, whether all lines pass, and every
    failing line with its amounts as 元 text (two decimals, as in matching.csv)."""
    matching = result.matching
    names, city = result.year_input.county_names(), result.year_input.city
    return {
        "floor": floor_decimal(matching.floor),
        "reference": result.period.reference,
        "projects": len(matching.projects),
        "counties": len(matching.counties),
        "passed": not matching.failures,
        "failures": [
            {
                "level": line.level,
                "id": line.id,
                "county_code": line.county_code,
                "name": _place(line, names, city),
                "investment": fen_to_yuan(line.investment),
                "matching": fen_to_yuan(line.matching),
                "required": fen_to_yuan(line.required),
                "ratio": fraction_to_decimal_str(line.ratio, 4),
                "shortfall": fen_to_yuan(line.shortfall),
            }
            for line in matching.failures
        ],
    }
