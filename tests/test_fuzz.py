"""Fuzz (issue 11): every command that reads files, over thousands of mutated inputs.

A seeded mutator damages the sample's zip parts (flipped and deleted bytes, truncation,
duplicated or injected tags, huge numbers, bad references), the policy TOML, the
scenario TOML, a run folder's manifest.json and CSVs. Each command must answer with a
message and a documented exit code — never a traceback. ``ROADFUND_FUZZ_SCALE`` (default
1) multiplies the number of cases; the seed is fixed, so a failure is reproducible.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadfund.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCALE = int(os.environ.get("ROADFUND_FUZZ_SCALE", "1"))
DOCUMENTED = {
    "check": {0, 1},
    "run": {0, 1, 2, 4},
    "explain": {0, 1, 2},
    "whatif": {0, 1, 2, 4},
    "verify": {0, 1, 2},
    "compare": {0, 1},
}
SNIPPETS = [
    b"<", b">", b"</c>", b"<c r=\"XFD1048576\"><v>1</v></c>", b"<v>inf</v>", b"<v>NaN</v>",
    b"9" * 400, b"1e999", b"&amp;", b"&#0;", b"<![CDATA[", b"<!DOCTYPE x>", b't="s"',
    b't="e"', b"<row r=\"0\">", b"<f>1/0</f>", b"\xff\xfe", b"\x00", b"-", b"''=x",
]  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random damage to ``data`` (a part, a text file)."""
    if not data:
        return rng.choice(SNIPPETS)
    kind = rng.randrange(7)
    at = rng.randrange(len(data))
    if kind == 0:  # flip a few bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 1:  # truncate
        return data[:at]
    if kind == 2:  # delete a span
        return data[:at] + data[at + rng.randint(1, 200) :]
    if kind == 3:  # insert a snippet
        return data[:at] + rng.choice(SNIPPETS) + data[at:]
    if kind == 4:  # duplicate a span
        span = data[at : at + rng.randint(1, 400)]
        return data[:at] + span * rng.randint(2, 20) + data[at:]
    if kind == 5:  # replace a number with a hostile one
        digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
        if digits:
            i = rng.choice(digits)
            return (
                data[:i] + rng.choice([b"9" * 400, b"-1", b"1e999", b"0.0000001"]) + data[i + 1 :]
            )
        return data
    return b""  # an empty part or file


def mutated_workbook(source: bytes, rng: random.Random) -> bytes:
    """The sample with one or two parts damaged, or the zip itself damaged."""
    if rng.random() < 0.1:
        return mutate(source, rng)
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for name in rng.sample(sorted(parts), rng.randint(1, 2)):
        parts[name] = mutate(parts[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2023, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def assert_documented(command: str, args: list[str], case: str) -> None:
    result = CliRunner().invoke(cli, [command, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case}: {command} raised {result.exception!r}") from result.exception
    assert result.exit_code in DOCUMENTED[command], f"{case}: exit {result.exit_code}"
    assert "Traceback" not in result.output, case


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", folder / "sample.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", folder / "policy.toml")
    (folder / "s.toml").write_text(
        '[[scenario]]\nname = "a"\ndaily_share = "0.6"\nperformance_share = "0.4"\n'
        '[[scenario]]\nname = "b"\n[scenario.counties."360281"]\nscore = "+5"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["run", str(folder / "sample.xlsx"), "--out", str(folder / "run")]
    )
    assert result.exit_code == 0
    return folder


def cases(count: int, seed: int) -> list[random.Random]:
    return [random.Random(seed * 1_000_003 + i) for i in range(count * SCALE)]


def test_check_and_run_over_mutated_workbooks(base: Path, tmp_path: Path) -> None:
    source = (base / "sample.xlsx").read_bytes()
    shutil.copy(base / "policy.toml", tmp_path / "policy.toml")
    path = tmp_path / "in.xlsx"
    for i, rng in enumerate(cases(1200, seed=1)):
        path.write_bytes(mutated_workbook(source, rng))
        assert_documented("check", [str(path)], f"workbook case {i}")
        if i % 10 == 0:  # the ones that pass check, written too (slower)
            out = tmp_path / f"out{i}"
            assert_documented("run", [str(path), "--out", str(out)], f"workbook case {i}")
            shutil.rmtree(out, ignore_errors=True)
        if i % 25 == 0:
            assert_documented("explain", [str(path), "--county", "360281"], f"workbook case {i}")


def test_check_and_whatif_over_mutated_policies_and_scenarios(base: Path, tmp_path: Path) -> None:
    shutil.copy(base / "sample.xlsx", tmp_path / "in.xlsx")
    policy = (base / "policy.toml").read_bytes()
    scenarios = (base / "s.toml").read_bytes()
    for i, rng in enumerate(cases(200, seed=2)):
        (tmp_path / "policy.toml").write_bytes(mutate(policy, rng))
        assert_documented("check", [str(tmp_path / "in.xlsx")], f"policy case {i}")
    (tmp_path / "policy.toml").write_bytes(policy)
    for i, rng in enumerate(cases(100, seed=3)):
        (tmp_path / "s.toml").write_bytes(mutate(scenarios, rng))
        out = tmp_path / f"w{i}"
        args = [
            str(tmp_path / "in.xlsx"),
            "--scenarios",
            str(tmp_path / "s.toml"),
            "--out",
            str(out),
        ]
        assert_documented("whatif", args, f"scenario case {i}")
        shutil.rmtree(out, ignore_errors=True)


def test_verify_and_compare_over_mutated_run_folders(base: Path, tmp_path: Path) -> None:
    files = ["manifest.json", "allocations.csv", "settlement.csv", "basis.csv"]
    for i, rng in enumerate(cases(700, seed=4)):
        folder = tmp_path / "run"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(base / "run", folder)
        name = rng.choice(files)
        path = folder / name
        path.write_bytes(mutate(path.read_bytes(), rng))
        assert_documented("verify", [str(folder)], f"run-folder case {i} ({name})")
        assert_documented(
            "compare", [str(base / "run"), str(folder)], f"run-folder case {i} ({name})"
        )
