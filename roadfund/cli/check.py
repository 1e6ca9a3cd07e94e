"""``roadfund check``: validate the input workbook and the policy; write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import INPUT_ARG, JSON_OPTION, LANG_OPTION, POLICY_OPTION, input_errors
from roadfund.text import Lang, label


@click.command(cls=CatalogCommand, help="help.check")
@INPUT_ARG
@POLICY_OPTION
@LANG_OPTION
@JSON_OPTION
def check(input_path: Path, policy_path: Path | None, lang: Lang, as_json: bool) -> None:
    """Validate INPUT.xlsx and the policy; write nothing.

    Its ``--help`` is ``help.check`` in ``roadfund/text/help.py``.
    """
    from roadfund.engine import compute
    from roadfund.reader.load import load_year
    from roadfund.writers.report import policy_json, policy_lines, review_json, review_lines

    with input_errors(lang, as_json):
        loaded = load_year(input_path, policy_path)
    # computed for the reviewer's cross-checks
    result = compute(loaded.year_input, loaded.period, loaded.weights)
    if as_json:
        payload = {
            "ok": True,
            "issues": [],
            **review_json(result, lang),
            "policy": policy_json(loaded),
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        for line in policy_lines(loaded, lang):
            click.echo(line)
        click.echo(label("cli.check_ok", lang, path=str(input_path)))
        for line in review_lines(result, lang):
            click.echo(line)
