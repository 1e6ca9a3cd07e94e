"""Progress on the terminal: shown only when stderr is a terminal (silent in pipes and CI logs).

The text reports themselves (tables, the matching report, comparisons) are in
``roadfund.writers.report``, shared with the local page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from roadfund.text import Lang, label


def progress_printer(lang: Lang) -> Callable[[str, int, int], None]:
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
