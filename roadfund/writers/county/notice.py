"""资金分配通知: the allocation notice in the form a finance bureau issues it — document
number (文号, when the input gives one), title, addressee (乐平市财政局：), a body citing the
policy by name and number, the amounts per fund source with their parts and budget subject
(预算科目, when given), the total in figures and in words, in offset mode what is deducted
and why, the attachment (附件: the calculation), the issuing office and date, room for the
seal.

A notice is written from a ``NoticeData`` — what one notice says — so a notice per batch or
stage can be built from other figures and written by the same ``notice_sheet``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from roadfund.money import amount_in_words, floor_text
from roadfund.text import label
from roadfund.writers.county.allocation import AllocationRefs
from roadfund.writers.county.context import CountyContext, text_height
from roadfund.writers.formulas import owed_formula, words_formula
from roadfund.writers.xlsx_common import (
    cell,
    header_row,
    merged_text,
    print_setup,
    set_widths,
    write_money,
    write_money_formula,
)


@dataclass(frozen=True)
class NoticeLine:
    """One fund source on the notice: its parts in fen and, when they are live, the cells
    (sheet-qualified) the figures follow."""

    source: str  # the source's name as the notice prints it
    daily: int
    performance: int
    budget_subject: str | None = None  # 预算科目 as the input gives it
    daily_ref: str | None = None
    performance_ref: str | None = None

    @property
    def total(self) -> int:
        return self.daily + self.performance


@dataclass(frozen=True)
class Deduction:
    """Offset mode: the year-end due taken off the transfer, and the net that remains."""

    due: int
    net: int
    due_ref: str | None = None
    net_ref: str | None = None


@dataclass(frozen=True)
class NoticeData:
    """What one allocation notice says."""

    sheet_name: str
    document_number: str | None
    title: str
    addressee: str
    body: str
    lines: tuple[NoticeLine, ...]
    attachment: str
    issuer: str
    date: str
    deduction: Deduction | None = None
    deduction_text: str | None = None

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)


def addressee(county: str, ctx: CountyContext) -> str:
    """The county's finance bureau as a notice's 主送: 「乐平市财政局：」."""
    return ctx.text("cw.notice.addressee", county=county)


def _unit(county: str, ctx: CountyContext) -> str:
    """你市 / 你县 / 你区 by the county's name (another unit: 你单位; English: its name)."""
    kind = county[-1] if county[-1:] in ("市", "县", "区", "旗") else "单位"
    return ctx.text("cw.notice.you", county=county, kind=kind)


def notice_data(
    ctx: CountyContext, refs: AllocationRefs, settlement_refs: dict[str, str]
) -> NoticeData:
    """The single-stage year's notice for the county: both sources, the amounts of the
    attachment (live), and in offset mode the statement's due and net transfer."""
    period, year_input = ctx.result.period, ctx.result.year_input
    if period.title:
        policy = ctx.text("cw.notice.policy_named", title=period.title, reference=period.reference)
    else:
        policy = ctx.text("cw.notice.policy_number", reference=period.reference)
    lines = tuple(
        NoticeLine(
            source=label(f"source.{source.code}", ctx.lang),
            daily=source.daily[ctx.code].amount,
            performance=source.performance[ctx.code].amount,
            budget_subject=ctx.facts.budget_subjects.get(source.code),
            daily_ref=refs.amounts[(source.code, "daily")],
            performance_ref=refs.amounts[(source.code, "performance")],
        )
        for source in ctx.result.allocation.sources
    )
    deduction, deduction_text = None, None
    county = ctx.settlement if ctx.result.settlement is not None else None  # 年初: none
    if county is not None and county.mode == "offset":
        deduction = Deduction(
            county.due,
            county.net_transfer,
            settlement_refs.get("due"),
            settlement_refs.get("net"),
        )
        deduction_text = ctx.text(
            "cw.notice.offset", reference=period.reference, branch=county.branch
        )
    return NoticeData(
        sheet_name=ctx.text("cw.sheet.county_notice"),
        document_number=year_input.document_number,
        title=ctx.text("cw.notice.title", city=ctx.city, year=year_input.year),
        addressee=addressee(ctx.name, ctx),
        body=ctx.text(
            "cw.notice.body",
            policy=policy,
            year=year_input.year,
            unit=_unit(ctx.name, ctx),
            daily_pct=floor_text(period.daily_share),
            perf_pct=floor_text(period.performance_share),
        ),
        lines=lines,
        attachment=ctx.text("cw.notice.attachment", title=ctx.title("cw.title.county_allocation")),
        issuer=ctx.text("cw.office.city_finance", city=ctx.city),
        date=ctx.prepared,
        deduction=deduction,
        deduction_text=deduction_text,
    )


NOTICE_WIDTHS = (24, 17, 17, 17)


def subjects_text(data: NoticeData, ctx: CountyContext) -> str | None:
    """预算科目 as given: one subject for all sources, else each source's own."""
    given = [(line.source, line.budget_subject) for line in data.lines if line.budget_subject]
    if not given:
        return None
    if len({subject for _, subject in given}) == 1 and len(given) == len(data.lines):
        subjects = given[0][1]
    else:
        subjects = ctx.join([f"{source} {subject}" for source, subject in given], clause=True)
    return ctx.text("cw.notice.subjects", subjects=subjects)


def notice_sheet(ws: Worksheet, ctx: CountyContext, data: NoticeData) -> None:
    """Write the notice onto ``ws`` (added first, filled once the sheets it refers to are
    written)."""
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    widths = NOTICE_WIDTHS
    set_widths(ws, widths)
    last = len(widths) - 1
    row = 0
    if data.document_number:
        merged_text(ws, row, 0, last, data.document_number, st.doc_number)
        ws.set_row(row, 24)
    row += 1
    merged_text(ws, row, 0, last, data.title, st.doc_title)
    ws.set_row(row, 48)
    row += 2
    merged_text(ws, row, 0, last, data.addressee, st.addressee)
    ws.set_row(row, 22)
    row += 1
    row = _paragraph(ws, row, last, data.body, widths, ctx)
    row += 1

    headers = [
        ctx.text("cw.notice.source"),
        ctx.text("cw.notice.daily"),
        ctx.text("cw.notice.performance"),
        ctx.text("cw.notice.total"),
    ]
    header_row(ws, row, headers, base)
    first = row + 1
    for line in data.lines:
        row += 1
        ws.write_string(row, 0, line.source, st.label)
        for col, fen, ref in (
            (1, line.daily, line.daily_ref),
            (2, line.performance, line.performance_ref),
        ):
            if ref is None:
                write_money(ws, row, col, fen, base.money)
            else:
                write_money_formula(ws, row, col, f"={ref}", fen, base.money)
        write_money_formula(
            ws, row, 3, f"={cell(row, 1)}+{cell(row, 2)}", line.total, base.money_bold
        )
        ws.set_row(row, 36)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.notice.sum"), st.label_bold)
    for col, fen in (
        (1, sum(line.daily for line in data.lines)),
        (2, sum(line.performance for line in data.lines)),
        (3, data.total),
    ):
        formula = f"=SUM({cell(first, col)}:{cell(row - 1, col)})"
        write_money_formula(ws, row, col, formula, fen, base.money_bold)
    ws.set_row(row, 24)
    total_cell = cell(row, 3)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.notice.words"), st.label_bold)
    merged_text(ws, row, 1, last, "", st.words)
    words = amount_in_words(data.total)
    ws.write_formula(row, 1, words_formula(total_cell, data.total, words, lang), st.words, words)
    ws.set_row(row, 28)
    row += 1
    if data.deduction is not None:
        row = _deduction(ws, row, ctx, data.deduction, total_cell, last)
    subjects = subjects_text(data, ctx)
    if subjects:
        merged_text(ws, row, 0, last, subjects, st.body)
        ws.set_row(row, text_height(subjects, widths, points=12))
        row += 1
    note = ctx.text("cw.notice.words_note")
    merged_text(ws, row, 0, last, note, base.note)
    ws.set_row(row, text_height(note, widths))
    row += 2
    if data.deduction_text:
        row = _paragraph(ws, row, last, data.deduction_text, widths, ctx) + 1
    row = _paragraph(ws, row, last, ctx.text("cw.notice.closing"), widths, ctx) + 1
    merged_text(ws, row, 0, last, data.attachment, st.body)
    ws.set_row(row, 22)
    row += 2
    ws.set_row(row, 70)  # room for the seal over the issuer
    row += 1
    merged_text(ws, row, 0, last, data.issuer, st.issuer)
    ws.set_row(row, 22)
    row += 1
    merged_text(ws, row, 0, last, data.date, st.issuer)
    ws.set_row(row, 22)
    print_setup(ws, lang, landscape=False, widths=widths)


def _paragraph(
    ws: Worksheet, row: int, last: int, text: str, widths: Sequence[float], ctx: CountyContext
) -> int:
    """A body paragraph merged across the page, indented two characters, tall enough."""
    body = ctx.text("cw.notice.paragraph", text=text)
    merged_text(ws, row, 0, last, body, ctx.styles.body)
    ws.set_row(row, text_height(body, widths, points=12))
    return row + 1


def _deduction(
    ws: Worksheet, row: int, ctx: CountyContext, deduction: Deduction, total_cell: str, last: int
) -> int:
    """Offset mode: 减：年终结算应上解 and 抵扣后净拨付, following the statement's cells."""
    st, base = ctx.styles, ctx.styles.base
    ws.write_string(row, 0, ctx.text("cw.notice.less_due"), st.label)
    if deduction.due_ref is None:
        write_money(ws, row, 3, deduction.due, base.money)
    else:
        write_money_formula(ws, row, 3, f"={deduction.due_ref}", deduction.due, base.money)
    for col in (1, 2, *range(4, last + 1)):
        ws.write_string(row, col, "", st.label)
    ws.set_row(row, 30)
    due_cell = cell(row, 3)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.notice.net"), st.label_bold)
    write_money_formula(ws, row, 3, f"={total_cell}-{due_cell}", deduction.net, base.money_bold)
    owed = ctx.text("cw.net.owed") if deduction.net < 0 else ""
    ws.merge_range(row, 1, row, 2, "", st.label)
    ws.write_formula(row, 1, owed_formula(cell(row, 3), ctx.lang), st.label, owed)
    for col in range(4, last + 1):
        ws.write_string(row, col, "", st.label)
    ws.set_row(row, 24)
    return row + 1


def new_notice_sheet(wb: Workbook, ctx: CountyContext) -> Worksheet:
    """The notice's worksheet, added first so it is the workbook's first page."""
    return wb.add_worksheet(ctx.text("cw.sheet.county_notice"))
