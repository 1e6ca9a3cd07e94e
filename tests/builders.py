"""Small builders of engine inputs in user units (元, km, points), validated like cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from roadfund.models import (
    CostRow,
    CountyRow,
    MileageRow,
    PerformanceRow,
    PrepaymentRow,
    ProjectRow,
    SourceRow,
    YearInput,
)
from roadfund.policy import Period
from roadfund.reader.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent


def shipped_period(year: int = 2023) -> Period:
    period = load_policy(ROOT / "inputs" / "policy.toml").period_for(year)
    assert period is not None
    return period


def period_with(**changes: object) -> Period:
    """The shipped 2023 period with some values replaced (validated again)."""
    data = shipped_period().model_dump(by_alias=True)
    data.update(changes)
    return Period.model_validate(data)


def year_input(
    mileage_km: Mapping[str, Sequence[object]],
    scores: Mapping[str, object],
    *,
    central: tuple[object, object] = ("1000.00", "0"),
    provincial: tuple[object, object, object, object] = ("500.00", "0", "300.00", "200.00"),
    needs: Mapping[str, object] | None = None,
    projects: Sequence[Mapping[str, object]] = (),
    costs: Sequence[Mapping[str, object]] = (),
    prepaid: Mapping[str, object] | None = None,
    year: int = 2023,
) -> YearInput:
    """A YearInput from km by class (国道, 省道, 县道, 乡道, 村道) and scores per county code."""
    classes = ("国道", "省道", "县道", "乡道", "村道")
    codes = list(mileage_km)
    return YearInput(
        year=year,
        city="测试市",
        prepared=dt.date(year, 3, 31),
        sources=(
            SourceRow.model_validate(
                {
                    "代码": "central",
                    "名称": "中央",
                    "下达金额（元）": _num(central[0]),
                    "市本级配套扣除（元）": _num(central[1]),
                    "row": 2,
                }
            ),
            SourceRow.model_validate(
                {
                    "代码": "provincial",
                    "名称": "省级",
                    "下达金额（元）": _num(provincial[0]),
                    "市本级配套扣除（元）": _num(provincial[1]),
                    "基础补助（元）": _num(provincial[2]),
                    "奖励（元）": _num(provincial[3]),
                    "row": 3,
                }
            ),
        ),
        counties=tuple(
            CountyRow.model_validate(
                {"县区代码": c, "县区名称": f"县{c}", "分中心名称": f"分中心{c}", "row": i + 2}
            )
            for i, c in enumerate(codes)
        ),
        mileage=tuple(
            MileageRow.model_validate(
                {
                    "县区代码": c,
                    **{k: _num(v) for k, v in zip(classes, km, strict=True)},
                    "row": i + 2,
                }
            )
            for i, (c, km) in enumerate(mileage_km.items())
        ),
        performance=tuple(
            PerformanceRow.model_validate(
                {
                    "县区代码": c,
                    "绩效得分": _num(scores[c]),
                    "工作需求": _num((needs or {}).get(c)),
                    "row": i + 2,
                }
            )
            for i, c in enumerate(codes)
        ),
        projects=tuple(
            ProjectRow.model_validate({**_nums(p), "row": i + 2}) for i, p in enumerate(projects)
        ),
        center_costs=tuple(
            CostRow.model_validate({**_nums(c), "row": i + 2}) for i, c in enumerate(costs)
        ),
        prepayments=tuple(
            PrepaymentRow.model_validate({"县区代码": c, "已缴金额（元）": _num(v), "row": i + 2})
            for i, (c, v) in enumerate((prepaid or {}).items())
        ),
    )


def _num(value: object) -> object:
    """Numbers may be given as text ("1000.00"); a cell would hold a number, so pass a Decimal."""
    from decimal import Decimal, InvalidOperation

    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _nums(row: Mapping[str, object]) -> dict[str, object]:
    """Amount columns (headers ending in （元）) as numbers; text columns as they are."""
    return {k: _num(v) if k.endswith("（元）") else v for k, v in row.items()}
