"""Highway-center cost sharing and the year-end settlement (支出责任与年终清算, SPEC §3.3).

City units are borne by the city; each branch center (分中心) by its county; incentive pay
(奖励性工资) of any unit by the city. At year end each county owes its branch's actual
staff + running costs less what it prepaid: ``due = actual − prepaid`` (positive: the
county remits, 应上解; negative: the city refunds, 应退还); ``variance = budget − actual``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from roadfund.engine.allocation import Allocation, allocation_frame
from roadfund.engine.frames import (
    SETTLEMENT_COLUMNS,
    cost_totals,
    county_frame,
    settlement_frame,
    sum_type,
    transfer_totals,
)
from roadfund.models import CostRow, YearInput
from roadfund.policy import Period
from roadfund.schema import CITY_ONLY_CATEGORY


@dataclass(frozen=True)
class CountySettlement:
    code: str
    name: str
    branch: str
    lines: tuple[CostRow, ...]  # the branch's cost lines, incentive pay included
    budget: int  # county-borne lines (人员经费 + 公用经费), year-start budget
    actual: int  # county-borne lines, actual
    prepaid: int
    transfer_total: int
    mode: str  # "remit" or "offset"
    # the settlement's figures, as frames.settlement_frame forms them (their one home):
    due: int  # actual − prepaid: > 0 the county remits it, < 0 the city refunds it
    variance: int  # budget − actual
    net_transfer: int  # offset mode: transfer total − due; remit mode: the transfer total


@dataclass(frozen=True)
class Settlement:
    mode: str
    counties: tuple[CountySettlement, ...]  # by county code
    city_lines: tuple[CostRow, ...]  # the city units' lines
    city_borne_budget: int  # city units + all incentive pay
    city_borne_actual: int
    total_budget: int
    total_actual: int
    frame: pl.DataFrame = field(default_factory=pl.DataFrame, compare=False)
    """One row per county (frames.SETTLEMENT_COLUMNS): what the objects above are read
    from, and what settlement.csv and the workbooks' amounts are written from."""

    @property
    def reconciles(self) -> bool:
        """Σ all actual = city-borne actual + Σ county actual."""
        return self.total_actual == self.city_borne_actual + sum(c.actual for c in self.counties)


def county_borne(line: CostRow) -> bool:
    return line.category != CITY_ONLY_CATEGORY


def settle(
    year_input: YearInput,
    period: Period,
    allocation: Allocation,
    allocations: pl.DataFrame | None = None,
) -> Settlement:
    """Each branch's county-borne costs and the city-wide sums (polars group-bys and a
    join on the branch name), joined with each county's prepayment and transfer total
    (a group-by of ``allocations``, the allocation frame; formed here when not given):
    due, variance and net transfer per county, as a frame and as objects read from it."""
    costs = year_input.center_costs
    by_unit: dict[str, list[CostRow]] = {}
    for line in costs:  # each county's own lines, in input order (shown on its statement)
        by_unit.setdefault(line.unit, []).append(line)
    counties_frame = county_frame(year_input)
    by_branch, totals = cost_totals(costs, counties_frame["branch"].to_list(), period.city_units)
    if allocations is None:
        allocations = allocation_frame(allocation)
    sources = len(allocation.sources)
    frame = settlement_frame(
        counties_frame,
        by_branch,
        transfer_totals(allocations, sources),
        offset=period.settlement_mode == "offset",
        wide=sum_type(len(costs) + 1 + 2 * sources),  # actual − prepaid + transfer total
    )
    counties = tuple(
        CountySettlement(
            code=code,
            name=name,
            branch=branch,
            lines=tuple(by_unit.get(branch, ())),
            budget=budget,
            actual=actual,
            prepaid=prepaid,
            transfer_total=transfer_total,
            mode=period.settlement_mode,
            due=due,
            variance=variance,
            net_transfer=net_transfer,
        )
        for (
            code,
            name,
            branch,
            budget,
            actual,
            prepaid,
            due,
            variance,
            transfer_total,
            net_transfer,
        ) in frame.select(SETTLEMENT_COLUMNS).iter_rows()
    )
    city_units = set(period.city_units)
    return Settlement(
        mode=period.settlement_mode,
        counties=counties,
        city_lines=tuple(line for line in costs if line.unit in city_units),
        **totals,
        frame=frame,
    )
