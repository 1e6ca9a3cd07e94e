"""The README stays true: the quick start's two commands (the second is what CI runs), and
every example command with the output it shows."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roadfund.cli import cli

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


# -- every example the README shows is run, and prints what the README says --------------

EXCERPT = "# (excerpt)"
"""Ends a command whose output the README abridges: each ``...`` line stands for lines left
out; the lines between appear in the real output in that order, each run unbroken."""


@dataclass(frozen=True)
class Example:
    command: str
    shown: tuple[str, ...]
    excerpt: bool


def examples() -> list[Example]:
    """Every ``$ command`` of the README's code blocks, with the lines shown below it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found: list[Example] = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
        command: str | None = None
        shown: list[str] = []
        for line in [*block.splitlines(), "$ "]:
            if not line.startswith("$ "):
                shown.append(line)
                continue
            if command is not None:
                excerpt = command.endswith(EXCERPT)
                command = command.removesuffix(EXCERPT).rstrip()
                found.append(Example(command, tuple(shown), excerpt))
            command, shown = line[2:], []
    return found


def bad_workbook(path: Path) -> None:
    """The README's bad.xlsx: the sample with −5 km in 养护里程!B2 and an unknown county
    code in 配套资金!B2."""
    workbook = openpyxl.load_workbook(ROOT / "inputs" / "sample-2023.xlsx")
    workbook["养护里程"]["B2"] = -5
    workbook["配套资金"]["B2"] = "999999"
    workbook.save(path)


def run_example(command: str, folder: Path) -> str:
    """``roadfund …`` through click's runner (stdout and stderr as a terminal shows them);
    anything else through the shell."""
    if not command.startswith("roadfund "):
        done = subprocess.run(
            command, shell=True, cwd=folder, capture_output=True, text=True, check=True
        )
        return done.stdout + done.stderr
    env = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
    result = CliRunner(env=env).invoke(cli, shlex.split(command)[1:])
    assert result.exception is None or isinstance(result.exception, SystemExit), command
    return result.output


def matches(shown: tuple[str, ...], output: list[str], excerpt: bool) -> bool:
    if not excerpt:
        return list(shown) == output
    at = 0
    for gap, part in enumerate("\n".join(shown).split("...")):
        lines = part.strip("\n").splitlines() if part.strip("\n") else []
        if not lines:
            continue
        starts = [i for i in range(at, len(output) + 1) if output[i : i + len(lines)] == lines]
        if not starts or (gap == 0 and not part.startswith("\n") and starts[0] != 0):
            return False
        at = starts[0] + len(lines)
    return shown[-1] == "..." or at == len(output)


def test_the_readme_has_examples_and_marks_every_abridged_one() -> None:
    found = examples()
    assert len(found) >= 8
    for example in found:
        assert ("..." in example.shown) == example.excerpt, example.command


def test_every_readme_example_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "inputs" / "policy.toml", tmp_path / "policy.toml")
    bad_workbook(tmp_path / "bad.xlsx")
    monkeypatch.chdir(tmp_path)
    for example in examples():
        output = run_example(example.command, tmp_path).splitlines()
        assert matches(example.shown, output, example.excerpt), (
            f"$ {example.command}\n" + "\n".join(output)
        )


def test_an_excerpt_keeps_the_order_and_runs_of_its_lines() -> None:
    output = ["a", "b", "c", "d"]
    assert matches(("a", "b", "..."), output, True)
    assert matches(("...", "c", "d"), output, True)
    assert matches(("a", "...", "d"), output, True)
    assert not matches(("b", "..."), output, True)  # the first line is the output's first
    assert not matches(("...", "c"), output, True)  # and the last its last
    assert not matches(("a", "c", "..."), output, True)  # a run is unbroken
    assert not matches(("...", "d", "...", "a", "..."), output, True)
    assert not matches(("a", "b"), output, False)


def test_ci_holds_the_line_the_readme_documents_before_the_tests() -> None:
    """Formatting, lint and types run in .ci/run before pytest, as "Developing" says."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Developing", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None
    documented = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    tests = next(i for i, line in enumerate(ci) if line.endswith(".venv/bin/python -m pytest"))
    checks = documented[:-1]
    assert checks == [
        ".venv/bin/ruff format --check roadfund tests",
        ".venv/bin/ruff check roadfund tests",
        ".venv/bin/mypy",
    ]
    assert all(ci.index(check) < tests for check in checks)
    assert documented[-1] == ".venv/bin/python -m pytest"


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
