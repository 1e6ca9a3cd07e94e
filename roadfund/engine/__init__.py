"""The pure engine: validated input + policy period in, exact results out. No I/O here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from roadfund.collector import collector_paused
from roadfund.engine.allocation import (
    Allocation,
    CountyWeights,
    allocate,
    allocation_frame,
    county_weights,
)
from roadfund.engine.batches import BatchAllocation, allocate_batches
from roadfund.engine.budget import Budget, center_budget
from roadfund.engine.matching import MatchingCheck, MatchingResult, check_matching
from roadfund.engine.review import Note, cross_checks, input_notes
from roadfund.engine.settlement import Settlement, settle
from roadfund.models import YearInput
from roadfund.policy import Period


@dataclass(frozen=True)
class YearResult:
    """Everything computed for one year: allocations, the matching check, the settlement.

    At year start (阶段 = 年初) there is no settlement (``None``: actual costs are not
    known yet) and the matching check covers the projects with a planned investment and
    is provisional (预审). ``batches`` is set when the input numbers its batches (批次).
    """

    year_input: YearInput
    period: Period
    allocation: Allocation
    matching: MatchingResult
    settlement: Settlement | None
    budget: Budget
    batches: BatchAllocation | None = None
    warnings: tuple[Note, ...] = ()  # a reviewer's cross-checks (engine.review); never errors
    notes: tuple[Note, ...] = ()  # what the outputs say about the input (no 县级预缴 sheet)
    allocations: pl.DataFrame = field(default_factory=pl.DataFrame, compare=False)
    """The allocation as a result frame (frames.ALLOCATION_COLUMNS: per source and county
    the daily, performance and total fen and both ranks): what allocations.csv and the
    workbooks' amounts are written from. The settlement's frame is ``settlement.frame``."""
    amounts: Mapping[tuple[str, str], tuple[int, int, int]] = field(
        default_factory=dict, compare=False
    )
    """(source, county code) → (daily, performance, total) fen: the allocation frame read
    once, here, for the workbooks' cell-by-cell writing. Read in the parent process: a
    forked workbook worker (writers.parallel) must not call into polars, whose thread
    pool's locks a fork can leave held."""

    @property
    def year_start(self) -> bool:
        return self.year_input.year_start

    @property
    def matching_provisional(self) -> bool:
        """Year start: the check is on planned figures (预审), never a final verdict."""
        return self.year_input.year_start

    @property
    def final_failures(self) -> tuple[MatchingCheck, ...]:
        """The failing lines that are a verdict (none at year start) — what --strict uses."""
        return () if self.matching_provisional else self.matching.failures


def compute(
    year_input: YearInput, period: Period, weights: CountyWeights | None = None
) -> YearResult:
    """The year's results. ``weights``: ``county_weights`` of this input and period when
    the caller has them (``LoadedYear.weights``: the reader formed them for its check);
    else they are formed here — once, for the allocation and the batches."""
    with collector_paused():  # ~30 objects a county that live on (roadfund.collector)
        return _compute(year_input, period, weights)


def _compute(year_input: YearInput, period: Period, weights: CountyWeights | None) -> YearResult:
    if weights is None:
        weights = county_weights(year_input.mileage, year_input.performance, period)
    allocation = allocate(year_input, period, weights)
    allocations = allocation_frame(allocation)
    batches = allocate_batches(year_input.batches, period, weights) if year_input.batches else None
    return YearResult(
        year_input=year_input,
        period=period,
        allocation=allocation,
        matching=check_matching(year_input.projects, period.matching_floor),
        settlement=None
        if year_input.year_start
        else settle(year_input, period, allocation, allocations),
        budget=center_budget(year_input, period),
        batches=batches,
        warnings=cross_checks(year_input, allocation),
        notes=input_notes(year_input),
        allocations=allocations,
        amounts=amounts_of(allocations),
    )


def amounts_of(allocations: pl.DataFrame) -> dict[tuple[str, str], tuple[int, int, int]]:
    """The allocation frame as (source, county code) → (daily, performance, total)."""
    columns = ("source", "county_code", "daily", "performance", "total")
    sources, codes, daily, performance, total = (allocations[c].to_list() for c in columns)
    # by columns: iter_rows builds a tuple per row in polars' slow path (5x the time)
    return {
        (s, c): (d, p, t)
        for s, c, d, p, t in zip(sources, codes, daily, performance, total, strict=True)
    }
