"""Short text reports of a year's result — for the terminal, ``--json`` and the local page.

Formatted from the engine's lines — no arithmetic of their own: a ratio is the engine's
exact Fraction rounded half up (the same 4 decimals as matching.csv, shown as a
percentage with 2), an amount is the engine's fen printed by roadfund.money.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from roadfund import money
from roadfund.money import (
    fen_to_yuan,
    fen_to_yuan_grouped,
    floor_decimal,
    floor_text,
    fraction_to_decimal_str,
    percent_text,
)
from roadfund.text import Lang, label

if TYPE_CHECKING:
    from roadfund.engine import YearResult
    from roadfund.engine.compare import Comparison
    from roadfund.engine.matching import MatchingCheck
    from roadfund.reader.load import LoadedYear


def _place(line: MatchingCheck, county_names: Mapping[str, str], city: str) -> str:
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
    provisional = result.matching_provisional  # year start: 预审, never a verdict
    if not matching.lines:
        return [
            label("cli.matching_provisional_none" if provisional else "cli.matching_none", lang)
        ]
    floor = floor_text(matching.floor)
    failures = matching.failures
    if not failures and provisional:
        return [
            label(
                "cli.matching_provisional_pass", lang, projects=len(matching.projects), floor=floor
            )
        ]
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
        "cli.matching_provisional_failed" if provisional else "cli.matching_failed",
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
        **({"provisional": True} if result.matching_provisional else {}),
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


def review_lines(result: YearResult, lang: Lang) -> list[str]:
    """The reviewer's warnings and the notes on the input (engine.review), one line each."""
    from roadfund.engine.review import review_lines as lines

    return lines(result.warnings, result.notes, lang)


def review_json(result: YearResult, lang: Lang) -> dict[str, object]:
    return {
        "warnings": [w.as_dict(lang) for w in result.warnings],
        "notes": [n.as_dict(lang) for n in result.notes],
    }


def policy_lines(loaded: LoadedYear, lang: Lang) -> list[str]:
    """When no policy was given and none lies beside the input: which file and period the
    run used instead (the policy shipped with roadfund)."""
    if loaded.policy_source != "shipped":
        return []
    from roadfund.reader.load import default_policy_path

    period = loaded.period
    return [
        label(
            "cli.policy_shipped",
            lang,
            beside=str(default_policy_path(loaded.input_path)),
            path=str(loaded.policy_path),
            from_year=period.from_year,
            reference=period.reference,
        )
    ]


def policy_json(loaded: LoadedYear) -> dict[str, object]:
    return {
        "file": str(loaded.policy_path),
        "source": loaded.policy_source,
        "from_year": loaded.period.from_year,
        "reference": loaded.period.reference,
    }


def allocation_table(result: YearResult, lang: Lang) -> list[str]:
    """A short per-county table of the year's allocations, for the terminal."""
    return align(allocation_rows(result, lang), right_from=2)


def allocation_rows(result: YearResult, lang: Lang) -> list[list[str]]:
    """That table's cells: a header row, a row per county by code, the total row."""
    from roadfund.money import fen_to_yuan_grouped

    alloc = result.allocation
    names = result.year_input.county_names()
    headers = [label("county_code", lang), label("county_name", lang)]
    headers += [label(f"source.{s.code}.short", lang) for s in alloc.sources] + [
        label("total", lang)
    ]
    rows = []
    for code in sorted(names):
        amounts = [s.total(code) for s in alloc.sources] + [alloc.transfer_total(code)]
        rows.append([code, names[code], *(fen_to_yuan_grouped(a) for a in amounts)])
    totals = [sum(s.total(c) for c in names) for s in alloc.sources]
    rows.append(
        ["", label("total", lang), *(fen_to_yuan_grouped(a) for a in [*totals, sum(totals)])]
    )
    return [headers, *rows]


# --- two runs compared (roadfund compare) ---------------------------------------------


def signed_yuan(fen: int | None) -> str:
    """A change in 元 with its sign: "+1,234.56", "-0.01", "0.00"; "" when there is none."""
    return "" if fen is None else money.fen_to_yuan_signed(fen)


def signed(value: Fraction | None, places: int) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + money.decimal_text(value, places, places)


def _yuan(fen: int | None) -> str:
    return "" if fen is None else money.fen_to_yuan_grouped(fen)


def _decimal(value: Fraction | None, places: int) -> str:
    return "" if value is None else money.decimal_text(value, places, places)


@dataclass(frozen=True)
class TextTable:
    """A table of text for a person: its headers, its rows (each with the county code it
    belongs to, "" for a total row) and which columns hold numbers (right-aligned)."""

    headers: list[str]
    rows: list[tuple[str, list[str]]]
    numbers: frozenset[int]

    def lines(self, right_from: int) -> list[str]:
        return align([self.headers, *(cells for _, cells in self.rows)], right_from=right_from)


def amount_table(comparison: Comparison, lang: Lang) -> TextTable:
    """Per county and source: the changes of daily, performance and total, and both totals."""
    from roadfund.engine.compare import source_text, status_text

    ya, yb = comparison.a.year, comparison.b.year
    change = label("compare.change", lang)
    headers = [
        label("county_code", lang),
        label("county_name", lang),
        label("source", lang),
        f"{label('daily', lang)} {change}",
        f"{label('performance', lang)} {change}",
        f"{label('total', lang)} {label('compare.year', lang, year=ya)}",
        f"{label('total', lang)} {label('compare.year', lang, year=yb)}",
        f"{label('total', lang)} {change}",
        label("compare.status", lang),
    ]
    rows = []
    for item in (*comparison.amounts, *comparison.source_totals):
        delta = item.change
        cells = [
            item.county_code,
            item.county_name or label("total", lang),
            source_text(item.source, lang),
            signed_yuan(delta.daily if delta else None),
            signed_yuan(delta.performance if delta else None),
            _yuan(item.before.total if item.before else None),
            _yuan(item.after.total if item.after else None),
            signed_yuan(delta.total if delta else None),
            status_text(item.status, lang),
        ]
        rows.append((item.county_code, cells))
    return TextTable(headers, rows, frozenset(range(3, 8)))


def county_table(comparison: Comparison, lang: Lang) -> TextTable:
    """Per county: converted mileage, score and grade, and the settlement due, A → B."""
    from roadfund.engine.compare import status_text

    ya, yb = comparison.a.year, comparison.b.year
    change = label("compare.change", lang)
    year_a, year_b = label("compare.year", lang, year=ya), label("compare.year", lang, year=yb)
    km_label, score_label = label("compare.km", lang), label("score", lang)
    due_label = label("compare.due", lang)
    headers = [
        label("county_code", lang),
        label("county_name", lang),
        f"{km_label} {year_a}",
        year_b,
        change,
        f"{score_label} {year_a}",
        year_b,
        change,
        label("grade", lang),
        f"{due_label} {year_a}",
        year_b,
        change,
        label("compare.status", lang),
    ]
    rows = []
    for c in comparison.counties:
        grades = list(dict.fromkeys(g for g in (c.grade.before, c.grade.after) if g))
        cells = [
            c.county_code,
            c.county_name,
            _decimal(c.mileage.before, 3),
            _decimal(c.mileage.after, 3),
            signed(c.mileage_change, 3),
            _decimal(c.score.before, 2),
            _decimal(c.score.after, 2),
            signed(c.score_change, 2),
            "→".join(grades),
            _yuan(c.due.before),
            _yuan(c.due.after),
            signed_yuan(c.due_change),
            status_text(c.status, lang),
        ]
        rows.append((c.county_code, cells))
    return TextTable(headers, rows, frozenset({2, 3, 4, 5, 6, 7, 9, 10, 11}))


def amount_lines(comparison: Comparison, lang: Lang) -> list[str]:
    return amount_table(comparison, lang).lines(right_from=3)


def county_lines(comparison: Comparison, lang: Lang) -> list[str]:
    return county_table(comparison, lang).lines(right_from=2)


def comparison_header(comparison: Comparison, lang: Lang, *, folder_names: bool = False) -> str:
    """The line naming the two years and their run folders (whole paths, or with
    ``folder_names`` only the folders' names, as in the comparison workbook)."""
    a, b = comparison.a, comparison.b
    path_a, path_b = (a.folder.name, b.folder.name) if folder_names else (a.folder, b.folder)
    return label(
        "compare.header",
        lang,
        year_a=a.year,
        year_b=b.year,
        path_a=str(path_a),
        path_b=str(path_b),
    )


def comparison_lines(comparison: Comparison, lang: Lang) -> list[str]:
    """Everything ``roadfund compare`` prints: a header, the amounts table, the county table."""
    lines = [
        comparison_header(comparison, lang),
        "",
        *amount_lines(comparison, lang),
        "",
        *county_lines(comparison, lang),
        *comparison_notes(comparison, lang),
    ]
    return lines


def comparison_notes(comparison: Comparison, lang: Lang) -> list[str]:
    """A note for each run folder without a basis file (its scores and weights not compared)."""
    return [
        label("compare.no_basis", lang, path=str(run.folder))
        for run in (comparison.a, comparison.b)
        if run.basis is None
    ]
