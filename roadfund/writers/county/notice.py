"""The county workbook's 资金分配通知 at year start (年初, SPEC §7): what the county is
allocated and the branch-center budget it will bear. It claims no settlement — the year-end
run writes the 年终结算单 on actual costs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter import Workbook

from roadfund.engine.settlement import county_borne
from roadfund.writers.xlsx_common import (
    cell,
    header_row,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

if TYPE_CHECKING:
    from roadfund.writers.county import CountyContext

WIDTHS = (24, 30, 17, 17, 17)


def notice_sheet(wb: Workbook, ctx: CountyContext, transfer_total_ref: str) -> None:
    """资金分配通知: addressee, the allocation by source, the budget the county will bear."""
    from roadfund.writers.county import footnotes, merged_text, section, sign_off

    result = ctx.result
    st, base, lang, code = ctx.styles, ctx.styles.base, ctx.lang, ctx.code
    period, year_input = result.period, result.year_input
    county = next(c for c in result.budget.counties if c.code == code)
    ws = wb.add_worksheet(ctx.text("cw.sheet.notice"))
    set_widths(ws, WIDTHS)
    last_col = len(WIDTHS) - 1
    row = title_block(ws, base, ctx.title("cw.title.notice"), ctx.subtitle(), len(WIDTHS), lang)
    merged_text(ws, row, 0, last_col, ctx.text("cw.notice.addressee", county=ctx.name), st.info)
    row += 1
    body = ctx.text("cw.notice.body", reference=period.reference, year=year_input.year)
    merged_text(ws, row, 0, last_col, body, st.label)
    ws.set_row(row, 34)
    row += 2

    # 一、资金分配
    row = section(ws, row, ctx.text("cw.notice.section.allocation"), st)
    header_row(
        ws,
        row,
        [ctx.text("source"), "", ctx.text("daily"), ctx.text("performance"), ctx.text("total")],
        base,
    )
    table_header = row
    first = row + 1
    for source in result.allocation.sources:
        row += 1
        merged_text(ws, row, 0, 1, ctx.text(f"source.{source.code}"), base.text)
        write_money(ws, row, 2, source.daily[code].amount, base.money)
        write_money(ws, row, 3, source.performance[code].amount, base.money)
        formula = f"={cell(row, 2)}+{cell(row, 3)}"
        write_money_formula(ws, row, 4, formula, source.total(code), base.money)
    last = row
    row += 1
    merged_text(ws, row, 0, 1, ctx.text("total"), base.text_bold)
    totals = (
        sum(s.daily[code].amount for s in result.allocation.sources),
        sum(s.performance[code].amount for s in result.allocation.sources),
        result.allocation.transfer_total(code),
    )
    for col, value in zip((2, 3, 4), totals, strict=True):
        formula = f"=SUM({cell(first, col)}:{cell(last, col)})"
        write_money_formula(ws, row, col, formula, value, base.money_bold)
    row += 1
    merged_text(ws, row, 0, 3, ctx.text("cw.notice.same_as_allocation"), base.text)
    write_money_formula(
        ws, row, 4, f"={transfer_total_ref}", result.allocation.transfer_total(code), base.money
    )
    row += 2

    # 二、分中心经费年初预算
    row = section(ws, row, ctx.text("cw.notice.section.budget", branch=county.branch), st)
    header_row(
        ws,
        row,
        [
            ctx.text("cw.cost_category"),
            ctx.text("item"),
            ctx.text("cw.budget"),
            ctx.text("cw.bearer"),
            "",
        ],
        base,
    )
    first = row + 1
    for line in county.lines:
        row += 1
        ws.write_string(row, 0, ctx.text(f"cw.category.{line.category}"), base.text)
        ws.write_string(row, 1, line.item, base.text)
        write_money(ws, row, 2, line.budget, base.money)
        bearer = ctx.name if county_borne(line) else ctx.text("cs.bearer.city")
        ws.write_string(row, 3, bearer, base.text)
        ws.write_string(row, 4, "", base.text)
    last = row
    row += 1
    merged_text(ws, row, 0, 1, ctx.text("cw.notice.borne", county=ctx.name), base.text_bold)
    if county.lines:
        bearers = f"{cell(first, 3, True)}:{cell(last, 3, True)}"
        budgets = f"{cell(first, 2, True)}:{cell(last, 2, True)}"
        name_ref = cell(row + 1, 1)
        formula = f"=SUMIF({bearers},{name_ref},{budgets})"
    else:
        formula = "=0"
    write_money_formula(ws, row, 2, formula, county.budget, base.money_bold)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.notice.bearer_name"), base.text)
    ws.write_string(row, 1, ctx.name, base.text)
    row += 2

    notes = [
        ctx.text(
            "cw.note.center_costs",
            reference=period.reference,
            city_units="、".join(period.city_units),
        ),
        ctx.text("cw.notice.note.year_end"),
    ]
    row = footnotes(ws, row, notes, WIDTHS, ctx)
    sign_off(ws, row, WIDTHS, ctx)
    print_setup(ws, lang, repeat_rows=(table_header, table_header), landscape=False)
