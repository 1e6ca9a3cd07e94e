"""The center's year-start budget by bearer (年初预算, SPEC §7).

At the start of the year the city advances the whole budget of the highway development
center; each county will bear its branch center's 人员经费 + 公用经费 (settled at year
end on actual costs), the city its own units and every unit's incentive pay (奖励性工资).
"""

from __future__ import annotations

from dataclasses import dataclass

from roadfund.engine.settlement import county_borne
from roadfund.models import CostRow, YearInput
from roadfund.policy import Period


@dataclass(frozen=True)
class CountyBudget:
    code: str
    name: str
    branch: str
    lines: tuple[CostRow, ...]  # the branch's cost lines, incentive pay included
    budget: int  # county-borne lines (人员经费 + 公用经费), 年初预算


@dataclass(frozen=True)
class Budget:
    counties: tuple[CountyBudget, ...]  # by county code
    city_lines: tuple[CostRow, ...]  # the city units' lines
    city_borne: int  # city units + all incentive pay
    total: int  # what the city advances: every line's budget

    @property
    def reconciles(self) -> bool:
        """Σ all budget = city-borne + Σ county budget."""
        return self.total == self.city_borne + sum(c.budget for c in self.counties)


def center_budget(year_input: YearInput, period: Period) -> Budget:
    costs = year_input.center_costs
    by_unit: dict[str, list[CostRow]] = {}
    for line in costs:
        by_unit.setdefault(line.unit, []).append(line)
    counties = []
    for county in sorted(year_input.counties, key=lambda c: c.code):
        lines = tuple(by_unit.get(county.branch, ()))
        counties.append(
            CountyBudget(
                code=county.code,
                name=county.name,
                branch=county.branch,
                lines=lines,
                budget=sum(line.budget for line in lines if county_borne(line)),
            )
        )
    city_units = set(period.city_units)
    return Budget(
        counties=tuple(counties),
        city_lines=tuple(line for line in costs if line.unit in city_units),
        city_borne=sum(
            line.budget for line in costs if line.unit in city_units or not county_borne(line)
        ),
        total=sum(line.budget for line in costs),
    )
