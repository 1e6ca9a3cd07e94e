"""``roadfund web``: the local page — run, check, explain, template and compare in a browser."""

from __future__ import annotations

import sys

import click

from roadfund.cli.options import LANG_OPTION
from roadfund.text import Lang


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port to listen on. Default: 8765, or a free port when 8765 is taken; 0: any free port.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than 127.0.0.1 lets other computers reach the "
    "page (a warning is printed).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the default browser.")
@LANG_OPTION
def web(port: int | None, host: str, no_browser: bool, lang: Lang) -> None:
    """Serve the local page (本地网页) on this PC until Ctrl-C.

    In the browser: drop the year's input workbook (and, optionally, a policy file; by
    default the shipped policy.toml), see every problem by sheet!cell, or the
    allocations, the matching check and the settlement with each amount's derivation;
    download the run as one zip (the files `roadfund run` writes, with its manifest),
    each county's workbook, the blank template and the sample year; compare two runs.
    Works offline. Uploads and runs live in a private temporary folder, removed when
    the server stops. Exit 2 when the port cannot be opened.
    """
    from roadfund.web.server import serve

    sys.exit(serve(host=host, port=port, open_browser=not no_browser, lang=lang))
