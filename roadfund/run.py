"""One year's run, as the CLI calls it: load → compute → write every output atomically."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from roadfund.contract import MANIFEST
from roadfund.engine import YearResult, compute
from roadfund.reader.load import LoadedYear, load_year
from roadfund.text import Lang
from roadfund.writers.county import COUNTY_DIR, write_county_workbooks
from roadfund.writers.csv_files import csv_files
from roadfund.writers.manifest import manifest_bytes
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
    out: Path,
    loaded: LoadedYear,
    result: YearResult,
    lang: Lang,
    progress: Progress = _no_progress,
    pdf: bool = False,
    names: Mapping[str, str] | None = None,
) -> None:
    """Write every output file into the (empty, temporary) folder ``out``.

    ``names``: input file names for the manifest, by role, when not the paths' own."""
    for name, data in csv_files(result).items():
        (out / name).write_bytes(data)
    write_summary(out / summary_file_name(result, lang), result, lang)
    progress("summary", 1, 1)
    write_county_workbooks(out / COUNTY_DIR, result, lang, progress)
    if pdf:  # --pdf (issue 6): a PDF beside every workbook, before the manifest hashes them
        from roadfund.writers.pdf import convert_workbooks

        convert_workbooks(
            out, created=result.year_input.prepared, progress=lambda d, t: progress("pdf", d, t)
        )
    inputs = {"input": loaded.input_path, "policy": loaded.policy_path}
    (out / MANIFEST).write_bytes(manifest_bytes(result, inputs, out, lang, names))


def run(
    input_path: Path,
    policy_path: Path | None,
    out_dir: Path | None,
    *,
    force: bool,
    lang: Lang,
    progress: Progress = _no_progress,
    pdf: bool = False,
) -> RunOutcome:
    """Validate, compute and write; raises InputError (nothing written) or OutputExists.

    With ``pdf``, also PDFs of the workbooks (raises writers.pdf.PdfUnavailable/PdfFailed).
    An OSError while writing is raised as writers.outdir.OutputFailed (nothing changed).
    """
    loaded = load_year(input_path, policy_path)
    result = compute(loaded.year_input, loaded.period)
    target = out_dir or default_out_dir(loaded.year_input.year)
    write_atomically(
        target,
        lambda tmp: write_outputs(tmp, loaded, result, lang, progress, pdf),
        force=force,
        keep=(loaded.input_path, loaded.policy_path),  # --force must not delete them
    )
    return RunOutcome(loaded, result, target)
