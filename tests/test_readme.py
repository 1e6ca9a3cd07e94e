"""The README's quick start stays true: two commands, the second is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_two_commands_and_ci_runs_the_second() -> None:
    run_sample, run_tests = quick_start()
    assert "roadfund run inputs/sample-2023.xlsx" in run_sample
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()


def test_readme_pictures_show_the_documents_a_run_writes_today(
    make_input: object, tmp_path: Path
) -> None:
    """docs/img/notice.png and settlement.png are rendered by scripts/readme_pages.py from
    乐平市's county workbook of the 2023 sample; SOURCE.sha256 records that workbook. A run
    now must write the same bytes, or the pictures are stale: re-run the script."""
    import hashlib

    from roadfund.run import run

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("notice", "settlement"):
        assert f"(docs/img/{name}.png)" in text
        assert (ROOT / "docs" / "img" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    out = tmp_path / "out"
    run(ROOT / "inputs" / "sample-2023.xlsx", None, out, force=False, lang="zh")
    (book,) = (out / "counties").glob("360281-*.xlsx")
    recorded = (ROOT / "docs" / "img" / "SOURCE.sha256").read_text(encoding="utf-8").strip()
    assert hashlib.sha256(book.read_bytes()).hexdigest() == recorded, (
        "the county documents changed: run .venv/bin/python scripts/readme_pages.py"
    )
