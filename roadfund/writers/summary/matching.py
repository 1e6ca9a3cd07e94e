"""The summary workbook's 配套核查 sheet: the 30% matching floor, line by line (SPEC §3.2).

Every project, then every county (the sum of its projects), then the city: the funding
parts, the matching total, the ratio, the required matching, the shortfall and the
result (a live formula). Failing rows turn red by conditional formatting. The floor and the policy reference stand above the
table, and every derived cell is a live formula written with the engine's value.

Required matching, exactly to the fen. The engine takes ``ceil(floor × investment)`` in
integer fen. The obvious formula ``=ROUNDUP(floor*investment,2)`` is not exact in Excel's
binary floats: 0.3 × 3.70 is 1.11 exactly, but as doubles 0.3*3.7*100 comes out just
above 111, and a plain ceiling then asks for 1.12 — a 1-fen shortfall on a project that
is exactly at 30%. So the sheet first rounds the product in fen to the floor's own
number of decimals ``k`` (the exact product has no more), then rounds up to whole fen:

    =-INT(-ROUND(floor*investment*100, k))/100

The float error of the product (four roundings) is below 4.5e-16 of its size, so under
half of 10^-k for every amount the SPEC allows (up to 10^11 元) when k ≤ 2 (0.30 has
k = 1, 0.25 has k = 2), and for investments up to 10^9 元 when k ≤ 4: ROUND lands on the
exact decimal and the ceiling on the exact fen. tests/test_matching.py replays the formula
in IEEE doubles against the engine, at the boundary amounts and at random. Shortfall is ``=MAX(0, ROUND((required − matching) × 100, 0)/100)``:
the ROUND keeps a recalculated difference of two binary 元 values from showing a tiny
non-zero shortfall on a row that passes. The ceiling is −INT(−x), not ROUNDUP, which
LibreOffice gets a fen low on large values (formulas.required_formula).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from roadfund.engine.matching import MatchingCheck
from roadfund.money import floor_text
from roadfund.text import Lang, label
from roadfund.writers.formulas import (
    floor_places,
    required_formula,
    shortfall_formula,
    status_formula,
    status_value,
)
from roadfund.writers.xlsx_common import (
    Styles,
    column_range,
    fit_widths,
    header_row,
    print_setup,
    red_when,
    title_block,
    write_money,
    write_money_formula,
)
from roadfund.writers.xlsx_common import (
    cell as reference,
)

if TYPE_CHECKING:
    from roadfund.writers.summary.context import SheetContext

# Columns of the table.
LEVEL, ID, COUNTY, NAME = 0, 1, 2, 3
PROVINCIAL, CITY_MATCHING, COUNTY_MATCHING, INVESTMENT = 4, 5, 6, 7
MATCHING, RATIO, REQUIRED, SHORTFALL, STATUS = 8, 9, 10, 11, 12
AMOUNT_COLUMNS = (PROVINCIAL, CITY_MATCHING, COUNTY_MATCHING, INVESTMENT)
N_COLUMNS = 13
FLOOR_CELL = (3, 1)  # row, column of the floor value the formulas refer to


def headers(lang: Lang) -> list[str]:
    keys = (
        "matching.level",
        "matching.id",
        "county_code",
        "matching.name",
        "matching.provincial",
        "matching.city_matching",
        "matching.county_matching",
        "matching.investment",
        "matching.total",
        "matching.ratio",
        "matching.required",
        "matching.shortfall",
        "matching.status",
    )
    return [label(key, lang) for key in keys]


def _formats(st: Styles, line: MatchingCheck) -> tuple[Any, Any, Any]:
    """(text, money, percent) formats of a row: bold for totals. A failing row turns red by
    conditional formatting (matching_sheet), so the colour follows a recalculation."""
    if line.level == "project":
        return st.text, st.money, st.percent
    return st.text_bold, st.money_bold, st.percent


def _names(
    line: MatchingCheck, names: dict[str, Mapping[str, str]], city: str
) -> tuple[str, str, str]:
    """What the id, county and name cells show for a line; ``names[level]`` holds the
    project names by number and the county names by code."""
    if line.level == "city":
        return "", "", city
    return line.id, line.county_code, names[line.level].get(line.id, "")


def _amounts(line: MatchingCheck) -> dict[int, int]:
    return {
        PROVINCIAL: line.provincial,
        CITY_MATCHING: line.city_matching,
        COUNTY_MATCHING: line.county_matching,
        INVESTMENT: line.investment,
    }


def _write_parts(
    ws: Worksheet, row: int, line: MatchingCheck, money: Any, projects: tuple[int, int] | None
) -> None:
    """The four amounts: numbers on a project row; on a county row SUMIF over the project
    rows of its code; on the city row SUM over all project rows."""
    for col, fen in _amounts(line).items():
        if line.level == "project" or projects is None:
            write_money(ws, row, col, fen, money)
            continue
        first, last = projects
        values = column_range(first, last, col, absolute=True)
        if line.level == "county":
            codes = column_range(first, last, COUNTY, absolute=True)
            formula = f"=SUMIF({codes},{reference(row, COUNTY)},{values})"
        else:
            formula = f"=SUM({values})"
        write_money_formula(ws, row, col, formula, fen, money)


def _write_line(
    ws: Worksheet,
    row: int,
    line: MatchingCheck,
    ctx: SheetContext,
    projects: tuple[int, int] | None,
    places: int,
    names: dict[str, Mapping[str, str]],
) -> None:
    lang = ctx.lang
    text, money, percent = _formats(ctx.styles, line)
    ws.write_string(row, LEVEL, label(f"matching.level.{line.level}", lang), text)
    shown = _names(line, names, ctx.result.year_input.city)
    for col, value in zip((ID, COUNTY, NAME), shown, strict=True):
        ws.write_string(row, col, value, text)
    _write_parts(ws, row, line, money, projects)

    def cell(col: int) -> str:
        return reference(row, col)

    write_money_formula(
        ws, row, MATCHING, f"={cell(CITY_MATCHING)}+{cell(COUNTY_MATCHING)}", line.matching, money
    )
    # Display only: the ratio's exact value decides nothing on the sheet.
    ratio_value = float(line.ratio)
    ws.write_formula(row, RATIO, f"={cell(MATCHING)}/{cell(INVESTMENT)}", percent, ratio_value)
    floor_ref = xl_rowcol_to_cell(*FLOOR_CELL, row_abs=True, col_abs=True)
    write_money_formula(
        ws,
        row,
        REQUIRED,
        required_formula(floor_ref, cell(INVESTMENT), places),
        line.required,
        money,
    )
    write_money_formula(
        ws,
        row,
        SHORTFALL,
        shortfall_formula(cell(REQUIRED), cell(MATCHING)),
        line.shortfall,
        money,
    )
    provisional = ctx.result.matching_provisional  # year start: 预审, never a verdict
    ws.write_formula(
        row,
        STATUS,
        status_formula(cell(SHORTFALL), lang, provisional),
        text,
        status_value(line.passed, lang, provisional),
    )


def matching_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """配套核查: projects, counties and the city against the policy's matching floor."""
    lang, st, result = ctx.lang, ctx.styles, ctx.result
    matching = result.matching
    ws = wb.add_worksheet(label("sheet.matching", lang))
    titles = headers(lang)
    year_input = result.year_input
    row = title_block(
        ws,
        st,
        label("matching.title", lang, city=year_input.city, year=year_input.year),
        ctx.subtitle(),
        N_COLUMNS,
        lang,
    )
    assert row == FLOOR_CELL[0]
    ws.write_string(row, 0, label("matching.floor", lang), st.text_bold)
    ws.write_number(row, FLOOR_CELL[1], float(matching.floor), st.percent)
    basis = label(
        "matching.basis",
        lang,
        reference=result.period.reference,
        floor=floor_text(matching.floor),
    )
    ws.merge_range(row, 2, row, N_COLUMNS - 1, "", st.text)
    ws.write_string(row, 2, basis, st.text)
    row += 1
    ws.merge_range(row, 0, row, N_COLUMNS - 1, "", st.note)
    rule = label("matching.rule", lang)
    if result.matching_provisional:  # year start: planned figures, never a final verdict
        rule = f"{label('matching.provisional_note', lang)}\n{rule}"
    ws.write_string(row, 0, rule, st.note)
    ws.set_row(row, 64 if result.matching_provisional else 40)
    row += 2
    table_header = row
    header_row(ws, row, titles, st)
    places = floor_places(matching.floor)
    projects = (
        (table_header + 1, table_header + len(matching.projects)) if matching.projects else None
    )
    names = {"project": {p.project_id: p.name for p in year_input.projects}, "county": ctx.names}
    for line in matching.lines:
        row += 1
        _write_line(ws, row, line, ctx, projects, places, names)
    if not matching.lines:
        row += 1
        ws.merge_range(row, 0, row, N_COLUMNS - 1, "", st.text)
        empty = "matching.no_planned" if result.matching_provisional else "matching.no_projects"
        ws.write_string(row, 0, label(empty, lang), st.text)
    if matching.lines:
        first, last = table_header + 1, table_header + len(matching.lines)
        shortfall = xl_rowcol_to_cell(first, SHORTFALL, col_abs=True)
        red_when(ws, (first, 0), (last, N_COLUMNS - 1), f"=ROUND({shortfall}*100,0)>0", st.fail_cf)
    ws.freeze_panes(table_header + 1, 2)
    _widths(ws, ctx, titles)
    print_setup(ws, lang, repeat_rows=(table_header, table_header))


def _widths(ws: Worksheet, ctx: SheetContext, titles: Sequence[str]) -> None:
    names = [p.name for p in ctx.result.year_input.projects]
    columns: list[list[str]] = [[t] for t in titles]
    columns[LEVEL] += [label(f"matching.level.{k}", ctx.lang) for k in ("project", "county")]
    columns[ID] += [p.project_id for p in ctx.result.year_input.projects]
    columns[NAME] += names
    fit_widths(ws, columns, minimum=10, maximum=48)
    for col in (*AMOUNT_COLUMNS, MATCHING, REQUIRED, SHORTFALL):
        ws.set_column(col, col, 15)
