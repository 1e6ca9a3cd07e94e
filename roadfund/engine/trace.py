"""How each of a county's amounts was computed, step by step (计算过程) — pure, no I/O.

``explain_county(result, code)`` returns a list of ``TraceLine`` values: a label key of
the catalog (``roadfund.text``, under ``trace.``) and the values that fill it, already
as exact text. The same lines are printed by ``roadfund explain`` and written to the
summary workbook's 计算过程 sheet, in Chinese or English.

The order follows the derivation: the basis of the weights (converted mileage, score →
grade → coefficient × need, or the factors) and their city-wide totals; then per fund
source the amount received, the deduction, the pool and its 70/30 split with the exact
product and its rounding, and per pool the exact quota (as a fraction and as a decimal),
its floor, the remainder rank and the leftover fen; then the matching check and the
year-end settlement lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from roadfund import money
from roadfund.engine import YearResult
from roadfund.engine.allocation import SourceAllocation
from roadfund.engine.apportion import Share
from roadfund.engine.budget import CountyBudget
from roadfund.engine.matching import MatchingCheck
from roadfund.engine.settlement import CountySettlement, county_borne
from roadfund.models import MileageRow, SourceRow
from roadfund.money import decimal_text, fraction_text, terminating_places
from roadfund.money import exact_text as exact_text  # kept importable from here (tests)
from roadfund.policy import CoefficientMethod
from roadfund.schema import FUND_SOURCES, ROAD_CLASSES
from roadfund.text import Lang, label, label_filler

# --- exact numbers as text (built on roadfund.money) -------------------------------


yuan = money.fen_to_yuan_grouped
"""Fen as 元 with thousands separators, as the workbooks show it (the name the trace's
templates are filled with; ~70 a county, so money's own function, not a wrapper of it)."""


def yuan_operand(fen: int) -> str:
    """An amount inside a sum: negatives in parentheses, "252.64 − (-50.00)"."""
    return _operand(fen, yuan(fen))


def _operand(fen: int, text: str) -> str:
    """``yuan_operand`` of an amount whose ``yuan`` text is made already."""
    return f"({text})" if fen < 0 else text


def fen_count(fen: int) -> str:
    """A whole number of fen with separators: 3156559000 → "3,156,559,000"."""
    return decimal_text(fen)


def km(value: Fraction) -> str:
    """km with at least 3 decimals (metre precision), more only when a class weight needs them."""
    return decimal_text(value, 3, 9)


def ratio_text(value: Fraction, min_places: int = 2) -> str:
    """A policy ratio or coefficient as written: 0.7 → "0.70" (shares), 1.2 → "1.2"."""
    return decimal_text(value, min_places, 9, group=False)


def weight_text(value: Fraction) -> str:
    """A weight: exact decimal when it terminates (≥ 3 places), else fraction ≈ decimal."""
    places = terminating_places(value)
    if places is not None and places <= 9:
        return decimal_text(value, 3, 9)
    return f"{fraction_text(value)} ≈ {decimal_text(value, 0, 9)}"


def score_text(value: Fraction) -> str:
    return decimal_text(value, 2, 2, group=False)


# --- trace lines ---------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A word from the catalog (rendered in the reader's language), not a number."""

    key: str


Param = str | Ref


@dataclass(frozen=True)
class TraceLine:
    """One step of the derivation.

    ``section`` names the part of the derivation as label keys ("source.central.short",
    "daily"); ``key`` is the line's template under ``trace.`` in the catalog; ``params``
    fill it (numbers already exact text); ``fen`` is the amount the step arrives at, when
    it arrives at one; ``level`` 1 marks a detail of the step above.
    """

    section: tuple[str, ...]
    key: str
    params: tuple[tuple[str, Param], ...] = ()
    fen: int | None = None
    level: int = 0

    def text(self, lang: Lang = "zh") -> str:
        params = self.params
        if not params:  # as label() gives a text without parameters: unformatted
            return label(f"trace.{self.key}", lang)
        values = {
            name: label(value.key, lang) if isinstance(value, Ref) else value
            for name, value in params
        }
        return label_filler(f"trace.{self.key}", lang)(values)

    def section_text(self, lang: Lang = "zh") -> str:
        return " · ".join(label(key, lang) for key in self.section)


def _line(
    section: tuple[str, ...],
    key: str,
    fen: int | None = None,
    level: int = 0,
    **params: Param,
) -> TraceLine:
    """``TraceLine(section, key, tuple(params.items()), fen, level)``, made in half the time:
    a frozen dataclass sets each field by ``object.__setattr__`` (five calls), this fills
    the instance's dict at once — the 计算过程 sheet makes ~54 lines a county. The same
    value as the constructor's (tests/test_explain.py compares them)."""
    line: TraceLine = _new(TraceLine)
    line.__dict__.update(
        section=section, key=key, params=tuple(params.items()), fen=fen, level=level
    )
    return line


_new = object.__new__


def _amount_line(section: tuple[str, ...], key: str, fen: int) -> TraceLine:
    """A step whose template shows just the amount it arrives at, as {amount}."""
    return _line(section, key, fen, amount=yuan(fen))


class UnknownCounty(LookupError):
    """The county code is not in the year's input; ``valid`` maps the codes there to names."""

    def __init__(self, code: str, valid: Mapping[str, str]) -> None:
        super().__init__(code)
        self.code = code
        self.valid = dict(valid)


BASIS = ("trace.section.basis",)
TRANSFER = ("trace.section.transfer",)
MATCHING = ("trace.section.matching",)
SETTLEMENT = ("trace.section.settlement",)


@dataclass(frozen=True)
class Index:
    """Lookups and city-wide totals of one result, built once for every county's trace,
    with the lines and texts that are the same in every county's trace."""

    mileage: Mapping[str, MileageRow]
    factor_totals: Mapping[str, Fraction]  # factor method: Σ x_k over the eligible counties
    pools: Mapping[tuple[str, str], tuple[int, str, str]]  # (source, pool) → leftover, P, Σw
    projects: Mapping[str, list[MatchingCheck]]
    county_checks: Mapping[str, MatchingCheck]
    settlements: Mapping[str, CountySettlement]
    source_heads: Mapping[str, tuple[TraceLine, ...]]  # source → received … 70/30 split
    total_lines: tuple[TraceLine, TraceLine]  # Σ converted mileage, Σ performance weight
    class_weights: tuple[tuple[str, Ref, str], ...]  # each road class: key, word, its weight
    budgets: Mapping[str, CountyBudget]  # year start: what each county will bear

    def shared_lines(self) -> tuple[TraceLine, ...]:
        """The lines that are the very same objects in every county's trace."""
        return (*self.total_lines, *(line for head in self.source_heads.values() for line in head))

    @classmethod
    def of(cls, result: YearResult) -> Index:
        """Lookups of the result; every total is the engine's own figure, read, not summed.
        A pool's P (in fen) and Σw are kept as the quota line writes them."""
        alloc = result.allocation
        rows = {s.code: s for s in result.year_input.sources}
        class_weights = result.period.road_class_weights.by_key()
        projects: dict[str, list[MatchingCheck]] = {}
        for check in result.matching.projects:
            projects.setdefault(check.county_code, []).append(check)
        pools: dict[tuple[str, str], tuple[int, str, str]] = {}
        for source in alloc.sources:
            for kind, pool, weight_sum, leftover in (
                ("daily", source.daily_pool, source.daily_weight_sum, source.daily_leftover),
                (
                    "performance",
                    source.performance_pool,
                    source.performance_weight_sum,
                    source.performance_leftover,
                ),
            ):
                pools[(source.code, kind)] = (leftover, fen_count(pool), weight_text(weight_sum))
        return cls(
            mileage={row.county_code: row for row in result.year_input.mileage},
            factor_totals=alloc.factor_totals,
            pools=pools,
            projects=projects,
            county_checks={c.county_code: c for c in result.matching.counties},
            settlements=(
                {c.code: c for c in result.settlement.counties} if result.settlement else {}
            ),
            source_heads={
                source.code: tuple(_source_head(result, source, rows[source.code]))
                for source in alloc.sources
            },
            total_lines=(
                _line(
                    BASIS,
                    "total_mileage",
                    count=str(len(alloc.mileage_km)),
                    km=km(alloc.total_mileage_km),
                ),
                _line(BASIS, "total_weight", weight=weight_text(alloc.total_performance_weight)),
            ),
            class_weights=tuple(
                (key, Ref(f"trace.road.{key}"), ratio_text(class_weights[key], 0))
                for key, _name in ROAD_CLASSES
            ),
            budgets={c.code: c for c in result.budget.counties},
        )


def explain_county(
    result: YearResult,
    code: str,
    sources: Sequence[str] | None = None,
    index: Index | None = None,
) -> list[TraceLine]:
    """Every step behind the county's amounts; ``sources`` limits the fund sources shown.

    Raises UnknownCounty when ``code`` is not a county of the year's input. ``index``:
    the result's lookups, when tracing many counties of one result.
    """
    index = index or Index.of(result)
    names = result.year_input.county_names()
    if code not in names:
        raise UnknownCounty(code, names)
    wanted = set(FUND_SOURCES if sources is None else sources)
    chosen = [s for s in result.allocation.sources if s.code in wanted]
    lines = basis_lines(result, code, index)
    for source in chosen:
        lines += source_lines(result, source, code, index)
        lines += batch_lines(result, source.code, code)
    if len(chosen) > 1:
        parts = [source.total(code) for source in chosen]
        lines.append(
            _line(
                TRANSFER,
                "transfer_total",
                sum(parts),
                parts=" + ".join(yuan(p) for p in parts),
                total=yuan(sum(parts)),
            )
        )
    lines += matching_lines(result, code, index)
    if result.settlement is not None:
        lines += settlement_lines(result, code, index)
    else:  # year start: what the county will bear, never a settlement
        lines += budget_lines(result, code, index)
    return lines


def explain_all(result: YearResult) -> dict[str, list[TraceLine]]:
    """The trace of every county, by county code."""
    return dict(explain_each(result))


def explain_each(
    result: YearResult, index: Index | None = None
) -> Iterator[tuple[str, list[TraceLine]]]:
    """Each county's trace in turn, by county code: one county's lines at a time, so the
    计算过程 sheet of a national run never holds every county's (~54 lines each) at once.
    ``index``: the result's lookups, when the caller holds them."""
    index = index or Index.of(result)
    for code in sorted(result.year_input.county_names()):
        yield code, explain_county(result, code, index=index)


def basis_lines(result: YearResult, code: str, index: Index) -> list[TraceLine]:
    """How the county's two weights were formed, and the city-wide totals they divide by."""
    alloc = result.allocation
    mileage = index.mileage[code]
    parts = alloc.class_parts[code]  # the engine's km × class weight, by class
    lines: list[TraceLine] = []
    converted: list[str] = []
    for (key, road_class, weight), metres in zip(
        index.class_weights, mileage.metres_by_class().values(), strict=True
    ):
        length = Fraction(metres, money.METRES_PER_KM)
        part = parts[key]
        length_km = km(length)
        part_km = length_km if part == length else km(part)  # a class weight of 1: the km
        converted.append(part_km)
        lines.append(
            _line(
                BASIS,
                "class_km",
                level=1,
                road_class=road_class,
                km=length_km,
                weight=weight,
                converted=part_km,
            )
        )
    own_km = alloc.mileage_km[code]
    lines.append(_line(BASIS, "converted_mileage", parts=" + ".join(converted), km=km(own_km)))
    total_mileage, total_weight = index.total_lines
    lines.append(total_mileage)
    lines += _performance_basis_lines(result, code, index)
    lines.append(total_weight)
    return lines


def _performance_basis_lines(result: YearResult, code: str, index: Index) -> list[TraceLine]:
    method = result.period.performance
    basis = result.allocation.performance_basis[code]
    score = score_text(basis.score)
    if isinstance(method, CoefficientMethod):
        assert basis.grade is not None and basis.coefficient is not None
        assert basis.need is not None and basis.min_score is not None
        need_key = "weight_mileage" if method.need == "mileage" else "weight_need"
        need = km(basis.need) if method.need == "mileage" else decimal_text(basis.need, 2, 9)
        coefficient = ratio_text(basis.coefficient, 1)
        return [
            _line(
                BASIS,
                "score_band",
                score=score,
                min_score=score_text(basis.min_score),
                grade=basis.grade,
                coefficient=coefficient,
            ),
            _line(
                BASIS,
                need_key,
                need=need,
                coefficient=coefficient,
                weight=weight_text(basis.weight),
            ),
        ]
    min_score = score_text(method.min_score)
    if not basis.eligible:
        return [_line(BASIS, "factor_ineligible", score=score, min_score=min_score)]
    lines = [_line(BASIS, "factor_eligible", score=score, min_score=min_score)]
    for factor, share in method.factors.items():
        lines.append(
            _line(
                BASIS,
                "factor_part",
                level=1,
                factor=Ref(f"factor.{factor}"),
                share=ratio_text(share),
                value=_factor_text(factor, _factor_value(result, code, factor)),
                total=_factor_text(factor, index.factor_totals[factor]),
                part=weight_text(basis.factor_parts[factor]),
            )
        )
    lines.append(
        _line(
            BASIS,
            "weight_factors",
            parts=" + ".join(weight_text(p) for p in basis.factor_parts.values()),
            weight=weight_text(basis.weight),
        )
    )
    return lines


def _factor_text(factor: str, value: Fraction) -> str:
    """A factor's value as its column shows it: score 2 decimals, mileage km, need exact."""
    if factor == "score":
        return decimal_text(value, 2, 9)
    return km(value) if factor == "mileage" else weight_text(value)


def _factor_value(result: YearResult, code: str, factor: str) -> Fraction:
    """x_ik of the factor method, as the engine recorded it."""
    return result.allocation.performance_basis[code].factor_values[factor]


def source_lines(
    result: YearResult, source: SourceAllocation, code: str, index: Index
) -> list[TraceLine]:
    """received → deduction → pool → 70/30 split, then the county's share of both pools."""
    section = (f"source.{source.code}.short",)
    lines = list(index.source_heads[source.code])
    for kind, shares in (("daily", source.daily), ("performance", source.performance)):
        lines += share_lines((*section, kind), kind, shares, code, index.pools[(source.code, kind)])
    daily, performance = source.daily[code].amount, source.performance[code].amount
    lines.append(
        _line(
            (*section, "total"),
            "source_total",
            daily + performance,
            source=Ref(f"source.{source.code}.short"),
            daily=yuan(daily),
            performance=yuan(performance),
            total=yuan(daily + performance),
        )
    )
    return lines


def _source_head(result: YearResult, source: SourceAllocation, row: SourceRow) -> list[TraceLine]:
    """A source's received → deduction → pool → 70/30 split: the same in every county's trace."""
    section = (f"source.{source.code}.short",)
    lines = [_amount_line(section, "received", source.received)]
    if row.base_subsidy is not None and row.reward is not None:
        lines.append(
            _line(
                section,
                "received_parts",
                level=1,
                base=yuan(row.base_subsidy),
                reward=yuan(row.reward),
            )
        )
    share = result.period.daily_share
    exact = Fraction(source.pool) * share / money.FEN_PER_YUAN
    lines += [
        _amount_line(section, "deduction", source.city_deduction),
        _line(
            section,
            "pool",
            source.pool,
            received=yuan(source.received),
            deduction=yuan(source.city_deduction),
            pool=yuan(source.pool),
        ),
        _line(
            section,
            "daily_pool",
            source.daily_pool,
            pool=yuan(source.pool),
            share=ratio_text(share),
            exact=decimal_text(exact, 2, 9),
            daily=yuan(source.daily_pool),
        ),
        _line(
            section,
            "performance_pool",
            source.performance_pool,
            pool=yuan(source.pool),
            daily=yuan(source.daily_pool),
            performance=yuan(source.performance_pool),
        ),
    ]
    return lines


def share_lines(
    section: tuple[str, ...],
    what: str,
    shares: Mapping[str, Share],
    code: str,
    pool: tuple[int, str, str],
) -> list[TraceLine]:
    """One county's largest-remainder share of a pool: quota, floor, remainder rank, extra.

    ``pool``: its number of leftover fen, and the pool in fen and its Σ weight as the quota
    line writes them (Index.pools: the same for every county).
    """
    share = shares[code]
    leftover, total, total_weight = pool
    lines = [
        _line(
            section,
            "quota",
            total=total,
            weight=weight_text(share.weight),
            total_weight=total_weight,
            fraction=fraction_text(share.quota),
            decimal=decimal_text(share.quota, 0, 6),
        ),
    ]
    if share.weight == 0:
        lines.append(_line(section, "zero_weight", level=1))
    lines += [
        _line(
            section,
            "floor",
            share.floor,
            floor=fen_count(share.floor),
            remainder=f"{fraction_text(share.remainder)} = {decimal_text(share.remainder, 0, 6)}",
        ),
        _line(
            section,
            "rank_extra" if share.extra else "rank_none" if leftover else "rank_no_leftover",
            rank=str(share.rank),
            count=str(len(shares)),
            leftover=str(leftover),
        ),
        _line(
            section,
            "amount",
            share.amount,
            what=Ref(what),
            floor=yuan(share.floor),
            extra=yuan(share.extra),
            amount=yuan(share.amount),
        ),
    ]
    return lines


def matching_lines(result: YearResult, code: str, index: Index) -> list[TraceLine]:
    """The county's provincial pavement projects against the matching floor, then its total."""
    projects = index.projects.get(code, [])
    if not projects:
        return [_line(MATCHING, "no_planned" if result.matching_provisional else "no_projects")]
    lines: list[TraceLine] = []
    if result.matching_provisional:  # year start: planned figures, not a verdict
        lines.append(_line(MATCHING, "matching_provisional"))
    for check in projects:
        lines += _check_lines(check, "matching_project")
    county = index.county_checks[code]
    lines += _check_lines(county, "matching_county")
    return lines


def _check_lines(check: MatchingCheck, key: str) -> list[TraceLine]:
    ratio = decimal_text(check.ratio, 4, 6)
    floor = ratio_text(check.floor)
    head = _line(
        MATCHING,
        key,
        check.matching,
        id=check.id,
        city=yuan(check.city_matching),
        county=yuan(check.county_matching),
        matching=yuan(check.matching),
        investment=yuan(check.investment),
        ratio=ratio,
    )
    if check.passed:
        verdict = _line(MATCHING, "matching_pass", level=1, ratio=ratio, floor=floor)
    else:
        verdict = _line(
            MATCHING,
            "matching_fail",
            check.shortfall,
            level=1,
            ratio=ratio,
            floor=floor,
            investment=yuan(check.investment),
            required=yuan(check.required),
            matching=yuan(check.matching),
            shortfall=yuan(check.shortfall),
        )
    return [head, verdict]


def settlement_lines(result: YearResult, code: str, index: Index) -> list[TraceLine]:
    """The branch center's cost lines, budget, actual, prepaid, due, variance, net transfer."""
    county = index.settlements[code]
    lines = [
        _line(
            SETTLEMENT,
            "branch",
            branch=county.branch,
            mode=Ref(f"trace.mode.{county.mode}"),
        )
    ]
    if not county.lines:
        lines.append(_line(SETTLEMENT, "no_costs", level=1))
    budgets: list[tuple[int, str]] = []  # the county-borne lines' amounts and their texts
    actuals: list[tuple[int, str]] = []
    for cost in county.lines:
        budget, actual = cost.budget, cost.actual_fen()
        budget_text, actual_text = yuan(budget), yuan(actual)
        borne = county_borne(cost)
        if borne:
            budgets.append((budget, budget_text))
            actuals.append((actual, actual_text))
        lines.append(
            _line(
                SETTLEMENT,
                "cost_line" if borne else "cost_line_city",
                level=1,
                category=cost.category,
                item=cost.item,
                budget=budget_text,
                actual=actual_text,
            )
        )
    lines += [
        _line(
            SETTLEMENT,
            "budget",
            county.budget,
            parts=_sum_text(budgets),
            amount=yuan(county.budget),
        ),
        _line(
            SETTLEMENT,
            "actual",
            county.actual,
            parts=_sum_text(actuals),
            amount=yuan(county.actual),
        ),
        _amount_line(SETTLEMENT, "prepaid", county.prepaid),
        _line(
            SETTLEMENT,
            "due",
            county.due,
            actual=yuan(county.actual),
            prepaid=yuan_operand(county.prepaid),
            due=yuan(county.due),
        ),
        _line(
            SETTLEMENT,
            "variance",
            county.variance,
            budget=yuan(county.budget),
            actual=yuan_operand(county.actual),
            variance=yuan(county.variance),
        ),
        _amount_line(SETTLEMENT, "transfer", county.transfer_total),
    ]
    if county.mode == "offset":
        lines.append(
            _line(
                SETTLEMENT,
                "net_offset",
                county.net_transfer,
                total=yuan(county.transfer_total),
                due=yuan_operand(county.due),
                net=yuan(county.net_transfer),
            )
        )
    else:
        lines.append(
            _line(SETTLEMENT, "net_remit", county.net_transfer, net=yuan(county.net_transfer))
        )
    return lines


BATCHES = ("trace.section.batches",)
BUDGET = ("trace.section.budget",)


def batch_lines(result: YearResult, source_code: str, code: str) -> list[TraceLine]:
    """Each batch of the source as the county's cumulative allocation minus the previous one."""
    if result.batches is None:
        return []
    section = (f"source.{source_code}.short", "trace.section.batches")
    lines: list[TraceLine] = []
    for batch in result.batches.of_source(source_code):
        cumulative, previous = batch.cumulative, batch.previous
        lines.append(
            _line(
                section,
                "batch_named" if batch.name else "batch",
                batch.pool,
                number=str(batch.number),
                name=batch.name,
                received=yuan(batch.row.received),
                deduction=yuan(batch.row.city_deduction),
                pool=yuan(batch.pool),
                cumulative=yuan(cumulative.pool),
            )
        )
        for part in ("daily", "performance"):
            now = getattr(cumulative, part)[code].amount
            before = getattr(previous, part)[code].amount if previous else 0
            lines.append(
                _line(
                    section,
                    "batch_part",
                    now - before,
                    level=1,
                    part=Ref(part),
                    cumulative=yuan(now),
                    previous=yuan_operand(before),
                    amount=yuan(now - before),
                )
            )
        daily, performance = batch.daily[code], batch.performance[code]
        lines.append(
            _line(
                section,
                "batch_total",
                batch.total(code),
                level=1,
                daily=yuan(daily),
                performance=yuan(performance),
                total=yuan(daily + performance),
            )
        )
    return lines


def budget_lines(result: YearResult, code: str, index: Index) -> list[TraceLine]:
    """Year start: the branch center's budget lines and the budget the county will bear."""
    county = index.budgets[code]  # looked up, not searched: a search per county is quadratic
    lines = [_line(BUDGET, "budget_branch", branch=county.branch)]
    if not county.lines:
        lines.append(_line(BUDGET, "no_costs", level=1))
    budgets: list[tuple[int, str]] = []  # the county-borne lines' amounts and their texts
    for cost in county.lines:
        budget_text = yuan(cost.budget)
        borne = county_borne(cost)
        if borne:
            budgets.append((cost.budget, budget_text))
        lines.append(
            _line(
                BUDGET,
                "budget_line" if borne else "budget_line_city",
                level=1,
                category=cost.category,
                item=cost.item,
                budget=budget_text,
            )
        )
    lines.append(
        _line(
            BUDGET,
            "budget_borne",
            county.budget,
            parts=_sum_text(budgets),
            amount=yuan(county.budget),
        )
    )
    return lines


def _sum_text(amounts: Iterable[tuple[int, str]]) -> str:
    """A sum of amounts, each given with its ``yuan`` text: "1.00 + (-2.00)"; "0.00" of none."""
    parts = [_operand(fen, text) for fen, text in amounts]
    return " + ".join(parts) if parts else yuan(0)


def render(lines: Iterable[TraceLine], lang: Lang = "zh") -> list[str]:
    """Lines for a terminal: a 【heading】 where the section changes, steps indented below."""
    out: list[str] = []
    section: tuple[str, ...] | None = None
    for line in lines:
        if line.section != section:
            section = line.section
            out.append(f"【{line.section_text(lang)}】")
        out.append("  " * (line.level + 1) + line.text(lang))
    return out
