"""``roadfund compare``: two runs side by side — what changed per county and source."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import LANG_OPTION, file_errors
from roadfund.exit import ExitStatus
from roadfund.text import Lang, label

RUN_DIR = click.Path(path_type=Path, exists=True, file_okay=False)


@click.command(cls=CatalogCommand, help="help.compare")
@click.argument("run_a", metavar="RUN_A", type=RUN_DIR)
@click.argument("run_b", metavar="RUN_B", type=RUN_DIR)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="help.compare.out",
)
@click.option("--force", is_flag=True, help="help.compare.force")
@LANG_OPTION
def compare(run_a: Path, run_b: Path, out_path: Path | None, force: bool, lang: Lang) -> None:
    """Compare two output folders of `roadfund run` (e.g. 2023 and 2024).

    Its ``--help`` is ``help.compare`` in ``roadfund/text/help.py``.
    """
    from roadfund.reader.run_folder import NotARun, compare_folders
    from roadfund.writers.report import comparison_lines

    if out_path is not None and out_path.exists() and not force:
        click.echo(label("cli.file_exists", lang, path=str(out_path)), err=True)
        sys.exit(ExitStatus.USAGE)
    try:
        comparison = compare_folders(run_a, run_b)
    except NotARun as error:
        click.echo(error.message(lang), err=True)
        sys.exit(ExitStatus.INVALID_INPUT)
    for line in comparison_lines(comparison, lang):
        click.echo(line)
    if out_path is not None:
        from roadfund.writers.comparison import write_comparison
        from roadfund.writers.outdir import write_file_atomically

        with file_errors(lang, out_path):
            write_file_atomically(out_path, lambda tmp: write_comparison(tmp, comparison, lang))
        click.echo(label("cli.outputs_written", lang, path=str(out_path)))
