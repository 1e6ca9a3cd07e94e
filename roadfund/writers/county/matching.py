"""配套核查: the county's provincial pavement projects against the matching floor, project
by project and in total — ratio, required matching, shortfall and the verdict (达标/未达标)
as live formulas, red by conditional formatting while a shortfall remains."""

from __future__ import annotations

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from roadfund.engine.matching import MatchingCheck
from roadfund.money import fen_to_yuan_grouped, floor_text
from roadfund.writers.county.context import (
    CountyContext,
    footnotes,
    sign_off,
    signers,
    text_height,
)
from roadfund.writers.formulas import (
    floor_places,
    required_formula,
    shortfall_formula,
    status_formula,
    status_value,
)
from roadfund.writers.xlsx_common import (
    cell,
    column_sum,
    display_width,
    header_row,
    merged_text,
    print_setup,
    red_when,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

BASE_WIDTHS = (10, 14, 12, 12, 12, 12, 8, 12, 12, 7)
MONEY_COLUMNS = (2, 3, 4, 5, 7, 8)
RATIO, REQUIRED, SHORTFALL, STATUS = 6, 7, 8, 9
"""The provincial subsidy of a project decides nothing in the check (matching is city +
county against the investment); the county sees it in the city summary's 配套核查."""


def _widths(lines: list[MatchingCheck]) -> tuple[float, ...]:
    """The base widths, a money column widened when its largest amount needs it."""
    widths = list(BASE_WIDTHS)
    amounts = [fen for line in lines for fen in (line.investment, line.matching, line.required)]
    needed = max((display_width(fen_to_yuan_grouped(f)) + 1 for f in amounts), default=0)
    for col in MONEY_COLUMNS:
        widths[col] = max(widths[col], needed)
    return tuple(widths)


def matching_sheet(wb: Workbook, ctx: CountyContext) -> None:
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    matching = ctx.result.matching
    ws = wb.add_worksheet(ctx.text("cw.sheet.county_matching"))
    projects = ctx.facts.projects.get(ctx.code, ())
    county_line = ctx.facts.county_lines.get(ctx.code)
    widths = _widths([*projects, *([county_line] if county_line else [])])
    set_widths(ws, widths)
    row = title_block(
        ws, base, ctx.title("cw.title.county_matching"), ctx.subtitle(), len(widths), lang
    )
    floor = matching.floor
    table_header: int | None = None
    if not projects or county_line is None:
        merged_text(ws, row, 0, len(widths) - 1, ctx.text("cw.no_projects"), st.info)
        row += 2
    else:
        ws.write_string(row, 0, ctx.text("matching.floor"), st.label_bold)
        ws.write_number(row, 1, float(floor), st.share_left)
        floor_cell = cell(row, 1, True)
        row += 2
        header_row(
            ws,
            row,
            [
                ctx.text("cw.project_id"),
                ctx.text("cw.project_name"),
                ctx.text("cw.city_matching"),
                ctx.text("cw.county_matching"),
                ctx.text("cw.investment"),
                ctx.text("cw.matching_total"),
                ctx.text("matching.ratio"),
                ctx.text("cw.required_matching"),
                ctx.text("matching.shortfall_yuan"),
                ctx.text("matching.status"),
            ],
            base,
        )
        ws.set_row(row, 44)
        table_header = row
        first = row + 1
        for project in projects:
            row += 1
            ws.write_string(row, 0, project.id, st.label)
            ws.write_string(row, 1, ctx.facts.project_names[project.id], st.label)
            for col, fen in enumerate(
                (
                    project.city_matching,
                    project.county_matching,
                    project.investment,
                ),
                2,
            ):
                write_money(ws, row, col, fen, base.money)
            _matching_checks(ws, row, ctx, project, floor_cell, bold=False)
            name = ctx.facts.project_names[project.id]
            ws.set_row(row, max(30, text_height(name, widths[1:2], points=10)))
        row += 1
        merged_text(ws, row, 0, 1, ctx.text("cw.county_total", county=ctx.name), st.label_bold)
        for col, fen in enumerate(
            (
                county_line.city_matching,
                county_line.county_matching,
                county_line.investment,
            ),
            2,
        ):
            write_money_formula(ws, row, col, column_sum(first, row - 1, col), fen, base.money_bold)
        _matching_checks(ws, row, ctx, county_line, floor_cell, bold=True)
        ws.set_row(row, 24)
        # red while a shortfall remains: ratio, required, shortfall and verdict
        rule = f"=ROUND(${xl_col_to_name(SHORTFALL)}{first + 1}*100,0)>0"
        red_when(ws, (first, RATIO), (row, STATUS), rule, st.red)
        row += 2
    notes = ctx.facts.once(("matching.notes", lang), lambda: _year_notes(ctx))
    row = footnotes(ws, row, notes, widths, ctx)
    sign_off(ws, row, widths, ctx, signers(ctx))
    repeat = (table_header, table_header) if table_header is not None else None
    print_setup(ws, lang, repeat_rows=repeat, widths=widths)


def _year_notes(ctx: CountyContext) -> tuple[str, ...]:
    """The notes every county's 配套核查 of the year has, in the workbook's language."""
    reference, floor = ctx.result.period.reference, ctx.result.matching.floor
    return (
        ctx.text("cw.note.matching_policy", reference=reference, floor=floor_text(floor)),
        ctx.text("cw.note.matching_formula", floor=floor_text(floor)),
    )


def _matching_checks(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    line: MatchingCheck,
    floor_cell: str,
    *,
    bold: bool,
) -> None:
    """Columns F–J of a matching line: matching total, ratio, required, shortfall, status."""
    st, base = ctx.styles, ctx.styles.base
    money = base.money_bold if bold else base.money
    write_money_formula(ws, row, 5, f"={cell(row, 2)}+{cell(row, 3)}", line.matching, money)
    ratio = f"={cell(row, 5)}/{cell(row, 4)}"
    ws.write_formula(row, RATIO, ratio, base.percent, float(line.ratio))
    required = required_formula(floor_cell, cell(row, 4), floor_places(line.floor))
    write_money_formula(ws, row, REQUIRED, required, line.required, money)
    shortfall = shortfall_formula(cell(row, REQUIRED), cell(row, 5))
    write_money_formula(ws, row, SHORTFALL, shortfall, line.shortfall, money)
    provisional = ctx.result.matching_provisional  # year start: 预审, never a verdict
    formula = status_formula(cell(row, SHORTFALL), ctx.lang, provisional)
    value = status_value(line.passed, ctx.lang, provisional)
    ws.write_formula(row, STATUS, formula, st.direction, value)
