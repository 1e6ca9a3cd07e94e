"""Highway-center cost sharing and the year-end settlement (支出责任与年终清算, SPEC §3.3).

City units are borne by the city; each branch center (分中心) by its county; incentive pay
(奖励性工资) of any unit by the city. At year end each county owes its branch's actual
staff + running costs less what it prepaid: ``due = actual − prepaid`` (positive: the
county remits, 应上解; negative: the city refunds, 应退还); ``variance = budget − actual``.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadfund.engine.allocation import Allocation
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

    @property
    def due(self) -> int:
        return self.actual - self.prepaid

    @property
    def variance(self) -> int:
        return self.budget - self.actual

    @property
    def net_transfer(self) -> int:
        return self.transfer_total - self.due if self.mode == "offset" else self.transfer_total


@dataclass(frozen=True)
class Settlement:
    mode: str
    counties: tuple[CountySettlement, ...]  # by county code
    city_lines: tuple[CostRow, ...]  # the city units' lines
    city_borne_budget: int  # city units + all incentive pay
    city_borne_actual: int
    total_budget: int
    total_actual: int

    @property
    def reconciles(self) -> bool:
        """Σ all actual = city-borne actual + Σ county actual."""
        return self.total_actual == self.city_borne_actual + sum(c.actual for c in self.counties)


def county_borne(line: CostRow) -> bool:
    return line.category != CITY_ONLY_CATEGORY


def settle(year_input: YearInput, period: Period, allocation: Allocation) -> Settlement:
    costs = year_input.center_costs
    prepaid = {p.county_code: p.amount for p in year_input.prepayments}
    by_unit: dict[str, list[CostRow]] = {}
    for line in costs:  # grouped once, in input order (not a scan of all lines per county)
        by_unit.setdefault(line.unit, []).append(line)
    counties = []
    for county in sorted(year_input.counties, key=lambda c: c.code):
        lines = tuple(by_unit.get(county.branch, ()))
        borne = [line for line in lines if county_borne(line)]
        counties.append(
            CountySettlement(
                code=county.code,
                name=county.name,
                branch=county.branch,
                lines=lines,
                budget=sum(line.budget for line in borne),
                actual=sum(line.actual_fen() for line in borne),
                prepaid=prepaid.get(county.code, 0),
                transfer_total=allocation.transfer_total(county.code),
                mode=period.settlement_mode,
            )
        )
    city_units = set(period.city_units)
    city_borne = [line for line in costs if line.unit in city_units or not county_borne(line)]
    return Settlement(
        mode=period.settlement_mode,
        counties=tuple(counties),
        city_lines=tuple(line for line in costs if line.unit in city_units),
        city_borne_budget=sum(line.budget for line in city_borne),
        city_borne_actual=sum(line.actual_fen() for line in city_borne),
        total_budget=sum(line.budget for line in costs),
        total_actual=sum(line.actual_fen() for line in costs),
    )
