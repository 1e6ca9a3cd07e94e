"""The county workbook's 分中心经费预算 sheet at year start (年初, SPEC §7): the branch
center's budget lines and what the county will bear. It claims no settlement — the
year-end run writes the 年终结算单 on actual costs instead of this sheet.
"""

from __future__ import annotations

from xlsxwriter import Workbook

from roadfund.engine.settlement import county_borne
from roadfund.writers.county.context import (
    CountyContext,
    cost_line_headers,
    footnotes,
    section,
    sign_off,
    signers,
)
from roadfund.writers.xlsx_common import (
    cell,
    header_row,
    merged_text,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

WIDTHS = (16, 30, 18, 18)


def budget_sheet(wb: Workbook, ctx: CountyContext) -> None:
    """分中心经费预算 (year start only): the branch's lines, bearer and the county's part."""
    result = ctx.result
    if result.settlement is not None:
        return
    st, base, lang, code = ctx.styles, ctx.styles.base, ctx.lang, ctx.code
    period = result.period
    county = next(c for c in result.budget.counties if c.code == code)
    ws = wb.add_worksheet(ctx.text("cw.sheet.budget"))
    set_widths(ws, WIDTHS)
    last_col = len(WIDTHS) - 1
    row = title_block(ws, base, ctx.title("cw.title.budget"), ctx.subtitle(), len(WIDTHS), lang)
    row = section(ws, row, ctx.text("cw.notice.section.budget", branch=county.branch), st)
    header_row(
        ws,
        row,
        cost_line_headers(ctx, actual=False),
        base,
    )
    table_header = row
    first = row + 1
    for line in county.lines:
        row += 1
        ws.write_string(row, 0, ctx.text(f"cw.category.{line.category}"), base.text)
        ws.write_string(row, 1, line.item, base.text)
        write_money(ws, row, 2, line.budget, base.money)
        bearer = ctx.name if county_borne(line) else ctx.text("cs.bearer.city")
        ws.write_string(row, 3, bearer, base.text)
    last = row
    row += 1
    merged_text(ws, row, 0, 1, ctx.text("cw.notice.borne", county=ctx.name), base.text_bold)
    if county.lines:  # the bearer column equals the county's name on its own lines
        bearers = f"{cell(first, 3, True)}:{cell(last, 3, True)}"
        budgets = f"{cell(first, 2, True)}:{cell(last, 2, True)}"
        formula = f"=SUMIF({bearers},{cell(row, 3)},{budgets})"
    else:
        formula = "=0"
    write_money_formula(ws, row, 2, formula, county.budget, base.money_bold)
    ws.write_string(row, 3, ctx.name, base.text_bold)
    row += 2
    notes = [
        ctx.text(
            "cw.note.center_costs",
            reference=period.reference,
            city_units=ctx.join(period.city_units),
        ),
        ctx.text("cw.notice.note.year_end"),
    ]
    merged_text(ws, row - 1, 0, last_col, "", base.text)
    row = footnotes(ws, row, notes, WIDTHS, ctx)
    sign_off(ws, row, WIDTHS, ctx, signers(ctx))
    print_setup(ws, lang, repeat_rows=(table_header, table_header), landscape=False)
