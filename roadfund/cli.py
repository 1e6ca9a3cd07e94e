"""The command line: a thin layer over roadfund.run and the writers — no arithmetic here.

Heavy libraries are imported inside the commands, so ``roadfund --help`` answers fast.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadfund import __version__
from roadfund.commands.options import (
    INPUT_ARG,
    JSON_OPTION,
    LANG_OPTION,
    POLICY_OPTION,
    input_errors,
    out_dir_option,
    output_errors,
)
from roadfund.exit import ExitStatus
from roadfund.i18n import Lang, label

if TYPE_CHECKING:
    from roadfund.engine import YearResult


def progress_printer(lang: Lang):  # type: ignore[no-untyped-def]
    """Progress on a terminal only (stderr is a tty); silent in pipes and CI logs."""
    interactive = sys.stderr.isatty()

    def progress(what: str, done: int, total: int) -> None:
        if not interactive:
            return
        text = label(f"progress.{what}", lang, done=done, total=total)
        end = "\n" if done >= total else ""
        click.echo(f"\r{text}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return progress


def allocation_table(result: YearResult, lang: Lang) -> list[str]:
    """A short per-county table of the year's allocations, for the terminal."""
    from roadfund.report import align

    return align(allocation_rows(result, lang), right_from=2)


def allocation_rows(result: YearResult, lang: Lang) -> list[list[str]]:
    """That table's cells: a header row, a row per county by code, the total row."""
    from roadfund.money import fen_to_yuan_grouped

    alloc = result.allocation
    names = result.year_input.county_names()
    headers = [label("county_code", lang), label("county_name", lang)]
    headers += [label(f"source.{s.code}.short", lang) for s in alloc.sources] + [
        label("total", lang)
    ]
    rows = []
    for code in sorted(names):
        amounts = [s.total(code) for s in alloc.sources] + [alloc.transfer_total(code)]
        rows.append([code, names[code], *(fen_to_yuan_grouped(a) for a in amounts)])
    totals = [sum(s.total(c) for c in names) for s in alloc.sources]
    rows.append(
        ["", label("total", lang), *(fen_to_yuan_grouped(a) for a in [*totals, sum(totals)])]
    )
    return [headers, *rows]


@click.group(name="roadfund", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roadfund")
def cli() -> None:
    """roadfund — 公路养护资金分配与年终清算（景府发〔2022〕7号）.

    Splits the central fuel-tax transfer and the provincial pavement subsidy among the
    counties (70% by maintained mileage, 30% by performance), checks the 30% matching
    floor, and settles the highway center's staff and running costs with each county,
    exact to the fen.

    \b
    Exit status: 0 done; 1 invalid input (nothing written); 2 usage error;
                 3 with --strict, done but a matching-floor check failed;
                 4 the outputs could not be written (disk full, no permission;
                   nothing changed). `roadfund verify --help` has its own.
    """


@cli.command()
@INPUT_ARG
@POLICY_OPTION
@out_dir_option("outputs/<year>/")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a non-empty output folder (only once the new one is complete).",
)
@LANG_OPTION
@click.option("--strict", is_flag=True, help="Exit 3 when any matching-floor check fails.")
@JSON_OPTION
@click.option(
    "--pdf",
    is_flag=True,
    help="Also write a PDF of each workbook (needs LibreOffice's soffice; exit 2 without it).",
)
def run(
    input_path: Path,
    policy_path: Path | None,
    out_dir: Path | None,
    force: bool,
    lang: Lang,
    strict: bool,
    as_json: bool,
    pdf: bool,
) -> None:
    """Allocate the year's funds and write every output.

    Reads INPUT.xlsx and the policy, computes the allocations, the matching check and
    the settlement, and writes CSV files, the city summary workbook, one workbook per
    county and manifest.json into the output folder — all at once or not at all.
    """
    from roadfund.run import run as run_year
    from roadfund.writers.pdf import PdfFailed, find_soffice

    if pdf and find_soffice() is None:
        click.echo(label("cli.pdf_unavailable", lang), err=True)
        sys.exit(ExitStatus.USAGE)
    started = time.perf_counter()
    try:
        with input_errors(lang, as_json), output_errors(lang):
            outcome = run_year(
                input_path,
                policy_path,
                out_dir,
                force=force,
                lang=lang,
                progress=progress_printer(lang),
                pdf=pdf,
            )
    except PdfFailed as error:
        click.echo(label("cli.pdf_failed", lang, file=error.file, detail=error.detail), err=True)
        sys.exit(ExitStatus.USAGE)
    elapsed = time.perf_counter() - started
    result = outcome.result
    from roadfund.report import matching_json, matching_report

    if as_json:
        payload = {"ok": True, "out_dir": str(outcome.out_dir), "matching": matching_json(result)}
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        for line in allocation_table(result, lang):
            click.echo(line)
        click.echo(label("cli.outputs_written", lang, path=str(outcome.out_dir)))
        click.echo(label("cli.elapsed", lang, seconds=f"{elapsed:.2f}"))
        for line in matching_report(result, lang):
            click.echo(line)
    if strict and result.matching.failures:
        if not as_json:
            click.echo(label("cli.strict_failed", lang), err=True)
        sys.exit(ExitStatus.FLOOR_FAILED)


@cli.command()
@INPUT_ARG
@POLICY_OPTION
@LANG_OPTION
@JSON_OPTION
def check(input_path: Path, policy_path: Path | None, lang: Lang, as_json: bool) -> None:
    """Validate INPUT.xlsx and the policy; write nothing.

    Reports every problem at once, each with its sheet and cell (养护里程!C7).
    """
    from roadfund.load import load_year

    with input_errors(lang, as_json):
        load_year(input_path, policy_path)
    if as_json:
        click.echo(json.dumps({"ok": True, "issues": []}))
    else:
        click.echo(label("cli.check_ok", lang, path=str(input_path)))


@cli.command()
@click.argument("path", metavar="PATH.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sample", is_flag=True, help="Fill in the illustrative Jingdezhen sample year.")
@click.option(
    "--year", type=int, default=2023, show_default=True, help="Sample year (with --sample)."
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@LANG_OPTION
def template(path: Path, sample: bool, year: int, force: bool, lang: Lang) -> None:
    """Write a blank input workbook (or, with --sample, a filled sample year).

    The workbook has every sheet and column roadfund reads, a 说明 sheet, input hints and
    drop-downs; fill it in Excel/WPS and run `roadfund check` on it.
    """
    from roadfund.sample import SAMPLE_YEARS
    from roadfund.template import write_template

    if path.exists() and not force:
        click.echo(label("cli.output_exists", lang, path=str(path)), err=True)
        sys.exit(ExitStatus.USAGE)
    if sample and year not in SAMPLE_YEARS:
        years = ", ".join(str(y) for y in sorted(SAMPLE_YEARS))
        raise click.BadParameter(f"no sample for {year} (samples: {years})", param_hint="--year")
    write_template(path, sample=sample, year=year, lang=lang)
    click.echo(label("cli.template_written", lang, path=str(path)))


# Commands that live in their own modules register here, one line each.
from roadfund.commands import register  # noqa: E402

register(cli)


def main() -> None:
    cli(prog_name="roadfund")
