"""What every sheet of a county workbook is written from, and the pieces they share: the
styles, the year's city-wide facts, the county's context, sections, notes and the
sign-off block."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, TypeVar

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from roadfund.engine import YearResult
from roadfund.engine.allocation import Allocation
from roadfund.engine.matching import MatchingCheck
from roadfund.engine.settlement import CountySettlement
from roadfund.models import MileageRow
from roadfund.policy import FACTOR_KEYS
from roadfund.text import Lang, date_text, label
from roadfund.writers.formulas import integer_scale
from roadfund.writers.xlsx_common import (
    FAIL_FILL,
    STYLE_PROPERTIES,
    Styles,
    cell_properties,
    display_width,
    merged_text,
)
from roadfund.writers.xlsx_fast import FormatSet

T = TypeVar("T")

REMAINDER_FORMAT = "0.000000"
"""The remainder column's format (in fen; no other cell uses it — tests find remainders by it)."""


@dataclass(frozen=True)
class CountyStyles:
    """The shared styles plus what the county documents add."""

    base: Styles
    section: Any
    info: Any
    label: Any
    label_bold: Any
    quota: Any
    remainder: Any
    weight: Any
    integer: Any
    integer_text: Any
    share: Any
    share_left: Any
    score: Any
    factor: Any
    rank: Any
    city_text: Any
    city_money: Any
    sign_title: Any
    sign_line: Any
    direction: Any
    doc_number: Any
    doc_title: Any
    body: Any
    addressee: Any
    words: Any
    issuer: Any
    red: Any  # conditional format: a failing verdict

    @classmethod
    def of(cls, workbook: Workbook) -> CountyStyles:
        """The shared styles and the county documents' own, added as one set of formats
        (the same for every county workbook: their templates are found once per process)."""
        formats = COUNTY_FORMATS.add_to(workbook)
        shared = len(STYLE_PROPERTIES)
        return cls(Styles(*formats[:shared]), *formats[shared:])


def _county_properties() -> dict[str, dict[str, Any]]:
    """Each of CountyStyles' own formats' properties, by field, in the fields' order."""
    fmt = cell_properties
    grey = {"font_color": "#595959", "italic": True, "border": 1}
    return {
        "section": fmt(bold=True, font_size=11),
        "info": fmt(),
        "label": fmt(border=1, text_wrap=True),
        "label_bold": fmt(border=1, text_wrap=True, bold=True),
        "quota": fmt(border=1, num_format="#,##0.0000"),
        "remainder": fmt(border=1, num_format=REMAINDER_FORMAT),
        "weight": fmt(border=1, num_format="#,##0.000000"),
        "integer": fmt(border=1, num_format="#,##0"),
        "integer_text": fmt(border=1, align="right"),
        "share": fmt(border=1, num_format="0.00%"),
        "share_left": fmt(border=1, num_format="0.00%", align="left"),
        "score": fmt(border=1, num_format="0.00"),
        "factor": fmt(border=1, num_format="0.0##"),
        "rank": fmt(border=1, num_format="0", align="center"),
        "city_text": fmt(text_wrap=True, **grey),
        "city_money": fmt(num_format="#,##0.00", **grey),
        "sign_title": fmt(bold=True, font_size=11, align="center", text_wrap=True),
        "sign_line": fmt(align="left", text_wrap=True),
        "direction": fmt(border=1, bold=True, align="center"),
        "doc_number": fmt(font_size=12, align="center"),
        "doc_title": fmt(bold=True, font_size=16, align="center", text_wrap=True),
        "body": fmt(font_size=12, text_wrap=True, valign="top"),
        "addressee": fmt(font_size=12, bold=True),
        "words": fmt(border=1, text_wrap=True, bold=True),
        "issuer": fmt(font_size=12, align="right"),
        "red": dict(FAIL_FILL),
    }


COUNTY_PROPERTIES = _county_properties()
"""The properties of CountyStyles' own formats, by field (``base`` aside)."""
COUNTY_FORMATS = FormatSet([*STYLE_PROPERTIES.values(), *COUNTY_PROPERTIES.values()])
"""A county workbook's formats: Styles' then CountyStyles' own, as one set, in order."""


def factor_values(allocation: Allocation, code: str) -> dict[str, Fraction]:
    """A county's values of the factor method's factors (绩效得分, 工作需求, 折算里程)."""
    basis = allocation.performance_basis[code]
    return {
        "score": basis.score,
        "need": basis.need if basis.need is not None else Fraction(0),
        "mileage": allocation.mileage_km[code],
    }


@dataclass(frozen=True)
class YearFacts:
    """What every county workbook of a year shows about the whole city, gathered once per
    year rather than once per county (a province has thousands of counties)."""

    names: Mapping[str, str]
    settlements: Mapping[str, CountySettlement]
    mileage: Mapping[str, MileageRow]
    project_names: Mapping[str, str]
    projects: Mapping[str, tuple[MatchingCheck, ...]]  # matching lines by county code
    county_lines: Mapping[str, MatchingCheck]
    total_mileage: Fraction  # Σ converted mileage: the daily pools' total weight
    total_performance: Fraction  # Σ performance weight: the performance pools' total weight
    factor_totals: Mapping[str, Fraction]  # factor method: Σ over the eligible counties
    leftover: Mapping[tuple[str, str], int]  # (source, "daily"/"performance") → leftover fen
    weight_scale: Mapping[str, int]  # "daily"/"performance" → integer_scale of its weights
    budget_subjects: Mapping[str, str]  # source code → 预算科目 as given (absent: not given)
    made: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)
    """What ``once`` has made, by its key."""

    def once(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """A piece that is the same in every county workbook of the year — a sheet's column
        widths, its notes — made by ``make`` on first use and kept. ``key`` names the piece
        and everything besides the year it depends on: the language for a text."""
        if key not in self.made:
            self.made[key] = make()
        made: T = self.made[key]
        return made

    @classmethod
    def of(cls, result: YearResult) -> YearFacts:
        allocation, year_input = result.allocation, result.year_input
        projects: dict[str, list[MatchingCheck]] = {}
        for line in result.matching.projects:
            projects.setdefault(line.county_code, []).append(line)
        totals = dict.fromkeys(FACTOR_KEYS, Fraction(0))
        for code, basis in allocation.performance_basis.items():
            if basis.eligible:
                for key, value in factor_values(allocation, code).items():
                    totals[key] += value
        return cls(
            names=year_input.county_names(),
            settlements=(  # none at year start (年初)
                {c.code: c for c in result.settlement.counties} if result.settlement else {}
            ),
            mileage={m.county_code: m for m in year_input.mileage},
            project_names={p.project_id: p.name for p in year_input.projects},
            projects={code: tuple(lines) for code, lines in projects.items()},
            county_lines={line.id: line for line in result.matching.counties},
            total_mileage=sum(allocation.mileage_km.values(), Fraction(0)),
            total_performance=sum(
                (b.weight for b in allocation.performance_basis.values()), Fraction(0)
            ),
            factor_totals=totals,
            leftover={
                (source.code, kind): sum(share.extra for share in shares.values())
                for source in allocation.sources
                for kind, shares in (("daily", source.daily), ("performance", source.performance))
            },
            weight_scale={
                "daily": integer_scale(allocation.mileage_km.values()),
                "performance": integer_scale(
                    b.weight for b in allocation.performance_basis.values()
                ),
            },
            budget_subjects={
                s.code: s.budget_subject for s in year_input.sources if s.budget_subject
            },
        )


@dataclass(frozen=True)
class CountyContext:
    result: YearResult
    facts: YearFacts
    code: str
    lang: Lang
    styles: CountyStyles

    @property
    def name(self) -> str:
        return self.facts.names[self.code]

    @property
    def settlement(self) -> CountySettlement:
        return self.facts.settlements[self.code]

    @property
    def city(self) -> str:
        return self.result.year_input.city

    @property
    def prepared(self) -> str:
        return date_text(self.result.year_input.prepared, self.lang)

    def title(self, key: str) -> str:
        year_input = self.result.year_input
        return label(key, self.lang, city=year_input.city, year=year_input.year, county=self.name)

    def subtitle(self) -> str:
        colon = self.text("colon")
        county = self.text("cw.county_line", county=self.name, code=self.code)
        return (
            f"{county}    {self.text('policy_reference')}{colon}{self.result.period.reference}"
            f"    {self.text('prepared')}{colon}{self.prepared}"
        )

    def text(self, key: str, **params: object) -> str:
        return label(key, self.lang, **params)

    def join(self, items: Sequence[str], clause: bool = False) -> str:
        """Items joined as the language writes a list: 、 (；between clauses) or , (;)."""
        return self.text("sep.clause" if clause else "sep.list").join(items)


# ---------------------------------------------------------------------------------------
# Shared pieces: sections, notes, the sign-off block


def section(ws: Worksheet, row: int, text: str, st: CountyStyles) -> int:
    ws.write_string(row, 0, text, st.section)
    ws.set_row(row, 20)
    return row + 1


def text_height(text: str, widths: Sequence[float], points: float = 9) -> float:
    """The row height a wrapped text of ``points`` size needs across ``widths``."""
    return _text_height(text, tuple(widths), points)


@lru_cache(maxsize=1024)
def _text_height(text: str, widths: tuple[float, ...], points: float) -> float:
    """text_height, remembered: a year's notes are the same in every county's workbook
    (several a sheet, each a few hundred characters to measure)."""
    per_line = sum(widths) * 0.95 * 1.15 * 9 / points  # a 9-point CJK glyph ≈ 1/1.15 unit
    lines = max(1, math.ceil(display_width(text) / per_line))
    return (points + 3.5) * lines + 2


def footnotes(
    ws: Worksheet, row: int, texts: Sequence[str], widths: Sequence[float], ctx: CountyContext
) -> int:
    """Numbered notes merged across the sheet, each row tall enough for its wrapped text.
    Sheets that need another note (e.g. an optional sheet left out) add it to ``texts``."""
    st = ctx.styles
    row = section(ws, row, ctx.text("cw.note.heading"), st)
    for i, text in enumerate(texts, 1):
        body = f"{i}. {text}"
        merged_text(ws, row, 0, len(widths) - 1, body, st.base.note)
        ws.set_row(row, text_height(body, widths))
        row += 1
    return row + 1


def sign_spans(widths: Sequence[float], parts: int = 3) -> tuple[tuple[int, int], ...]:
    """``parts`` consecutive column spans whose widths are as close to equal as can be."""
    return _sign_spans(tuple(widths), parts)


@lru_cache(maxsize=256)
def _sign_spans(widths: tuple[float, ...], parts: int) -> tuple[tuple[int, int], ...]:
    """sign_spans, remembered: a sheet's widths are the same in nearly every county's
    workbook, and the search tries every way of cutting them."""
    n = len(widths)
    share = sum(widths) / parts
    best: tuple[float, tuple[int, ...]] | None = None

    def cuts(start: int, left: int) -> list[tuple[int, ...]]:
        if left == 1:
            return [()]
        return [(c, *rest) for c in range(start, n - left + 2) for rest in cuts(c + 1, left - 1)]

    for chosen in cuts(1, parts):
        bounds = (0, *chosen, n)
        spread = max(abs(sum(widths[a:b]) - share) for a, b in itertools.pairwise(bounds))
        if best is None or spread < best[0]:
            best = (spread, chosen)
    assert best is not None, "a sign-off block needs a column per signer"
    bounds = (0, *best[1], n)
    return tuple((a, b - 1) for a, b in itertools.pairwise(bounds))


def sign_off(
    ws: Worksheet, row: int, widths: Sequence[float], ctx: CountyContext, signers: Sequence[str]
) -> int:
    """One column block per signer (e.g. 景德镇市财政局 / 乐平市财政局 / 市公路事业发展中心),
    each with （盖章）, 经办人, 负责人 and 日期, and room for the seal."""
    st = ctx.styles
    spans = sign_spans(widths, len(signers))
    lines = ("cw.sign.handler", "cw.sign.head", "cw.sign.date")
    for (first, last), signer in zip(spans, signers, strict=True):
        title = ctx.text("cw.sign.seal", signer=signer)
        merged_text(ws, row, first, last, title, st.sign_title)
        for offset, key in enumerate(lines, 2):
            merged_text(ws, row + offset, first, last, ctx.text(key), st.sign_line)
    ws.set_row(row, 32)  # a long name wraps onto a second line instead of being cut
    ws.set_row(row + 1, 44)  # room for the seal
    for offset in range(2, 2 + len(lines)):
        ws.set_row(row + offset, 18)
    return row + 2 + len(lines)


def signers(ctx: CountyContext) -> list[str]:
    """The three offices that sign a county document, by name."""
    return [
        ctx.text("cw.office.city_finance", city=ctx.city),
        ctx.text("cw.office.county_finance", county=ctx.name),
        ctx.text("cw.office.center", city=ctx.city),
    ]


def cost_line_headers(ctx: CountyContext, *, actual: bool) -> list[str]:
    """The heads of a branch's cost lines table (年初 budget sheet and 年终结算单): category,
    item, budget, the actual cost (at year end), who bears it."""
    keys = ("cw.cost_category", "item", "cw.budget", *(("cw.actual",) if actual else ()))
    return [ctx.text(key) for key in (*keys, "cw.bearer")]
