"""The center's cost lines with their bearer: the first table of 中心经费预算 (year start)
and of 中心经费结算 (year end), written once for both."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from roadfund.engine.settlement import county_borne
from roadfund.money import fen_to_number
from roadfund.text import label
from roadfund.writers.xlsx_common import (
    FONT,
    column_sum,
    header_row,
    set_widths,
    title_block,
    write_money_formula,
)

if TYPE_CHECKING:
    from roadfund.writers.summary.context import SheetContext


def cost_lines_sheet(
    wb: Workbook,
    ctx: SheetContext,
    *,
    keys: tuple[str, str, str],
    widths: Sequence[float],
    actual: bool,
) -> tuple[Worksheet, Format, int, int, int]:
    """The opening of 中心经费预算 and 中心经费结算: the sheet (``keys``: its name, title and
    first section's label keys) with its widths and title block, the section heading and the
    cost lines table. Returns (sheet, heading format, the row below the table — its total
    row —, first line row, last line row)."""
    lang, year_input = ctx.lang, ctx.result.year_input
    sheet, title, section = keys
    ws = wb.add_worksheet(label(sheet, lang))
    heading = wb.add_format({"font_name": FONT, "font_size": 11, "bold": True})
    set_widths(ws, widths)
    title_text = label(title, lang, city=year_input.city, year=year_input.year)
    row = title_block(ws, ctx.styles, title_text, ctx.subtitle(), len(widths), lang)
    ws.write_string(row, 0, label(section, lang), heading)
    row, first, last = cost_lines_table(ws, row + 1, ctx, actual=actual)
    return ws, heading, row + 1, first, last


def section_head(
    ws: Worksheet,
    row: int,
    ctx: SheetContext,
    heading: Format,
    section: str,
    columns: Sequence[str],
) -> int:
    """A section's heading (``section``, a label key) and below it its table's header row
    (``columns``: label keys); returns the header row."""
    ws.write_string(row, 0, label(section, ctx.lang), heading)
    header_row(ws, row + 1, [label(key, ctx.lang) for key in columns], ctx.styles)
    return row + 1


def cost_lines_total(
    ws: Worksheet,
    row: int,
    ctx: SheetContext,
    lines: tuple[int, int],
    totals: Sequence[tuple[int, int]],
) -> None:
    """The 合计 row below the cost lines (``lines``: first and last row): each (column, fen)
    of ``totals`` a live SUM over the lines (0 when there are none)."""
    st = ctx.styles
    ws.write_string(row, 0, label("total", ctx.lang), st.text_bold)
    for col, fen in totals:
        formula = column_sum(*lines, col) if ctx.result.year_input.center_costs else "=0"
        write_money_formula(ws, row, col, formula, fen, st.money_bold)


def cost_lines_table(
    ws: Worksheet, row: int, ctx: SheetContext, *, actual: bool
) -> tuple[int, int, int]:
    """Header and one row per cost line — unit, category, item, 年初预算, (实际发生,) bearer —
    from ``row`` down; returns (last row written, first line row, last line row).

    The bearer is the city for a city unit or a city-only category (incentive pay), else
    the county whose branch the unit is (SPEC §3.3; ``engine.settlement.county_borne``)."""
    lang, st, year_input = ctx.lang, ctx.styles, ctx.result.year_input
    city = label("cs.bearer.city", lang)
    county_of_branch = {c.branch: c.name for c in year_input.counties}
    city_units = set(ctx.result.period.city_units)
    headers = [
        label("cs.unit", lang),
        label("cw.cost_category", lang),
        label("item", lang),
        label("cw.budget", lang),
    ]
    if actual:
        headers.append(label("cw.actual", lang))
    headers.append(label("cw.bearer", lang))
    header_row(ws, row, headers, st)
    first = row + 1
    text, money = st.text, st.money
    categories: dict[str, str] = {}  # each category's word, looked up once
    for line in year_input.center_costs:
        row += 1
        city_borne = line.unit in city_units or not county_borne(line)
        category = categories.get(line.category)
        if category is None:
            category = categories[line.category] = label(f"cw.category.{line.category}", lang)
        cells: list[tuple[str | float, Any]] = [
            (line.unit, text),
            (category, text),
            (line.item, text),
            (fen_to_number(line.budget), money),
        ]
        if actual:
            cells.append((fen_to_number(line.actual_fen()), money))
        cells.append((city if city_borne else county_of_branch.get(line.unit, line.unit), text))
        ws.write_cells(row, 0, cells)  # a row without formulas: its cells at once
    return row, first, row
