"""The local page in a real browser: Playwright drives Debian's chromium against
``roadfund web --no-browser`` started as a person starts it.

The test uploads the sample through the file input, waits for the table, checks the
totals against ``roadfund run``, downloads the zip and compares its allocations.csv with
the CLI's, checks that no request left 127.0.0.1, and saves a screenshot (tmp_path, and
docs/web.png with ROADFUND_UPDATE_SCREENSHOT=1 — the README's picture). Without
/usr/bin/chromium it is skipped, except on CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadfund.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",  # as root, chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = ROOT / "docs" / "web.png"


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run installs the chromium package")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei)")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """``roadfund web --no-browser --port 0``: its address, its private folder, the process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "roadfund", "web", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    serving = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", serving)
    assert found, serving + (process.stderr.read() if process.stderr else "")
    workspace = re.search(r"暂存于 (\S+)，", process.stdout.readline())
    assert workspace
    try:
        yield found.group(0), Path(workspace.group(1)), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(60)


def test_a_browser_runs_the_sample_through_the_page(
    server: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    url, workspace, process = server
    assert workspace.is_dir()
    cli_dir = tmp_path / "cli"
    cli_dir.mkdir()
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", cli_dir / "sample-2023.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", cli_dir / "policy.toml")
    printed = CliRunner().invoke(
        cli, ["run", str(cli_dir / "sample-2023.xlsx"), "--out", str(cli_dir / "out")]
    )
    assert printed.exit_code == 0
    expected_rows = [line.split() for line in printed.stdout.splitlines()[1:6]]

    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
            page.goto(url)
            expect(page.get_by_role("heading", name="上传本年度输入工作簿")).to_be_visible()

            # drag and drop: a file dropped on the zone fills the file input
            data = base64.b64encode((ROOT / "inputs" / "sample-2024.xlsx").read_bytes()).decode()
            page.evaluate(
                """(data) => {
                    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                    const transfer = new DataTransfer();
                    transfer.items.add(new File([bytes], "dropped-2024.xlsx"));
                    const drop = document.getElementById("drop");
                    drop.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
                }""",
                data,
            )
            expect(page.locator("#chosen")).to_have_text("dropped-2024.xlsx")
            assert (
                page.eval_on_selector("#workbook", "el => el.files[0].name") == "dropped-2024.xlsx"
            )

            page.set_input_files("#workbook", str(ROOT / "inputs" / "sample-2023.xlsx"))
            expect(page.locator("#chosen")).to_have_text("sample-2023.xlsx")
            page.get_by_role("button", name="检查并计算").click()
            allocation = page.locator("#allocation")
            expect(allocation).to_be_visible(timeout=60_000)  # progress polling reloads the page
            rows = [
                [c for c in row.split("\t") if c.strip()]
                for row in allocation.locator("tbody tr").all_inner_texts()
            ]
            assert [[c.strip() for c in row] for row in rows] == expected_rows
            expect(page.locator("#matching tr.fail")).to_have_count(2)
            page.screenshot(path=str(tmp_path / "web.png"), full_page=True)
            if os.environ.get("ROADFUND_UPDATE_SCREENSHOT") == "1":
                SCREENSHOT.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(SCREENSHOT), full_page=False)

            with page.expect_download() as download_info:
                page.locator("#download-zip").click()
            download = download_info.value
            assert download.suggested_filename == "景德镇市2023年公路养护资金计算结果.zip"
            download.save_as(tmp_path / "run.zip")

            page.locator("#allocation tbody tr").nth(3).locator("a").first.click()
            expect(page.get_by_role("heading", name=re.compile("乐平市（360281）"))).to_be_visible()
        finally:
            browser.close()

    with zipfile.ZipFile(tmp_path / "run.zip") as archive:
        assert archive.read("allocations.csv") == (cli_dir / "out" / "allocations.csv").read_bytes()
    assert outside == []  # nothing fetched from anywhere but the page's own server

    process.send_signal(signal.SIGINT)  # Ctrl-C
    assert process.wait(60) == 0
    assert process.stdout is not None
    assert "已停止" in process.stdout.read()
    assert not workspace.exists()


def test_the_page_works_without_javascript(
    server: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    """Plain forms and a self-refreshing progress page: no script needed."""
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    url, _, _ = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(url + "lang/en?next=/")
            page.set_input_files("#workbook", str(ROOT / "inputs" / "sample-2024.xlsx"))
            page.get_by_role("button", name="Check only (write nothing)").click()
            expect(
                page.get_by_role("heading", name="Input is valid: sample-2024.xlsx")
            ).to_be_visible(timeout=60_000)
            page.get_by_role("button", name="Check and run").click()
            expect(page.locator("#allocation")).to_be_visible(timeout=60_000)
            expect(page.locator("#allocation tr.total td").last).to_have_text(
                re.compile(r"[\d,]+\.\d\d")
            )
        finally:
            browser.close()
