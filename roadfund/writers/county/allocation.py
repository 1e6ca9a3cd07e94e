"""资金分配测算 — the notice's attachment (附件): the county's daily and performance amounts
per fund source and every number behind them (its km by road class and the class
weights, converted mileage, score, grade and coefficient or factor parts, the pool and the
pool's total weight), with live formulas down to the fen: the weights as integers on a
common scale, the floor to the fen and its remainder in exact integer arithmetic (the
decimal quota is shown for reading only), and the amount = floor + the leftover fen the
remainder rank earns. Landscape A4 at a fixed scale of at least 90%, over as many pages
as it needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from roadfund.engine.allocation import PerformanceBasis, SourceAllocation
from roadfund.engine.apportion import Share
from roadfund.money import HUNDREDTHS, fen_to_yuan_grouped, floor_text
from roadfund.policy import CoefficientMethod, FactorMethod, decimal_text
from roadfund.schema import ROAD_CLASSES
from roadfund.text import label
from roadfund.writers.county.context import (
    CountyContext,
    CountyStyles,
    factor_values,
    footnotes,
    section,
)
from roadfund.writers.formulas import (
    EXACT_LIMIT,
    LIVE_WEIGHT_LIMIT,
    daily_pool_formula,
    exact_range,
    floor_fen_formula,
    floor_places,
    sheet_ref,
)
from roadfund.writers.xlsx_common import (
    cell,
    column_sum,
    display_width,
    header_row,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)


@dataclass(frozen=True)
class AllocationRefs:
    """The attachment's cells the notice and the statement refer to (sheet-qualified)."""

    amounts: Mapping[tuple[str, str], str]  # (source, "daily"/"performance"/"total") → cell
    transfer_total: str


@dataclass(frozen=True)
class _PoolRow:
    """One line of the apportionment table: a source's daily or performance pool."""

    title: str
    pool: int  # fen
    pool_cell: str
    weight_cell: str
    scale: int  # makes every weight of the pool an integer (YearFacts.weight_scale)
    share: Share
    leftover: int
    total_int: int  # the pool's total weight × scale (the same in every county's workbook)
    weight_int: int = field(init=False)  # the county's weight × scale
    exact: bool = field(init=False)
    """Whether the floor and remainder can be live formulas (see exact_range)."""

    def __post_init__(self) -> None:
        # Worked out once each (an exact Fraction product; the row asks for them several
        # times), as plain attributes: cached_property takes a lock on every first read.
        weight_int = _as_int(self.share.weight * self.scale)
        object.__setattr__(self, "weight_int", weight_int)
        object.__setattr__(self, "exact", exact_range(self.pool, weight_int, self.total_int))


def _scaled(value: Fraction, scale: int) -> int:
    """``value`` × ``scale``, which makes it an integer."""
    return _as_int(value * scale)


def _as_int(value: Fraction) -> int:
    assert value.denominator == 1, value
    return value.numerator


BASE_WIDTHS = (15, 14, 14, 15, 14, 14, 10, 6, 6, 15)
MONEY_COLUMNS = (1, 2, 3, 4, 5, 9)
INTEGER_COLUMNS = (1, 2)


def _widths(ctx: CountyContext) -> tuple[float, ...]:
    """The base widths, money and integer columns widened when the year's amounts need it."""
    widths = list(BASE_WIDTHS)
    pools = [s.received for s in ctx.result.allocation.sources]
    money = max(display_width(fen_to_yuan_grouped(p)) + 1 for p in pools)
    totals = (ctx.facts.total_mileage, ctx.facts.total_performance)
    scales = (ctx.facts.weight_scale["daily"], ctx.facts.weight_scale["performance"])
    integer = max(len(f"{int(t * s):,}") + 2 for t, s in zip(totals, scales, strict=True))
    for col in MONEY_COLUMNS:
        widths[col] = max(widths[col], money)
    for col in INTEGER_COLUMNS:
        widths[col] = max(widths[col], integer)
    return tuple(widths)


def allocation_sheet(wb: Workbook, ctx: CountyContext) -> AllocationRefs:
    """资金分配测算 (the notice's 附件); returns the cells the other sheets refer to."""
    st, base, lang = ctx.styles, ctx.styles.base, ctx.lang
    result, code = ctx.result, ctx.code
    allocation = result.allocation
    sources = allocation.sources
    sheet_name = ctx.text("cw.sheet.county_allocation")
    ws = wb.add_worksheet(sheet_name)
    widths = ctx.facts.once(("allocation.widths",), lambda: _widths(ctx))
    set_widths(ws, widths)
    row = title_block(
        ws, base, ctx.title("cw.title.county_allocation"), ctx.subtitle(), len(widths), lang
    )

    # 一、分配结果 is written last (it refers to the amounts below); reserve its rows.
    result_top = row
    row += 3 + len(sources) + 1

    # 二、资金来源与资金池
    row = section(ws, row, ctx.text("cw.section.sources"), st)
    ws.write_string(row, 0, ctx.text("daily_share"), st.label_bold)
    ws.write_number(row, 1, float(result.period.daily_share), st.share_left)
    share_cell = cell(row, 1, True)
    row += 1
    header_row(
        ws,
        row,
        [
            ctx.text("source"),
            ctx.text("received"),
            ctx.text("city_deduction"),
            ctx.text("pool"),
            ctx.text("daily"),
            ctx.text("performance"),
        ],
        base,
    )
    share_places = floor_places(result.period.daily_share)
    pool_cells: dict[str, tuple[str, str]] = {}  # source code → (daily pool, performance pool)
    for source in sources:
        row += 1
        ws.write_string(row, 0, label(f"source.{source.code}", lang), st.label)
        write_money(ws, row, 1, source.received, base.money)
        write_money(ws, row, 2, source.city_deduction, base.money)
        write_money_formula(ws, row, 3, f"={cell(row, 1)}-{cell(row, 2)}", source.pool, base.money)
        write_money_formula(
            ws,
            row,
            4,
            daily_pool_formula(cell(row, 3), share_cell, share_places),
            source.daily_pool,
            base.money,
        )
        write_money_formula(
            ws,
            row,
            5,
            f"={cell(row, 3)}-{cell(row, 4)}",
            source.performance_pool,
            base.money,
        )
        ws.set_row(row, 30)  # the source's full name wraps onto two lines
        pool_cells[source.code] = (cell(row, 4, True), cell(row, 5, True))
    row += 2

    # 三、本县分配依据
    row = section(ws, row, ctx.text("cw.section.basis"), st)
    converted_cell, row = _mileage_block(ws, row, ctx)
    row += 1
    weight_cell, row = _performance_block(ws, row, ctx, converted_cell)
    row += 1

    # 四、分配测算（最大余数法）
    row = section(ws, row, ctx.text("cw.section.apportion"), st)
    header_row(
        ws,
        row,
        [
            ctx.text("cw.pool_name"),
            ctx.text("cw.county_weight_int"),
            ctx.text("cw.total_weight_int"),
            ctx.text("cw.quota_yuan"),
            ctx.text("cw.floor_yuan"),
            ctx.text("cw.remainder_fen"),
            ctx.text("remainder_rank"),
            ctx.text("cw.leftover_fen"),
            ctx.text("cw.extra_fen_01"),
            ctx.text("amount_yuan"),
        ],
        base,
    )
    ws.set_row(row, 32)
    apportion_header = row
    total_mileage, total_performance = ctx.facts.total_mileage, ctx.facts.total_performance
    amount_cells: dict[tuple[str, str], str] = {}
    beyond: list[str] = []  # pools whose floor is written as a value (see exact_range)
    for source in sources:
        daily_pool, perf_pool = pool_cells[source.code]
        short = label(f"source.{source.code}.short", lang)
        pools = (
            ("daily", source.daily_pool, daily_pool, converted_cell, total_mileage, source.daily),
            (
                "performance",
                source.performance_pool,
                perf_pool,
                weight_cell,
                total_performance,
                source.performance,
            ),
        )
        for kind, pool, pool_cell, basis_cell, basis_total, amounts in pools:
            scale = ctx.facts.weight_scale[kind]
            line = _PoolRow(
                f"{short}·{ctx.text(kind)}",
                pool,
                pool_cell,
                basis_cell,
                scale,
                amounts[code],
                ctx.facts.leftover[(source.code, kind)],
                ctx.facts.once(
                    ("allocation.total_int", kind), partial(_scaled, basis_total, scale)
                ),
            )
            row += 1
            amount_cells[(source.code, kind)] = _apportion_row(ws, row, line, st)
            if not line.exact:
                beyond.append(line.title)
    row += 2

    # 一、分配结果 (filled into the reserved rows)
    result_cells, total_cell = _result_block(ws, result_top, ctx, sources, amount_cells)

    notes = list(ctx.facts.once(("allocation.notes", lang), lambda: _year_notes(ctx)))
    if beyond:
        notes.append(ctx.text("cw.note.beyond_exact", pools=ctx.join(beyond)))
    footnotes(ws, row, notes, widths, ctx)
    print_setup(ws, lang, repeat_rows=(apportion_header, apportion_header), widths=widths)
    return AllocationRefs(
        amounts={key: sheet_ref(sheet_name, ref) for key, ref in result_cells.items()},
        transfer_total=sheet_ref(sheet_name, total_cell),
    )


def _apportion_row(ws: Worksheet, row: int, line: _PoolRow, st: CountyStyles) -> str:
    """One pool's largest-remainder line; returns the amount cell (absolute).

    B county weight w and C total W as integers on a common scale · D quota (display only)
    · E floor = the whole part of P·w ÷ W fen with P the pool in fen (from section 二),
    exact integer arithmetic in doubles (floor_fen_formula) · F remainder (fen) =
    (P·w − floor·W) ÷ W · G rank · H leftover · I extra fen · J amount = floor + extra.
    Nothing exact reads the float quota. Beyond exact_range the floor and remainder are
    the engine's values, not formulas.
    """
    base, share = st.base, line.share
    weight_int, total_int = line.weight_int, line.total_int
    ws.write_string(row, 0, line.title, st.label)
    if weight_int <= LIVE_WEIGHT_LIMIT:
        formula = f"=ROUND({line.weight_cell}*{line.scale},0)"
        ws.write_formula(row, 1, formula, st.integer, weight_int)
    else:
        _write_integer(ws, row, 1, weight_int, st)
    _write_integer(ws, row, 2, total_int, st)
    pool, weight, total = line.pool_cell, cell(row, 1), cell(row, 2)
    quota_value = float(share.quota / HUNDREDTHS)
    if total_int < EXACT_LIMIT:
        quota = f"{pool}*{weight}/{total}"
        if total_int == 0:
            quota = f"IF({total}=0,0,{quota})"
        ws.write_formula(row, 3, f"={quota}", st.quota, quota_value)
    else:
        ws.write_number(row, 3, quota_value, st.quota)
    if line.exact:
        product = f"ROUND({pool}*100,0)*{weight}"
        floor_fen = floor_fen_formula(product, total)
        remainder = f"({product}-ROUND({cell(row, 4)}*100,0)*{total})/{total}"
        if total_int == 0:
            floor_fen, remainder = f"IF({total}=0,0,{floor_fen})", f"IF({total}=0,0,{remainder})"
        write_money_formula(ws, row, 4, f"=({floor_fen})/100", share.floor, base.money)
        ws.write_formula(row, 5, f"={remainder}", st.remainder, float(share.remainder))
    else:
        write_money(ws, row, 4, share.floor, base.money)
        ws.write_number(row, 5, float(share.remainder), st.remainder)
    ws.write_number(row, 6, share.rank, st.rank)
    ws.write_number(row, 7, line.leftover, st.rank)
    ws.write_formula(row, 8, f"=IF({cell(row, 6)}<={cell(row, 7)},1,0)", st.rank, share.extra)
    write_money_formula(
        ws, row, 9, f"={cell(row, 4)}+{cell(row, 8)}/100", share.amount, base.money_bold
    )
    ws.set_row(row, 30)  # the pool name wraps onto two lines
    return cell(row, 9, True)


def _write_integer(ws: Worksheet, row: int, col: int, value: int, st: CountyStyles) -> None:
    """An integer weight: a number while a double holds it exactly, else its digits as text."""
    if value < EXACT_LIMIT:
        ws.write_number(row, col, value, st.integer)
    else:
        ws.write_string(row, col, str(value), st.integer_text)


def _result_block(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    sources: Sequence[SourceAllocation],
    amount_cells: Mapping[tuple[str, str], str],
) -> tuple[dict[tuple[str, str], str], str]:
    """一、分配结果: per source daily / performance / total, and the county's total; returns
    the (source, part) cells and the total cell (absolute)."""
    st, base = ctx.styles, ctx.styles.base
    row = section(ws, row, ctx.text("cw.section.result"), st)
    header_row(
        ws,
        row,
        [ctx.text("source"), ctx.text("daily"), ctx.text("performance"), ctx.text("total")],
        base,
    )
    first = row + 1
    cells: dict[tuple[str, str], str] = {}
    for source in sources:
        row += 1
        daily, perf, total = ctx.result.amounts[(source.code, ctx.code)]
        ws.write_string(row, 0, label(f"source.{source.code}.short", ctx.lang), st.label)
        write_money_formula(
            ws, row, 1, f"={amount_cells[(source.code, 'daily')]}", daily, base.money
        )
        write_money_formula(
            ws, row, 2, f"={amount_cells[(source.code, 'performance')]}", perf, base.money
        )
        write_money_formula(ws, row, 3, f"={cell(row, 1)}+{cell(row, 2)}", total, base.money_bold)
        for col, part in ((1, "daily"), (2, "performance"), (3, "total")):
            cells[(source.code, part)] = cell(row, col, True)
        ws.set_row(row, 30)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.county_transfer_total"), st.label_bold)
    for col, value in (
        (1, sum(s.daily[ctx.code].amount for s in sources)),
        (2, sum(s.performance[ctx.code].amount for s in sources)),
        (3, ctx.result.allocation.transfer_total(ctx.code)),
    ):
        write_money_formula(ws, row, col, column_sum(first, row - 1, col), value, base.money_bold)
    ws.set_row(row, 30)
    for col, part in ((1, "daily"), (2, "performance")):
        cells[("all", part)] = cell(row, col, True)
    return cells, cell(row, 3, True)


def _mileage_block(ws: Worksheet, row: int, ctx: CountyContext) -> tuple[str, int]:
    """km by road class, class weights, converted mileage = SUMPRODUCT; returns its cell."""
    st, base = ctx.styles, ctx.styles.base
    names = [ctx.text(f"cw.road_class.{key}") for key, _ in ROAD_CLASSES]
    header_row(ws, row, [ctx.text("item"), *names, ctx.text("converted_mileage")], base)
    mileage = ctx.facts.mileage[ctx.code]
    weights = ctx.result.period.road_class_weights.by_key()
    km_row, weight_row = row + 1, row + 2
    ws.write_string(km_row, 0, ctx.text("cw.mileage_km"), st.label)
    ws.write_string(weight_row, 0, ctx.text("class_weight"), st.label)
    n = len(ROAD_CLASSES)
    for i, (key, metres) in enumerate(mileage.metres_by_class().items()):
        ws.write_number(km_row, 1 + i, metres / 1000, base.km)
        ws.write_number(weight_row, 1 + i, float(weights[key]), st.factor)
    km_range = f"{cell(km_row, 1)}:{cell(km_row, n)}"
    weight_range = f"{cell(weight_row, 1)}:{cell(weight_row, n)}"
    converted = ctx.result.allocation.mileage_km[ctx.code]
    ws.write_formula(
        km_row, n + 1, f"=SUMPRODUCT({km_range},{weight_range})", base.km, float(converted)
    )
    ws.write_string(weight_row, n + 1, "", base.text)
    return cell(km_row, n + 1, True), weight_row + 1


def _performance_block(
    ws: Worksheet, row: int, ctx: CountyContext, converted_cell: str
) -> tuple[str, int]:
    """Score and how it becomes the performance weight; returns the weight cell."""
    method = ctx.result.period.performance
    basis = ctx.result.allocation.performance_basis[ctx.code]
    if isinstance(method, CoefficientMethod):
        return _coefficient_block(ws, row, ctx, method, basis, converted_cell)
    return _factor_block(ws, row, ctx, method, basis, converted_cell)


def _coefficient_block(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    method: CoefficientMethod,
    basis: PerformanceBasis,
    converted_cell: str,
) -> tuple[str, int]:
    st, base = ctx.styles, ctx.styles.base
    need_label = ctx.text("cw.need_mileage") if method.need == "mileage" else ctx.text("need")
    header_row(
        ws,
        row,
        [
            ctx.text("county"),
            ctx.text("score"),
            ctx.text("grade"),
            ctx.text("coefficient"),
            need_label,
            ctx.text("cw.performance_weight"),
        ],
        base,
    )
    row += 1
    assert basis.grade is not None and basis.coefficient is not None and basis.need is not None
    ws.write_string(row, 0, ctx.name, st.label)
    ws.write_number(row, 1, float(basis.score), st.score)
    ws.write_string(row, 2, basis.grade, st.direction)
    ws.write_number(row, 3, float(basis.coefficient), st.factor)
    if method.need == "mileage":
        ws.write_formula(row, 4, f"={converted_cell}", base.km, float(basis.need))
    else:
        ws.write_number(row, 4, float(basis.need), st.weight)
    ws.write_formula(row, 5, f"={cell(row, 3)}*{cell(row, 4)}", st.weight, float(basis.weight))
    return cell(row, 5, True), row + 1


def _factor_block(
    ws: Worksheet,
    row: int,
    ctx: CountyContext,
    method: FactorMethod,
    basis: PerformanceBasis,
    converted_cell: str,
) -> tuple[str, int]:
    st, base = ctx.styles, ctx.styles.base
    header_row(
        ws,
        row,
        [ctx.text("score"), ctx.text("cw.min_score"), ctx.text("eligible")],
        base,
    )
    row += 1
    ws.write_number(row, 0, float(basis.score), st.score)
    ws.write_number(row, 1, float(method.min_score), st.score)
    ws.write_string(row, 2, ctx.text("yes" if basis.eligible else "no"), st.direction)
    row += 2
    header_row(
        ws,
        row,
        [
            ctx.text("cw.factor"),
            ctx.text("cw.county_value"),
            ctx.text("cw.eligible_total"),
            ctx.text("cw.factor_share"),
            ctx.text("cw.factor_part"),
        ],
        base,
    )
    values, totals = factor_values(ctx.result.allocation, ctx.code), ctx.facts.factor_totals
    first = row + 1
    for key, alpha in method.factors.items():
        row += 1
        ws.write_string(row, 0, ctx.text(f"factor.{key}"), st.label)
        if key == "mileage":
            ws.write_formula(row, 1, f"={converted_cell}", base.km, float(values[key]))
        else:
            ws.write_number(row, 1, float(values[key]), st.weight)
        ws.write_number(row, 2, float(totals[key]), st.weight)
        ws.write_number(row, 3, float(alpha), st.factor)
        part = basis.factor_parts.get(key, Fraction(0))
        if basis.eligible:
            assert part == alpha * values[key] / totals[key]
            formula = f"={cell(row, 3)}*{cell(row, 1)}/{cell(row, 2)}"
            ws.write_formula(row, 4, formula, st.weight, float(part))
        else:
            ws.write_number(row, 4, 0, st.weight)
    row += 1
    ws.write_string(row, 0, ctx.text("cw.performance_weight"), st.label_bold)
    for col in (1, 2, 3):
        ws.write_string(row, col, "", base.text)
    ws.write_formula(row, 4, column_sum(first, row - 1, 4), st.weight, float(basis.weight))
    return cell(row, 4, True), row + 1


def _year_notes(ctx: CountyContext) -> tuple[str, ...]:
    """The notes every county's attachment of the year has, in the workbook's language."""
    period = ctx.result.period
    return (
        ctx.text(
            "cw.note.allocation_policy",
            reference=period.reference,
            daily_pct=floor_text(period.daily_share),
            perf_pct=floor_text(period.performance_share),
        ),
        ctx.text("cw.note.daily_round"),
        ctx.text("cw.note.mileage", weights=_class_weights_text(ctx)),
        _performance_note(ctx, period.performance),
        ctx.text("cw.note.largest_remainder"),
        ctx.text("cw.note.quota_display"),
    )


def _class_weights_text(ctx: CountyContext) -> str:
    weights = ctx.result.period.road_class_weights.by_key()
    return ctx.join(
        [
            f"{ctx.text(f'cw.road_class.{key}')} {decimal_text(weights[key])}"
            for key, _ in ROAD_CLASSES
        ]
    )


def _performance_note(ctx: CountyContext, method: CoefficientMethod | FactorMethod) -> str:
    if isinstance(method, CoefficientMethod):
        bands = sorted(method.bands, key=lambda b: b.min_score, reverse=True)
        text = ctx.join(
            [
                ctx.text(
                    "cw.note.band",
                    min=decimal_text(b.min_score),
                    grade=b.grade,
                    coefficient=decimal_text(b.coefficient),
                )
                for b in bands
            ],
            clause=True,
        )
        need = ctx.text("cw.need_mileage") if method.need == "mileage" else ctx.text("need")
        return ctx.text("cw.note.coefficient", need=need, bands=text)
    factors = ctx.join(
        [f"{ctx.text(f'factor.{k}')} {decimal_text(v)}" for k, v in method.factors.items()]
    )
    return ctx.text("cw.note.factor", min=decimal_text(method.min_score), factors=factors)
