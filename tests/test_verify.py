"""``roadfund verify OUTDIR``: a run folder re-checked against its manifest.json (issue 5).

Exit 0 when every file matches, 1 when a file changed, is missing or is extra (or a
given --input/--policy is not the one the run read), 2 when there is no manifest.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from roadfund.cli import cli
from roadfund.reader.run_folder import NotARunFolder, verify_folder

ROOT = Path(__file__).resolve().parent.parent
ZHUSHAN = "counties/360203-珠山区-2023年结算单.xlsx"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One run of the 2023 sample, copied by each test that changes it."""
    folder = tmp_path_factory.mktemp("verify")
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", folder / "sample-2023.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", folder / "policy.toml")
    result = invoke("run", str(folder / "sample-2023.xlsx"), "--out", str(folder / "out"))
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture
def run_dir(pristine: Path, tmp_path: Path) -> Path:
    shutil.copytree(pristine / "out", tmp_path / "out")
    return tmp_path / "out"


def test_an_untouched_run_matches(run_dir: Path) -> None:
    result = invoke("verify", str(run_dir))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{run_dir}：9 个文件均与 manifest.json 一致\n",
    )


def test_changed_missing_and_extra_files_are_named(run_dir: Path) -> None:
    csv = run_dir / "allocations.csv"
    csv.write_bytes(csv.read_bytes().replace(b"9362415.22", b"9362415.23"))
    (run_dir / ZHUSHAN).unlink()
    (run_dir / "备注.txt").write_text("added by hand")
    (run_dir / "counties" / "~$360202-昌江区-2023年结算单.xlsx").write_bytes(b"lock")
    result = invoke("verify", str(run_dir))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{run_dir}：与 manifest.json 不符，共 4 处：",
        "  已改动：allocations.csv",
        f"  缺少：{ZHUSHAN}",
        "  多出（清单中没有）：counties/~$360202-昌江区-2023年结算单.xlsx",
        "  多出（清单中没有）：备注.txt",
    ]
    payload = json.loads(invoke("verify", str(run_dir), "--json").stdout)
    assert payload["ok"] is False
    assert (payload["changed"], payload["missing"]) == (["allocations.csv"], [ZHUSHAN])
    assert len(payload["extra"]) == 2


def test_the_inputs_can_be_checked_too(run_dir: Path, pristine: Path, tmp_path: Path) -> None:
    """The sample is the workbook the run read (even under another name); a policy
    with one byte more is not."""
    renamed = tmp_path / "收到的.xlsx"
    shutil.copy(pristine / "sample-2023.xlsx", renamed)
    edited = tmp_path / "policy.toml"
    edited.write_bytes((pristine / "policy.toml").read_bytes() + b"\n")
    ok = invoke("verify", str(run_dir), "--input", str(renamed), "--lang", "en")
    assert (ok.exit_code, ok.stdout.splitlines()) == (
        0,
        [
            f"{run_dir}: all 9 files match manifest.json",
            f"  input workbook {renamed}: the same as the run's sample-2023.xlsx",
        ],
    )
    bad = invoke("verify", str(run_dir), "--policy", str(edited), "--lang", "en")
    assert (bad.exit_code, bad.stdout.splitlines()) == (
        1,
        [
            f"{run_dir}: 1 difference from manifest.json:",
            f"  policy file {edited}: NOT the same as the run's policy.toml",
        ],
    )


def test_a_folder_without_a_manifest_exits_2(tmp_path: Path) -> None:
    result = invoke("verify", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"「{tmp_path}」不是 roadfund 的输出文件夹：缺少 manifest.json\n"


@pytest.mark.parametrize(
    "manifest",
    [
        b"{not json",
        b"[]",
        b'{"tool": "other", "inputs": {}, "outputs": {}}',
        b'{"tool": "roadfund", "inputs": {}, "outputs": {"../secret": "' + b"0" * 64 + b'"}}',
        b'{"tool": "roadfund", "inputs": {}, "outputs": {"/etc/passwd": "' + b"0" * 64 + b'"}}',
        b'{"tool": "roadfund", "inputs": {}, "outputs": {"a.csv": "not a digest"}}',
    ],
)
def test_a_manifest_roadfund_cannot_have_written_exits_2(tmp_path: Path, manifest: bytes) -> None:
    """Paths outside the folder are never read."""
    (tmp_path / "manifest.json").write_bytes(manifest)
    with pytest.raises(NotARunFolder) as caught:
        verify_folder(tmp_path)
    assert caught.value.reason == "bad_manifest"
    result = invoke("verify", str(tmp_path), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"'{tmp_path}' is not a roadfund output folder: "
        "manifest.json cannot be read or is not a roadfund manifest\n"
    )
