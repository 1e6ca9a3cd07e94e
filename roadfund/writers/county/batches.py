"""The county workbook's 分批下达 sheet: a line per batch of each source and the cumulative
total (SPEC §7). Written only when the input numbers its batches (批次).

Each batch's amounts are the engine's (cumulative allocation − the previous one); the
per-source cumulative and the grand total are live sums equal to the year's allocation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter import Workbook

from roadfund.writers.county.context import footnotes, sign_off, signers
from roadfund.writers.summary.batches import batch_title
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
    from roadfund.writers.county.context import CountyContext

WIDTHS = (22, 26, 17, 17, 17)


def batches_sheet(wb: Workbook, ctx: CountyContext) -> None:
    """分批下达: per source its batches for this county, then the cumulative total."""
    result = ctx.result
    if result.batches is None:
        return
    base, lang, code = ctx.styles.base, ctx.lang, ctx.code
    ws = wb.add_worksheet(ctx.text("batch.sheet"))
    set_widths(ws, WIDTHS)
    row = title_block(
        ws, base, ctx.title("cw.title.county_batches"), ctx.subtitle(), len(WIDTHS), lang
    )
    header_row(
        ws,
        row,
        [
            ctx.text("source"),
            ctx.text("batch.batch"),
            ctx.text("daily"),
            ctx.text("performance"),
            ctx.text("total"),
        ],
        base,
    )
    table_header = row
    cumulative_cells: list[str] = []
    for source in result.allocation.sources:
        first = row + 1
        for batch in result.batches.of_source(source.code):
            row += 1
            ws.write_string(row, 0, ctx.text(f"source.{source.code}.short"), base.text)
            ws.write_string(row, 1, batch_title(batch, lang), base.text)
            write_money(ws, row, 2, batch.daily[code], base.money)
            write_money(ws, row, 3, batch.performance[code], base.money)
            formula = f"={cell(row, 2)}+{cell(row, 3)}"
            write_money_formula(ws, row, 4, formula, batch.total(code), base.money)
        last = row
        row += 1
        ws.write_string(row, 0, ctx.text(f"source.{source.code}.short"), base.text_bold)
        ws.write_string(row, 1, ctx.text("batch.cumulative"), base.text_bold)
        values = (source.daily[code].amount, source.performance[code].amount, source.total(code))
        for col, value in zip((2, 3, 4), values, strict=True):
            formula = f"=SUM({cell(first, col)}:{cell(last, col)})"
            write_money_formula(ws, row, col, formula, value, base.money_bold)
        cumulative_cells.append(cell(row, 4))
    row += 1
    ws.write_string(row, 0, ctx.text("cw.batch.grand_total"), base.text_bold)
    ws.write_string(row, 1, "", base.text_bold)
    total = result.allocation.transfer_total(code)
    write_money_formula(ws, row, 4, "=" + "+".join(cumulative_cells), total, base.money_bold)
    row += 2
    row = footnotes(ws, row, [ctx.text("batch.note")], WIDTHS, ctx)
    sign_off(ws, row, WIDTHS, ctx, signers(ctx))
    print_setup(ws, lang, repeat_rows=(table_header, table_header), landscape=False)
