"""The 30% matching floor for provincial pavement projects (配套比例不低于30%, SPEC §3.2).

``ratio = (city_matching + county_matching) / investment``; pass iff ``ratio ≥ floor``
(exact); ``shortfall = max(0, ceil(floor × investment) − matching)`` fen. Checked per
project, per county (sum of its projects) and city-wide.

Project lines are in project-number order, read the way a person reads them: runs of
digits compare as numbers, so 2023-LM-9 comes before 2023-LM-10 (ties, such as "07"
and "7", fall back to the plain text). County lines follow by county code; a county
with no project has no line. The city line closes the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Literal

from roadfund.engine import rules
from roadfund.engine.frames import matching_totals
from roadfund.models import ProjectRow

Level = Literal["project", "county", "city"]

_DIGITS = re.compile(r"([0-9]+)")


def project_order(project_id: str) -> tuple[tuple[str | int, ...], str]:
    """Sort key of a project number: digit runs as numbers, then the text itself.

    ``re.split`` with a capturing group alternates text and digits, so position i holds
    text for even i and a number for odd i, and two keys always compare like with like.
    """
    parts = _DIGITS.split(project_id)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), project_id


@dataclass(frozen=True)
class MatchingCheck:
    """One line of the check: a project, a county's projects together, or the whole city."""

    level: Level
    id: str  # project number, county code, or "city"
    county_code: str  # "" on the city line
    provincial: int
    city_matching: int
    county_matching: int
    investment: int
    floor: Fraction

    @property
    def matching(self) -> int:
        return self.city_matching + self.county_matching

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.matching, self.investment)

    @property
    def passed(self) -> bool:
        return rules.passes_floor(self.matching, self.investment, self.floor)

    @property
    def required(self) -> int:
        """The least matching that passes: ceil(floor × investment) fen."""
        return rules.required_matching(self.investment, self.floor)

    @property
    def shortfall(self) -> int:
        return rules.shortfall(self.matching, self.investment, self.floor)


@dataclass(frozen=True)
class MatchingResult:
    floor: Fraction
    projects: tuple[MatchingCheck, ...]  # by project number
    counties: tuple[MatchingCheck, ...]  # by county code
    city: MatchingCheck | None  # None when there are no projects

    @property
    def lines(self) -> tuple[MatchingCheck, ...]:
        """Project lines, then county lines, then the city line (matching.csv order)."""
        return self.projects + self.counties + ((self.city,) if self.city else ())

    @cached_property
    def failures(self) -> tuple[MatchingCheck, ...]:
        """The lines that fail (found once: a what-if asks once per scenario)."""
        return tuple(line for line in self.lines if not line.passed)


def check_matching(projects: Iterable[ProjectRow], floor: Fraction) -> MatchingResult:
    """Every project's line, then each county's and the city's totals (polars group-bys).
    A project whose 实际投入总额 is blank (possible only at year start, 年初) is not checked."""
    planned = [(p, p.investment) for p in projects if p.investment is not None]
    rows = [p for p, _ in planned]
    project_lines = tuple(
        sorted(
            (
                MatchingCheck(
                    "project",
                    p.project_id,
                    p.county_code,
                    p.provincial,
                    p.city_matching,
                    p.county_matching,
                    investment,
                    floor,
                )
                for p, investment in planned
            ),
            key=lambda line: project_order(line.id),
        )
    )
    if not rows:
        return MatchingResult(floor=floor, projects=(), counties=(), city=None)
    by_county, city = matching_totals(rows)
    county_lines = tuple(
        MatchingCheck("county", code, code, int(p), int(c), int(k), int(i), floor)
        for code, p, c, k, i in by_county.iter_rows()
    )
    ((p, c, k, i),) = city.iter_rows()
    city_line = MatchingCheck("city", "city", "", int(p), int(c), int(k), int(i), floor)
    return MatchingResult(
        floor=floor, projects=project_lines, counties=county_lines, city=city_line
    )
