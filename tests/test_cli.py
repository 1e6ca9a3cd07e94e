"""The command line (SPEC §5): exit codes, exact messages, nothing written on bad input."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadfund.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The shipped 2023 sample and policy, copied into a temporary folder."""
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", tmp_path / "sample-2023.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", tmp_path / "policy.toml")
    return tmp_path / "sample-2023.xlsx"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_writes_the_outputs_and_prints_the_county_table(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = invoke("run", str(sample), "--out", str(out))
    assert code == 0
    names = {p.name for p in out.iterdir()}
    assert {"allocations.csv", "matching.csv", "settlement.csv", "manifest.json"} <= names
    assert "景德镇市2023年公路养护资金汇总表.xlsx" in names
    lines = stdout.splitlines()
    assert lines[0].split() == [
        "县区代码",
        "县区名称",
        "中央成品油资金",
        "省级路面养护补助",
        "合计",
    ]
    assert lines[1].split() == ["360202", "昌江区", "9,362,415.22", "4,145,160.40", "13,507,575.62"]
    assert lines[5].split() == ["合计", "45,093,700.00", "19,965,000.00", "65,058,700.00"]
    assert f"已写入：{out}" in stdout


def test_the_allocations_of_the_sample_conserve_each_pool(sample: Path, tmp_path: Path) -> None:
    """central: 48,653,700.00 − 3,560,000.00 = 45,093,700.00; provincial 21,365,000.00 −
    1,400,000.00 = 19,965,000.00; the county totals add up to those pools to the fen."""
    invoke("run", str(sample), "--out", str(tmp_path / "out"))
    rows = (tmp_path / "out" / "allocations.csv").read_text(encoding="utf-8").splitlines()[1:]
    totals: dict[str, Decimal] = {}
    for row in rows:
        fields = row.split(",")
        totals[fields[1]] = totals.get(fields[1], Decimal(0)) + Decimal(fields[6])
        assert Decimal(fields[4]) + Decimal(fields[5]) == Decimal(fields[6])
    assert totals == {"central": Decimal("45093700.00"), "provincial": Decimal("19965000.00")}


def test_a_non_empty_output_folder_needs_force(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("last year's work")
    code, _, stderr = invoke("run", str(sample), "--out", str(out))
    assert code == 2
    assert stderr == f"输出位置 {out} 已存在且不为空；请换一个 --out，或加 --force 替换\n"
    assert (out / "keep.txt").exists()
    # issue 12 item 7: --force replaces only a folder roadfund wrote; keep.txt is not ours
    code, _, stderr = invoke("run", str(sample), "--out", str(out), "--force")
    assert code == 2
    assert stderr.splitlines()[1:] == ["  keep.txt"]
    assert (out / "keep.txt").read_text() == "last year's work"
    (out / "keep.txt").unlink()
    assert invoke("run", str(sample), "--out", str(out))[0] == 0
    assert invoke("run", str(sample), "--out", str(out), "--force")[0] == 0  # our own run
    assert (out / "allocations.csv").exists()


def test_bad_input_exits_1_lists_every_problem_and_writes_nothing(
    make_input: Callable[..., Path],
    sample_rows: dict,
    tmp_path: Path,  # type: ignore[type-arg]
) -> None:
    sample_rows["养护里程"][0]["国道"] = Decimal("-5")
    sample_rows["配套资金"][0]["县区代码"] = "999999"
    path = make_input(sample_rows)
    out = tmp_path / "out"
    code, stdout, stderr = invoke("run", str(path), "--out", str(out), "--lang", "en")
    assert code == 1
    assert stdout == ""
    assert stderr.splitlines() == [
        "The input has 2 problems; nothing was written:",
        "  养护里程!B2 (国道): '-5' is negative; expected a length in km (≥ 0, at most 3 decimals)",
        "  配套资金!B2 (县区代码): county code '999999' is not in the sheet 县区",
    ]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_check_validates_and_writes_nothing(sample: Path, tmp_path: Path) -> None:
    before = sorted(tmp_path.iterdir())
    code, stdout, _ = invoke("check", str(sample))
    assert code == 0
    assert stdout.splitlines()[0] == f"输入有效：{sample}"  # then the reviewer's warnings
    assert sorted(tmp_path.iterdir()) == before


def test_check_json(make_input: Callable[..., Path], sample_rows: dict) -> None:  # type: ignore[type-arg]
    import json

    sample_rows["绩效考核"][0]["绩效得分"] = "优秀"
    code, stdout, _ = invoke("check", str(make_input(sample_rows)), "--json")
    assert code == 1
    payload = json.loads(stdout)
    assert payload["ok"] is False
    assert payload["issues"][0]["location"] == "绩效考核!B2"
    assert payload["issues"][0]["code"] == "not_a_number"


def test_missing_input_file(tmp_path: Path) -> None:
    shutil.copy(ROOT / "inputs" / "policy.toml", tmp_path / "policy.toml")
    code, _, stderr = invoke("check", str(tmp_path / "none.xlsx"))
    assert code == 1
    assert "none.xlsx" in stderr


def test_template_then_sample_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    code, stdout, _ = invoke("template", str(path), "--sample")
    assert (code, stdout) == (
        0,
        f"已写入模板：{path}\n已写入政策文件：{tmp_path / 'policy.toml'}\n",
    )
    assert invoke("check", str(path))[0] == 0
    assert invoke("template", str(path))[0] == 2  # exists: not overwritten without --force


def test_reruns_are_byte_identical(sample: Path, tmp_path: Path) -> None:
    invoke("run", str(sample), "--out", str(tmp_path / "a"))
    invoke("run", str(sample), "--out", str(tmp_path / "b"))
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def all_commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_and_is_documented(command: str) -> None:
    code, stdout, _ = invoke(command, "--help", "--lang", "en")
    assert code == 0
    assert stdout.startswith(f"Usage: roadfund {command}")
    assert f"roadfund {command}" in README.read_text(encoding="utf-8")


def test_usage_error_exits_2() -> None:
    assert invoke("run")[0] == 2
    assert invoke("run", "x.xlsx", "--lang", "fr")[0] == 2
