"""The summary workbook's 中心经费预算 sheet at year start (年初, SPEC §7).

Every cost line of the center with its 年初预算 and who bears it; per county the budget of
its branch center it will bear (a live SUMIF over the lines); the city-borne part (city
units + all incentive pay); and the total the city advances, reconciled as a formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter import Workbook

from roadfund.text import label
from roadfund.writers.summary.cost_lines import (
    cost_lines_sheet,
    cost_lines_total,
    section_head,
)
from roadfund.writers.xlsx_common import (
    cell,
    column_range,
    column_sum,
    print_setup,
    write_money_formula,
)

if TYPE_CHECKING:
    from roadfund.writers.summary.context import SheetContext

WIDTHS = (14, 13, 26, 17, 17, 17)
BUDGET_HEADER_KEYS = ("county_code", "county_name", "branch_center", "budget.borne")
"""The label keys of the county budget table's headers, here and on the local page."""


def budget_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """中心经费预算 (year start only): lines with bearer, county budgets, what the city advances."""
    result = ctx.result
    if not result.year_start:
        return
    lang, st, budget = ctx.lang, ctx.styles, result.budget
    keys = ("budget.sheet", "budget.title", "budget.section.lines")
    ws, heading, row, first, last = cost_lines_sheet(
        wb, ctx, keys=keys, widths=WIDTHS, actual=False
    )
    city = label("cs.bearer.city", lang)
    cost_lines_total(ws, row, ctx, (first, last), ((3, budget.total),))
    total_ref = cell(row, 3)
    row += 2
    budgets, bearers = column_range(first, last, 3, True), column_range(first, last, 4, True)

    row = section_head(ws, row, ctx, heading, "budget.section.bearers", BUDGET_HEADER_KEYS)
    county_first = row + 1
    for county in budget.counties:
        row += 1
        ws.write_string(row, 0, county.code, st.text)
        ws.write_string(row, 1, county.name, st.text)
        ws.write_string(row, 2, county.branch, st.text)
        formula = f"=SUMIF({bearers},{cell(row, 1)},{budgets})"
        write_money_formula(ws, row, 3, formula, county.budget, st.money)
    county_last = row
    row += 1
    ws.write_string(row, 0, label("budget.counties_total", lang), st.text_bold)
    county_total_ref = cell(row, 3)
    county_sum = sum(c.budget for c in budget.counties)
    formula = column_sum(county_first, county_last, 3) if budget.counties else "=0"
    write_money_formula(ws, row, 3, formula, county_sum, st.money_bold)
    row += 1
    ws.write_string(row, 0, label("budget.city_borne", lang), st.text_bold)
    ws.write_string(row, 1, city, st.text)
    city_ref = cell(row, 3)
    ws.write_string(row, 2, "", st.text)
    formula = f'=SUMIF({bearers},"{city}",{budgets})'
    write_money_formula(ws, row, 3, formula, budget.city_borne, st.money_bold)
    row += 1
    ws.write_string(row, 0, label("budget.advanced", lang), st.text_bold)
    write_money_formula(ws, row, 3, f"={total_ref}", budget.total, st.money_bold)
    row += 1
    ws.write_string(row, 0, label("budget.check", lang), st.text)
    formula = f"={total_ref}-{city_ref}-{county_total_ref}"
    write_money_formula(
        ws, row, 3, formula, budget.total - budget.city_borne - county_sum, st.money
    )
    row += 2
    ws.merge_range(row, 0, row, len(WIDTHS) - 1, "", st.note)
    ws.write_string(row, 0, label("budget.note", lang), st.note)
    ws.set_row(row, 48)
    print_setup(ws, lang)
