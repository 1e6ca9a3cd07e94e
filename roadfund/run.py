"""One year's run, as the CLI calls it: load → compute → write every output atomically."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from roadfund.collector import collector_paused
from roadfund.contract import MANIFEST, sha256_bytes
from roadfund.engine import YearResult, compute
from roadfund.reader.load import LoadedYear, load_year
from roadfund.text import Lang
from roadfund.writers.county import COUNTY_DIR, write_county_workbooks
from roadfund.writers.csv_files import csv_files
from roadfund.writers.manifest import manifest_bytes
from roadfund.writers.outdir import write_atomically
from roadfund.writers.parallel import pool_size, write_workbooks
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


def files_not_vouched(folder: Path) -> list[str]:
    """What ``--force`` would lose in ``folder``: every file its manifest does not vouch
    for byte for byte (all of them when it is not a roadfund run folder)."""
    from roadfund.reader.run_folder import files_not_vouched as not_vouched

    return not_vouched(folder)


def check_file_names(result: YearResult, lang: Lang) -> None:
    """County names that would give one file name (after roadfund.names makes them safe,
    on a case-insensitive file system) are an input error, at their 县区名称 cells."""
    from roadfund.issues import InputError, Issue
    from roadfund.names import colliding
    from roadfund.schema import COUNTIES
    from roadfund.writers.county import county_file_name

    counties = {c.code: c for c in result.year_input.counties}
    names = {county_file_name(result, code, lang): code for code in sorted(counties)}
    issues = [
        Issue.at(COUNTIES.name, "file_name_collision", counties[names[n]].row, name=n)
        for group in colliding(names)
        for n in group
    ]
    if issues:
        raise InputError(issues)


def write_outputs(
    out: Path,
    loaded: LoadedYear,
    result: YearResult,
    lang: Lang,
    progress: Progress = _no_progress,
    pdf: bool = False,
    jobs: int | None = None,
    names: Mapping[str, str] | None = None,
) -> None:
    """Write every output file into the (empty, temporary) folder ``out``.

    ``jobs``: processes for the workbooks (None: every core); a small year, or ``jobs=1``,
    is written here in this process, with no pool (``writers.parallel.pool_size``).
    ``names``: input file names for the manifest, by role, when not the paths' own."""
    known: dict[str, str] = {}  # relative path → SHA-256 of the bytes written, for the manifest

    def write_csv_files() -> None:
        with collector_paused():
            files = csv_files(result)
        for name, data in files.items():
            (out / name).write_bytes(data)
            known[name] = sha256_bytes(data)

    workers = pool_size(jobs, len(result.year_input.counties))
    if workers > 1:  # the CSVs are written while the workers start on the workbooks
        known.update(
            write_workbooks(out, result, lang, progress, workers, meanwhile=write_csv_files)
        )
    else:
        write_csv_files()
        write_summary(out / summary_file_name(result, lang), result, lang)
        progress("summary", 1, 1)
        write_county_workbooks(out / COUNTY_DIR, result, lang, progress)
    if pdf:  # --pdf (issue 6): a PDF beside every workbook, before the manifest hashes them
        from roadfund.writers.pdf import convert_workbooks

        convert_workbooks(
            out, created=result.year_input.prepared, progress=lambda d, t: progress("pdf", d, t)
        )
    digests = {
        role: ((names or {}).get(role, name), digest)
        for role, (name, digest) in loaded.input_digests().items()
    }
    (out / MANIFEST).write_bytes(manifest_bytes(result, digests, out, lang, known))


def run(
    input_path: Path,
    policy_path: Path | None,
    out_dir: Path | None,
    *,
    force: bool,
    lang: Lang,
    progress: Progress = _no_progress,
    pdf: bool = False,
    jobs: int | None = None,
) -> RunOutcome:
    """Validate, compute and write; raises InputError (nothing written) or OutputExists.

    ``jobs``: processes that write the workbooks (None: every core; see write_outputs).
    With ``pdf``, also PDFs of the workbooks (raises writers.pdf.PdfUnavailable/PdfFailed).
    An OSError while writing is raised as writers.outdir.OutputFailed (nothing changed).
    """
    loaded = load_year(input_path, policy_path)  # both pause the collector themselves
    result = compute(loaded.year_input, loaded.period, loaded.weights)
    check_file_names(result, lang)
    target = out_dir or default_out_dir(loaded.year_input.year)
    write_atomically(
        target,
        lambda tmp: write_outputs(tmp, loaded, result, lang, progress, pdf, jobs),
        force=force,
        keep=(loaded.input_path, loaded.policy_path),  # --force must not delete them
        lost=files_not_vouched,
    )
    return RunOutcome(loaded, result, target)
