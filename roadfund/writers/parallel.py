"""The year's workbooks written on every core: the summary and the county workbooks as
tasks for a pool of worker processes.

Each worker receives the year's result once, when it starts (its initializer; with the
``fork`` start method nothing is even copied), and then gets only the names of what to
write: the summary, or a short run of county codes. Every workbook is written by the same
function as in a serial run (``write_summary``, ``write_county_workbook``), so the bytes
are the same whatever the number of processes. Each task hashes the files it wrote (they
are in the page cache still) and returns their SHA-256: the manifest then does not read
thousands of files again in the calling process alone, after the pool.

All or nothing: the first task that fails stops the run — the tasks not started are
cancelled, the ones under way are waited for (so no worker still writes into the folder
when the caller removes it), and the failure is raised in the calling process as it was
raised in the worker (an OSError stays an OSError: the run exits 4 as a serial run would).
A worker that dies (killed, out of memory) is raised as an OSError naming that.

Small years are written in the calling process (``pool_size``): starting processes costs
more than it saves below ``SERIAL_BELOW`` counties.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadfund.contract import sha256_file
from roadfund.engine import YearResult
from roadfund.text import Lang, label
from roadfund.writers import county, summary

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

SERIAL_BELOW = 50
"""Years with fewer counties are written in-process: a pool would cost more than it saves."""

CHUNK = 32
"""County workbooks per task at most (progress moves in steps of at most this many)."""
TASKS_PER_WORKER = 64
"""About how many tasks each worker gets: few enough that handing them out costs little
(each task is a round trip through the calling process; 5,000 counties in tasks of 8 cost
it ~0.6 s CPU, in tasks of 32 ~0.35 s), many enough that the last to finish are short."""

Progress = Callable[[str, int, int], None]


def available_cores() -> int:
    """The cores this process may run on (the default ``--jobs``)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def pool_size(jobs: int | None, counties: int) -> int:
    """How many worker processes to write with; 1 means in-process, no pool at all."""
    wanted = available_cores() if jobs is None else jobs
    if wanted <= 1 or counties < SERIAL_BELOW:
        return 1
    return min(wanted, counties + 1)  # one task per county workbook, plus the summary


@dataclass(frozen=True)
class _Year:
    """What every worker writes from: set once per worker, not once per task."""

    out: Path
    result: YearResult
    lang: Lang
    facts: county.YearFacts


_year: _Year | None = None


def _start_worker(out: Path, result: YearResult, lang: Lang) -> None:
    global _year
    _year = _Year(out, result, lang, county.YearFacts.of(result))  # once per worker
    # Ctrl-C is the calling process's to handle: it cancels, waits and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


Digests = dict[str, str]
"""A task's files: path relative to the output folder → SHA-256 of the bytes written."""


def _write_summary_task() -> tuple[str, int, Digests]:
    assert _year is not None
    name = summary.summary_file_name(_year.result, _year.lang)
    summary.write_summary(_year.out / name, _year.result, _year.lang)
    return "summary", 1, {name: sha256_file(_year.out / name)}


def _write_counties_task(codes: Sequence[str]) -> tuple[str, int, Digests]:
    assert _year is not None
    year = _year
    written: Digests = {}
    for code in codes:
        name = f"{county.COUNTY_DIR}/{county.county_file_name(year.result, code, year.lang)}"
        county.write_county_workbook(year.out / name, year.result, code, year.lang, year.facts)
        written[name] = sha256_file(year.out / name)
    return "county", len(codes), written


def _context() -> BaseContext:
    import multiprocessing
    import threading

    # fork: the workers inherit the result instead of unpickling it. Where fork is not
    # available or not safe — Windows, macOS, or a process running other threads (the web
    # page runs each job in a thread: a fork copies locks other threads may hold) — spawn
    # starts fresh interpreters and pickles the result once per worker.
    fork = (
        "fork" in multiprocessing.get_all_start_methods()
        and sys.platform != "darwin"
        and threading.active_count() == 1
    )
    return multiprocessing.get_context("fork" if fork else "spawn")


def write_workbooks(
    out: Path,
    result: YearResult,
    lang: Lang,
    progress: Progress,
    workers: int,
    meanwhile: Callable[[], None] = lambda: None,
) -> Digests:
    """The summary workbook into ``out`` and every county workbook into ``out/counties``,
    written by ``workers`` processes; returns their digests (for the manifest). Progress
    counts the county workbooks up as their tasks finish, to the number of counties; the
    summary is reported after them (a terminal shows one progress line at a time).
    ``meanwhile`` is called in this process once every task is handed out (work of its
    own, done while the workers write; a failure in it fails the run like a task's)."""
    # Imported here: a small year, written in-process, does not pay for them.
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    (out / county.COUNTY_DIR).mkdir()
    codes = sorted(result.year_input.county_names())
    step = max(1, min(CHUNK, len(codes) // (workers * TASKS_PER_WORKER)))
    chunks = [codes[i : i + step] for i in range(0, len(codes), step)]
    counted = 0
    written: Digests = {}
    # The garbage the read left (the input workbook's cells) is collected first, not frozen
    # into every worker: what freeze keeps is never freed (5,000 counties, measured while
    # the run paced its collector slowly: largest process 376 → 320 MB). The read and the
    # computing each end by collecting what they left (roadfund.collector), all of it young:
    # a full collection here walked every object of the year again for none (0.11 s).
    gc.collect(1)
    gc.freeze()  # the workers' collector then leaves the inherited objects' pages unshared
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(out, result, lang),
    )
    try:
        futures: set[Future[tuple[str, int, Digests]]] = {pool.submit(_write_summary_task)}
        futures |= {pool.submit(_write_counties_task, chunk) for chunk in chunks}
        meanwhile()
        # each task as it finishes: as_completed waits on every future once (a wait() per
        # finished task would hang a waiter on each of the hundreds not done yet, again
        # and again: quadratic in the tasks), and the count moves up as they end
        for future in as_completed(futures):
            kind, count, digests = future.result()  # raises the worker's failure, as it was
            written.update(digests)
            if kind == "county":
                counted += count
                progress("county", counted, len(codes))
        progress("summary", 1, 1)  # after the county count, not across its line
        return written
    except BrokenProcessPool as error:
        raise OSError(label("write.worker_stopped", lang)) from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
