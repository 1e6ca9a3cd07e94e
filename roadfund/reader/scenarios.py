"""The what-if scenario file (情景文件) of ``roadfund whatif``: named variants of one year.

Each ``[[scenario]]`` table starts from the baseline — the input workbook and the policy
period in force for its year — and changes some policy values and/or some counties'
inputs. Keys left out keep the baseline's value. Like the policy file, every value is a
decimal *string* ("0.60", "97.5"), so nothing is ever a binary float; every unknown key
is an error naming the file and the key.

```toml
[[scenario]]
name = "日常养护 60%"              # required, unique
description = "按 60/40 切分"       # optional, shown in the outputs
daily_share = "0.60"               # performance_share follows as 1 − daily_share
                                   # (give both and they must add up to 1)
matching_floor = "0.35"            # the 30% matching floor, as in the policy

[[scenario]]
name = "村道折算 0.5"
road_class_weights = { "村道" = "0.5" }   # classes not named keep the policy's weight

[[scenario]]
name = "优秀系数 1.5"
[scenario.performance]             # keys of the policy's [period.performance]
bands = [                          # bands, factors: the whole list/table is replaced
  { min_score = "90", coefficient = "1.5", grade = "优" },
  { min_score = "80", coefficient = "1.0", grade = "良" },
  { min_score = "60", coefficient = "0.8", grade = "中" },
  { min_score = "0",  coefficient = "0",   grade = "差" },
]
# need = "column"                  # or switch method = "factor" with min_score + factors

[[scenario]]
name = "乐平市得分 +5"
[scenario.counties.360281]         # a county by its code (县区代码)
score_change = "5"                 # or score = "97.5" (absolute), 0–100, 2 decimals
# need = "3500"                    # 工作需求
# "村道" = "1400.250"              # km by road class: 国道 省道 县道 乡道 村道
```

A scenario's policy values are merged into the baseline period and validated exactly as
the policy file is (``roadfund.policy.Period``), so the same rules hold: shares add up
to 1, bands are distinct and one starts at 0, ratios are decimal strings. County values
are checked as the input workbook's cells are (km ≤ 3 decimals, score 0–100 with ≤ 2
decimals, need ≥ 0 with ≤ 2 decimals).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StrictStr, ValidationError
from pydantic_core import PydanticCustomError

from roadfund import money
from roadfund.engine.sweep import CountyChange, Scenario
from roadfund.issues import InputError, Issue
from roadfund.models import YearInput
from roadfund.money import exact_decimal
from roadfund.policy import CoefficientMethod, FactorMethod, Period
from roadfund.reader.policy import read_toml_bytes
from roadfund.schema import ROAD_CLASSES

MAX_SCORE = 100 * money.HUNDREDTHS


def _text(value: object, expected: str, convert: Any) -> int:
    """A decimal string converted by a money.* function; our error codes otherwise."""
    if not isinstance(value, str):
        raise PydanticCustomError("whatif_not_text", "", {"expected": expected})
    try:
        return int(convert(value))
    except money.NumberError:
        raise PydanticCustomError("policy_bad_value", "", {"expected": expected}) from None


def _km(value: object) -> int:
    return _text(value, "@kind.km", money.km_to_metres)


def _score(value: object) -> int:
    hundredths = _text(value, "@kind.score", money.to_hundredths)
    if hundredths > MAX_SCORE:
        raise PydanticCustomError("policy_bad_value", "", {"expected": "@kind.score"})
    return hundredths


def _score_change(value: object) -> int:
    def signed(text: str) -> int:
        return money.scaled(text, money.HUNDREDTHS, 2, minimum=None)

    return _text(value, "@whatif.score_change", signed)


def _need(value: object) -> int:
    return _text(value, "@kind.need", money.to_hundredths)


Km = Annotated[int | None, PlainValidator(_km)]
ScoreValue = Annotated[int | None, PlainValidator(_score)]
ScoreChange = Annotated[int | None, PlainValidator(_score_change)]
NeedValue = Annotated[int | None, PlainValidator(_need)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CountyChangeTable(_Strict):
    """``[scenario.counties.<code>]``: one county's changed inputs."""

    score: ScoreValue = None
    score_change: ScoreChange = None
    need: NeedValue = None
    national: Km = Field(None, alias="国道")
    provincial: Km = Field(None, alias="省道")
    county: Km = Field(None, alias="县道")
    township: Km = Field(None, alias="乡道")
    village: Km = Field(None, alias="村道")


class ClassWeightsTable(_Strict):
    """``road_class_weights``: some classes' weights (checked as the policy's)."""

    national: Any = Field(None, alias="国道")
    provincial: Any = Field(None, alias="省道")
    county: Any = Field(None, alias="县道")
    township: Any = Field(None, alias="乡道")
    village: Any = Field(None, alias="村道")


class PerformanceTable(_Strict):
    """``[scenario.performance]``: keys of the policy's performance table."""

    method: Any = None
    need: Any = None
    bands: Any = None
    min_score: Any = None
    factors: Any = None


class ScenarioTable(_Strict):
    """One ``[[scenario]]``."""

    name: StrictStr = Field(min_length=1)
    description: StrictStr = ""
    daily_share: Any = None
    performance_share: Any = None
    matching_floor: Any = None
    road_class_weights: ClassWeightsTable | None = None
    performance: PerformanceTable | None = None
    counties: dict[str, CountyChangeTable] = Field(default_factory=dict)


class ScenarioFile(_Strict):
    scenario: list[dict[str, Any]] = Field(min_length=1)


# -- the baseline period as the TOML table it came from -----------------------------------


def period_document(period: Period) -> dict[str, Any]:
    """The period as a policy-file table of decimal strings (validates back to ``period``)."""
    method = period.performance
    if isinstance(method, CoefficientMethod):
        performance: dict[str, Any] = {
            "method": "coefficient",
            "need": method.need,
            "bands": [
                {
                    "min_score": exact_decimal(b.min_score),
                    "coefficient": exact_decimal(b.coefficient),
                    "grade": b.grade,
                }
                for b in method.bands
            ],
        }
    else:
        performance = {
            "method": "factor",
            "min_score": exact_decimal(method.min_score),
            "factors": {k: exact_decimal(v) for k, v in method.factors.items()},
        }
    weights = period.road_class_weights.by_key()
    return {
        "from_year": period.from_year,
        "reference": period.reference,
        **({"title": period.title} if period.title else {}),
        "daily_share": exact_decimal(period.daily_share),
        "performance_share": exact_decimal(period.performance_share),
        "matching_floor": exact_decimal(period.matching_floor),
        "city_units": list(period.city_units),
        "settlement_mode": period.settlement_mode,
        "road_class_weights": {name: exact_decimal(weights[key]) for key, name in ROAD_CLASSES},
        "performance": performance,
    }


# -- errors as issues ------------------------------------------------------------------------


def _key_path(loc: tuple[int | str, ...]) -> str:
    """('scenario', 2, 'performance', 'bands', 0) → scenario[3].performance.bands[1]"""
    parts: list[str] = []
    for i, item in enumerate(loc):
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        elif item in ("coefficient", "factor") and i > 0 and loc[i - 1] == "performance":
            continue  # the discriminated union's tag
        else:
            parts.append(str(item))
    return ".".join(parts)


def _issue(file: str, prefix: tuple[int | str, ...], error: Mapping[str, Any]) -> Issue:
    loc = prefix + tuple(error["loc"])
    key = _key_path(loc)
    kind = error["type"]
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    found = _short(error.get("input"))
    # The scenario's number as the row, so issues sort scenario by scenario.
    row = loc[1] + 1 if len(loc) > 1 and isinstance(loc[1], int) else None
    if kind == "extra_forbidden":
        return Issue.at(file, "policy_unknown_key", row, key=key, found=str(loc[-1]), hint="")
    if kind == "missing":
        return Issue.at(file, "policy_missing_key", row, key=key, found=str(loc[-1]))
    if kind == "whatif_not_text":
        return Issue.with_params(file, "whatif_not_text", {"found": found, **ctx}, row, key=key)
    if kind in ("policy_bad_value", "policy_shares_sum"):
        return Issue.with_params(file, kind, {"found": found, **ctx}, row, key=key)
    expected = {
        "literal_error": ctx.get("expected", ""),
        "union_tag_invalid": ctx.get("expected_tags", ""),
    }.get(kind, "@policy.valid_value")
    return Issue.at(file, "policy_bad_value", row, key=key, found=found, expected=expected)


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- parsing -----------------------------------------------------------------------------------


def _merged(base: dict[str, Any], table: ScenarioTable) -> dict[str, Any]:
    """The baseline period's table with the scenario's policy values laid over it."""
    document: dict[str, Any] = json.loads(json.dumps(base))  # a deep copy of plain data
    daily, performance = table.daily_share, table.performance_share
    if daily is not None:
        document["daily_share"] = daily
    if performance is not None:
        document["performance_share"] = performance
    if (daily is None) != (performance is None):
        given = daily if daily is not None else performance
        other = "performance_share" if daily is not None else "daily_share"
        complement = _complement(given)
        if complement is not None:
            document[other] = complement
    if table.matching_floor is not None:
        document["matching_floor"] = table.matching_floor
    if table.road_class_weights is not None:
        document["road_class_weights"].update(
            table.road_class_weights.model_dump(by_alias=True, exclude_unset=True)
        )
    if table.performance is not None:
        change = table.performance.model_dump(exclude_unset=True)
        method = change.get("method")
        if method is not None and method != document["performance"]["method"]:
            document["performance"] = change
        else:
            document["performance"].update(change)
    return document


def _complement(value: object) -> str | None:
    """1 − value as exact decimal text, or None when value is not a ratio from 0 to 1."""
    if not isinstance(value, str):
        return None
    try:
        number = money.ratio(value)
    except money.NumberError:
        return None
    if not 0 <= number <= 1:
        return None
    return exact_decimal(1 - number)


def _validate_table(raw: dict[str, Any]) -> tuple[ScenarioTable | None, list[Any]]:
    """The scenario table, and its errors. A key in error is then dropped and the rest
    checked again, so one run reports the problems of the whole scenario."""
    try:
        return ScenarioTable.model_validate(raw), []
    except ValidationError as error:
        errors = list(error.errors())
    cleaned = json.loads(json.dumps(raw, default=str))
    for e in errors:
        _drop(cleaned, tuple(e["loc"]))
    try:
        return ScenarioTable.model_validate(cleaned), errors
    except ValidationError:
        return None, errors


def _drop(document: Any, loc: tuple[int | str, ...]) -> None:
    """Remove the value at ``loc`` (a pydantic error location) from nested dicts."""
    for depth in range(len(loc), 0, -1):
        parent = document
        for part in loc[: depth - 1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and loc[depth - 1] in parent:
            del parent[loc[depth - 1]]
            return


def _needs_column(period: Period) -> bool:
    method = period.performance
    if isinstance(method, FactorMethod):
        return "need" in method.factors
    return method.need == "column"


def parse_scenarios(
    document: Mapping[str, Any], file: str, year_input: YearInput, period: Period
) -> list[Scenario]:
    """Validate a parsed scenario file against the year; raises InputError with every
    problem found (file and key, e.g. ``scenarios.toml: scenario[3].daily_share``)."""
    try:
        shape = ScenarioFile.model_validate(document)
    except ValidationError as error:
        raise InputError(_issue(file, (), e) for e in error.errors()) from None
    base = period_document(period)
    known = {row.code for row in year_input.counties}
    scores = {row.county_code: row.score for row in year_input.performance}
    needs = {row.county_code: row.need for row in year_input.performance}
    issues: list[Issue] = []
    scenarios: list[Scenario] = []
    names: dict[str, int] = {}
    periods: dict[str, Period] = {}
    for i, raw in enumerate(shape.scenario):
        prefix: tuple[int | str, ...] = ("scenario", i)
        table, problems = _validate_table(raw)
        issues += [_issue(file, prefix, e) for e in problems]
        if table is None:
            continue
        where = _key_path(prefix)
        if table.name in names:
            issues.append(
                Issue.at(
                    file,
                    "whatif_duplicate_name",
                    i + 1,
                    key=f"{where}.name",
                    found=table.name,
                    first=names[table.name],
                )
            )
        names.setdefault(table.name, i + 1)
        merged = _merged(base, table)
        key = json.dumps(merged, sort_keys=True, ensure_ascii=False, default=repr)
        scenario_period = periods.get(key)
        if scenario_period is None:
            try:
                scenario_period = periods[key] = Period.model_validate(merged)
            except ValidationError as error:
                issues += [_issue(file, prefix, e) for e in error.errors()]
        changes: dict[str, CountyChange] = {}
        for code, change in sorted(table.counties.items()):
            place = f"{where}.counties.{code}"
            if code not in known:
                issues.append(Issue.at(file, "whatif_unknown_county", i + 1, key=place, found=code))
                continue
            score = change.score
            if change.score is not None and change.score_change is not None:
                issues.append(Issue.at(file, "whatif_score_twice", i + 1, key=place))
                continue
            if change.score_change is not None:
                score = scores[code] + change.score_change
                if not 0 <= score <= MAX_SCORE:
                    issues.append(
                        Issue.at(
                            file,
                            "whatif_score_range",
                            i + 1,
                            key=f"{place}.score_change",
                            found=money.fraction_to_decimal_str(Fraction(score, 100), 2),
                        )
                    )
                    continue
            metres = {
                key: value for key, _ in ROAD_CLASSES if (value := getattr(change, key)) is not None
            }
            changes[code] = CountyChange(metres=metres, score=score, need=change.need)
        if scenario_period is None:
            continue
        if _needs_column(scenario_period):
            blank = sorted(
                code
                for code in known
                if needs.get(code) is None and (code not in changes or changes[code].need is None)
            )
            if blank:
                issues.append(
                    Issue.at(
                        file,
                        "whatif_need_missing",
                        i + 1,
                        key=where,
                        name=table.name,
                        found="、".join(blank[:5]) + ("…" if len(blank) > 5 else ""),
                    )
                )
                continue
        scenarios.append(
            Scenario(
                name=table.name,
                period=scenario_period,
                counties=changes,
                description=table.description,
            )
        )
    if issues:
        raise InputError(issues)
    return scenarios


def load_scenarios(path: Path, year_input: YearInput, period: Period) -> list[Scenario]:
    """Read and validate a scenario file; raises InputError naming the file and key."""
    return load_scenarios_read(path, year_input, period)[0]


def load_scenarios_read(
    path: Path, year_input: YearInput, period: Period
) -> tuple[list[Scenario], str]:
    """The validated scenarios and the SHA-256 of the bytes they were read from."""
    from roadfund.contract import sha256_bytes

    document, data = read_toml_bytes(path)
    return parse_scenarios(document, path.name, year_input, period), sha256_bytes(data)
