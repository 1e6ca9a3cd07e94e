"""The policy file: dated periods of the allocation rules (SPEC §4.2).

``inputs/policy.toml`` holds ``[[period]]`` tables; the run for year Y uses the latest
period with ``from_year ≤ Y``. Every key is required and every unknown key is an error
naming the file and the key, so a misspelt key is never silently ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from roadfund import money
from roadfund.issues import InputError, Issue
from roadfund.schema import ROAD_CLASSES

MAX_RATIO = 1000
"""The largest policy coefficient or road-class weight (the policy's are 0–1.2)."""
MAX_RATIO_DECIMALS = 12
"""Decimals a policy number may have: with these two bounds every weight of 5,000
counties at 10^6 km times an amount of 10^11 元 stays far inside 128-bit integers, and
every coefficient has at most 15 significant digits, as an Excel cell holds exactly."""
MAX_RATIO_CHARS = 40
MAX_TEXT_CHARS = 200
"""The longest text in a policy (reference, a city unit, a grade)."""


def _ratio(value: object, expected: str = "@policy.ratio") -> Fraction:
    """A non-negative decimal string as an exact Fraction; anything else names ``expected``.
    Beyond MAX_RATIO or with more than MAX_RATIO_DECIMALS decimals: refused too."""
    problem = PydanticCustomError("policy_bad_value", "", {"expected": expected})
    if not isinstance(value, str):
        raise problem
    bounded = PydanticCustomError("policy_bad_value", "", {"expected": "@policy.bounded_ratio"})
    if len(value) > MAX_RATIO_CHARS:
        raise bounded
    try:
        number = money.ratio(value)
    except money.NumberError:
        raise problem from None
    if number < 0:
        raise problem
    if number > MAX_RATIO or money.decimals(money.to_decimal(value)) > MAX_RATIO_DECIMALS:
        raise bounded
    return number


def _unit_ratio(value: object) -> Fraction:
    number = _ratio(value, "@policy.unit_ratio")
    if number > 1:
        raise PydanticCustomError("policy_bad_value", "", {"expected": "@policy.unit_ratio"})
    return number


def _score(value: object) -> Fraction:
    number = _ratio(value, "@policy.score")
    if number > 100 or money.decimals(money.to_decimal(str(value))) > 2:
        raise PydanticCustomError("policy_bad_value", "", {"expected": "@policy.score"})
    return number


def decimal_text(value: Fraction) -> str:
    """A policy value back as the decimal string it was written as (1.2 → "1.2")."""
    return money.trimmed_decimal_str(value, 12)


_AS_TEXT = PlainSerializer(decimal_text)
Ratio = Annotated[Fraction, PlainValidator(_ratio), _AS_TEXT]
"""A non-negative decimal string ("1.2") as an exact Fraction."""
UnitRatio = Annotated[Fraction, PlainValidator(_unit_ratio), _AS_TEXT]
"""A decimal string between 0 and 1 ("0.70")."""
Score = Annotated[Fraction, PlainValidator(_score), _AS_TEXT]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Strict):
    """A score band: scores ≥ min_score get this grade and coefficient (绩效等级)."""

    min_score: Score
    coefficient: Ratio
    grade: StrictStr = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class CoefficientMethod(_Strict):
    """w_i = need_i × coef(score_i), coef from score bands."""

    method: Literal["coefficient"]
    need: Literal["mileage", "column"]
    bands: tuple[Band, ...]

    @model_validator(mode="after")
    def _bands_cover_all_scores(self) -> CoefficientMethod:
        scores = [band.min_score for band in self.bands]
        if not scores or min(scores) != 0:
            raise PydanticCustomError("policy_bad_value", "", {"expected": "@policy.bands_zero"})
        if len(set(scores)) != len(scores):
            raise PydanticCustomError(
                "policy_bad_value", "", {"expected": "@policy.bands_distinct"}
            )
        return self

    # The band of a score: roadfund.engine.rules.BandTable (the one band lookup).


FACTOR_KEYS = ("score", "need", "mileage")


class FactorMethod(_Strict):
    """因素法: counties below min_score are out; w_i = Σ_k α_k · x_ik / Σ_j x_jk."""

    method: Literal["factor"]
    min_score: Score
    factors: dict[Literal["score", "need", "mileage"], Ratio] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares_add_up(self) -> FactorMethod:
        total = sum(self.factors.values(), Fraction(0))
        if total != 1:
            raise PydanticCustomError(
                "policy_shares_sum", "", {"what": "@policy.factors", "found": decimal_text(total)}
            )
        return self


class RoadClassWeights(_Strict):
    """Class weights that turn km by road class into converted mileage (折算里程)."""

    national: Ratio = Field(alias="国道")
    provincial: Ratio = Field(alias="省道")
    county: Ratio = Field(alias="县道")
    township: Ratio = Field(alias="乡道")
    village: Ratio = Field(alias="村道")

    def by_key(self) -> dict[str, Fraction]:
        return {key: getattr(self, key) for key, _ in ROAD_CLASSES}


class Period(_Strict):
    """The rules in force from ``from_year`` until the next period."""

    from_year: StrictInt = Field(ge=1900, le=9999)
    reference: StrictStr = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: StrictStr | None = Field(
        None, min_length=1, max_length=MAX_TEXT_CHARS
    )  # cited on notices
    daily_share: UnitRatio
    performance_share: UnitRatio
    matching_floor: UnitRatio
    city_units: tuple[Annotated[StrictStr, Field(max_length=MAX_TEXT_CHARS)], ...] = Field(
        min_length=1, max_length=1000
    )
    settlement_mode: Literal["remit", "offset"]
    road_class_weights: RoadClassWeights
    performance: CoefficientMethod | FactorMethod = Field(discriminator="method")

    @model_validator(mode="after")
    def _shares_add_up(self) -> Period:
        total = self.daily_share + self.performance_share
        if total != 1:
            raise PydanticCustomError(
                "policy_shares_sum", "", {"what": "@policy.shares", "found": decimal_text(total)}
            )
        return self


class Policy(_Strict):
    periods: tuple[Period, ...] = Field(alias="period")

    def period_for(self, year: int) -> Period | None:
        """The latest period with from_year ≤ year, or None."""
        eligible = [p for p in self.periods if p.from_year <= year]
        return max(eligible, key=lambda p: p.from_year) if eligible else None


# The keys a period may have, for "did you mean" hints on a misspelt key.
_KNOWN_KEYS = (
    set(Period.model_fields)
    | {"period", "method", "need", "bands", "min_score", "coefficient", "grade", "factors"}
    | set(FACTOR_KEYS)
    | {name for _, name in ROAD_CLASSES}
)


def _key_path(loc: tuple[int | str, ...]) -> str:
    """('period', 0, 'performance', 'coefficient', 'bands', 1) → period[1].performance.bands[2]"""
    parts: list[str] = []
    skip = {"coefficient", "factor"}  # discriminated-union tags pydantic puts in loc
    for i, item in enumerate(loc):
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        elif item in skip and i > 0 and loc[i - 1] == "performance":
            continue
        else:
            parts.append(str(item))
    return ".".join(parts)


def _issue_from_error(file: str, error: Mapping[str, Any]) -> Issue:
    loc = tuple(error["loc"])
    key = _key_path(loc)
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind == "extra_forbidden":
        name = str(loc[-1])
        close = difflib.get_close_matches(name, sorted(_KNOWN_KEYS), n=1)
        hint = "@policy.hint_none" if not close else f"（{close[0]}?）"
        return Issue.at(file, "policy_unknown_key", key=key, found=name, hint=hint)
    if kind == "missing":
        return Issue.at(file, "policy_missing_key", key=key, found=str(loc[-1]))
    if kind == "policy_bad_value" and isinstance(error.get("input"), Mapping | list):
        return Issue.at(file, "policy_bad_table", key=key, expected=str(ctx.get("expected", "")))
    if kind in ("policy_bad_value", "policy_shares_sum"):
        found = error.get("input")
        params = {"found": _short(found), **{k: str(v) for k, v in ctx.items()}}
        return Issue.with_params(file, kind, params, key=key)
    expected = {
        "string_too_long": "@policy.short_text",
        "literal_error": str(ctx.get("expected", "")),
        "union_tag_invalid": str(ctx.get("expected_tags", "")),
    }.get(kind, "@policy.valid_value")
    return Issue.at(
        file, "policy_bad_value", key=key, found=_short(error.get("input")), expected=expected
    )


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_policy(document: Mapping[str, Any], file: str) -> Policy:
    """Validate a parsed TOML document; raises InputError with every problem found."""
    issues: list[Issue] = []
    try:
        policy = Policy.model_validate(document)
    except ValidationError as error:
        issues = [_issue_from_error(file, e) for e in error.errors()]
        raise InputError(issues) from None
    if not policy.periods:
        raise InputError([Issue.at(file, "policy_no_periods")])
    years = [p.from_year for p in policy.periods]
    repeated = sorted({y for y in years if years.count(y) > 1})
    if repeated:
        raise InputError(
            Issue.at(file, "policy_duplicate_year", key="period.from_year", found=y)
            for y in repeated
        )
    return policy


def select_period(policy: Policy, year: int, file: str) -> Period:
    period = policy.period_for(year)
    if period is None:
        first = min(p.from_year for p in policy.periods)
        raise InputError([Issue.at(file, "no_policy_period", year=year, first=first)])
    return period
