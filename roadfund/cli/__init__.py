"""The command line: one module per command, each a thin layer over the library.

Every command is a ``click.command(cls=CatalogCommand, help="help.<name>")`` in
``roadfund/cli/<name>.py``, added to the group below in one list; help texts are catalog
keys (``roadfund/text/help.py``), rendered in Chinese or English by ``roadfund.cli.help``. Heavy libraries are imported inside the commands, so
``roadfund --help`` answers fast. Failures map to the exit codes of ``roadfund.exit``
through ``roadfund.cli.options`` (``input_errors``, ``output_errors``).
"""

from __future__ import annotations

import click

from roadfund import __version__
from roadfund.cli import check, compare, explain, run, template, verify, web, whatif
from roadfund.cli.help import CatalogGroup, set_command_lang


@click.group(
    name="roadfund",
    cls=CatalogGroup,
    help="help.roadfund",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="roadfund")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    expose_value=False,
    callback=set_command_lang,
    help="help.group.lang",
)
def cli() -> None:
    """roadfund — 公路养护资金分配与年终清算; its ``--help`` is ``help.roadfund``."""


for command in (
    run.run,
    check.check,
    template.template,
    explain.explain,
    compare.compare,
    whatif.whatif,
    verify.verify,
    web.web,
):
    cli.add_command(command)


def main() -> None:
    from roadfund.cli.options import interrupts, quiet_broken_pipe
    from roadfund.cli.process import exit_now

    quiet_broken_pipe()
    try:
        with interrupts("en" if "en" in _lang_argument() else "zh"):
            cli(prog_name="roadfund")
    except SystemExit as done:  # click ends every command with sys.exit
        exit_now(done.code)
    exit_now(0)


def _lang_argument() -> str:
    """The --lang given on the command line, for messages printed outside a command."""
    import sys

    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return "zh"
