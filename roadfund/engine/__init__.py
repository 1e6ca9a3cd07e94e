"""The pure engine: validated input + policy period in, exact results out. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass

from roadfund.engine.allocation import Allocation, allocate
from roadfund.engine.matching import MatchingResult, check_matching
from roadfund.engine.review import Note, cross_checks, input_notes
from roadfund.engine.settlement import Settlement, settle
from roadfund.models import YearInput
from roadfund.policy import Period


@dataclass(frozen=True)
class YearResult:
    """Everything computed for one year: allocations, the matching check, the settlement."""

    year_input: YearInput
    period: Period
    allocation: Allocation
    matching: MatchingResult
    settlement: Settlement
    warnings: tuple[Note, ...] = ()  # a reviewer's cross-checks (engine.review); never errors
    notes: tuple[Note, ...] = ()  # what the outputs say about the input (no 县级预缴 sheet)


def compute(year_input: YearInput, period: Period) -> YearResult:
    allocation = allocate(year_input, period)
    return YearResult(
        year_input=year_input,
        period=period,
        allocation=allocation,
        matching=check_matching(year_input.projects, period.matching_floor),
        settlement=settle(year_input, period, allocation),
        warnings=cross_checks(year_input, allocation),
        notes=input_notes(year_input),
    )
