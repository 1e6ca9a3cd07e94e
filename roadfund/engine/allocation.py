"""Transfer-fund allocation (收入划分, SPEC §3.1).

For each fund source: ``pool = received − city_deduction``; ``daily = round_half_up(pool ×
daily_share)``, ``performance = pool − daily``; daily is apportioned by converted mileage
(折算里程), performance by the policy's performance weight (coefficient or factor method).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from roadfund.engine.apportion import Share, apportion
from roadfund.models import MileageRow, PerformanceRow, SourceRow, YearInput
from roadfund.money import HUNDREDTHS, METRES_PER_KM, round_half_up
from roadfund.policy import CoefficientMethod, FactorMethod, Period, RoadClassWeights
from roadfund.schema import FUND_SOURCES


def converted_mileage(row: MileageRow, weights: RoadClassWeights) -> Fraction:
    """折算里程 in km: Σ over road classes of km × class weight."""
    by_class = weights.by_key()
    metres = sum((m * by_class[key] for key, m in row.metres_by_class().items()), Fraction(0))
    return metres / METRES_PER_KM


def split_pool(pool: int, daily_share: Fraction) -> tuple[int, int]:
    """(daily, performance): daily = round_half_up(pool × daily_share); the rest is performance."""
    daily = round_half_up(pool * daily_share)
    return daily, pool - daily


@dataclass(frozen=True)
class PerformanceBasis:
    """How one county's performance weight was formed (绩效考核资金分配依据)."""

    score: Fraction  # points
    need: Fraction | None  # the need used: converted km or the 工作需求 figure
    grade: str | None  # coefficient method
    coefficient: Fraction | None  # coefficient method
    eligible: bool  # factor method: score ≥ min_score
    factor_parts: Mapping[str, Fraction]  # factor method: α_k · x_ik / Σ_j x_jk by factor
    weight: Fraction


class NeedMissing(ValueError):
    """The policy allocates by the 工作需求 column, but a county's figure is blank."""

    def __init__(self, county: str) -> None:
        super().__init__(county)
        self.county = county


class ZeroFactorTotal(ValueError):
    """A factor of the factor method totals 0 over the eligible counties."""

    def __init__(self, factor: str) -> None:
        super().__init__(factor)
        self.factor = factor


def score_points(row: PerformanceRow) -> Fraction:
    return Fraction(row.score, HUNDREDTHS)


def need_figure(row: PerformanceRow) -> Fraction | None:
    return None if row.need is None else Fraction(row.need, HUNDREDTHS)


def performance_basis(
    performance: Mapping[str, PerformanceRow],
    mileage_km: Mapping[str, Fraction],
    period: Period,
) -> dict[str, PerformanceBasis]:
    """Each county's performance weight under the period's method."""
    method = period.performance
    if isinstance(method, CoefficientMethod):
        return {
            code: _coefficient_basis(row, mileage_km[code], method)
            for code, row in performance.items()
        }
    return _factor_basis(performance, mileage_km, method)


def _coefficient_basis(
    row: PerformanceRow, km: Fraction, method: CoefficientMethod
) -> PerformanceBasis:
    score = score_points(row)
    band = method.band_for(score)
    need = km if method.need == "mileage" else need_figure(row)
    if need is None:
        raise NeedMissing(row.county_code)  # the reader's weights_rule reports it first
    return PerformanceBasis(
        score=score,
        need=need,
        grade=band.grade,
        coefficient=band.coefficient,
        eligible=band.coefficient > 0,
        factor_parts={},
        weight=need * band.coefficient,
    )


def _factor_basis(
    performance: Mapping[str, PerformanceRow],
    mileage_km: Mapping[str, Fraction],
    method: FactorMethod,
) -> dict[str, PerformanceBasis]:
    eligible = {code for code, row in performance.items() if score_points(row) >= method.min_score}
    values: dict[str, dict[str, Fraction]] = {}
    for code, row in performance.items():
        need = need_figure(row)
        values[code] = {
            "score": score_points(row),
            "need": need if need is not None else Fraction(0),
            "mileage": mileage_km[code],
        }
    totals = {k: sum((values[c][k] for c in eligible), Fraction(0)) for k in method.factors}
    for factor, total in totals.items():
        if total == 0 and eligible:
            raise ZeroFactorTotal(factor)
    result = {}
    for code, row in performance.items():
        parts: dict[str, Fraction] = (
            {k: alpha * values[code][k] / totals[k] for k, alpha in method.factors.items()}
            if code in eligible
            else {}
        )
        result[code] = PerformanceBasis(
            score=score_points(row),
            need=need_figure(row),
            grade=None,
            coefficient=None,
            eligible=code in eligible,
            factor_parts=parts,
            weight=sum(parts.values(), Fraction(0)),
        )
    return result


@dataclass(frozen=True)
class SourceAllocation:
    """One fund source split over the counties."""

    code: str
    name: str
    received: int
    city_deduction: int
    pool: int
    daily_pool: int
    performance_pool: int
    daily: Mapping[str, Share]
    performance: Mapping[str, Share]

    def total(self, county: str) -> int:
        return self.daily[county].amount + self.performance[county].amount


@dataclass(frozen=True)
class Allocation:
    """Both sources' allocations with the weights behind them."""

    mileage_km: Mapping[str, Fraction]  # converted mileage by county
    performance_basis: Mapping[str, PerformanceBasis]
    sources: tuple[SourceAllocation, ...]  # in FUND_SOURCES order

    def transfer_total(self, county: str) -> int:
        """The county's allocation summed over both sources."""
        return sum(source.total(county) for source in self.sources)


def allocate_source(
    source: SourceRow,
    period: Period,
    mileage_km: Mapping[str, Fraction],
    basis: Mapping[str, PerformanceBasis],
) -> SourceAllocation:
    pool = source.received - source.city_deduction
    daily_pool, performance_pool = split_pool(pool, period.daily_share)
    return SourceAllocation(
        code=source.code,
        name=source.name,
        received=source.received,
        city_deduction=source.city_deduction,
        pool=pool,
        daily_pool=daily_pool,
        performance_pool=performance_pool,
        daily=apportion(daily_pool, mileage_km),
        performance=apportion(performance_pool, {c: b.weight for c, b in basis.items()}),
    )


def county_bases(
    year_input: YearInput, period: Period
) -> tuple[dict[str, Fraction], dict[str, PerformanceBasis]]:
    """Converted mileage and performance basis for every county (the weights of both pools)."""
    mileage_km = {
        row.county_code: converted_mileage(row, period.road_class_weights)
        for row in year_input.mileage
    }
    performance = {row.county_code: row for row in year_input.performance}
    return mileage_km, performance_basis(performance, mileage_km, period)


def allocate(year_input: YearInput, period: Period) -> Allocation:
    mileage_km, basis = county_bases(year_input, period)
    by_code = {source.code: source for source in year_input.sources}
    sources = tuple(
        allocate_source(by_code[code], period, mileage_km, basis)
        for code in FUND_SOURCES
        if code in by_code
    )
    return Allocation(mileage_km=mileage_km, performance_basis=basis, sources=sources)
