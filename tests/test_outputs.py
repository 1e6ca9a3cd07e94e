"""Outputs are atomic and reproducible (SPEC §6, issue 5).

A run writes into ``.NAME.tmp-*`` beside the target and renames it into place; the old
folder (with ``--force``) moves to ``.NAME.old-*`` only once the new one is complete, and
is deleted after. Whatever fails on the way, the previous outputs stay byte for byte and
no temporary folder is left. The same inputs give byte-identical files, whenever run.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import roadfund.run
import roadfund.writers.outdir
from roadfund.cli import cli
from roadfund.writers.outdir import OutputHoldsInput, write_atomically

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", tmp_path / "sample-2023.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", tmp_path / "policy.toml")
    return tmp_path / "sample-2023.xlsx"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".out."))


@pytest.fixture
def previous(sample: Path) -> tuple[Path, dict[str, str]]:
    """Last year's run in ``out``, and the hash of each of its files."""
    out = sample.parent / "out"
    assert invoke("run", str(sample), "--out", str(out), "--lang", "en").exit_code == 0
    return out, digests(out)


# --- refusing to overwrite ------------------------------------------------------------
def test_a_file_where_the_folder_should_be_is_refused(sample: Path) -> None:
    """click's usage error (exit 2), with or without --force; the file is untouched."""
    out = sample.parent / "out"
    out.write_text("not a folder")
    for extra in ((), ("--force",)):
        result = invoke("run", str(sample), "--out", str(out), *extra)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == (
            f"错误：'--out' 的值无效：'{out}' 是一个文件，不是文件夹。"
        )
        assert out.read_text() == "not a folder"


def test_force_never_replaces_the_folder_holding_the_input(sample: Path) -> None:
    """``--out`` the input's own folder with --force would delete the input: refused."""
    folder = sample.parent
    before = digests(folder)
    result = invoke("run", str(sample), "--out", str(folder), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"输出位置 {folder} 中有本次运行要读取的文件 {sample}；替换该文件夹会删除它，请换一个 --out\n"
    )
    assert digests(folder) == before


def test_write_atomically_refuses_a_target_holding_a_kept_file(tmp_path: Path) -> None:
    target = tmp_path / "runs"
    (target / "2023").mkdir(parents=True)
    kept = target / "2023" / "policy.toml"
    kept.write_text("x")
    with pytest.raises(OutputHoldsInput):
        write_atomically(target, lambda tmp: None, force=True, keep=[kept])
    assert kept.read_text() == "x"


# --- replacing only once complete -------------------------------------------------------
def test_force_replaces_the_old_folder_only_once_the_new_one_is_complete(
    sample: Path, previous: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, old = previous
    seen: list[dict[str, str]] = []
    original = roadfund.run.write_county_workbooks

    def watching(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        seen.append(digests(out))  # the last files are written: the target is still old

    monkeypatch.setattr(roadfund.run, "write_county_workbooks", watching)
    result = invoke("run", str(sample), "--out", str(out), "--force")  # zh this time
    assert result.exit_code == 0, result.stderr
    assert seen == [old]
    new = digests(out)
    assert new != old
    assert "景德镇市2023年公路养护资金汇总表.xlsx" in new
    assert leftovers(sample.parent) == []


# --- failing half-way --------------------------------------------------------------------
def fail_after_some_files(error: BaseException) -> Callable[..., None]:
    """A county writer that writes one file, half of another, then fails."""

    def failing(folder: Path, *args: Any, **kwargs: Any) -> None:
        folder.mkdir()
        (folder / "360202-昌江区-2023年结算单.xlsx").write_bytes(b"PK\x03\x04 complete")
        (folder / "360203-珠山区-2023年结算单.xlsx").write_bytes(b"PK\x03\x04 half")
        raise error

    return failing


def test_a_writer_failing_half_way_leaves_the_previous_outputs_intact(
    sample: Path, previous: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, old = previous
    failing = fail_after_some_files(RuntimeError("writer bug"))
    monkeypatch.setattr(roadfund.run, "write_county_workbooks", failing)
    with pytest.raises(RuntimeError, match="writer bug"):
        roadfund.run.run(sample, None, out, force=True, lang="zh")
    assert digests(out) == old
    assert leftovers(sample.parent) == []


def test_a_full_disk_half_way_is_a_clean_message_and_exit_4(
    sample: Path, previous: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, old = previous
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(roadfund.run, "write_county_workbooks", fail_after_some_files(full))
    result = invoke("run", str(sample), "--out", str(out), "--force")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"无法写入输出 {out}：No space left on device (ENOSPC)。"
        "原有输出未改动，也没有留下临时文件夹。\n"
    )
    assert digests(out) == old
    assert leftovers(sample.parent) == []


def refuse_renaming_the_new_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.replace (and the Linux exchange, issue 11) raise PermissionError when they would
    move the finished temporary folder into place — as on a read-only parent (we run as
    root, so it is simulated)."""
    real = os.replace

    def exchange(a: Any, b: Any) -> bool:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(b))

    monkeypatch.setattr(roadfund.writers.outdir, "exchange", exchange)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(src).name.startswith(".out.tmp-"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_a_refused_rename_puts_the_old_folder_back(
    sample: Path, previous: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old folder has already moved to .out.old-* when the rename fails: it is moved
    back, byte for byte, and the message is clean."""
    out, old = previous
    refuse_renaming_the_new_folder(monkeypatch)
    result = invoke("run", str(sample), "--out", str(out), "--force", "--lang", "en")
    assert result.exit_code == 4
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.stderr == (
        f"could not write the outputs to {out}: Permission denied (EACCES). The previous "
        "outputs are unchanged and no temporary folder is left.\n"
    )
    assert digests(out) == old
    assert leftovers(sample.parent) == []


def test_a_refused_rename_of_a_first_run_leaves_nothing(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_renaming_the_new_folder(monkeypatch)
    out = sample.parent / "out"
    result = invoke("run", str(sample), "--out", str(out))
    assert result.exit_code == 4
    assert not out.exists()
    assert leftovers(sample.parent) == []


# --- reproducibility --------------------------------------------------------------------
def test_two_runs_a_second_apart_give_byte_identical_files(sample: Path) -> None:
    """Workbooks (their created date and zip times come from the input), CSVs and the
    manifest (no time stamps, no absolute paths): the same SHA-256, file for file."""
    first, second = sample.parent / "first", sample.parent / "second"
    assert invoke("run", str(sample), "--out", str(first)).exit_code == 0
    time.sleep(1.1)  # a zip or core.xml time taken from the clock would now differ
    assert invoke("run", str(sample), "--out", str(second)).exit_code == 0
    a, b = digests(first), digests(second)
    assert len(a) == 10  # 4 CSVs, the manifest, the summary, 4 county workbooks
    assert {name.rsplit(".", 1)[-1] for name in a} == {"csv", "json", "xlsx"}
    assert a == b


def test_the_run_folder_is_readable_by_others(tmp_path: Path) -> None:
    """Auditors on a shared drive read the outputs: no private 0700 temp-folder mode."""
    import shutil
    import stat

    from click.testing import CliRunner

    from roadfund.cli import cli

    root = Path(__file__).resolve().parent.parent / "inputs"
    shutil.copy(root / "sample-2023.xlsx", tmp_path / "in.xlsx")
    shutil.copy(root / "policy.toml", tmp_path / "policy.toml")
    out = tmp_path / "out"
    assert (
        CliRunner().invoke(cli, ["run", str(tmp_path / "in.xlsx"), "--out", str(out)]).exit_code
        == 0
    )
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode == 0o777 & ~_umask()  # as a plain mkdir would make it (0755 under umask 022)


def _umask() -> int:
    import os

    umask = os.umask(0)
    os.umask(umask)
    return umask
