"""Transfer-fund allocation (收入划分, SPEC §3.1).

For each fund source: ``pool = received − city_deduction``; ``daily = round_half_up(pool ×
daily_share)``, ``performance = pool − daily``; daily is apportioned by converted mileage
(折算里程), performance by the policy's performance weight (coefficient or factor method).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from roadfund.engine import frames, rules
from roadfund.engine.apportion import Share
from roadfund.engine.frames import weights_frame
from roadfund.engine.kernel import PoolSplit, apportion_pool
from roadfund.engine.rules import ZeroFactorTotal, split_pool
from roadfund.models import MileageRow, PerformanceRow, SourceRow, YearInput
from roadfund.money import HUNDREDTHS, METRES_PER_KM
from roadfund.policy import CoefficientMethod, Period, RoadClassWeights
from roadfund.schema import FUND_SOURCES

__all__ = ["ZeroFactorTotal", "split_pool"]  # kept importable from here (their home: rules)


def converted_mileage(row: MileageRow, weights: RoadClassWeights) -> Fraction:
    """折算里程 in km of one county: Σ over road classes of km × class weight (rules)."""
    ints, scale = rules.class_ints(weights)
    metres = [[m] for m in row.metres_by_class().values()]
    return rules.converted_km(rules.converted_ints(metres, ints)[0], scale)


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
    min_score: Fraction | None = None  # coefficient method: the lower bound of its band
    factor_values: Mapping[str, Fraction] = field(default_factory=dict)  # factor: x_ik


class NeedMissing(ValueError):
    """The policy allocates by the 工作需求 column, but a county's figure is blank."""

    def __init__(self, county: str) -> None:
        super().__init__(county)
        self.county = county


def score_points(row: PerformanceRow) -> Fraction:
    return Fraction(row.score, HUNDREDTHS)


def need_figure(row: PerformanceRow) -> Fraction | None:
    return None if row.need is None else Fraction(row.need, HUNDREDTHS)


@dataclass(frozen=True)
class CountyWeights:
    """Both pools' weights for every county — what ``county_weights`` finds, once.

    ``codes`` are sorted (the kernel's column order); the integer weights are on one
    scale per pool (``daily_scale``, ``performance_scale``), the same ratios as the
    exact weights in ``mileage_km`` and ``basis``.
    """

    codes: tuple[str, ...]
    class_parts: Mapping[str, Mapping[str, Fraction]]  # county → road class → km × weight
    mileage_km: Mapping[str, Fraction]  # in the mileage rows' order
    basis: Mapping[str, PerformanceBasis]  # in the performance rows' order
    daily_ints: tuple[int, ...]
    daily_scale: int
    performance_ints: tuple[int, ...]
    performance_scale: int
    factor_totals: Mapping[str, Fraction]  # factor method: Σ x_k over the eligible counties


def county_weights(
    mileage: Sequence[MileageRow], performance: Sequence[PerformanceRow], period: Period
) -> CountyWeights:
    """The one weights function (engine, sweep fallback and the reader's feasibility check):
    converted mileage by class, the performance basis and both pools' integer weights.

    Raises NeedMissing (a blank 工作需求 the coefficient method uses) and ZeroFactorTotal.
    """
    by_code = {row.county_code: row for row in mileage}
    perf = {row.county_code: row for row in performance}
    frame = weights_frame(mileage, performance)  # joined on the code, in code order
    codes = tuple(frame["code"].to_list())
    class_weights = period.road_class_weights.by_key()
    ints, class_scale = rules.class_ints(period.road_class_weights)
    metres = [frame[k].to_list() for k in rules.CLASS_KEYS]
    converted = rules.converted_ints(metres, ints)
    km = {c: rules.converted_km(v, class_scale) for c, v in zip(codes, converted, strict=True)}
    # km × class weight as one Fraction (one reduction, not three): 25,000 at 5,000 counties
    terms = {k: (w.numerator, METRES_PER_KM * w.denominator) for k, w in class_weights.items()}
    class_parts = {
        c: {
            k: Fraction(m * terms[k][0], terms[k][1])
            for k, m in by_code[c].metres_by_class().items()
        }
        for c in codes
    }
    method = period.performance
    basis: dict[str, PerformanceBasis] = {}
    factor_totals: Mapping[str, Fraction] = {}
    perf_rows = [perf[c] for c in codes]
    if isinstance(method, CoefficientMethod):
        table = rules.BandTable.of(method)
        needs, need_scale = rules.need_ints(
            method, converted, class_scale, [row.need for row in perf_rows]
        )
        perf_ints: list[int] = []
        for row, need in zip(perf_rows, needs, strict=True):
            if need is None:
                raise NeedMissing(row.county_code)  # the reader's weights_rule reports it first
            place = table.position(row.score)
            band = table.bands[place]
            perf_ints.append(need * table.coefficient_ints[place])
            basis[row.county_code] = PerformanceBasis(
                score=score_points(row),
                need=Fraction(need, need_scale),
                grade=band.grade,
                coefficient=band.coefficient,
                eligible=band.coefficient > 0,
                factor_parts={},
                weight=Fraction(perf_ints[-1], need_scale * table.coefficient_scale),
                min_score=band.min_score,
            )
        perf_scale = need_scale * table.coefficient_scale
    else:
        found = rules.factor_weights(
            method,
            [row.score for row in perf_rows],
            [row.need for row in perf_rows],
            [km[c] for c in codes],
        )
        factor_totals = found.totals
        for i, row in enumerate(perf_rows):
            basis[row.county_code] = PerformanceBasis(
                score=score_points(row),
                need=need_figure(row),
                grade=None,
                coefficient=None,
                eligible=found.eligible[i],
                factor_parts=found.parts[i],
                weight=found.weights[i],
                factor_values=rules.factor_values(row.score, row.need, km[row.county_code]),
            )
        common, perf_scale = rules.on_common(list(found.weights))
        perf_ints = list(common)
    return CountyWeights(
        codes=codes,
        class_parts=class_parts,
        mileage_km={row.county_code: km[row.county_code] for row in mileage},
        basis={row.county_code: basis[row.county_code] for row in performance},
        daily_ints=tuple(converted),
        daily_scale=class_scale * METRES_PER_KM,
        performance_ints=tuple(perf_ints),
        performance_scale=perf_scale,
        factor_totals=factor_totals,
    )


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
    daily_weight_sum: Fraction = Fraction(0)  # Σ weights of the daily pool
    performance_weight_sum: Fraction = Fraction(0)
    daily_leftover: int = 0  # fen left after the floors, one each to the first ranks
    performance_leftover: int = 0
    daily_split: PoolSplit | None = None  # the kernel's output (frames.allocation_frame)
    performance_split: PoolSplit | None = None

    def total(self, county: str) -> int:
        return self.daily[county].amount + self.performance[county].amount


@dataclass(frozen=True)
class Allocation:
    """Both sources' allocations with the weights behind them."""

    mileage_km: Mapping[str, Fraction]  # converted mileage by county
    performance_basis: Mapping[str, PerformanceBasis]
    sources: tuple[SourceAllocation, ...]  # in FUND_SOURCES order
    class_parts: Mapping[str, Mapping[str, Fraction]] = field(default_factory=dict)
    factor_totals: Mapping[str, Fraction] = field(default_factory=dict)  # factor method
    total_mileage_km: Fraction = Fraction(0)  # Σ converted mileage (the daily pools' Σw)
    total_performance_weight: Fraction = Fraction(0)  # Σ performance weights
    codes: tuple[str, ...] = ()  # the counties in code order: the kernel's column order

    def transfer_total(self, county: str) -> int:
        """The county's allocation summed over both sources."""
        return sum(source.total(county) for source in self.sources)


def _shares(split: PoolSplit, codes: Sequence[str], scale: int) -> dict[str, Share]:
    """The kernel's figures as a Share per county, in rank order."""
    total, w_sum = split.total, split.weight_sum
    shares = {}
    for i in sorted(range(len(codes)), key=lambda i: split.ranks[i]):
        shares[codes[i]] = Share(
            key=codes[i],
            weight_int=split.weights[i],
            scale=scale,
            total=total,
            weight_sum=w_sum,
            floor=split.floors[i],
            remainder_int=split.remainders[i],
            rank=split.ranks[i],
            extra=split.extras[i],
        )
    return shares


def allocate_source(source: SourceRow, period: Period, weights: CountyWeights) -> SourceAllocation:
    """One fund source: pool, 70/30 split, both pools through the one kernel."""
    pool = source.received - source.city_deduction
    daily_pool, performance_pool = split_pool(pool, period.daily_share)
    daily = apportion_pool(daily_pool, weights.daily_ints)
    performance = apportion_pool(performance_pool, weights.performance_ints)
    return SourceAllocation(
        code=source.code,
        name=source.name,
        received=source.received,
        city_deduction=source.city_deduction,
        pool=pool,
        daily_pool=daily_pool,
        performance_pool=performance_pool,
        daily=_shares(daily, weights.codes, weights.daily_scale),
        performance=_shares(performance, weights.codes, weights.performance_scale),
        daily_weight_sum=Fraction(daily.weight_sum, weights.daily_scale),
        performance_weight_sum=Fraction(performance.weight_sum, weights.performance_scale),
        daily_leftover=daily.leftover,
        performance_leftover=performance.leftover,
        daily_split=daily,
        performance_split=performance,
    )


def allocate(
    year_input: YearInput, period: Period, weights: CountyWeights | None = None
) -> Allocation:
    """Every source split over the counties; ``weights``: the year's ``county_weights``
    when the caller has them already (the reader forms them for its feasibility check)."""
    if weights is None:
        weights = county_weights(year_input.mileage, year_input.performance, period)
    by_code = {source.code: source for source in year_input.sources}
    sources = tuple(
        allocate_source(by_code[code], period, weights) for code in FUND_SOURCES if code in by_code
    )
    return Allocation(
        mileage_km=weights.mileage_km,
        performance_basis=weights.basis,
        sources=sources,
        class_parts=weights.class_parts,
        factor_totals=weights.factor_totals,
        total_mileage_km=Fraction(sum(weights.daily_ints), weights.daily_scale),
        total_performance_weight=Fraction(sum(weights.performance_ints), weights.performance_scale),
        codes=weights.codes,
    )


def allocation_frame(allocation: Allocation) -> pl.DataFrame:
    """The allocation as a result frame (``frames.allocation_frame``): the kernel's splits
    of every source, one row per (source, county)."""
    pools = []
    for source in allocation.sources:
        assert source.daily_split is not None and source.performance_split is not None
        pools.append((source.code, source.daily_split, source.performance_split))
    return frames.allocation_frame(allocation.codes, pools)
