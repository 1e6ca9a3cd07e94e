"""``roadfund web``: the local page — run, check, explain, template and compare in a browser."""

from __future__ import annotations

import sys

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import LANG_OPTION
from roadfund.text import Lang


@click.command(cls=CatalogCommand, help="help.web")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="help.web.port",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="help.web.host",
)
@click.option("--no-browser", is_flag=True, help="help.web.no_browser")
@LANG_OPTION
def web(port: int | None, host: str, no_browser: bool, lang: Lang) -> None:
    """Serve the local page (本地网页) on this PC until Ctrl-C.

    Its ``--help`` is ``help.web`` in ``roadfund/text/help.py``.
    """
    from roadfund.web.server import serve

    sys.exit(serve(host=host, port=port, open_browser=not no_browser, lang=lang))
