"""The summary workbook's 中心经费结算 sheet: the highway center's costs and the year-end
settlement with every county (SPEC §3.3).

Three blocks: every cost line of the center (unit, category, item, budget, actual, and
who bears it — 市本级 for the city units and for every unit's incentive pay, else the
county of the branch); one settlement row per county whose budget and actual are live
SUMPRODUCTs over the lines above, with prepaid, due (+ remit / − refund), variance
(+ under / − over budget), transfer total and net transfer; and the reconciliation
Σ actual = city-borne actual + Σ county actual, as formulas that come out at 0.00.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter import Workbook

from roadfund.schema import CITY_ONLY_CATEGORY
from roadfund.text import label
from roadfund.writers.formulas import (
    balance_formula,
    direction_formula,
    direction_text,
    formula_text,
)
from roadfund.writers.summary.cost_lines import (
    cost_lines_sheet,
    cost_lines_total,
    section_head,
)
from roadfund.writers.xlsx_common import (
    cell,
    column_range,
    column_sum,
    header_row,
    note_lines,
    print_setup,
    red_when,
    write_money,
    write_money_formula,
)

if TYPE_CHECKING:
    from roadfund.writers.summary.context import SheetContext

WIDTHS = (14, 13, 26, 17, 17, 17, 17, 11, 17, 17, 17)
SETTLEMENT_HEADER_KEYS = (
    "county_code",
    "county_name",
    "branch_center",
    "cw.budget",
    "cw.actual",
    "cs.prepaid",
    "cs.due",
    "cw.direction",
    "cs.variance",
    "cs.transfer_total",
    "cs.net_transfer",
)
"""The label keys of the county settlement table's headers, here and on the local page."""


def settlement_sheet(wb: Workbook, ctx: SheetContext) -> None:
    """中心经费结算: cost lines with their bearer, the county settlement, the reconciliation."""
    lang, st, result = ctx.lang, ctx.styles, ctx.result
    settlement = result.settlement
    if settlement is None:  # year start: no settlement yet; budget_sheet shows the budget
        return
    year_input = result.year_input
    # 一、中心经费明细
    keys = ("cs.sheet", "cs.title", "cs.section.lines")
    ws, heading, row, first, last = cost_lines_sheet(wb, ctx, keys=keys, widths=WIDTHS, actual=True)
    city = label("cs.bearer.city", lang)
    line_totals = ((3, settlement.total_budget), (4, settlement.total_actual))
    cost_lines_total(ws, row, ctx, (first, last), line_totals)
    for col in (1, 2, 5):
        ws.write_string(row, col, "", st.text_bold)
    lines_total_row = row
    row += 2

    columns = {col: column_range(first, last, col, absolute=True) for col in range(6)}

    def column(col: int) -> str:
        return columns[col]

    incentive = formula_text(label(f"cw.category.{CITY_ONLY_CATEGORY}", lang))

    # 二、县（市、区）年终结算
    row = section_head(ws, row, ctx, heading, "cs.section.counties", SETTLEMENT_HEADER_KEYS)
    ws.set_row(row, 44)
    county_first = row + 1
    for county in settlement.counties:
        row += 1
        ws.write_string(row, 0, county.code, st.text)
        ws.write_string(row, 1, county.name, st.text)
        ws.write_string(row, 2, county.branch, st.text)
        branch = cell(row, 2)
        for col, fen, source in ((3, county.budget, 3), (4, county.actual, 4)):
            if year_input.center_costs:
                formula = (
                    f"=SUMPRODUCT(({column(0)}={branch})*({column(1)}<>{incentive}),"
                    f"{column(source)})"
                )
            else:
                formula = "=0"
            write_money_formula(ws, row, col, formula, fen, st.money)
        write_money(ws, row, 5, county.prepaid, st.money)
        write_money_formula(ws, row, 6, f"={cell(row, 4)}-{cell(row, 5)}", county.due, st.money)
        ws.write_formula(
            row,
            7,
            direction_formula(cell(row, 6), "due", lang),
            st.text,
            direction_text(county.due, "due", lang),
        )
        write_money_formula(
            ws, row, 8, f"={cell(row, 3)}-{cell(row, 4)}", county.variance, st.money
        )
        write_money(ws, row, 9, county.transfer_total, st.money)
        net = (
            f"={cell(row, 9)}-{cell(row, 6)}" if settlement.mode == "offset" else f"={cell(row, 9)}"
        )
        write_money_formula(ws, row, 10, net, county.net_transfer, st.money_bold)
    county_last = row
    row += 1
    ws.write_string(row, 0, label("total", lang), st.text_bold)
    for col in (1, 2, 7):
        ws.write_string(row, col, "", st.text_bold)
    counties = settlement.counties
    totals = {
        3: sum(c.budget for c in counties),
        4: sum(c.actual for c in counties),
        5: sum(c.prepaid for c in counties),
        6: sum(c.due for c in counties),
        8: sum(c.variance for c in counties),
        9: sum(c.transfer_total for c in counties),
        10: sum(c.net_transfer for c in counties),
    }
    for col, fen in totals.items():
        formula = column_sum(county_first, county_last, col)
        write_money_formula(ws, row, col, formula, fen, st.money_bold)
    counties_total_row = row
    row += 2

    # 三、平衡关系
    ws.write_string(row, 0, label("cs.section.reconcile", lang), heading)
    row += 1
    header_row(
        ws,
        row,
        [
            label("item", lang),
            "",
            "",
            label("cw.budget", lang),
            label("cw.actual", lang),
        ],
        st,
    )
    ws.merge_range(row, 0, row, 2, "", st.header)
    ws.write_string(row, 0, label("item", lang), st.header)
    city_text = formula_text(city)
    county_budget = sum(c.budget for c in counties)
    county_actual = sum(c.actual for c in counties)
    rows: dict[str, int] = {}
    for key, budget, actual, formulas in (
        (
            "cs.reconcile.total",
            settlement.total_budget,
            settlement.total_actual,
            (f"={cell(lines_total_row, 3)}", f"={cell(lines_total_row, 4)}"),
        ),
        (
            "cs.reconcile.city",
            settlement.city_borne_budget,
            settlement.city_borne_actual,
            tuple(
                f"=SUMPRODUCT(({column(5)}={city_text})*{column(col)})"
                if year_input.center_costs
                else "=0"
                for col in (3, 4)
            ),
        ),
        (
            "cs.reconcile.counties",
            county_budget,
            county_actual,
            (f"={cell(counties_total_row, 3)}", f"={cell(counties_total_row, 4)}"),
        ),
    ):
        row += 1
        rows[key] = row
        ws.merge_range(row, 0, row, 2, "", st.text)
        ws.write_string(row, 0, label(key, lang), st.text)
        write_money_formula(ws, row, 3, formulas[0], budget, st.money)
        write_money_formula(ws, row, 4, formulas[1], actual, st.money)
    row += 1
    ws.merge_range(row, 0, row, 2, "", st.text_bold)
    ws.write_string(row, 0, label("cs.reconcile.difference", lang), st.text_bold)
    t, c, k = rows["cs.reconcile.total"], rows["cs.reconcile.city"], rows["cs.reconcile.counties"]
    differences = (
        settlement.total_budget - settlement.city_borne_budget - county_budget,
        settlement.total_actual - settlement.city_borne_actual - county_actual,
    )
    for col, fen in zip((3, 4), differences, strict=True):
        formula = f"=ROUND({cell(t, col)}-{cell(c, col)}-{cell(k, col)},2)"
        write_money_formula(ws, row, col, formula, fen, st.money_bold)
    balanced = settlement.reconciles and differences[0] == 0
    ws.write_formula(
        row,
        5,
        balance_formula((cell(row, 3), cell(row, 4)), lang),
        st.text_bold,
        label("cs.reconcile.ok" if balanced else "cs.reconcile.bad", lang),
    )
    red_when(
        ws,
        (row, 5),
        (row, 5),
        f"={cell(row, 5)}={formula_text(label('cs.reconcile.bad', lang))}",
        st.fail_cf,
    )
    row += 2

    net = label(f"cs.net.{settlement.mode}", lang)
    note = label("cs.note.formulas", lang, net=net)
    ws.merge_range(row, 0, row, len(WIDTHS) - 1, "", st.note)
    ws.write_string(row, 0, note, st.note)
    ws.set_row(row, 30)
    note_lines(ws, row + 1, [n.text(lang) for n in result.notes], len(WIDTHS) - 1, st.note)
    print_setup(ws, lang, repeat_rows=(0, 1))
