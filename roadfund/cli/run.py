"""``roadfund run``: validate, compute and write every output of the year, atomically."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import (
    INPUT_ARG,
    JSON_OPTION,
    LANG_OPTION,
    POLICY_OPTION,
    input_errors,
    out_dir_option,
    output_errors,
)
from roadfund.cli.terminal import progress_printer
from roadfund.exit import ExitStatus
from roadfund.text import Lang, label
from roadfund.writers.report import allocation_table


@click.command(cls=CatalogCommand, help="help.run")
@INPUT_ARG
@POLICY_OPTION
@out_dir_option("help.run.out")
@click.option(
    "--force",
    is_flag=True,
    help="help.run.force",
)
@LANG_OPTION
@click.option("--strict", is_flag=True, help="help.run.strict")
@JSON_OPTION
@click.option(
    "--pdf",
    is_flag=True,
    help="help.run.pdf",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="help.run.jobs",
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
    jobs: int | None,
) -> None:
    """Allocate the year's funds and write every output.

    Its ``--help`` is ``help.run`` in ``roadfund/text/help.py``.
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
                jobs=jobs,
            )
    except PdfFailed as error:
        click.echo(
            label("cli.pdf_failed", lang, file=error.file, detail=error.reason(lang)), err=True
        )
        sys.exit(ExitStatus.USAGE)
    elapsed = time.perf_counter() - started
    result = outcome.result
    from roadfund.writers.report import (
        matching_json,
        matching_report,
        policy_json,
        policy_lines,
        review_json,
        review_lines,
    )

    if as_json:
        payload = {
            "ok": True,
            "out_dir": str(outcome.out_dir),
            "matching": matching_json(result),
            **review_json(result, lang),
            "policy": policy_json(outcome.loaded),
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        for line in policy_lines(outcome.loaded, lang):
            click.echo(line)
        for line in allocation_table(result, lang):
            click.echo(line)
        click.echo(label("cli.outputs_written", lang, path=str(outcome.out_dir)))
        click.echo(label("cli.elapsed", lang, seconds=f"{elapsed:.2f}"))
        for line in matching_report(result, lang):
            click.echo(line)
        for line in review_lines(result, lang):
            click.echo(line)
    if strict and result.final_failures:  # a year-start (预审) check is never a verdict
        if not as_json:
            click.echo(label("cli.strict_failed", lang), err=True)
        sys.exit(ExitStatus.FLOOR_FAILED)
