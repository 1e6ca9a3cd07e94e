"""年终结算单: the branch center's cost lines by category, what the county bears, prepaid,
the due in figures and in words with its direction (应上解/应退还/无需结算), the variance
(结余/超支), and in offset mode the net transfer — directions as live formulas of the
numbers on the sheet, so an edited prepaid amount moves them on recalculation."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from roadfund.models import CostRow
from roadfund.money import amount_in_words
from roadfund.schema import CITY_ONLY_CATEGORY, COUNTY_BORNE_CATEGORIES
from roadfund.writers.county.context import (
    CountyContext,
    cost_line_headers,
    footnotes,
    section,
    sign_off,
    signers,
    text_height,
)
from roadfund.writers.formulas import (
    direction_formula,
    direction_text,
    formula_text,
    owed_formula,
    sheet_ref,
    words_formula,
)
from roadfund.writers.xlsx_common import (
    cell,
    column_sum,
    header_row,
    merged_text,
    print_setup,
    red_when,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

SETTLEMENT_WIDTHS = (10, 22, 15, 15, 16)


def settlement_sheet(
    wb: Workbook, ctx: CountyContext, transfer_total_ref: str, notes: Sequence[str] = ()
) -> dict[str, str]:
    """The statement; ``notes`` are extra lines for its 说明 (after the standard ones).
    Returns the sheet-qualified cells of the due and, in offset mode, the net transfer."""
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    county = ctx.settlement
    sheet_name = ctx.text("cw.sheet.county_settlement")
    ws = wb.add_worksheet(sheet_name)
    widths = SETTLEMENT_WIDTHS
    set_widths(ws, widths)
    row = title_block(
        ws, base, ctx.title("cw.title.county_settlement"), ctx.subtitle(), len(widths), lang
    )
    last_col = len(widths) - 1
    merged_text(ws, row, 0, last_col, ctx.text("cw.branch_line", branch=county.branch), st.info)
    row += 1
    mode = ctx.text(f"cw.mode.{county.mode}")
    merged_text(ws, row, 0, last_col, mode, st.base.note)
    ws.set_row(row, text_height(mode, widths))
    row += 1

    # 一、分中心经费明细
    row = section(ws, row, ctx.text("cw.section.cost_lines", branch=county.branch), st)
    header_row(
        ws,
        row,
        cost_line_headers(ctx, actual=True),
        base,
    )
    table_header = row
    subtotal_rows: list[int] = []
    for category in COUNTY_BORNE_CATEGORIES:
        lines = [line for line in county.lines if line.category == category]
        row = _cost_group(ws, row, ctx, category, lines, county_borne=True)
        subtotal_rows.append(row)
    row += 1
    merged_text(ws, row, 0, 1, ctx.text("cw.county_borne_total"), st.label_bold)
    for col, value in ((2, county.budget), (3, county.actual)):
        formula = "=" + "+".join(cell(r, col) for r in subtotal_rows)
        write_money_formula(ws, row, col, formula, value, base.money_bold)
    ws.write_string(row, 4, ctx.name, st.label_bold)
    ws.set_row(row, 20)
    total_row = row
    incentive = [line for line in county.lines if line.category == CITY_ONLY_CATEGORY]
    if incentive:
        row = _cost_group(ws, row, ctx, CITY_ONLY_CATEGORY, incentive, county_borne=False)
    row += 2

    # 二、年终结算
    row = section(ws, row, ctx.text("cw.section.settle"), st)
    merged_text(ws, row, 0, 1, ctx.text("cw.settle_item"), base.header)
    ws.write_string(row, 2, ctx.text("amount_yuan"), base.header)
    merged_text(ws, row, 3, 4, ctx.text("cw.direction"), base.header)
    ws.set_row(row, 30)
    cells: dict[str, str] = {}

    def line(key: str, formula: str | None, fen: int) -> int:
        nonlocal row
        row += 1
        merged_text(ws, row, 0, 1, ctx.text(key), st.label)
        if formula is None:
            write_money(ws, row, 2, fen, base.money)
        else:
            write_money_formula(ws, row, 2, formula, fen, base.money_bold)
        merged_text(ws, row, 3, 4, "", st.direction)
        ws.set_row(row, 19)
        cells[key] = cell(row, 2)
        return row

    def direction(at: int, formula: str, value: str) -> None:
        ws.write_formula(at, 3, formula, st.direction, value)

    line("cw.settle.budget", f"={cell(total_row, 2)}", county.budget)
    line("cw.settle.actual", f"={cell(total_row, 3)}", county.actual)
    line("cw.settle.prepaid", None, county.prepaid)
    due_row = line(
        "cw.settle.due", f"={cells['cw.settle.actual']}-{cells['cw.settle.prepaid']}", county.due
    )
    due = cells["cw.settle.due"]
    direction(due_row, direction_formula(due, "due", lang), direction_text(county.due, "due", lang))
    row += 1
    merged_text(ws, row, 0, 1, ctx.text("cw.settle.due_words"), st.label)
    merged_text(ws, row, 2, 4, "", st.words)
    words = amount_in_words(abs(county.due))
    formula = words_formula(due, abs(county.due), words, lang, size=True)
    ws.write_formula(row, 2, formula, st.words, words)
    ws.set_row(row, 30)
    variance_row = line(
        "cw.settle.variance",
        f"={cells['cw.settle.budget']}-{cells['cw.settle.actual']}",
        county.variance,
    )
    variance = cells["cw.settle.variance"]
    direction(
        variance_row,
        direction_formula(variance, "variance", lang),
        direction_text(county.variance, "variance", lang),
    )
    overspent = formula_text(ctx.text("cw.variance.negative"))
    red_when(
        ws, (variance_row, 3), (variance_row, 3), f"=$D${variance_row + 1}={overspent}", st.red
    )
    if county.mode == "offset":
        line("cw.settle.transfer_total", f"={transfer_total_ref}", county.transfer_total)
        net_row = line(
            "cw.settle.net_transfer",
            f"={cells['cw.settle.transfer_total']}-{due}",
            county.net_transfer,
        )
        net = cells["cw.settle.net_transfer"]
        owed = ctx.text("cw.net.owed") if county.net_transfer < 0 else ""
        direction(net_row, owed_formula(net, lang), owed)
        red_when(ws, (net_row, 3), (net_row, 3), f"=ROUND($C${net_row + 1}*100,0)<0", st.red)
    row += 1

    period = ctx.result.period
    texts = [
        ctx.text(
            "cw.note.center_costs",
            reference=period.reference,
            city_units=ctx.join(period.city_units),
        ),
        ctx.text("cw.note.settlement"),
    ]
    if county.mode == "offset":
        texts.append(ctx.text("cw.note.offset"))
    row = footnotes(ws, row, [*texts, *notes], widths, ctx)
    sign_off(ws, row, widths, ctx, signers(ctx))
    print_setup(ws, lang, repeat_rows=(table_header, table_header), landscape=False, widths=widths)
    refs = {"due": sheet_ref(sheet_name, _absolute(due))}
    if county.mode == "offset":
        refs["net"] = sheet_ref(sheet_name, _absolute(cells["cw.settle.net_transfer"]))
    return refs


def _absolute(ref: str) -> str:
    """C7 → $C$7."""
    letters = ref.rstrip("0123456789")
    return f"${letters}${ref[len(letters) :]}"


def _cost_group(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    category: str,
    lines: Sequence[CostRow],
    *,
    county_borne: bool,
) -> int:
    """A category's lines and its subtotal row; returns the subtotal row."""
    st, base = ctx.styles, ctx.styles.base
    text_fmt = st.label if county_borne else st.city_text
    money_fmt = base.money if county_borne else st.city_money
    bearer = ctx.name if county_borne else ctx.text("cw.bearer.city_incentive")
    category_text = ctx.text(f"cw.category.{category}")
    first = row + 1
    for line in lines:
        row += 1
        ws.write_string(row, 0, category_text, text_fmt)
        ws.write_string(row, 1, line.item, text_fmt)
        write_money(ws, row, 2, line.budget, money_fmt)
        write_money(ws, row, 3, line.actual_fen(), money_fmt)
        ws.write_string(row, 4, bearer, text_fmt)
        if not county_borne:
            ws.set_row(row, 30)
    if not lines:
        row += 1
        ws.write_string(row, 0, category_text, text_fmt)
        ws.write_string(row, 1, ctx.text("cw.none"), text_fmt)
        write_money(ws, row, 2, 0, money_fmt)
        write_money(ws, row, 3, 0, money_fmt)
        ws.write_string(row, 4, bearer, text_fmt)
    row += 1
    subtotal_key = "cw.subtotal" if county_borne else "cw.subtotal.city"
    merged_text(ws, row, 0, 1, ctx.text(subtotal_key, category=category_text), text_fmt)
    budget = sum(line.budget for line in lines)
    actual = sum(line.actual_fen() for line in lines)
    bold = base.money_bold if county_borne else st.city_money
    for col, value in ((2, budget), (3, actual)):
        write_money_formula(ws, row, col, column_sum(first, row - 1, col), value, bold)
    ws.write_string(row, 4, bearer, text_fmt)
    ws.set_row(row, 30 if not county_borne else 20)
    return row
