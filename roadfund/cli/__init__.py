"""The command line: one module per command, each a thin layer over the library.

Every command is a plain ``click.command`` in ``roadfund/cli/<name>.py``, added to the
group below in one list. Heavy libraries are imported inside the commands, so
``roadfund --help`` answers fast. Failures map to the exit codes of ``roadfund.exit``
through ``roadfund.cli.options`` (``input_errors``, ``output_errors``).
"""

from __future__ import annotations

import click

from roadfund import __version__
from roadfund.cli import check, compare, explain, run, template, verify, web, whatif


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
    cli(prog_name="roadfund")
