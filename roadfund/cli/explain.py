"""``roadfund explain``: how each of one county's amounts was computed, step by step."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import INPUT_ARG, LANG_OPTION, POLICY_OPTION, input_errors
from roadfund.exit import ExitStatus
from roadfund.text import Lang, label

if TYPE_CHECKING:
    from roadfund.engine.trace import TraceLine


@click.command(cls=CatalogCommand, help="help.explain")
@INPUT_ARG
@click.option(
    "--county",
    "county_code",
    required=True,
    metavar="CODE",
    help="help.explain.county",
)
@click.option(
    "--source",
    type=click.Choice(["central", "provincial"]),
    default=None,
    help="help.explain.source",
)
@POLICY_OPTION
@LANG_OPTION
@click.option("--json", "as_json", is_flag=True, help="help.explain.json")
def explain(
    input_path: Path,
    county_code: str,
    source: str | None,
    policy_path: Path | None,
    lang: Lang,
    as_json: bool,
) -> None:
    """Show how every amount of one county was computed (计算过程).

    Its ``--help`` is ``help.explain`` in ``roadfund/text/help.py``.
    """
    from roadfund.engine import compute
    from roadfund.engine.trace import UnknownCounty, explain_county, render
    from roadfund.reader.load import load_year

    with input_errors(lang, as_json):
        loaded = load_year(input_path, policy_path)
    result = compute(loaded.year_input, loaded.period, loaded.weights)
    year_input = result.year_input
    try:
        lines = explain_county(result, county_code, None if source is None else [source])
    except UnknownCounty as error:
        separator = label("sep.list", lang)
        codes = separator.join(f"{code} {name}" for code, name in sorted(error.valid.items()))
        text = label("cli.unknown_county", lang, code=error.code, year=year_input.year, codes=codes)
        click.echo(text, err=True)
        sys.exit(ExitStatus.USAGE)
    name = year_input.county_names()[county_code]
    if as_json:
        click.echo(json.dumps(trace_json(lines, county_code, name, lang), ensure_ascii=False))
        return
    click.echo(
        label(
            "trace.title",
            lang,
            city=year_input.city,
            year=year_input.year,
            name=name,
            code=county_code,
        )
    )
    click.echo(label("trace.policy", lang, reference=result.period.reference))
    for line in render(lines, lang):
        click.echo(line)


def trace_json(lines: list[TraceLine], code: str, name: str, lang: Lang) -> dict[str, object]:
    """The trace as data: each line's section, text, label key and amount (元, exact text)."""
    from roadfund.money import fen_to_yuan

    return {
        "county_code": code,
        "county_name": name,
        "lines": [
            {
                "section": line.section_text(lang),
                "key": line.key,
                "level": line.level,
                "text": line.text(lang),
                "amount": None if line.fen is None else fen_to_yuan(line.fen),
            }
            for line in lines
        ],
    }
