"""A power cut loses nothing: the new folder is on the disk before it is swapped in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadfund.writers import outdir


def _fill(folder: Path) -> None:
    (folder / "a.csv").write_text("new\n")
    (folder / "counties").mkdir()
    (folder / "counties" / "b.xlsx").write_bytes(b"new workbook")


@pytest.mark.parametrize("old", [False, True])
def test_the_new_folder_is_flushed_before_it_takes_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: bool
) -> None:
    target = tmp_path / "out"
    if old:
        target.mkdir()
        (target / "a.csv").write_text("old\n")
    seen: list[tuple[str, str | None]] = []
    flush = outdir.flush_to_disk

    def spy(folder: Path) -> None:
        now = (target / "a.csv").read_text() if target.exists() else None
        seen.append(((folder / "a.csv").read_text(), now))
        flush(folder)

    monkeypatch.setattr(outdir, "flush_to_disk", spy)
    outdir.write_atomically(target, _fill, force=True, lost=lambda folder: [])
    assert seen == [("new\n", "old\n" if old else None)]  # flushed while the target was old
    assert (target / "a.csv").read_text() == "new\n"


def test_without_syncfs_every_file_and_folder_is_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    _fill(folder)
    flushed: list[str] = []
    real = os.fsync

    def spy(descriptor: int) -> None:
        flushed.append(os.path.realpath(f"/proc/self/fd/{descriptor}"))
        real(descriptor)

    monkeypatch.setattr(outdir, "_libc_function", lambda name, argtypes: None)
    monkeypatch.setattr(os, "fsync", spy)
    outdir.flush_to_disk(folder)
    expected = [folder / "a.csv", folder / "counties" / "b.xlsx", folder / "counties", folder]
    assert sorted(flushed) == sorted(str(p.resolve()) for p in expected)


def test_a_single_file_is_flushed_before_it_takes_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("old")
    flushed: list[tuple[str, str]] = []
    real = os.fsync

    def spy(descriptor: int) -> None:
        name = os.path.realpath(f"/proc/self/fd/{descriptor}")
        flushed.append((Path(name).name, path.read_text()))
        real(descriptor)

    monkeypatch.setattr(os, "fsync", spy)
    outdir.write_file_atomically(path, lambda tmp: tmp.write_text("new"))
    assert flushed[0][0].startswith(".policy.toml.tmp-") and flushed[0][1] == "old"
    assert flushed[-1] == (tmp_path.name, "new")  # the folder, after the rename
    assert path.read_text() == "new"


def test_a_failed_syncfs_is_a_write_failure_and_the_old_folder_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk lost the new files (syncfs: EIO): the run fails, nothing is swapped in."""
    import ctypes
    import errno

    def failing_syncfs(descriptor: int) -> int:
        ctypes.set_errno(errno.EIO)
        return -1

    monkeypatch.setattr(outdir, "_libc_function", lambda name, argtypes: failing_syncfs)
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.csv").write_text("old\n")
    with pytest.raises(outdir.OutputFailed) as failed:
        outdir.write_atomically(target, _fill, force=True, lost=lambda folder: [])
    assert isinstance(failed.value.error, OSError) and failed.value.error.errno == errno.EIO
    assert (target / "a.csv").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left
