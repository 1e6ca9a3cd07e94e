"""Validated input rows and the year's whole input, in exact units.

Each row model's fields carry the sheet's Chinese header as ``validation_alias``, so a
row is validated straight from ``{header: cell value}``; pydantic errors carry the
header in ``loc`` and our error code in ``type``, which the reader maps to ``sheet!cell``.
After validation amounts are int fen, lengths int metres, scores int hundredths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated, TypeGuard

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from roadfund import money
from roadfund.schema import (
    CENTER_COSTS,
    COUNTIES,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    ROAD_CLASSES,
    SOURCES,
    STAGE_END,
    STAGE_START,
    Kind,
    Sheet,
    fund_source_code,
)

MAX_SCORE_HUNDREDTHS = 100 * money.HUNDREDTHS
MAX_BATCH = 99  # 批次: more notices than this in one year is a typo


@dataclass(frozen=True)
class BadCell:
    """A cell the reader already knows is unusable (error value, formula without a value)."""

    code: str
    found: str


NUMERIC_KINDS = frozenset({Kind.YUAN, Kind.KM, Kind.SCORE, Kind.NEED})


def _groupable(value: object) -> TypeGuard[int | float]:
    """A finite number of sane length (inf, NaN or a 400-digit number is shown as is, cut)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    return abs(value) < 10**30


def _fail(code: str, kind: Kind, value: object = None, **params: object) -> PydanticCustomError:
    found = shown(value)
    if kind in NUMERIC_KINDS and _groupable(value):
        found = money.grouped_number(value)  # as a person reads it: 1,296,540
    context = {"expected": f"@kind.{kind.value}", "found": found}
    context.update({k: str(v) for k, v in params.items()})
    return PydanticCustomError(code, code, context)


def shown(value: object) -> str:
    """A cell value as the user would recognise it in a message (a float as Excel shows
    it, a line break as ⏎)."""
    if isinstance(value, BadCell):  # an error value (#N/A) or a formula: as the cell shows it
        value = value.found
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return str(money.excel_decimal(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    return text if len(text) <= 40 else text[:37] + "..."


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
_FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")


def _looks_numeric(text: str) -> bool:
    normal = text.translate(_FULLWIDTH).replace(",", "").strip()
    try:
        money.to_decimal(normal)
    except money.NumberError:
        return False
    return True


def _number(kind: Kind, value: object, convert: object) -> int:
    """Parse a numeric cell with ``convert`` (a money.* function); raise our error codes.

    Most cells are a plain int or float: ``_number_checked`` would only rule out, one
    by one, everything they are not (a national read: ~80,000 such cells)."""
    if type(value) is float or type(value) is int:
        try:
            return convert(value)  # type: ignore[operator,no-any-return]
        except money.NumberError as error:
            raise _fail(error.code, kind, value, **error.params) from None
    return _number_checked(kind, value, convert)


def _number_checked(kind: Kind, value: object, convert: object) -> int:
    """``_number`` for any cell value."""
    if isinstance(value, BadCell):
        raise _fail(value.code, kind, value.found)
    if _blank(value):
        raise _fail("blank_cell", kind)
    if isinstance(value, str):
        found = repr(value)[1:-1] if value != value.strip() else value
        if not _looks_numeric(value):
            raise _fail("not_a_number", kind, found)
        hint = "full_width" if _FULLWIDTH_DIGITS & set(value) else "as_text"
        raise _fail("number_as_text", kind, found, hint=f"@hint.{hint}")
    if isinstance(value, dt.date | dt.time | bool):
        raise _fail("not_a_number", kind, value)
    try:
        return convert(value)  # type: ignore[operator,no-any-return]
    except money.NumberError as error:
        raise _fail(error.code, kind, value, **error.params) from None


def _optional(parse: object) -> object:
    def parse_optional(value: object) -> object:
        if value is None:  # most blank cells: no cell at all
            return None
        return None if _blank(value) else parse(value)  # type: ignore[operator]

    return parse_optional


def _yuan(value: object) -> int:
    return _number(Kind.YUAN, value, money.yuan_to_fen)


def _km(value: object) -> int:
    return _number(Kind.KM, value, money.km_to_metres)


def _score(value: object) -> int:
    hundredths = _number(Kind.SCORE, value, money.to_hundredths)
    if hundredths > MAX_SCORE_HUNDREDTHS:
        raise _fail("score_range", Kind.SCORE, value)
    return hundredths


MAX_NEED_HUNDREDTHS = 10**9 * money.HUNDREDTHS
"""工作需求 at most 10^9 (as large as 10^6 km in metres): need × coefficient × amount
stays inside 128-bit integers for 5,000 counties, and exact in an Excel cell."""


def _need(value: object) -> int:
    def hundredths(cell: object) -> int:
        return money.scaled(cell, money.HUNDREDTHS, 2, maximum=MAX_NEED_HUNDREDTHS)

    return _number(Kind.NEED, value, hundredths)


def _whole_batch(value: object) -> int:
    number = money.to_decimal(value)
    if number != number.to_integral_value() or not 1 <= number <= MAX_BATCH:
        raise money.NumberError("bad_batch")
    return int(number)


def _batch(value: object) -> int:
    """批次: a whole number 1 … MAX_BATCH (Excel's 1.0 is 1)."""
    return _number(Kind.BATCH, value, _whole_batch)


def _text(value: object) -> str:
    if type(value) is str:  # most text cells: what _text_checked gives them, at once
        text = value.strip()
        if text:
            return text
    return _text_checked(value)


def _text_checked(value: object) -> str:
    """``_text`` for any cell value."""
    if isinstance(value, BadCell):
        raise _fail(value.code, Kind.TEXT, value.found)
    if _blank(value):
        raise _fail("blank_cell", Kind.TEXT)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value).strip()
    raise _fail("bad_text", Kind.TEXT, value)


def _code(value: object) -> str:
    if type(value) is str and len(value) == 6 and value.isascii() and value.isdigit():
        return value  # most code cells: what _code_checked gives them, at once
    return _code_checked(value)


def _code_checked(value: object) -> str:
    """``_code`` for any cell value."""
    if isinstance(value, BadCell):
        raise _fail(value.code, Kind.CODE, value.found)
    if _blank(value):
        raise _fail("blank_cell", Kind.CODE)
    text = shown(value).strip() if isinstance(value, int | float | str) else ""
    if not (len(text) == 6 and text.isascii() and text.isdigit()):
        raise _fail("bad_code", Kind.CODE, value)
    return text


def _source_code(value: object) -> str:
    """A fund source by its code or its Chinese name (full or short) → its code; anything
    else is kept as typed, for the sources rule to name."""
    text = _text(value)
    return fund_source_code(text) or text


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional(_text))]
SourceCode = Annotated[str, BeforeValidator(_source_code)]
CountyCode = Annotated[str, BeforeValidator(_code)]
Fen = Annotated[int, BeforeValidator(_yuan)]
OptionalFen = Annotated[int | None, BeforeValidator(_optional(_yuan))]
Metres = Annotated[int, BeforeValidator(_km)]
ScoreHundredths = Annotated[int, BeforeValidator(_score)]
OptionalNeed = Annotated[int | None, BeforeValidator(_optional(_need))]
OptionalBatch = Annotated[int | None, BeforeValidator(_optional(_batch))]


def _h(sheet: Sheet, key: str) -> str:
    return sheet.column(key).header


class Row(BaseModel):
    """A data row; ``row`` is its Excel row number, kept for messages."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True)

    row: int = 0


class SourceRow(Row):
    """资金来源: one fund source and what the city deducts before allocating it."""

    code: SourceCode = Field(validation_alias=_h(SOURCES, "code"))
    name: Text = Field(validation_alias=_h(SOURCES, "name"))
    received: Fen = Field(validation_alias=_h(SOURCES, "received"))
    city_deduction: Fen = Field(validation_alias=_h(SOURCES, "city_deduction"))
    base_subsidy: OptionalFen = Field(None, validation_alias=_h(SOURCES, "base_subsidy"))
    reward: OptionalFen = Field(None, validation_alias=_h(SOURCES, "reward"))
    budget_subject: OptionalText = Field(None, validation_alias=_h(SOURCES, "budget_subject"))
    # 分批下达 (SPEC §7): several rows of one source, numbered 1, 2, …; blank = one batch
    batch: OptionalBatch = Field(None, validation_alias=_h(SOURCES, "batch"))
    batch_name: OptionalText = Field(None, validation_alias=_h(SOURCES, "batch_name"))


class CountyRow(Row):
    """县区: a county-level unit and its branch center (分中心)."""

    code: CountyCode = Field(validation_alias=_h(COUNTIES, "code"))
    name: Text = Field(validation_alias=_h(COUNTIES, "name"))
    branch: Text = Field(validation_alias=_h(COUNTIES, "branch"))


class MileageRow(Row):
    """养护里程: maintained km by road class, held as metres."""

    county_code: CountyCode = Field(validation_alias=_h(MILEAGE, "county_code"))
    national: Metres = Field(validation_alias=_h(MILEAGE, "national"))
    provincial: Metres = Field(validation_alias=_h(MILEAGE, "provincial"))
    county: Metres = Field(validation_alias=_h(MILEAGE, "county"))
    township: Metres = Field(validation_alias=_h(MILEAGE, "township"))
    village: Metres = Field(validation_alias=_h(MILEAGE, "village"))

    def metres_by_class(self) -> dict[str, int]:
        return {key: getattr(self, key) for key, _ in ROAD_CLASSES}


class PerformanceRow(Row):
    """绩效考核: the performance score (绩效得分) and optional work need (工作需求)."""

    county_code: CountyCode = Field(validation_alias=_h(PERFORMANCE, "county_code"))
    score: ScoreHundredths = Field(validation_alias=_h(PERFORMANCE, "score"))
    need: OptionalNeed = Field(None, validation_alias=_h(PERFORMANCE, "need"))


class ProjectRow(Row):
    """配套资金: a provincial pavement project and its city + county matching."""

    project_id: Text = Field(validation_alias=_h(PROJECTS, "project_id"))
    county_code: CountyCode = Field(validation_alias=_h(PROJECTS, "county_code"))
    name: Text = Field(validation_alias=_h(PROJECTS, "name"))
    provincial: Fen = Field(validation_alias=_h(PROJECTS, "provincial"))
    city_matching: Fen = Field(validation_alias=_h(PROJECTS, "city_matching"))
    county_matching: Fen = Field(validation_alias=_h(PROJECTS, "county_matching"))
    # blank at year start (年初: planned investment not known yet); required at year end
    investment: OptionalFen = Field(validation_alias=_h(PROJECTS, "investment"))


class CostRow(Row):
    """中心经费: one cost line of a center unit (budget and actual)."""

    unit: Text = Field(validation_alias=_h(CENTER_COSTS, "unit"))
    category: Text = Field(validation_alias=_h(CENTER_COSTS, "category"))
    item: Text = Field(validation_alias=_h(CENTER_COSTS, "item"))
    budget: Fen = Field(validation_alias=_h(CENTER_COSTS, "budget"))
    # blank at year start (年初: not known yet, never 0); required at year end
    actual: OptionalFen = Field(validation_alias=_h(CENTER_COSTS, "actual"))

    def actual_fen(self) -> int:
        """The actual cost, at year end — when the reader refuses a blank one (actuals_rule);
        at year start nothing reads it (there is no settlement)."""
        if self.actual is None:
            raise ValueError(f"中心经费 row {self.row}: no actual cost at year end")
        return self.actual


class PrepaymentRow(Row):
    """县级预缴: what a county already paid towards its branch center this year."""

    county_code: CountyCode = Field(validation_alias=_h(PREPAYMENTS, "county_code"))
    amount: Fen = Field(validation_alias=_h(PREPAYMENTS, "amount"))


ROW_MODELS: dict[str, type[Row]] = {
    SOURCES.key: SourceRow,
    COUNTIES.key: CountyRow,
    MILEAGE.key: MileageRow,
    PERFORMANCE.key: PerformanceRow,
    PROJECTS.key: ProjectRow,
    CENTER_COSTS.key: CostRow,
    PREPAYMENTS.key: PrepaymentRow,
}


class YearInput(BaseModel):
    """Everything one year's run reads from the input workbook."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int
    city: str
    prepared: dt.date
    sources: tuple[SourceRow, ...]
    counties: tuple[CountyRow, ...]
    mileage: tuple[MileageRow, ...]
    performance: tuple[PerformanceRow, ...]
    projects: tuple[ProjectRow, ...] = ()
    center_costs: tuple[CostRow, ...] = ()
    prepayments: tuple[PrepaymentRow, ...] = ()
    prepayments_given: bool = True
    """False when the workbook has no 县级预缴 sheet: every prepaid amount is then 0, and
    every output that shows one says so."""
    document_number: str | None = None  # 基本信息 文号, printed on the allocation notices
    stage: str = STAGE_END  # 阶段: 年初 or 年末 (SPEC §7)
    batches: tuple[SourceRow, ...] = ()  # 资金来源 rows as given when 批次 is used; then
    # ``sources`` holds one summed row per source (what one allocation of the year splits)

    @property
    def year_start(self) -> bool:
        return self.stage == STAGE_START

    def county_names(self) -> Mapping[str, str]:
        """Code → name of every county, built once per county list (the writers ask for it
        per county and row: rebuilding it each time made a national run quadratic).

        Read-only, as it is shared. Kept in ``__dict__`` beside the fields (pydantic's
        equality and dumps look at fields only, as for a ``cached_property``) together with
        the ``counties`` tuple it was built from, so a ``model_copy`` with other counties
        builds its own."""
        cached = self.__dict__.get("_county_names")
        if cached is None or cached[0] is not self.counties:
            cached = (self.counties, {c.code: c.name for c in self.counties})
            self.__dict__["_county_names"] = cached
        return MappingProxyType(cached[1])
