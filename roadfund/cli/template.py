"""``roadfund template``: a blank input workbook, or the filled sample year."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import LANG_OPTION, file_errors
from roadfund.exit import ExitStatus
from roadfund.schema import STAGE_END, STAGE_START, STAGES
from roadfund.text import Lang, label


@click.command(cls=CatalogCommand, help="help.template")
@click.argument("path", metavar="PATH.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sample", is_flag=True, help="help.template.sample")
@click.option("--year", type=int, default=2023, show_default=True, help="help.template.year")
@click.option(
    "--stage",
    type=click.Choice(STAGES),
    default=STAGE_END,
    show_default=True,
    help="help.template.stage",
)
@click.option("--force", is_flag=True, help="help.template.force")
@LANG_OPTION
def template(path: Path, sample: bool, year: int, stage: str, force: bool, lang: Lang) -> None:
    """Write a blank input workbook (or, with --sample, a filled sample year).

    Its ``--help`` is ``help.template`` in ``roadfund/text/help.py``.
    """
    from roadfund.samples.jingdezhen import SAMPLE_YEAR_START, SAMPLE_YEARS
    from roadfund.writers.template import write_template

    if path.exists() and not force:
        click.echo(label("cli.file_exists", lang, path=str(path)), err=True)
        sys.exit(ExitStatus.USAGE)
    samples = SAMPLE_YEAR_START if stage == STAGE_START else SAMPLE_YEARS
    if sample and year not in samples:
        years = label("sep.list", lang).join(str(y) for y in sorted(samples))
        text = label("cli.no_sample", lang, year=year, years=years)
        raise click.BadParameter(text, param_hint="--year")
    from roadfund.writers.outdir import write_file_atomically

    with file_errors(lang, path):
        write_file_atomically(
            path,
            lambda tmp: write_template(tmp, sample=sample, year=year, lang=lang, stage=stage),
        )
    click.echo(label("cli.template_written", lang, path=str(path)))
    # a policy is always at hand: `roadfund check` on the new workbook finds it beside it
    from roadfund.reader.load import default_policy_path
    from roadfund.reader.policy import shipped_policy_path

    policy = default_policy_path(path)
    if policy.exists():
        click.echo(label("cli.policy_kept", lang, path=str(policy)))
    else:
        with file_errors(lang, policy):
            shipped = shipped_policy_path().read_bytes()

            def copy_policy(tmp: Path) -> None:
                tmp.write_bytes(shipped)

            write_file_atomically(policy, copy_policy)
        click.echo(label("cli.policy_written", lang, path=str(policy)))
