"""One year's run, as the CLI calls it: load → compute → write every output atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roadfund.engine import YearResult, compute
from roadfund.i18n import Lang
from roadfund.load import LoadedYear, load_year
from roadfund.writers.csv_files import csv_files
from roadfund.writers.manifest import MANIFEST, manifest_bytes
from roadfund.writers.outdir import write_atomically
from roadfund.writers.summary import summary_file_name, write_summary

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): called as outputs are written."""


def _no_progress(what: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class RunOutcome:
    loaded: LoadedYear
    result: YearResult
    out_dir: Path


def default_out_dir(year: int) -> Path:
    return Path("outputs") / str(year)


def write_outputs(
    out: Path, loaded: LoadedYear, result: YearResult, lang: Lang, progress: Progress = _no_progress
) -> None:
    """Write every output file into the (empty, temporary) folder ``out``."""
    for name, data in csv_files(result).items():
        (out / name).write_bytes(data)
    write_summary(out / summary_file_name(result, lang), result, lang)
    progress("summary", 1, 1)
    inputs = {"input": loaded.input_path, "policy": loaded.policy_path}
    (out / MANIFEST).write_bytes(manifest_bytes(result, inputs, out, lang))


def run(
    input_path: Path,
    policy_path: Path | None,
    out_dir: Path | None,
    *,
    force: bool,
    lang: Lang,
    progress: Progress = _no_progress,
) -> RunOutcome:
    """Validate, compute and write; raises InputError (nothing written) or OutputExists."""
    loaded = load_year(input_path, policy_path)
    result = compute(loaded.year_input, loaded.period)
    target = out_dir or default_out_dir(loaded.year_input.year)
    write_atomically(
        target, lambda tmp: write_outputs(tmp, loaded, result, lang, progress), force=force
    )
    return RunOutcome(loaded, result, target)
