"""Signals, kills and concurrent runs (issue 11, problems 3 and 4), as real processes.

Each test stops a run at a chosen point through the test hook of ``roadfund.writers.outdir``
(``ROADFUND_TEST_PAUSE=POINT:FILE``: the run writes FILE and sleeps at POINT), then sends
the signal — no timing luck. Points: ``filled`` (the new folder is complete, nothing
swapped), ``moved-old`` (the two-rename fallback, between its renames), ``swapped`` (the
new folder is in, the old one not yet deleted).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "inputs" / "sample-2023.xlsx", tmp_path / "sample-2023.xlsx")
    shutil.copy(ROOT / "inputs" / "policy.toml", tmp_path / "policy.toml")
    return tmp_path / "sample-2023.xlsx"


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def roadfund(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "roadfund", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def run_to_end(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "roadfund", *args], capture_output=True, timeout=120, check=False
    )


def paused_at(point: str, marker: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    """A run started with the hook, returned once it sleeps at ``point``."""
    process = roadfund(*args, env={"ROADFUND_TEST_PAUSE": f"{point}:{marker}", **env})
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the run never reached {point}")
        time.sleep(0.05)
    return process


@pytest.fixture
def previous(sample: Path) -> tuple[Path, dict[str, str]]:
    out = sample.parent / "out"
    done = run_to_end("run", str(sample), "--out", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    return out, digests(out)


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_a_signal_during_writing_leaves_the_old_outputs_and_no_debris(
    sample: Path, previous: tuple[Path, dict[str, str]], signum: int, status: int
) -> None:
    out, old = previous
    marker = sample.parent / "marker"
    process = paused_at("filled", marker, "run", str(sample), "--out", str(out), "--force")
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status
    name = signal.Signals(signum).name
    assert stderr.decode().endswith(f"已中断（{name}）；原有输出未改动，也没有留下临时文件。\n")
    assert b"Traceback" not in stderr
    assert digests(out) == old
    assert hidden(sample.parent) == []


def test_kill_9_debris_is_removed_by_the_next_run(
    sample: Path, previous: tuple[Path, dict[str, str]]
) -> None:
    out, old = previous
    marker = sample.parent / "marker"
    process = paused_at("filled", marker, "run", str(sample), "--out", str(out), "--force")
    process.kill()
    process.wait(timeout=60)
    assert digests(out) == old
    left = hidden(sample.parent)
    assert any(".out.tmp-" in n for n in left) and ".out.lock" in left
    done = run_to_end("run", str(sample), "--out", str(out), "--force", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert hidden(sample.parent) == []
    assert digests(out) == old  # the same inputs: the same bytes


def test_kill_9_between_the_two_renames_keeps_the_old_folder_recoverable(
    sample: Path, previous: tuple[Path, dict[str, str]]
) -> None:
    """Without RENAME_EXCHANGE the name is briefly free; a run killed then leaves the old
    folder as .out.old-*, and the next run puts it back before anything else."""
    out, old = previous
    marker = sample.parent / "marker"
    process = paused_at(
        "moved-old",
        marker,
        "run",
        str(sample),
        "--out",
        str(out),
        "--force",
        ROADFUND_TEST_NO_EXCHANGE="1",
    )
    process.kill()
    process.wait(timeout=60)
    assert not out.exists()
    (olds,) = [p for p in sample.parent.iterdir() if p.name.startswith(".out.old-")]
    assert digests(olds) == old
    done = run_to_end("check", str(sample))  # reading does not touch the folder
    assert done.returncode == 0
    done = run_to_end("run", str(sample), "--out", str(out), "--lang", "en")  # no --force
    assert done.returncode == 2  # the old run is back in place: not replaced without --force
    assert digests(out) == old
    assert hidden(sample.parent) == []


def test_with_exchange_the_folder_name_always_holds_a_complete_run(
    sample: Path, previous: tuple[Path, dict[str, str]]
) -> None:
    out, old = previous
    marker = sample.parent / "marker"
    process = paused_at("swapped", marker, "run", str(sample), "--out", str(out), "--force")
    new = digests(out)  # already the new run (zh this time), complete
    assert new != old and "manifest.json" in new
    process.kill()
    process.wait(timeout=60)
    assert digests(out) == new
    done = run_to_end("verify", str(out))
    assert done.returncode == 0
    done = run_to_end("run", str(sample), "--out", str(out), "--force")
    assert done.returncode == 0 and hidden(sample.parent) == []


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_after_the_swap_says_the_new_outputs_are_in_place(
    sample: Path, previous: tuple[Path, dict[str, str]], signum: int, status: int
) -> None:
    out, old = previous
    marker = sample.parent / "marker"
    process = paused_at("swapped", marker, "run", str(sample), "--out", str(out), "--force")
    new = digests(out)
    assert new != old
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status
    name = signal.Signals(signum).name
    assert stderr.decode().endswith(
        f"已中断（{name}），但中断时新的输出已完整写入 {out}；旧输出的剩余部分将在下次运行时删除。\n"
    )
    assert "原有输出未改动" not in stderr.decode()
    assert digests(out) == new
    assert len(hidden(sample.parent)) == 1  # the old folder, under its temporary name
    done = run_to_end("run", str(sample), "--out", str(out), "--force")
    assert done.returncode == 0 and hidden(sample.parent) == []
    assert digests(out) == new


def test_two_runs_into_one_new_folder_cannot_both_succeed(sample: Path) -> None:
    out = sample.parent / "new"
    marker = sample.parent / "marker"
    first = paused_at("filled", marker, "run", str(sample), "--out", str(out))
    second = run_to_end("run", str(sample), "--out", str(out), "--lang", "en")
    assert second.returncode == 2
    assert second.stderr.decode() == (
        f"another roadfund run (process {first.pid}) is writing {out}; run again once it has "
        "finished\n"
    )
    assert not out.exists()
    first.send_signal(signal.SIGTERM)
    first.communicate(timeout=60)
    assert not out.exists() and hidden(sample.parent) == []
    assert run_to_end("run", str(sample), "--out", str(out)).returncode == 0
