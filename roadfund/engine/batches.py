"""Funds notified in batches (分批下达, SPEC §7): a thin, cumulative layer over one allocation.

A source may arrive in several notices — the central transfer notified in advance
(提前下达) and topped up later, the provincial subsidy in more than one notice. After
batch k every county holds exactly what ONE allocation of the cumulative pool (batches
1..k) gives it, split and apportioned by ``allocation.allocate_source`` as for a
single-batch year; batch k's amount for a county is the difference from batch k − 1.
So the year's total is a single allocation of the summed amounts, to the fen, and each
batch conserves its own pool (a difference of two conserving splits).

With largest remainder a county's cumulative share can drop by a fen when the pool grows
(the Alabama paradox), but only when its exact share of the batch is under one fen;
that would make a batch amount negative, and ``NegativeBatch`` refuses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from roadfund.engine.allocation import CountyWeights, SourceAllocation, allocate_source
from roadfund.models import SourceRow
from roadfund.policy import Period
from roadfund.schema import FUND_SOURCES


def batch_number(row: SourceRow) -> int:
    """A row's batch; a blank 批次 is the source's only batch, 1."""
    return row.batch if row.batch is not None else 1


def combine_batches(rows: Iterable[SourceRow]) -> tuple[SourceRow, ...]:
    """One row per source holding the sum of its batches (in the order sources first appear).

    基础补助 and 奖励 are summed when every batch of the source gives them, else left blank.
    The summed row keeps the first batch's name and row number and has no batch number.
    """
    by_code: dict[str, list[SourceRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    combined = []
    for batch_rows in by_code.values():
        first = min(batch_rows, key=batch_number)
        with_parts = all(r.base_subsidy is not None and r.reward is not None for r in batch_rows)
        combined.append(
            first.model_copy(
                update={
                    "received": sum(r.received for r in batch_rows),
                    "city_deduction": sum(r.city_deduction for r in batch_rows),
                    "base_subsidy": (
                        sum(r.base_subsidy or 0 for r in batch_rows) if with_parts else None
                    ),
                    "reward": sum(r.reward or 0 for r in batch_rows) if with_parts else None,
                    "batch": None,
                    "batch_name": None,
                }
            )
        )
    return tuple(combined)


@dataclass(frozen=True)
class Batch:
    """One notice of one source: its own amounts and what it adds for each county."""

    source: str  # central / provincial
    number: int  # 批次 1, 2, …
    name: str  # 批次名称, "" when not given
    row: SourceRow  # the batch's own 资金来源 row
    cumulative: SourceAllocation  # one allocation of batches 1..number together
    previous: SourceAllocation | None  # the same for batches 1..number − 1 (None for 1)
    daily: Mapping[str, int]  # fen by county: cumulative − previous
    performance: Mapping[str, int]

    @property
    def pool(self) -> int:
        return self.daily_pool + self.performance_pool

    @property
    def daily_pool(self) -> int:
        return self.cumulative.daily_pool - (self.previous.daily_pool if self.previous else 0)

    @property
    def performance_pool(self) -> int:
        before = self.previous.performance_pool if self.previous else 0
        return self.cumulative.performance_pool - before

    def total(self, county: str) -> int:
        return self.daily[county] + self.performance[county]


@dataclass(frozen=True)
class BatchAllocation:
    batches: tuple[Batch, ...]  # by source (FUND_SOURCES order), then batch number

    def of_source(self, code: str) -> tuple[Batch, ...]:
        return tuple(b for b in self.batches if b.source == code)


class NegativeBatch(ValueError):
    """A batch would take money back from a county (the Alabama paradox)."""

    def __init__(self, source: str, batch: int, county: str, part: str, amount: int) -> None:
        super().__init__(source, batch, county, part, amount)
        self.source, self.batch, self.county, self.part, self.amount = (
            source,
            batch,
            county,
            part,
            amount,
        )


def _cumulative_row(rows: list[SourceRow]) -> SourceRow:
    return rows[-1].model_copy(
        update={
            "received": sum(r.received for r in rows),
            "city_deduction": sum(r.city_deduction for r in rows),
        }
    )


def allocate_batches(
    rows: Iterable[SourceRow], period: Period, weights: CountyWeights
) -> BatchAllocation:
    """Every batch of every source, cumulatively; raises NegativeBatch (first found).

    ``weights``: ``allocation.county_weights`` of the year, the same the allocation used."""
    by_code: dict[str, list[SourceRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    batches: list[Batch] = []
    for code in FUND_SOURCES:
        ordered = sorted(by_code.get(code, ()), key=batch_number)
        previous: SourceAllocation | None = None
        for k, row in enumerate(ordered, start=1):
            cumulative = allocate_source(_cumulative_row(ordered[:k]), period, weights)
            parts: dict[str, dict[str, int]] = {}
            for part in ("daily", "performance"):
                now = getattr(cumulative, part)
                before = getattr(previous, part) if previous else None
                parts[part] = {
                    county: share.amount - (before[county].amount if before else 0)
                    for county, share in now.items()
                }
                for county in sorted(parts[part]):
                    if parts[part][county] < 0:
                        raise NegativeBatch(code, k, county, part, parts[part][county])
            batches.append(
                Batch(
                    source=code,
                    number=batch_number(row),
                    name=row.batch_name or "",
                    row=row,
                    cumulative=cumulative,
                    previous=previous,
                    daily=parts["daily"],
                    performance=parts["performance"],
                )
            )
            previous = cumulative
    return BatchAllocation(tuple(batches))
