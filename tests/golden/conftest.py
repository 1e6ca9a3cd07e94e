"""Golden years as data (OpenFisca's YAML tests are the model): every ``*.toml`` here is a
small hand-checked year — input rows, policy changes, the fen expected per county and
pool — collected by ``pytest_collect_file`` and run through ``roadfund.engine.compute``.

A case file: ``description``; ``[policy]`` keys replacing the shipped period's
(``inputs/policy.toml``); ``[[source]]`` (code, received, deduction: fen), ``[[county]]``
(code, metres = [国道, 省道, 县道, 乡道, 村道], score in hundredths, optional need in
hundredths), optional ``[[cost]]`` (unit, category, budget, actual: fen) and
``[[prepaid]]``; ``[expected.<source>]`` with ``daily`` and ``performance`` pools (fen)
and tables ``daily`` / ``performance`` of fen by county code; optional
``[expected.net_transfer]`` (fen by county code). Each expected number carries its
arithmetic in a comment beside it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from roadfund.engine import YearResult, compute
from roadfund.models import (
    CostRow,
    CountyRow,
    MileageRow,
    PerformanceRow,
    PrepaymentRow,
    SourceRow,
    YearInput,
)
from roadfund.policy import parse_policy
from roadfund.schema import ROAD_CLASSES

ROOT = Path(__file__).resolve().parents[2]


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    if file_path.suffix == ".toml" and file_path.parent == Path(__file__).parent:
        return GoldenFile.from_parent(parent, path=file_path)
    return None


class GoldenFile(pytest.File):
    def collect(self) -> list[pytest.Item]:
        case = tomllib.loads(self.path.read_text(encoding="utf-8"))
        return [GoldenItem.from_parent(self, name=self.path.stem, case=case)]


class GoldenItem(pytest.Item):
    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        check(run_case(self.case), self.case["expected"])

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"golden: {self.case.get('description', self.name)}"


def run_case(case: dict[str, Any]) -> YearResult:
    shipped = tomllib.loads((ROOT / "inputs" / "policy.toml").read_text(encoding="utf-8"))
    period = {**shipped["period"][0], **case.get("policy", {})}
    if period.get("performance", {}).get("method") == "factor":
        period["performance"] = case["policy"]["performance"]
    policy = parse_policy({"period": [period]}, "golden.toml")
    counties = case["county"]
    keys = [key for key, _ in ROAD_CLASSES]
    year_input = YearInput.model_construct(
        year=2023,
        city="金样市",
        prepared=dt.date(2023, 3, 31),
        sources=tuple(
            SourceRow.model_construct(
                row=0,
                code=s["code"],
                name=s["code"],
                received=s["received"],
                city_deduction=s.get("deduction", 0),
                base_subsidy=None,
                reward=None,
            )
            for s in case["source"]
        ),
        counties=tuple(
            CountyRow.model_construct(
                row=0, code=c["code"], name=c["code"], branch=f"{c['code']}分中心"
            )
            for c in counties
        ),
        mileage=tuple(
            MileageRow.model_construct(
                row=0, county_code=c["code"], **dict(zip(keys, c["metres"], strict=True))
            )
            for c in counties
        ),
        performance=tuple(
            PerformanceRow.model_construct(
                row=0, county_code=c["code"], score=c["score"], need=c.get("need")
            )
            for c in counties
        ),
        projects=(),
        center_costs=tuple(
            CostRow.model_construct(
                row=0,
                unit=line["unit"],
                category=line["category"],
                item=line["category"],
                budget=line["budget"],
                actual=line["actual"],
            )
            for line in case.get("cost", [])
        ),
        prepayments=tuple(
            PrepaymentRow.model_construct(row=0, county_code=p["code"], amount=p["amount"])
            for p in case.get("prepaid", [])
        ),
    )
    return compute(year_input, policy.periods[0])


def check(result: YearResult, expected: dict[str, Any]) -> None:
    for source in result.allocation.sources:
        want = expected[source.code]
        assert (source.daily_pool, source.performance_pool) == (
            want["daily_pool"],
            want["performance_pool"],
        )
        assert {c: s.amount for c, s in source.daily.items()} == want["daily"], source.code
        assert {c: s.amount for c, s in source.performance.items()} == want["performance"]
    if "net_transfer" in expected:
        got = {c.code: c.net_transfer for c in result.settlement.counties}
        assert got == expected["net_transfer"]
