"""What a reviewer checks beside the rules: warnings and notes about a year's result.

Never an error and never an exit status — the figures may be right — but printed by
``run`` and ``check``, listed in the summary workbook and in ``--json``. Computed here,
once, from the validated input and the engine's result; the writers only show them.

- 省级补助 over allocation: a county's projects use more provincial subsidy (省级补助) than
  the county was allocated from the provincial source this year.
- 市本级配套: the city deductions (市本级配套扣除, both sources) differ from the city
  matching (市级配套) of the projects in 配套资金.
- 县级预缴 absent: no prepayments sheet, so every county's prepaid amount is taken as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadfund.engine.allocation import Allocation
from roadfund.models import YearInput
from roadfund.money import fen_to_yuan, fen_to_yuan_grouped
from roadfund.text import Lang, label, message


@dataclass(frozen=True)
class Note:
    """One warning or note: a catalog code, its parameters, and the county it is about."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    county_code: str | None = None
    amounts: tuple[tuple[str, str], ...] = ()  # the figures as 元 text, for --json

    def text(self, lang: Lang = "zh") -> str:
        return message(self.code, lang, **dict(self.params))

    def as_dict(self, lang: Lang = "zh") -> dict[str, object]:
        return {
            "code": self.code,
            "county_code": self.county_code,
            **dict(self.amounts),
            "message": self.text(lang),
        }


def cross_checks(year_input: YearInput, allocation: Allocation) -> tuple[Note, ...]:
    """The reviewer's warnings for a year, in a fixed order (by county code, then city)."""
    warnings: list[Note] = []
    provincial = next((s for s in allocation.sources if s.code == "provincial"), None)
    names = year_input.county_names()
    if provincial is not None:
        used_by_county: dict[str, int] = {}  # one pass over the projects, not one per county
        for project in year_input.projects:
            code = project.county_code
            used_by_county[code] = used_by_county.get(code, 0) + project.provincial
        for code in sorted(names):
            used = used_by_county.get(code, 0)
            allocated = provincial.total(code)
            if used > allocated:
                warnings.append(
                    Note(
                        "warn_provincial_over_allocation",
                        (
                            ("county", names[code]),
                            ("code", code),
                            ("used", fen_to_yuan_grouped(used)),
                            ("allocated", fen_to_yuan_grouped(allocated)),
                        ),
                        code,
                        (("used", fen_to_yuan(used)), ("allocated", fen_to_yuan(allocated))),
                    )
                )
    deduction = sum(s.city_deduction for s in year_input.sources)
    matching = sum(p.city_matching for p in year_input.projects)
    if deduction != matching:
        warnings.append(
            Note(
                "warn_city_deduction_vs_matching",
                (
                    ("deduction", fen_to_yuan_grouped(deduction)),
                    ("matching", fen_to_yuan_grouped(matching)),
                    ("difference", fen_to_yuan_grouped(abs(deduction - matching))),
                ),
                None,
                (("deduction", fen_to_yuan(deduction)), ("matching", fen_to_yuan(matching))),
            )
        )
    return tuple(warnings)


PREPAYMENTS_ABSENT = Note("note_no_prepayments")


def input_notes(year_input: YearInput) -> tuple[Note, ...]:
    """What the outputs must say about the input itself: an optional sheet not given."""
    return () if year_input.prepayments_given else (PREPAYMENTS_ABSENT,)


def review_lines(warnings: tuple[Note, ...], notes: tuple[Note, ...], lang: Lang) -> list[str]:
    """Each warning and note as one line of text, for the terminal and the workbooks."""
    return [label("review.warning", lang, text=w.text(lang)) for w in warnings] + [
        label("review.note", lang, text=n.text(lang)) for n in notes
    ]
