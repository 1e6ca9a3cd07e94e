"""Options and arguments shared by several commands, spelt once.

A light module (click only), so every command module can import it on its own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from roadfund.issues import Issue
from roadfund.text import Lang

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="help.opt.lang",
)
POLICY_OPTION = click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="help.opt.policy",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="help.opt.json")
F = TypeVar("F", bound=Callable[..., Any])
"""A command function being decorated."""
INPUT_ARG = click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))


def out_dir_option(help_key: str) -> Callable[[F], F]:
    """``--out DIR`` for commands that write an output folder atomically (help: a catalog key
    naming the command's default folder)."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help=help_key,
    )


def report_issues(issues: Sequence[Issue], lang: Lang, as_json: bool) -> None:
    """Every input problem: a readable list on stderr, or JSON on stdout."""
    from roadfund.text import label

    if as_json:
        payload = {"ok": False, "issues": [i.as_dict(lang) for i in issues]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(label("cli.issue_count", lang, count=len(issues)), err=True)
    for issue in issues:
        click.echo(f"  {issue.render(lang)}", err=True)


@contextmanager
def input_errors(lang: Lang, as_json: bool = False) -> Iterator[None]:
    """An invalid input: every problem reported, exit 1 (nothing is written)."""
    from roadfund.exit import ExitStatus
    from roadfund.issues import InputError

    try:
        yield
    except InputError as error:
        report_issues(error.issues, lang, as_json)
        sys.exit(ExitStatus.INVALID_INPUT)


@contextmanager
def output_errors(lang: Lang) -> Iterator[None]:
    """Turn the output folder's errors into a message and the documented exit status."""
    from roadfund.exit import ExitStatus
    from roadfund.text import label
    from roadfund.writers.outdir import OutputExists, OutputFailed, OutputHoldsInput

    try:
        yield
    except OutputHoldsInput as error:
        click.echo(
            label("cli.output_holds_input", lang, path=str(error), file=str(error.kept)), err=True
        )
        sys.exit(ExitStatus.USAGE)
    except OutputExists as error:
        click.echo(label("cli.output_exists", lang, path=str(error)), err=True)
        sys.exit(ExitStatus.USAGE)
    except OutputFailed as error:
        click.echo(
            label("cli.write_failed", lang, path=str(error.target), reason=error.reason), err=True
        )
        sys.exit(ExitStatus.WRITE_FAILED)
