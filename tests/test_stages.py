"""The year's stages (年初/年末) and batches (分批下达), SPEC §7 — issue 13."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from builders import shipped_period
from builders import year_input as build_year_input
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from roadfund.cli import cli
from roadfund.engine import compute
from roadfund.engine.batches import NegativeBatch, combine_batches
from roadfund.models import SourceRow, YearInput
from roadfund.samples.jingdezhen import SAMPLE_YEAR_START
from roadfund.writers.template import write_template

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
DATA = Path(__file__).resolve().parent / "data"
Build = Callable[..., Path]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_stage(rows: dict, stage: str) -> dict:  # type: ignore[type-arg]
    rows = copy.deepcopy(rows)
    for info in rows["基本信息"]:
        if info["项目"] == "阶段":
            info["内容"] = stage
    return rows


# -- year start: blank actuals pass, the same workbook at year end names every blank ----------


def test_year_start_sample_passes_check_and_run(tmp_path: Path) -> None:
    sample = tmp_path / "sample-2023-年初.xlsx"
    shutil.copy(INPUTS / "sample-2023-年初.xlsx", sample)
    shutil.copy(INPUTS / "policy.toml", tmp_path / "policy.toml")
    assert invoke("check", str(sample))[0] == 0
    out = tmp_path / "out"
    code, stdout, _ = invoke("run", str(sample), "--out", str(out), "--strict")
    assert code == 0
    names = {p.name for p in out.iterdir()}
    assert {"allocations.csv", "budget.csv", "batches.csv", "matching.csv"} <= names
    assert "settlement.csv" not in names  # nothing pretends a settlement
    assert read_csv(out / "matching.csv") == [read_csv(out / "matching.csv")[0]]  # no verdict
    assert "配套核查（预审）：尚未填写投入总额，年末按实际投入总额核查。" in stdout
    assert sorted(p.name for p in (out / "counties").iterdir())[0] == (
        "360202-昌江区-2023年资金分配通知.xlsx"
    )


def test_the_same_workbook_at_year_end_names_every_blank_actual(make_input: Build) -> None:
    path = make_input(with_stage(SAMPLE_YEAR_START[2023], "年末"))
    code, _, stderr = invoke("check", str(path))
    assert code == 1
    lines = stderr.splitlines()
    assert lines[0] == "输入有 2 处问题，未写入任何文件："
    blank = "单元格为空，年末应填金额（元，≥0，最多2位小数）（年初尚不知道实际数时可留空，并把「阶段」填为年初）"
    assert lines[1:] == [  # every blank actual cell, a column's run said once as its range
        f"  配套资金!G2:G9（实际投入总额（元））：{blank}",
        f"  中心经费!E2:E22（实际发生（元））：{blank}",
    ]


def test_a_bad_stage_and_a_date_outside_the_year(make_input: Build, sample_rows: dict) -> None:  # type: ignore[type-arg]
    for info in sample_rows["基本信息"]:
        if info["项目"] == "阶段":
            info["内容"] = "年中"
        if info["项目"] == "编制日期":
            info["内容"] = dt.date(2025, 1, 5)
    code, _, stderr = invoke("check", str(make_input(sample_rows)), "--lang", "en")
    assert code == 1
    assert stderr.splitlines()[1:] == [
        "  基本信息!B4 (内容): the date prepared '2025-01-05' is neither in the year 2023 nor "
        "in the year after (expected 2023-01-01 to 2024-12-31)",
        "  基本信息!B6 (内容): '年中' is not a valid stage; expected a stage (年初 or 年末)",
    ]


# -- a workbook without 阶段 or 批次 gives the outputs of the branch point, byte for byte ------


@pytest.mark.parametrize("run", ["2023-zh", "2023-en", "2024-zh", "2024-en"])
def test_a_workbook_without_stage_or_batches_gives_todays_outputs(tmp_path: Path, run: str) -> None:
    """tests/data/legacy-YEAR.xlsx are the samples as shipped before issue 13 (no 阶段 row, no
    批次 columns); legacy-outputs.json holds the manifest and output hashes that the branch
    point wrote for them with ``roadfund run legacy-YEAR.xlsx --lang LANG`` (re-pinned from
    main at 66601e2 when merging it: issues 10, 11, 12, 14, 16 changed the workbooks;
    re-pinned for issue 16's merged ranges without their blank pads — with the pads put back
    the code wrote exactly the earlier pins, and no CSV changed; re-pinned for the workbooks
    deflated at level 1 (xlsx_fast.DEFLATE_LEVEL) — at level 6 the code wrote exactly the
    earlier pins, and no CSV changed)."""
    year, lang = run.split("-")
    pinned = json.loads((DATA / "legacy-outputs.json").read_text(encoding="utf-8"))[f"out-{run}"]
    shutil.copy(DATA / f"legacy-{year}.xlsx", tmp_path / f"legacy-{year}.xlsx")
    shutil.copy(INPUTS / "policy.toml", tmp_path / "policy.toml")
    out = tmp_path / "out"
    # in a fresh process, exactly as `roadfund run` is used
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "roadfund",
            "run",
            f"legacy-{year}.xlsx",
            "--out",
            "out",
            "--lang",
            lang,
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = {
        p.relative_to(out).as_posix(): sha256(p)
        for p in out.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert written == pinned["outputs"]
    assert sha256(out / "manifest.json") == pinned["manifest_sha256"]


# -- batches: properties -------------------------------------------------------------------


CODES = ("360201", "360202", "360203", "360204", "360205")


@st.composite
def batched_years(draw: st.DrawFn) -> YearInput:
    n = draw(st.integers(2, 5))
    codes = CODES[:n]
    km = {c: [f"{draw(st.integers(0, 400_000)) / 1000:.3f}", "0", "0", "0", "0"] for c in codes}
    km[codes[0]][0] = f"{draw(st.integers(1, 400_000)) / 1000:.3f}"  # some mileage
    scores = {c: f"{draw(st.integers(6000, 10000)) / 100:.2f}" for c in codes}
    base = build_year_input(km, scores)
    rows: list[SourceRow] = []
    for source in base.sources:
        k = draw(st.integers(1, 4))
        for number in range(1, k + 1):
            received = draw(st.integers(0, 10**10 // k))
            rows.append(
                source.model_copy(
                    update={
                        "received": received,
                        "city_deduction": draw(st.integers(0, received)),
                        "base_subsidy": None,
                        "reward": None,
                        "batch": number,
                        "batch_name": f"第{number}批",
                    }
                )
            )
    return base.model_copy(update={"sources": combine_batches(rows), "batches": tuple(rows)})


@settings(max_examples=150, deadline=None)
@given(batched_years())
def test_batches_are_a_cumulative_layer_over_one_allocation(year: YearInput) -> None:
    period = shipped_period()
    single = compute(year.model_copy(update={"batches": ()}), period)
    try:
        result = compute(year, period)
    except NegativeBatch as error:  # refused: it must really take money back
        assert error.amount < 0
        return
    assert result.batches is not None
    # allocations.csv equals a single-batch run on the summed amounts
    for mine, one in zip(result.allocation.sources, single.allocation.sources, strict=True):
        assert mine == one
    for source in result.allocation.sources:
        batches = result.batches.of_source(source.code)
        assert [b.number for b in batches] == list(range(1, len(batches) + 1))
        for code in source.daily:
            # the batch amounts sum to the year's allocation; none is negative
            assert sum(b.daily[code] for b in batches) == source.daily[code].amount
            assert sum(b.performance[code] for b in batches) == source.performance[code].amount
            assert all(b.daily[code] >= 0 and b.performance[code] >= 0 for b in batches)
        for b in batches:  # each batch conserves its own pool
            assert b.pool == b.row.received - b.row.city_deduction
            assert sum(b.daily.values()) == b.daily_pool
            assert sum(b.performance.values()) == b.performance_pool


# -- batches: a hand-checked two-batch year, and the numbering rules --------------------------


def _small_year(sources: list[dict[str, object]], km: tuple[str, ...] = ("1", "2")) -> dict:  # type: ignore[type-arg]
    codes = [f"36020{i}" for i in range(len(km))]
    return {
        "基本信息": [
            {"项目": "年度", "内容": 2023},
            {"项目": "城市", "内容": "测试市"},
            {"项目": "编制日期", "内容": dt.date(2023, 2, 20)},
            {"项目": "阶段", "内容": "年初"},
        ],
        "资金来源": sources,
        "县区": [
            {"县区代码": c, "县区名称": f"县{i}", "分中心名称": f"分中心{i}"}
            for i, c in enumerate(codes)
        ],
        "养护里程": [
            {"县区代码": c, "国道": Decimal(k), "省道": 0, "县道": 0, "乡道": 0, "村道": 0}
            for c, k in zip(codes, km, strict=True)
        ],
        "绩效考核": [{"县区代码": c, "绩效得分": Decimal("90")} for c in codes],
    }


def _source(code: str, received: str, batch: int | None, name: str | None = None) -> dict:  # type: ignore[type-arg]
    row: dict[str, object] = {
        "代码": code,
        "名称": code,
        "下达金额（元）": Decimal(received),
        "市本级配套扣除（元）": Decimal(0),
    }
    if batch is not None:
        row["批次"] = batch
    if name is not None:
        row["批次名称"] = name
    return row


def test_a_hand_checked_two_batch_year(make_input: Build, tmp_path: Path) -> None:
    """Counties A (1 km) and B (2 km), both score 90 (×1.2). central: 100.00 then 50.01.

    Batch 1: pool 10,000 fen → daily 7,000 by 1:2 = 2,333.33 | 4,666.67 → 2,333 | 4,667 (B has
    the larger remainder); performance 3,000 → 1,000 | 2,000. Cumulative 15,001 fen → daily
    round(10,500.7) = 10,501 → 3,500.33 | 7,000.67 → 3,500 | 7,001; performance 4,500 → 1,500 |
    3,000. Batch 2 = cumulative − batch 1: daily 1,167 | 2,334 (Σ 3,501 = 10,501 − 7,000),
    performance 500 | 1,000. provincial 10.00 in one batch: 233 | 467 and 100 | 200.
    """
    rows = _small_year(
        [
            _source("central", "100.00", 1, "提前下达"),
            _source("central", "50.01", 2, "第二批"),
            _source("provincial", "10.00", None),
        ]
    )
    out = tmp_path / "out"
    code, _, stderr = invoke("run", str(make_input(rows)), "--out", str(out))
    assert code == 0, stderr
    assert read_csv(out / "batches.csv") == [
        [
            "year",
            "source",
            "batch",
            "batch_name",
            "county_code",
            "county_name",
            "daily",
            "performance",
            "total",
        ],
        ["2023", "central", "1", "提前下达", "360200", "县0", "23.33", "10.00", "33.33"],
        ["2023", "central", "1", "提前下达", "360201", "县1", "46.67", "20.00", "66.67"],
        ["2023", "central", "2", "第二批", "360200", "县0", "11.67", "5.00", "16.67"],
        ["2023", "central", "2", "第二批", "360201", "县1", "23.34", "10.00", "33.34"],
        ["2023", "provincial", "1", "", "360200", "县0", "2.33", "1.00", "3.33"],
        ["2023", "provincial", "1", "", "360201", "县1", "4.67", "2.00", "6.67"],
    ]
    assert read_csv(out / "allocations.csv")[1:3] == [
        ["2023", "central", "360200", "县0", "35.00", "15.00", "50.00"],
        ["2023", "central", "360201", "县1", "70.01", "30.00", "100.01"],
    ]
    # the same year in one row per source gives the same allocations.csv, byte for byte
    single = _small_year([_source("central", "150.01", None), _source("provincial", "10.00", None)])
    one = tmp_path / "one"
    assert invoke("run", str(make_input(single, name="one.xlsx")), "--out", str(one))[0] == 0
    assert (one / "allocations.csv").read_bytes() == (out / "allocations.csv").read_bytes()
    assert not (one / "batches.csv").exists()
    # explain shows batch 2 as cumulative − previous, with the numbers
    code, stdout, _ = invoke(
        "explain", str(make_input(rows)), "--county", "360201", "--source", "central"
    )
    assert (
        "    日常养护资金：累计分配 70.01 − 上一批累计 46.67 = 本批 23.34 元" in stdout.splitlines()
    )


def test_batch_numbering_errors(make_input: Build) -> None:
    rows = _small_year(
        [
            _source("central", "100.00", 1),
            _source("central", "50.00", 1),
            _source("central", "50.00", 3),
            _source("provincial", "10.00", 1),
            _source("provincial", "10.00", None),
        ]
    )
    code, _, stderr = invoke("check", str(make_input(rows)))
    assert code == 1
    assert stderr.splitlines()[1:] == [
        "  资金来源!H:H: 资金来源「central」的批次不连续，缺少第 2 批；批次应为 1、2、3……",
        "  资金来源!H3（批次）：资金来源「central」的第 1 批重复（首次出现在第 2 行）",
        "  资金来源!H6（批次）：资金来源「provincial」的其他行填了批次，本行也应填写批次",
    ]


def test_a_batch_that_would_take_money_back_is_refused(make_input: Build) -> None:
    """Largest remainder's Alabama paradox: weights 1:4:7, daily 55 fen → 56 fen; all three
    remainders tie at 2/3 for 56, so the larger weights get the two leftover fen and the
    first county drops from 5 fen to 4."""
    rows = _small_year(
        [
            _source("central", "0.79", 1),
            _source("central", "0.01", 2),
            _source("provincial", "10.00", None),
        ],
        km=("1", "4", "7"),
    )
    code, _, stderr = invoke("check", str(make_input(rows)))
    assert code == 1
    assert stderr.splitlines()[1:] == [
        "  资金来源!H3（批次）：中央成品油资金第 2 批会使县0（360200）的日常养护资金减少 0.01 元"
        "（累计分配时该县区在本批的精确份额不足 1 分）；请调整本批金额或与上一批合并"
    ]


# -- the sample pair: year start → year end ------------------------------------------------------


def test_year_start_then_year_end_of_the_sample(tmp_path: Path) -> None:
    for name in ("sample-2023-年初.xlsx", "sample-2023.xlsx", "policy.toml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    start, end = tmp_path / "start", tmp_path / "end"
    assert invoke("run", str(tmp_path / "sample-2023-年初.xlsx"), "--out", str(start))[0] == 0
    assert invoke("run", str(tmp_path / "sample-2023.xlsx"), "--out", str(end))[0] == 0
    # the two central batches allocate exactly what the year-end single row does
    assert (start / "allocations.csv").read_bytes() == (end / "allocations.csv").read_bytes()
    assert read_csv(start / "budget.csv") == [
        ["year", "county_code", "county_name", "branch_center", "budget"],
        ["2023", "360202", "昌江区", "昌江分中心", "2271300.00"],
        ["2023", "360203", "珠山区", "珠山分中心", "1206400.00"],
        ["2023", "360222", "浮梁县", "浮梁分中心", "3787600.00"],
        ["2023", "360281", "乐平市", "乐平分中心", "4138800.00"],
    ]
    settlement = read_csv(end / "settlement.csv")
    assert [row[4] for row in settlement[1:]] == [
        "2271300.00",
        "1206400.00",
        "3787600.00",
        "4138800.00",
    ]
    batches = read_csv(start / "batches.csv")
    leping = [r for r in batches[1:] if r[4] == "360281" and r[1] == "central"]
    assert [(r[3], r[8]) for r in leping] == [("提前下达", "13922571.65"), ("第二批", "3482070.99")]
    assert Decimal("13922571.65") + Decimal("3482070.99") == Decimal("17404642.64")  # its total
    code, stdout, _ = invoke("compare", str(start), str(end))
    assert code == 0 and "新增" not in stdout


def test_shipped_year_start_sample_equals_a_fresh_write(tmp_path: Path) -> None:
    """inputs/sample-2023-年初.xlsx is ``roadfund template … --sample --year 2023 --stage 年初``."""
    path = tmp_path / "start.xlsx"
    write_template(path, sample=True, year=2023, stage="年初")
    assert sha256(path) == sha256(INPUTS / "sample-2023-年初.xlsx")


def test_whatif_and_verify_on_a_year_start_run(tmp_path: Path) -> None:
    for name in ("sample-2023-年初.xlsx", "policy.toml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    scenarios = tmp_path / "s.toml"
    scenarios.write_text(
        '[[scenario]]\nname = "60/40"\ndaily_share = "0.60"\nperformance_share = "0.40"\n',
        encoding="utf-8",
    )
    start = tmp_path / "sample-2023-年初.xlsx"
    code, _, stderr = invoke(
        "whatif", str(start), "--scenarios", str(scenarios), "--out", str(tmp_path / "w")
    )
    assert code == 0, stderr
    out = tmp_path / "out"
    assert invoke("run", str(start), "--out", str(out))[0] == 0
    code, stdout, _ = invoke("verify", str(out), "--input", str(start))
    assert code == 0 and "10 个文件均与 manifest.json 一致" in stdout
