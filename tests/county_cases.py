"""Cases for the county-workbook tests: policy texts and a one-call run of a year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roadfund.run import RunOutcome, run
from roadfund.text import Lang

COEFFICIENT = """\
[period.performance]
method = "coefficient"
need = "mileage"
bands = [
  { min_score = "90", coefficient = "1.2", grade = "优" },
  { min_score = "80", coefficient = "1.0", grade = "良" },
  { min_score = "60", coefficient = "0.8", grade = "中" },
  { min_score = "0",  coefficient = "0",   grade = "差" },
]
"""

FACTOR = """\
[period.performance]
method = "factor"
min_score = "80"
factors = { score = "0.4", need = "0.35", mileage = "0.25" }
"""


def policy_text(mode: str = "remit", performance: str = COEFFICIENT) -> str:
    """A complete policy file (景府发〔2022〕7号 values) with the settlement mode and
    performance method given."""
    return f"""\
[[period]]
from_year = 2023
reference = "景府发〔2022〕7号"
title = "景德镇市公路养护领域财政事权和支出责任划分调整实施方案"
daily_share = "0.70"
performance_share = "0.30"
matching_floor = "0.30"
city_units = ["市本级机关", "应急中心", "建保中心"]
settlement_mode = "{mode}"

[period.road_class_weights]
"国道" = "1"
"省道" = "1.5"
"县道" = "1"
"乡道" = "0.8"
"村道" = "0.6"

{performance}"""


def run_case(
    make_input: Callable[..., Path],
    rows: dict[str, list[dict[str, object]]],
    out: Path,
    *,
    name: str = "input.xlsx",
    policy: str | None = None,
    lang: Lang = "zh",
    progress: Callable[[str, int, int], None] | None = None,
) -> RunOutcome:
    """Write the rows as an input workbook (with the policy beside it) and run the year."""
    path = make_input(rows, name=name, policy=policy)
    if progress is None:
        return run(path, None, out, force=False, lang=lang)
    return run(path, None, out, force=False, lang=lang, progress=progress)
