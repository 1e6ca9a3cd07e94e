"""Checks and runs started from the page: one at a time, each in its own folder and thread.

A job is what one upload asked for: ``check`` (validate only, write nothing) or ``run``
(validate, compute, write the run folder as ``roadfund run`` does, and zip it). The
server works on one job at a time; a second request meanwhile is told the server is busy
(JobManager.start raises Busy), so two runs never compete for the machine or mix files.
Each job's uploads and outputs live in its own generated folder.

A server left running for weeks does not grow without end: it keeps the latest
``KEEP_JOBS`` jobs; when a new one starts, older finished ones are forgotten and their
folders deleted (their pages then answer 404, like any job the server does not know).
"""

from __future__ import annotations

import itertools
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from roadfund.web.engine_api import (
    InputError,
    Lang,
    LoadedYear,
    OutputFailed,
    YearResult,
    compute,
    load_year,
    write_atomically,
    write_outputs,
)
from roadfund.web.files import Upload, zip_run
from roadfund.web.problems import Problem, problems

log = logging.getLogger("roadfund.web")

KEEP_JOBS = 30
"""Jobs (and comparisons) a server keeps — results in memory, files on disk — the latest first."""

Kind = Literal["check", "run"]
State = Literal["running", "invalid", "checked", "done", "failed"]


@dataclass(eq=False)
class Job:
    """One check or run; its fields are written by the job's thread and read by the page."""

    id: str  # a random token: the job's address and its folder's name
    owner: str  # the browser session that started it
    number: int  # 1, 2, ... in the order the server started them
    kind: Kind
    lang: Lang  # the language of the run's workbooks and manifest (as --lang)
    folder: Path
    workbook: Upload
    policy: Upload | None  # None: the shipped default policy
    default_policy: Path
    state: State = "running"
    stage: str = "queued"  # a progress label: queued, load, compute, summary, county, zip
    done: int = 0
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    loaded: LoadedYear | None = None
    result: YearResult | None = None
    run_dir: Path | None = None
    zip_path: Path | None = None
    failure: tuple[str, dict[str, str]] | None = None  # a label key and its values
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def policy_path(self) -> Path:
        return self.policy.path if self.policy else self.default_policy

    @property
    def policy_name(self) -> str:
        return self.policy.name if self.policy else self.default_policy.name

    def stored_names(self) -> dict[str, str]:
        """Generated file name → the name the user gave, for messages."""
        uploads = [u for u in (self.workbook, self.policy) if u is not None]
        return {u.path.name: u.name for u in uploads}

    def manifest_names(self) -> dict[str, str]:
        """The names the manifest records, by role: what a CLI run on these files records."""
        return {"input": self.workbook.name, "policy": self.policy_name}

    def progress(self, what: str, done: int, total: int) -> None:
        """``roadfund.run``'s progress callback: which output, how many of how many."""
        self.stage, self.done, self.total = what, done, total


def work(job: Job) -> None:
    """Validate (every problem at once), then for a run compute, write and zip."""
    job.progress("load", 0, 0)
    try:
        loaded = load_year(job.workbook.path, job.policy_path)
    except InputError as error:
        job.problems = problems(error.issues, job.stored_names())
        job.state = "invalid"
        return
    job.loaded = loaded
    if job.kind == "check":
        job.state = "checked"
        return
    job.progress("compute", 0, 0)
    result = compute(loaded.year_input, loaded.period)
    target = job.folder / "run"
    try:
        write_atomically(
            target,
            lambda tmp: write_outputs(
                tmp, loaded, result, job.lang, job.progress, names=job.manifest_names()
            ),
            force=False,
        )
    except OutputFailed as error:
        job.failure = ("web.failed.write", {"reason": error.reason})
        job.state = "failed"
        return
    job.progress("zip", 0, 0)
    job.zip_path = zip_run(target, job.folder / "run.zip", result.year_input.prepared)
    job.result, job.run_dir = result, target
    job.state = "done"


class Busy(Exception):
    """The server is working on another job."""


class JobManager:
    """The jobs of this server, by id; at most one working at a time."""

    def __init__(self, work: Callable[[Job], None] = work, keep: int = KEEP_JOBS) -> None:
        self._work = work
        self._keep = keep
        self._jobs: dict[str, Job] = {}
        self._guard = threading.Lock()  # the dict and the counter
        self._busy = threading.Lock()  # held while a job works
        self._numbers = itertools.count(1)

    @property
    def busy(self) -> bool:
        return self._busy.locked()

    def start(self, make: Callable[[int], Job]) -> Job:
        """Reserve the worker, ``make(number)`` the job (store its uploads), start it.

        Raises Busy, before ``make`` is called, when another job is working."""
        if not self._busy.acquire(blocking=False):
            raise Busy
        try:
            with self._guard:
                number = next(self._numbers)
            job = make(number)
            with self._guard:
                self._jobs[job.id] = job
                forgotten = self._forget_old()
            for old in forgotten:
                shutil.rmtree(old.folder, ignore_errors=True)
            thread = threading.Thread(
                target=self._run, args=(job,), name=f"roadfund-job-{number}", daemon=True
            )
            thread.start()
        except BaseException:
            self._busy.release()
            raise
        return job

    def _run(self, job: Job) -> None:
        try:
            self._work(job)
        except Exception:
            log.exception("job %s (%s) failed", job.number, job.kind)
            job.failure = ("web.failed.internal", {})
            job.state = "failed"
        finally:
            self._busy.release()
            job.finished.set()

    def _forget_old(self) -> list[Job]:
        """Drop the finished jobs beyond the latest ``keep`` (with the guard held); the
        dropped ones, whose folders the caller deletes."""
        by_age = sorted(self._jobs.values(), key=lambda j: j.number, reverse=True)
        old = [j for j in by_age[self._keep :] if j.finished.is_set()]
        for job in old:
            del self._jobs[job.id]
        return old

    def get(self, job_id: str, owner: str) -> Job | None:
        with self._guard:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def of(self, owner: str) -> list[Job]:
        """The owner's jobs, the latest first."""
        with self._guard:
            jobs = [j for j in self._jobs.values() if j.owner == owner]
        return sorted(jobs, key=lambda j: j.number, reverse=True)
