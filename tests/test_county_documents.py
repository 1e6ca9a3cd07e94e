"""The county documents read as a finance bureau issues them (SPEC §8), read back with
openpyxl from every workbook of a run: the notice's 文号 and addressee, the policy cited
by name and number, the total in words that reads back to the total, the budget subject,
the county's own name in the sign-off, dates as 2023年3月31日 — and no program words
(file names, policy keys, math symbols) in any cell of a Chinese workbook."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from county_cases import FACTOR, policy_text, run_case
from test_county_workbook import county_books, fen, has_text, load, read_csv, row_of
from test_money_words import parse_words

from roadfund.run import RunOutcome
from roadfund.samples.jingdezhen import SAMPLE_YEARS

Rows = dict[str, list[dict[str, object]]]

PROGRAM_WORDS = (
    ".csv",
    ".json",
    "^",
    "⌊",
    "⌋",
    "Σ",
    "_share",
    "_floor",
    "remit",
    "offset",
    "min_score",
    "coefficient",
    "factor",
    "settlement_mode",
    "city_units",
    "from_year",
    "road_class",
    "performance.",
    "Excel",
    "2^53",
)


def strings(path: Path) -> Iterator[tuple[str, str, str]]:
    """(sheet, cell, text) of every text cell and every formula's cached text."""
    book = load(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield ws.title, cell.coordinate, cell.value


def all_books(outcome: RunOutcome) -> list[Path]:
    return sorted(outcome.out_dir.glob("*.xlsx")) + sorted(county_books(outcome).values())


@pytest.fixture
def runs(make_input: Callable[..., Path], tmp_path: Path) -> list[RunOutcome]:
    """2023 remit with the coefficient method; 2024 offset with the factor method."""
    return [
        run_case(
            make_input, copy.deepcopy(SAMPLE_YEARS[2023]), tmp_path / "a", policy=policy_text()
        ),
        run_case(
            make_input,
            copy.deepcopy(SAMPLE_YEARS[2024]),
            tmp_path / "b",
            policy=policy_text("offset", FACTOR),
        ),
    ]


def test_no_program_words_in_chinese_workbooks(runs: list[RunOutcome]) -> None:
    found = [
        f"{path.name} {sheet}!{ref}: {word!r} in {text!r}"
        for outcome in runs
        for path in all_books(outcome)
        for sheet, ref, text in strings(path)
        for word in PROGRAM_WORDS
        if word in text
    ]
    assert not found, "\n".join(found[:30])


def notice(path: Path) -> Any:
    return load(path)["资金分配通知"]


def test_every_notice_is_addressed_numbered_cited_and_in_words(runs: list[RunOutcome]) -> None:
    for outcome in runs:
        year_input = outcome.result.year_input
        totals: dict[str, int] = {}
        for line in read_csv(outcome.out_dir, "allocations.csv"):
            totals[line["county_code"]] = totals.get(line["county_code"], 0) + fen(line["total"])
        names = year_input.county_names()
        for code, path in county_books(outcome).items():
            ws = notice(path)
            cells = [v for r in ws.iter_rows(values_only=True) for v in r if v is not None]
            assert cells[0] == year_input.document_number  # 文号 first
            assert f"{year_input.city}财政局关于下达{year_input.year}年公路养护资金的通知" in cells
            assert f"{names[code]}财政局：" in cells
            body = next(v for v in cells if isinstance(v, str) and v.lstrip().startswith("根据"))
            assert (
                "《景德镇市公路养护领域财政事权和支出责任划分调整实施方案》（景府发〔2022〕7号）"
                in body
            )
            total = row_of(ws, "合计")
            assert fen(total[3]) == totals[code]
            words = row_of(ws, "合计金额（大写）")[1]
            assert parse_words(words) == totals[code]
            assert "预算科目：2140106 公路养护" in cells
            assert any(str(v).startswith("附件：") for v in cells)
            prepared = year_input.prepared
            assert cells[-2:] == [
                f"{year_input.city}财政局",
                f"{prepared.year}年{prepared.month}月{prepared.day}日",
            ]
            if outcome.result.settlement.mode == "offset":
                due = fen(row_of(ws, "减：年终结算应上解（从上述资金中抵扣）")[3])
                net = fen(row_of(ws, "抵扣后实际拨付")[3])
                county = {c.code: c for c in outcome.result.settlement.counties}[code]
                assert (due, net) == (county.due, county.net_transfer)
                assert any("从转移支付资金中抵扣的结算方式" in str(v) for v in cells)
            else:
                assert not has_text(ws, "抵扣后实际拨付")


def test_statements_name_the_county_and_say_the_due_in_words(runs: list[RunOutcome]) -> None:
    date = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
    for outcome in runs:
        names = outcome.result.year_input.county_names()
        city = outcome.result.year_input.city
        settlement = {c.code: c for c in outcome.result.settlement.counties}
        for code, path in county_books(outcome).items():
            book = load(path)
            ws = book["年终结算单"]
            for office in (f"{city}财政局", names[code] + "财政局", f"{city}公路事业发展中心"):
                assert has_text(ws, f"{office}（盖章）")
            assert not has_text(ws, "县（市、区）财政局（盖章）")
            words = row_of(ws, "应结算金额（大写）")[2]
            assert parse_words(words) == abs(settlement[code].due)
            for sheet in book.worksheets:
                texts = [
                    v for r in sheet.iter_rows(values_only=True) for v in r if isinstance(v, str)
                ]
                assert not any(re.search(r"\d{4}-\d{2}-\d{2}", t) for t in texts), sheet.title
                assert any(date.search(t) for t in texts), sheet.title


FULL_WIDTH = ("：", "、", "；", "，", "。")


def test_english_workbooks_use_english_punctuation(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    """--lang en: no full-width colon, list comma or semicolon in any text we write (the
    input's own Chinese names and items stay as they are), and one spelling of pass/fail."""
    rows = copy.deepcopy(SAMPLE_YEARS[2024])
    outcome = run_case(
        make_input, rows, tmp_path / "en", policy=policy_text("offset", FACTOR), lang="en"
    )
    given = {
        str(v) for sheet in rows.values() for row in sheet for v in row.values() if v is not None
    }
    books = sorted(outcome.out_dir.glob("*.xlsx")) + sorted(county_books(outcome, "en").values())
    found = [
        f"{path.name} {sheet}!{ref}: {text!r}"
        for path in books
        for sheet, ref, text in strings(path)
        if text not in given and any(mark in text for mark in FULL_WIDTH)
    ]
    assert not found, "\n".join(found[:30])
    verdicts = {
        text
        for path in books
        for _, _, text in strings(path)
        if text.lower() in ("pass", "fail", "passed", "failed")
    }
    assert verdicts <= {"pass", "fail"} and verdicts


def test_without_document_number_budget_subject_or_policy_title(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    """文号, 预算科目 and the policy's title are optional: the notice then leaves the number
    out, prints no budget subject line, and cites the policy by its number alone."""
    rows = copy.deepcopy(SAMPLE_YEARS[2023])
    rows["基本信息"] = [r for r in rows["基本信息"] if r["项目"] != "文号"]
    for source in rows["资金来源"]:
        source.pop("预算科目")
    policy = policy_text().replace(
        'title = "景德镇市公路养护领域财政事权和支出责任划分调整实施方案"\n', ""
    )
    outcome = run_case(make_input, rows, tmp_path / "out", policy=policy)
    assert outcome.result.year_input.document_number is None
    ws = notice(county_books(outcome)["360281"])
    cells = [v for r in ws.iter_rows(values_only=True) for v in r if v is not None]
    assert cells[0] == "景德镇市财政局关于下达2023年公路养护资金的通知"
    assert not any(str(v).startswith("预算科目") for v in cells)
    body = next(v for v in cells if isinstance(v, str) and v.lstrip().startswith("根据"))
    assert body.lstrip().startswith("根据景府发〔2022〕7号文件，")
