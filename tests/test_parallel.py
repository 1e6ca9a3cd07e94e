"""Workbooks written by worker processes (issue 16): ``roadfund run --jobs N``.

The bytes do not depend on the number of processes; progress still counts up to every
county; a worker's failure fails the run as a serial run's would (all or nothing, exit 4
for an OSError), and a small year never starts a pool. Speed is in benchmarks/README.md.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import roadfund.run
from roadfund.cli import cli
from roadfund.reader.load import load_year
from roadfund.writers import county
from roadfund.writers.parallel import SERIAL_BELOW, pool_size
from roadfund.writers.template import write_synth

ROOT = Path(__file__).resolve().parent.parent
COUNTIES = SERIAL_BELOW + 10


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year just big enough to be written by a pool, next to the shipped policy."""
    folder = tmp_path_factory.mktemp("province")
    path = folder / "province.xlsx"
    write_synth(path, counties=COUNTIES, projects=20, cost_lines=120, seed=16)
    shutil.copy(ROOT / "inputs" / "policy.toml", folder / "policy.toml")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".out"))


def test_one_process_and_two_write_the_same_bytes(province: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert invoke("run", str(province), "--out", str(one), "--jobs", "1").exit_code == 0
    assert invoke("run", str(province), "--out", str(two), "--jobs", "2").exit_code == 0
    written = digests(one)
    assert len([name for name in written if name.startswith(f"{county.COUNTY_DIR}/")]) == COUNTIES
    assert written == digests(two)  # manifest.json too: the workers' digests are the disk's
    assert invoke("verify", str(two)).exit_code == 0


def test_the_pool_reports_progress_up_to_every_county(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []
    real = roadfund.run.write_workbooks

    def spy(*args: Any, **kwargs: Any) -> dict[str, str]:
        pools.append(args[-1])
        return real(*args, **kwargs)

    monkeypatch.setattr(roadfund.run, "write_workbooks", spy)
    seen: dict[str, list[tuple[int, int]]] = {"summary": [], "county": []}
    roadfund.run.run(
        province,
        None,
        tmp_path / "out",
        force=False,
        lang="zh",
        progress=lambda what, done, total: seen[what].append((done, total)),
        jobs=2,
    )
    assert pools == [2]
    assert seen["summary"] == [(1, 1)]
    done = [d for d, _ in seen["county"]]
    assert done == sorted(set(done)) and done[-1] == COUNTIES
    assert {total for _, total in seen["county"]} == {COUNTIES}


def test_progress_arrives_while_the_workbooks_are_written(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count moves as tasks finish, not all at once at the end: the task holding the
    last county waits (up to 30 s) until the run has reported some progress."""
    import roadfund.writers.parallel as parallel

    real = parallel._write_counties_task
    reported, late = tmp_path / "reported", tmp_path / "late"
    last = max(c.code for c in load_year(province, None).year_input.counties)

    def held(codes: Sequence[str]) -> tuple[str, int]:
        if last in codes:
            deadline = time.monotonic() + 30
            while not reported.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            if not reported.exists():
                late.touch()
        return real(codes)

    held.__module__, held.__qualname__ = real.__module__, real.__qualname__  # pickled by name
    monkeypatch.setattr(parallel, "_write_counties_task", held)

    def progress(what: str, done: int, total: int) -> None:
        if what == "county" and done < total:
            reported.touch()

    roadfund.run.run(
        province, None, tmp_path / "out", force=False, lang="zh", progress=progress, jobs=2
    )
    assert reported.exists() and not late.exists()


def test_a_small_year_or_one_job_is_written_without_a_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pool_size(None, SERIAL_BELOW - 1) == 1
    assert pool_size(1, 5000) == 1
    assert pool_size(2, SERIAL_BELOW) == 2
    assert pool_size(8, SERIAL_BELOW) == 8

    def no_pool(*args: Any) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(roadfund.run, "write_workbooks", no_pool)
    sample = ROOT / "inputs" / "sample-2023.xlsx"
    assert invoke("run", str(sample), "--out", str(tmp_path / "out"), "--jobs", "2").exit_code == 0


def fail_on_one_county(error: BaseException | None) -> Any:
    """write_county_workbook that fails for the 30th county (``None``: its process dies);
    set before the pool starts, so the forked workers call it."""
    real = county.write_county_workbook

    def write(path: Path, result: Any, code: str, *args: Any) -> None:
        if code == sorted(result.year_input.county_names())[29]:
            if error is None:
                os._exit(1)
            raise error
        real(path, result, code, *args)

    return write


@pytest.fixture
def previous(province: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    out = tmp_path / "out"
    assert invoke("run", str(province), "--out", str(out), "--jobs", "1").exit_code == 0
    return out, digests(out)


def test_a_full_disk_in_a_worker_is_exit_4_and_the_old_outputs_stay(
    province: Path, previous: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, old = previous
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(county, "write_county_workbook", fail_on_one_county(full))
    result = invoke("run", str(province), "--out", str(out), "--force", "--jobs", "2")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"无法写入输出 {out}：No space left on device (ENOSPC)。"
        "原有输出未改动，也没有留下临时文件夹。\n"
    )
    assert digests(out) == old
    assert leftovers(out.parent) == []


def test_a_worker_that_dies_is_exit_4_and_nothing_is_written(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "new"
    monkeypatch.setattr(county, "write_county_workbook", fail_on_one_county(None))
    result = invoke("run", str(province), "--out", str(out), "--jobs", "2", "--lang", "en")
    assert result.exit_code == 4
    assert result.stderr == (
        f"could not write the outputs to {out}: a worker process writing the workbooks "
        "stopped unexpectedly (out of memory? try --jobs 1). The previous outputs are "
        "unchanged and no temporary folder is left.\n"
    )
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_a_bug_in_a_worker_is_raised_as_it_was(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(county, "write_county_workbook", fail_on_one_county(KeyError("bug")))
    with pytest.raises(KeyError, match="bug"):
        roadfund.run.run(province, None, tmp_path / "new", force=False, lang="zh", jobs=2)
    assert leftovers(tmp_path) == []


def test_jobs_must_be_a_positive_number(province: Path, tmp_path: Path) -> None:
    result = invoke("run", str(province), "--out", str(tmp_path / "out"), "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_process_running_threads_starts_fresh_workers_with_the_same_bytes(
    province: Path, tmp_path: Path
) -> None:
    """The web page runs each job in a thread; forking then is unsafe, so the pool spawns
    fresh interpreters (the result pickled once per worker): same files."""
    import threading

    one = tmp_path / "one"
    assert invoke("run", str(province), "--out", str(one), "--jobs", "1").exit_code == 0
    failures: list[BaseException] = []
    blocker = threading.Event()
    idle = threading.Thread(target=blocker.wait)  # another thread alive, as in the server
    idle.start()
    try:

        def job() -> None:
            try:
                roadfund.run.run(province, None, tmp_path / "two", force=False, lang="zh", jobs=2)
            except BaseException as error:
                failures.append(error)

        worker = threading.Thread(target=job)
        worker.start()
        worker.join()
    finally:
        blocker.set()
        idle.join()
    assert failures == []
    assert digests(one) == digests(tmp_path / "two")
