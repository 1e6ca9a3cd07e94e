"""`roadfund run --pdf`: PDFs of the workbooks through LibreOffice, reproducibly.

The conversion test needs LibreOffice (soffice); it is skipped on a machine without it,
except in CI (CI set), where LibreOffice is part of the setup and a skip would hide a
broken --pdf.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_explain import HALF_VILLAGE, tiny_year

from roadfund.cli import cli
from roadfund.writers.pdf import find_soffice, pin_pdf


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def need_soffice() -> None:
    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (soffice) for the --pdf test")
        pytest.skip("LibreOffice (soffice) is not installed")


def test_run_pdf_writes_a_reproducible_pdf_beside_each_workbook(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    need_soffice()
    path = make_input(tiny_year(), policy=HALF_VILLAGE)
    for name in ("a", "b"):
        code, _, stderr = invoke("run", str(path), "--out", str(tmp_path / name), "--pdf")
        assert code == 0, stderr
    out = tmp_path / "a"
    workbooks = sorted(out.rglob("*.xlsx"))
    assert workbooks
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for workbook in workbooks:
        pdf = workbook.with_suffix(".pdf")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-")
        assert b"/CreationDate(D:20230331000000" in data  # the input's 编制日期, not now
        assert pdf.relative_to(out).as_posix() in manifest["outputs"]
        assert data == (tmp_path / "b" / pdf.relative_to(out)).read_bytes()


def test_pdf_without_libreoffice_is_a_usage_error_and_writes_nothing(
    make_input: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_input(tiny_year(), policy=HALF_VILLAGE)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", str(path), "--out", str(out), "--pdf")
    assert code == 2
    assert stdout == ""
    assert stderr.strip() == (
        "--pdf 需要 LibreOffice，但找不到 soffice 命令；请安装 LibreOffice"
        "（如 apt-get install libreoffice-calc）后重试，或去掉 --pdf。未写入任何文件。"
    )
    assert not out.exists()


def test_pin_pdf_keeps_the_length_and_replaces_only_the_time_dependent_fields() -> None:
    body = b"%PDF-1.7\n1 0 obj<</Producer(LibreOffice)/CreationDate(D:20261129003556Z')>>\n"
    trailer = (
        b"trailer\n<</Size 9/Root 2 0 R/Info 1 0 R\n/ID [ <A46A87B491DBAC8B6AD76589FDED809C>\n"
        b"<A46A87B491DBAC8B6AD76589FDED809C> ]\n/DocChecksum /C24EAE78BBBABE258B0905D247A754F9\n>>\n"
    )
    data = body + trailer
    pinned = pin_pdf(data, dt.date(2023, 3, 31), b"workbook bytes")
    assert len(pinned) == len(data)
    assert b"/CreationDate(D:20230331000000Z')" in pinned
    assert b"A46A87B491DBAC8B6AD76589FDED809C" not in pinned
    assert b"C24EAE78BBBABE258B0905D247A754F9" not in pinned
    # A conversion at another time differs only in those fields: it pins to the same bytes.
    later = data.replace(b"20261129003556", b"20261130101010").replace(
        b"A46A87B491DBAC8B6AD76589FDED809C", b"69BA9BE0F82E35C7417DA3239A9FBC44"
    )
    assert pin_pdf(later, dt.date(2023, 3, 31), b"workbook bytes") == pinned


def word_heights(pdf: Path) -> list[list[float]]:
    """Per page, the heights of the words that are table headers in 元 (10-point bold)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">[^<]*（元）<', page)
        pages.append([float(b) - float(a) for a, b in boxes])
    return pages


def test_county_pdf_pages_print_at_ninety_percent_or_more(
    make_input: Callable[..., Path], tmp_path: Path
) -> None:
    """The county workbooks through the project's own PDF conversion: a notice page, the
    attachment over two landscape pages, the statement and the matching check on one page
    each — nothing spills onto extra pages sideways — and the 10-point headers come out at
    least 90% of their size next to a canary header printed at 100%."""
    need_soffice()
    import copy

    import xlsxwriter
    from county_cases import policy_text, run_case

    from roadfund.samples.jingdezhen import SAMPLE_YEARS
    from roadfund.writers.county import COUNTY_DIR
    from roadfund.writers.pdf import convert_workbooks
    from roadfund.writers.xlsx_common import MIN_PRINT_SCALE, WORKBOOK_OPTIONS, Styles

    outcome = run_case(
        make_input, copy.deepcopy(SAMPLE_YEARS[2023]), tmp_path / "out", policy=policy_text()
    )
    folder = tmp_path / "pdf"
    folder.mkdir()
    for book in (outcome.out_dir / COUNTY_DIR).glob("*.xlsx"):
        (folder / book.name).write_bytes(book.read_bytes())
    canary = xlsxwriter.Workbook(str(folder / "canary.xlsx"), copy.deepcopy(WORKBOOK_OPTIONS))
    canary.add_worksheet("canary").write_string(0, 0, "金额（元）", Styles.of(canary).header)
    canary.close()

    pdfs = convert_workbooks(folder, created=dt.date(2023, 3, 31))

    by_name = {pdf.stem: pdf for pdf in pdfs}
    assert len(by_name) == 5
    have_pdftotext = shutil.which("pdftotext") is not None
    if have_pdftotext:
        (reference,) = word_heights(by_name.pop("canary"))[0]
    for pdf in (p for name, p in by_name.items() if name != "canary"):
        data = pdf.read_bytes()
        assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 5, pdf.name
        if have_pdftotext:
            pages = word_heights(pdf)
            assert len(pages) == 5 and all(pages), pdf.name  # a 元 header on every page
            smallest = min(h for page in pages for h in page)
            assert smallest / reference >= MIN_PRINT_SCALE / 100, (pdf.name, smallest, reference)
