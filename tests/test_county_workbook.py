"""The county workbooks (县区结算单), read back with openpyxl.

Every number a county sees must be the CSV contract's number to the fen (SPEC §6); every
derived cell is a formula with its value cached; a rerun gives the same bytes; text from
the input never becomes a formula.
"""

from __future__ import annotations

import copy
import csv
import re
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from county_cases import FACTOR, policy_text, run_case

from roadfund.names import safe_file_name
from roadfund.run import RunOutcome
from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.text import Lang, label
from roadfund.writers.county import COUNTY_DIR, county_file_name

Rows = dict[str, list[dict[str, object]]]
Sheet = Any


def load(path: Path, data_only: bool = True) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def read_csv(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fen(value: object) -> int:
    """A cell's number or a CSV field (元) as fen; a cell must hold a number."""
    if isinstance(value, str):
        return int(Decimal(value) * 100)
    assert isinstance(value, int | float), value
    return round(value * 100)


def row_of(ws: Sheet, text: str, col: int = 1) -> tuple[Any, ...]:
    """The values of the first row whose cell in ``col`` (1-based) is ``text``."""
    for row in ws.iter_rows(values_only=True):
        if row[col - 1] == text:
            return row
    raise AssertionError(f"no row labelled {text!r} on {ws.title}")


def has_text(ws: Sheet, text: str) -> bool:
    return any(text in row for row in ws.iter_rows(values_only=True))


def county_books(outcome: RunOutcome, lang: Lang = "zh") -> dict[str, Path]:
    result = outcome.result
    books = {
        c.code: outcome.out_dir / COUNTY_DIR / county_file_name(result, c.code, lang)
        for c in result.year_input.counties
    }
    assert sorted(p.name for p in books.values()) == sorted(
        p.name for p in (outcome.out_dir / COUNTY_DIR).iterdir()
    )
    return books


def check_against_csv(outcome: RunOutcome, lang: Lang) -> None:
    """Every amount of every county workbook equals allocations/settlement/matching.csv."""
    out, result = outcome.out_dir, outcome.result
    allocations = read_csv(out, "allocations.csv")
    settlement = {r["county_code"]: r for r in read_csv(out, "settlement.csv")}
    matching = read_csv(out, "matching.csv")
    projects = {p.project_id: p for p in result.year_input.projects}

    def t(key: str, **params: object) -> str:
        return label(key, lang, **params)

    for code, path in county_books(outcome, lang).items():
        book = load(path)
        name = result.year_input.county_names()[code]

        ws = book[t("cw.sheet.county_allocation")]
        for line in (r for r in allocations if r["county_code"] == code):
            short = t(f"source.{line['source']}.short")
            _, daily, performance, total, *_ = row_of(ws, short)
            assert (fen(daily), fen(performance), fen(total)) == (
                fen(line["daily"]),
                fen(line["performance"]),
                fen(line["total"]),
            )
            for kind, expected in (("daily", line["daily"]), ("performance", line["performance"])):
                row = row_of(ws, f"{short}·{t(kind)}")
                floor, extra, amount = row[4], row[8], row[9]
                assert fen(amount) == fen(expected)
                assert fen(floor) + extra == fen(expected)
                assert extra == (1 if row[6] <= row[7] else 0)  # rank ≤ leftover
                assert 0 <= row[5] < 1  # remainder, in fen
        transfer = row_of(ws, t("cw.county_transfer_total"))[3]
        assert fen(transfer) == fen(settlement[code]["transfer_total"])

        ws = book[t("cw.sheet.county_settlement")]
        line = settlement[code]
        for key, column in (
            ("cw.settle.budget", "budget"),
            ("cw.settle.actual", "actual"),
            ("cw.settle.prepaid", "prepaid"),
            ("cw.settle.due", "due"),
            ("cw.settle.variance", "variance"),
        ):
            assert fen(row_of(ws, t(key))[2]) == fen(line[column]), key
        due = row_of(ws, t("cw.settle.due"))
        sign = (
            "positive" if fen(line["due"]) > 0 else "negative" if fen(line["due"]) < 0 else "zero"
        )
        assert due[3] == t(f"cw.due.{sign}")
        if result.period.settlement_mode == "offset":
            assert fen(row_of(ws, t("cw.settle.transfer_total"))[2]) == fen(line["transfer_total"])
            assert fen(row_of(ws, t("cw.settle.net_transfer"))[2]) == fen(line["net_transfer"])
        else:
            assert not has_text(ws, t("cw.settle.net_transfer"))

        ws = book[t("cw.sheet.county_matching")]
        lines = [r for r in matching if r["county_code"] == code]
        if not lines:
            assert has_text(ws, t("cw.no_projects"))
        for line in lines:
            key = line["id"] if line["level"] == "project" else t("cw.county_total", county=name)
            row = row_of(ws, key)
            if line["level"] == "project":
                assert row[1] == projects[line["id"]].name
            amounts = [fen(v) for v in (row[2], row[3], row[4], row[8])]
            assert amounts == [
                fen(line[c])
                for c in ("city_matching", "county_matching", "investment", "shortfall")
            ]
            assert f"{row[6]:.4f}" == line["ratio"]
            assert row[9] == t(
                "matching.status.pass" if line["status"] == "pass" else "matching.status.fail"
            )


def formula_cells(path: Path) -> list[tuple[str, str, str, Any]]:
    """(sheet, cell, formula, cached value) of every formula in a workbook."""
    formulas, values = load(path, data_only=False), load(path)
    found = []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    value = values[ws.title][cell.coordinate].value
                    found.append((ws.title, cell.coordinate, cell.value, value))
    return found


@pytest.fixture
def sample_run(make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path) -> RunOutcome:
    return run_case(make_input, sample_rows, tmp_path / "out", policy=policy_text("remit"))


def test_every_number_equals_the_csv_contract_remit_mode(sample_run: RunOutcome) -> None:
    check_against_csv(sample_run, "zh")


def test_every_number_equals_the_csv_contract_offset_factor_2024_in_english(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    """2024: 珠山区 prepaid more than its branch cost (a refund, 应退还), offset mode,
    factor method (珠山区, scoring 77.30, is below min_score 80: no performance funds)."""
    rows = copy.deepcopy(SAMPLE_YEARS[2024])
    outcome = run_case(
        make_input, rows, tmp_path / "out", policy=policy_text("offset", FACTOR), lang="en"
    )
    assert outcome.result.settlement.mode == "offset"
    assert any(c.due < 0 for c in outcome.result.settlement.counties)
    assert any(not b.eligible for b in outcome.result.allocation.performance_basis.values())
    check_against_csv(outcome, "en")


def test_leping_2023_by_hand(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    """乐平市 (360281), 2023 sample, shipped policy (all class weights 1), remit mode.

    Central pool 48,653,700.00 − 3,560,000.00 = 45,093,700.00; daily 70% = 31,565,590.00.
    Converted km 142.306 + 184.927 + 356.218 + 812.540 + 1,326.774 = 2,822.765 of
    7,582.839 city-wide, shown as the integers 2,822,765 and 7,582,839 (scale 1,000): quota
    31,565,590 × 2,822.765 / 7,582.839 = 11,750,512.2628… 元, floor 3,156,559,000 fen ×
    2,822,765 ÷ 7,582,839 = 1,175,051,226 fen (11,750,512.26), remainder 0.28 fen ranks 4th
    of 4 with 2 leftover fen → no extra.
    Branch: budget 2,618,400 + 808,400 + 712,000 = 4,138,800.00; actual 2,596,115.20 +
    802,397.44 + 745,886.20 = 4,144,398.84; prepaid 2,100,000.00 → due 2,044,398.84 (应上解);
    variance 4,138,800.00 − 4,144,398.84 = −5,598.84 (超支). Incentive pay 536,400.00 is
    shown but not counted.
    """
    outcome = run_case(make_input, sample_rows, tmp_path / "out")
    book = load(county_books(outcome)["360281"])
    ws = book["资金分配测算"]
    row = row_of(ws, "中央成品油资金·日常养护资金")
    assert (row[1], row[2]) == (2_822_765, 7_582_839)  # km × 1,000: the weights as integers
    assert row[3] == pytest.approx(11_750_512.2628, abs=1e-4)
    assert (fen(row[4]), row[6], row[7], row[8], fen(row[9])) == (
        1_175_051_226,
        4,
        2,
        0,
        1_175_051_226,
    )
    assert row_of(ws, "养护里程（公里）")[6] == pytest.approx(2822.765)

    ws = book["年终结算单"]
    assert fen(row_of(ws, "县区承担年初预算")[2]) == 413_880_000
    assert fen(row_of(ws, "县区承担实际发生")[2]) == 414_439_884
    assert fen(row_of(ws, "本年已预缴")[2]) == 210_000_000
    assert row_of(ws, "应结算金额（实际发生－已预缴）")[2:4] == (2_044_398.84, "应上解")
    assert row_of(ws, "预算执行差异（年初预算－实际发生）")[2:4] == (-5_598.84, "超支")
    incentive = row_of(ws, "奖励性工资")
    assert (incentive[3], incentive[4]) == (536_400, "市本级（国有资本收益安排）")


def test_formulas_carry_their_values_and_the_amount_formula_is_exact(
    sample_run: RunOutcome,
) -> None:
    result = sample_run.result
    for code, path in county_books(sample_run).items():
        cells = formula_cells(path)
        assert len(cells) > 50
        missing = [(s, c, f) for s, c, f, v in cells if v is None]
        assert not missing
        # amount = floor + extra fen: "=E25+I25/100" in column J of the apportionment table
        amounts = [
            (int(c[1:]), v)
            for s, c, f, v in cells
            if s == "资金分配测算" and re.fullmatch(rf"=E{c[1:]}\+I{c[1:]}/100", f)
        ]
        engine = [
            share.amount
            for source in result.allocation.sources
            for share in (source.daily[code], source.performance[code])
        ]
        assert [fen(v) for _, v in sorted(amounts)] == engine


def test_progress_counts_the_county_workbooks(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    calls: list[tuple[str, int, int]] = []
    run_case(
        make_input,
        sample_rows,
        tmp_path / "out",
        policy=policy_text(),
        progress=lambda what, done, total: calls.append((what, done, total)),
    )
    assert [c for c in calls if c[0] == "county"] == [("county", i, 4) for i in (1, 2, 3, 4)]


def test_rerun_is_byte_identical(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    first = run_case(make_input, sample_rows, tmp_path / "a", policy=policy_text("offset"))
    second = run_case(make_input, sample_rows, tmp_path / "b", policy=policy_text("offset"))
    books = sorted((first.out_dir / COUNTY_DIR).iterdir())
    assert len(books) == 4
    for book in books:
        assert book.read_bytes() == (second.out_dir / COUNTY_DIR / book.name).read_bytes()


def test_hostile_county_name_stays_text(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://evil.example/x","点我")'
    for row in sample_rows["县区"]:
        if row["县区代码"] == "360203":
            row["县区名称"] = hostile
            row["分中心名称"] = "+" + hostile
    for row in sample_rows["中心经费"]:
        if row["单位"] == "珠山分中心":
            row["单位"] = "+" + hostile
            row["项目"] = "@SUM(1+1)"
    outcome = run_case(make_input, sample_rows, tmp_path / "out", policy=policy_text())
    path = county_books(outcome)["360203"]
    assert path.name == f"360203-{safe_file_name(hostile)}-2023年结算单.xlsx"
    assert '"' not in path.name and "/" not in path.name
    books = [*county_books(outcome).values(), *outcome.out_dir.glob("*.xlsx")]
    for book in books:
        for _, _, formula, _ in formula_cells(book):
            assert "HYPERLINK" not in formula and "SUM(1+1)" not in formula
    wb = load(path, data_only=False)
    texts = [
        cell
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and ("HYPERLINK" in cell.value or "SUM(1+1)" in cell.value)
    ]
    assert texts and all(cell.data_type == "s" for cell in texts)
    assert any(hostile in cell.value for cell in texts)
    check_against_csv(outcome, "zh")


def test_county_without_projects_says_so(
    make_input: Callable[..., Path], sample_rows: Rows, tmp_path: Path
) -> None:
    sample_rows["配套资金"] = [r for r in sample_rows["配套资金"] if r["县区代码"] != "360203"]
    outcome = run_case(make_input, sample_rows, tmp_path / "out", policy=policy_text())
    ws = load(county_books(outcome)["360203"])["配套核查"]
    assert has_text(ws, label("cw.no_projects", "zh"))
    assert not has_text(ws, "2023-LM-07")
    check_against_csv(outcome, "zh")


def test_file_names(sample_run: RunOutcome) -> None:
    result = sample_run.result
    assert county_file_name(result, "360281", "zh") == "360281-乐平市-2023年结算单.xlsx"
    assert county_file_name(result, "360281", "en") == "360281-乐平市-2023-settlement.xlsx"
    assert safe_file_name('a/b\\c:"d"<e>|f?*') == "a_b_c__d__e__f__"


def test_every_sheet_is_print_ready(sample_run: RunOutcome) -> None:
    """A4 at a fixed scale of at least 90% (10-point text stays 9 points or more), footer
    with page numbers; the notice portrait, the attachment and the matching check landscape;
    the stamped sheets end in a sign-off naming the three offices."""
    for path in county_books(sample_run).values():
        wb = load(path, data_only=False)
        assert wb.sheetnames == ["资金分配通知", "资金分配测算", "年终结算单", "配套核查"]
        for ws in wb.worksheets:
            assert ws.page_setup.paperSize == 9
            assert (
                not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
            )
            assert (ws.page_setup.scale or 100) >= 90, ws.title
            assert "第 &P 页，共 &N 页" in ws.oddFooter.center.text
            assert any(
                "景府发〔2022〕7号" in str(v) for r in ws.iter_rows(values_only=True) for v in r
            )
        for name in ("年终结算单", "配套核查"):
            ws = wb[name]
            assert has_text(ws, "景德镇市财政局（盖章）")
            assert has_text(ws, "景德镇市公路事业发展中心（盖章）")
            assert has_text(ws, "负责人：") and has_text(ws, "经办人：")
        assert wb["资金分配通知"].page_setup.orientation == "portrait"
        assert wb["年终结算单"].page_setup.orientation == "portrait"
        assert wb["资金分配测算"].page_setup.orientation == "landscape"
        assert wb["配套核查"].page_setup.orientation == "landscape"


def test_summary_gets_the_settlement_sheet_and_a_chart(sample_run: RunOutcome) -> None:
    """中心经费结算: the reconciliation row balances; 分配图表 holds a native chart."""
    (summary,) = sample_run.out_dir.glob("*.xlsx")
    wb = load(summary)
    ws = wb["中心经费结算"]
    settlement = {r["county_code"]: r for r in read_csv(sample_run.out_dir, "settlement.csv")}
    for code, line in settlement.items():
        row = row_of(ws, code)
        assert [fen(v) for v in (row[3], row[4], row[5], row[6], row[8], row[9], row[10])] == [
            fen(line[c])
            for c in (
                "budget",
                "actual",
                "prepaid",
                "due",
                "variance",
                "transfer_total",
                "net_transfer",
            )
        ]
    s = sample_run.result.settlement
    total = row_of(ws, "中心经费合计")
    city = row_of(ws, "市本级承担（市本级单位＋全部奖励性工资）")
    counties = row_of(ws, "各县（市、区）承担合计")
    difference = row_of(ws, "差额（应为 0）")
    assert fen(total[4]) == s.total_actual == fen(city[4]) + fen(counties[4])
    assert fen(city[4]) == s.city_borne_actual
    assert (fen(difference[3]), fen(difference[4]), difference[5]) == (0, 0, "平衡")
    with summary.open("rb") as handle:
        import zipfile

        names = zipfile.ZipFile(handle).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)
    assert "分配图表" in wb.sheetnames


# ---------------------------------------------------------------------------------------
# The floor to the fen is exact after recalculation, too (SPEC §6)


def two_counties(rows: Rows, km: dict[str, tuple[str, Decimal]], central: Decimal) -> Rows:
    """The 2023 sample cut to 昌江区 (360202) and 珠山区 (360203), each with only the
    given (road class, km), and the central fund received as given, no city deduction."""
    keep = set(km)
    for sheet in ("县区", "绩效考核", "配套资金", "县级预缴"):
        rows[sheet] = [r for r in rows[sheet] if r["县区代码"] in keep]
    dropped = ("乐平分中心", "浮梁分中心")
    rows["中心经费"] = [r for r in rows["中心经费"] if r["单位"] not in dropped]
    rows["养护里程"] = [
        {"县区代码": code, "国道": 0, "省道": 0, "县道": 0, "乡道": 0, "村道": 0, road: value}
        for code, (road, value) in km.items()
    ]
    source = next(r for r in rows["资金来源"] if r["代码"] == "central")
    source["下达金额（元）"], source["市本级配套扣除（元）"] = central, Decimal("0")
    return rows


def near_whole_fen_rows() -> Rows:
    """The reviewer's repro. Central 14,285.70 元 − 0 → daily round(1,428,570 × 0.70) =
    999,999 fen (9,999.99 元). 国道 0.001 km and 999.999 km: integer weights 1 and 999,999
    of 1,000,000 (scale 1,000). 360202: ⌊999,999 × 1 ÷ 10^6⌋ = 0, remainder 0.999999 fen;
    360203: ⌊999,999 × 999,999 ÷ 10^6⌋ = 999,998, remainder 0.000001 fen. 1 leftover fen →
    360202 (larger remainder): daily 0.01 and 9,999.98, adding up to 9,999.99. The old
    ROUNDDOWN(ROUND(quota×100,5)) snapped 0.999999 fen up to 1 and showed 0.02."""
    return two_counties(
        copy.deepcopy(SAMPLE_YEARS[2023]),
        {"360202": ("国道", Decimal("0.001")), "360203": ("国道", Decimal("999.999"))},
        Decimal("14285.70"),
    )


def beyond_exact_rows() -> Rows:
    """Central 10^11 元 (SPEC's largest amount); 999,999.999 km and 123,456.789 km: daily
    pool 7·10^12 fen × integer weight 999,999,999 ≈ 7·10^21 ≫ 2^53, so no double holds the
    product and the floor cannot be an exact formula."""
    return two_counties(
        copy.deepcopy(SAMPLE_YEARS[2023]),
        {"360202": ("国道", Decimal("999999.999")), "360203": ("村道", Decimal("123456.789"))},
        Decimal("100000000000.00"),
    )


CENTRAL_DAILY = "中央成品油资金·日常养护资金"


def test_quota_a_millionth_below_a_whole_fen_is_floored_down(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    outcome = run_case(make_input, near_whole_fen_rows(), tmp_path / "out")
    central = next(s for s in outcome.result.allocation.sources if s.code == "central")
    assert central.daily_pool == 999_999
    assert (central.daily["360202"].floor, central.daily["360202"].amount) == (0, 1)
    assert central.daily["360203"].amount == 999_998
    daily = {
        r["county_code"]: r["daily"]
        for r in read_csv(outcome.out_dir, "allocations.csv")
        if r["source"] == "central"
    }
    assert daily == {"360202": "0.01", "360203": "9999.98"}

    books = county_books(outcome)
    row = row_of(load(books["360202"])["资金分配测算"], CENTRAL_DAILY)
    assert (row[1], row[2], fen(row[4]), row[8], fen(row[9])) == (1, 1_000_000, 0, 1, 1)
    assert row[5] == pytest.approx(0.999999, abs=1e-12)
    row = row_of(load(books["360203"])["资金分配测算"], CENTRAL_DAILY)
    assert (row[1], row[2], fen(row[4]), row[8], fen(row[9])) == (
        999_999,
        1_000_000,
        999_998,
        0,
        999_998,
    )
    formulas = row_of(load(books["360202"], data_only=False)["资金分配测算"], CENTRAL_DAILY)
    assert re.fullmatch(r"=ROUND\(\$G\$\d+\*1000,0\)", formulas[1])  # converted km × 1,000
    assert formulas[4].startswith("=(ROUND(ROUND($E$") and "ROUNDDOWN" not in formulas[4]
    check_against_csv(outcome, "zh")


def test_beyond_exact_range_writes_the_floor_as_values_with_a_note(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    outcome = run_case(make_input, beyond_exact_rows(), tmp_path / "out")
    central = next(s for s in outcome.result.allocation.sources if s.code == "central")
    share = central.daily["360202"]
    assert central.daily_pool == 7 * 10**12
    assert central.daily_pool * 999_999_999 > 2**53
    path = county_books(outcome)["360202"]
    values = row_of(load(path)["资金分配测算"], CENTRAL_DAILY)
    sheet = load(path, data_only=False)["资金分配测算"]
    formulas = row_of(sheet, CENTRAL_DAILY)
    n = next(r[0].row for r in sheet.iter_rows() if r[0].value == CENTRAL_DAILY)
    assert values[1] == 999_999_999 and values[2] == 1_123_456_788
    assert fen(values[4]) == share.floor and fen(values[9]) == share.amount
    assert not str(formulas[4]).startswith("=") and not str(formulas[5]).startswith("=")
    assert formulas[9] == f"=E{n}+I{n}/100"  # the amount stays live
    ws = load(path)["资金分配测算"]
    notes = [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert any("电子表格公式算不到精确的分" in v and CENTRAL_DAILY in v for v in notes)
    check_against_csv(outcome, "zh")


def test_libreoffice_recalculates_the_floor_to_the_engines_fen(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    """Both cases above, recalculated by LibreOffice (one soffice call): every formula cell
    lands on our value — the 0.01 of the repro included — and the daily amounts add up to
    the pool."""
    from test_libreoffice import CANARY, mismatches, recalculate, soffice, write_canary

    soffice()
    flat = tmp_path / "flat"
    flat.mkdir()
    files: list[Path] = []
    for name, rows in (("near", near_whole_fen_rows()), ("beyond", beyond_exact_rows())):
        outcome = run_case(make_input, rows, tmp_path / name, name=f"{name}.xlsx")
        for code, book in county_books(outcome).items():
            files.append(flat / f"{name}-{code}.xlsx")
            files[-1].write_bytes(book.read_bytes())
    write_canary(flat / CANARY)

    out = recalculate([*files, flat / CANARY], tmp_path)

    assert load(out / CANARY)["canary"]["A1"].value == 2, "LibreOffice did not recalculate"
    problems = [p for f in files for p in mismatches(f, out / f.name)]
    assert not problems, "\n".join(problems)
    daily = [
        fen(row_of(load(out / f"near-{code}.xlsx")["资金分配测算"], CENTRAL_DAILY)[9])
        for code in ("360202", "360203")
    ]
    assert daily == [1, 999_998] and sum(daily) == 999_999


def test_year_facts_shared_across_languages_and_years_write_what_fresh_facts_write(
    tmp_path: Path,
) -> None:
    """YearFacts keeps what is the same in every county workbook of a year (widths, notes):
    one facts per year, used for Chinese then English then Chinese again, interleaved with
    other years and the year-start stage, writes each workbook byte for byte as a workbook
    written from fresh facts — a piece kept under a key that forgets the language or
    belongs to another year would show here."""
    from roadfund.engine import YearResult, compute
    from roadfund.reader.load import load_year
    from roadfund.writers.county import YearFacts, write_county_workbook

    inputs = Path(__file__).resolve().parent.parent / "inputs"
    results: list[YearResult] = []
    for name in ("sample-2023.xlsx", "sample-2024.xlsx", "sample-2023-年初.xlsx"):
        loaded = load_year(inputs / name, inputs / "policy.toml")
        results.append(compute(loaded.year_input, loaded.period))
    shared = [YearFacts.of(result) for result in results]
    langs: tuple[Lang, ...] = ("zh", "en", "zh")
    for lang in langs:
        for n, (result, facts) in enumerate(zip(results, shared, strict=True)):
            for code in sorted(facts.names)[:2]:
                kept, fresh = tmp_path / "kept.xlsx", tmp_path / "fresh.xlsx"
                write_county_workbook(kept, result, code, lang, facts)
                write_county_workbook(fresh, result, code, lang, YearFacts.of(result))
                assert kept.read_bytes() == fresh.read_bytes(), (n, code, lang)
    assert all(facts.made for facts in shared)  # the pieces were kept, and reused


def test_a_county_workbook_is_built_with_the_collector_paused_and_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cycle collector is off while a county workbook is built and closed (its objects
    live until then), and on again after — also when writing fails — with the workbook's
    cycles collected."""
    import gc
    import weakref

    from roadfund.engine import compute
    from roadfund.reader.load import load_year
    from roadfund.writers import county

    inputs = Path(__file__).resolve().parent.parent / "inputs"
    loaded = load_year(inputs / "sample-2023.xlsx", inputs / "policy.toml")
    result = compute(loaded.year_input, loaded.period)
    code = sorted(result.year_input.county_names())[0]
    seen: list[bool] = []
    workbooks: list[weakref.ref[Any]] = []
    real_sheet, real_workbook = county.matching_sheet, county.new_workbook

    def matching_sheet(*args: Any) -> None:
        seen.append(gc.isenabled())
        real_sheet(*args)

    def new_workbook(*args: Any, **kwargs: Any) -> Any:
        workbook = real_workbook(*args, **kwargs)
        workbooks.append(weakref.ref(workbook))
        return workbook

    def failing(*args: Any) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(county, "matching_sheet", matching_sheet)
    monkeypatch.setattr(county, "new_workbook", new_workbook)
    was = gc.isenabled()
    gc.enable()  # (as a run's writing has it)
    try:
        county.write_county_workbook(tmp_path / "a.xlsx", result, code, "zh")
        assert seen == [False] and gc.isenabled()
        assert workbooks and workbooks[0]() is None  # its cycles collected
        monkeypatch.setattr(county, "matching_sheet", failing)
        with pytest.raises(KeyError):
            county.write_county_workbook(tmp_path / "b.xlsx", result, code, "zh")
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()


def test_a_closed_county_workbook_is_freed_without_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once closed, a county workbook is in no reference cycle (FastWorkbook.close drops
    the sheets' reference back to it): it is freed as soon as it is dropped, with the
    collector off, and a collection then finds no garbage."""
    import gc
    import weakref

    from roadfund.engine import compute
    from roadfund.reader.load import load_year
    from roadfund.writers import county

    inputs = Path(__file__).resolve().parent.parent / "inputs"
    loaded = load_year(inputs / "sample-2023.xlsx", inputs / "policy.toml")
    result = compute(loaded.year_input, loaded.period)
    facts = county.YearFacts.of(result)
    code = sorted(result.year_input.county_names())[0]
    county._write_county_workbook(tmp_path / "warm.xlsx", result, code, "zh", facts)
    workbooks: list[weakref.ref[Any]] = []
    real_workbook = county.new_workbook

    def new_workbook(*args: Any, **kwargs: Any) -> Any:
        workbook = real_workbook(*args, **kwargs)
        workbooks.append(weakref.ref(workbook))
        return workbook

    monkeypatch.setattr(county, "new_workbook", new_workbook)
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        county._write_county_workbook(tmp_path / "a.xlsx", result, code, "zh", facts)
        assert workbooks and workbooks[0]() is None  # freed on return, collector off
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
