"""The center's cost lines with their bearer: the first table of 中心经费预算 (year start)
and of 中心经费结算 (year end), written once for both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.worksheet import Worksheet

from roadfund.engine.settlement import county_borne
from roadfund.text import label
from roadfund.writers.xlsx_common import header_row, write_money

if TYPE_CHECKING:
    from roadfund.writers.summary.context import SheetContext


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
    bearer_col = len(headers) - 1
    first = row + 1
    for line in year_input.center_costs:
        row += 1
        city_borne = line.unit in city_units or not county_borne(line)
        ws.write_string(row, 0, line.unit, st.text)
        ws.write_string(row, 1, label(f"cw.category.{line.category}", lang), st.text)
        ws.write_string(row, 2, line.item, st.text)
        write_money(ws, row, 3, line.budget, st.money)
        if actual:
            write_money(ws, row, 4, line.actual_fen(), st.money)
        bearer = city if city_borne else county_of_branch.get(line.unit, line.unit)
        ws.write_string(row, bearer_col, bearer, st.text)
    return row, first, row
