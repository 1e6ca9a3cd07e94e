"""``roadfund whatif``: the year's allocation under named scenarios, next to the baseline.

The scenario file's format is documented in ``roadfund.reader.scenarios``; the exact vectorised
engine is ``roadfund.engine.sweep``; the outputs are written by ``roadfund.writers.whatif``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import (
    INPUT_ARG,
    LANG_OPTION,
    POLICY_OPTION,
    input_errors,
    out_dir_option,
    output_errors,
)
from roadfund.text import Lang, label

if TYPE_CHECKING:
    from roadfund.engine.sweep import Sweep
    from roadfund.writers.whatif import ScenarioSummary

COUNTY_TABLE_LIMIT = (40, 6)
"""The terminal shows every county's amounts when there are at most 40 counties and 6
scenarios; otherwise one line per scenario (the CSV and workbook always have it all)."""
SUMMARY_LINES = 30


def default_out_dir(year: int) -> Path:
    return Path("outputs") / f"{year}-whatif"


@click.command(cls=CatalogCommand, help="help.whatif")
@INPUT_ARG
@click.option(
    "--scenarios",
    "scenarios_path",
    required=True,
    metavar="FILE.toml",
    type=click.Path(path_type=Path, dir_okay=False),
    help="help.whatif.scenarios",
)
@POLICY_OPTION
@out_dir_option("help.whatif.out")
@click.option("--force", is_flag=True, help="help.whatif.force")
@LANG_OPTION
def whatif(
    input_path: Path,
    scenarios_path: Path,
    policy_path: Path | None,
    out_dir: Path | None,
    force: bool,
    lang: Lang,
) -> None:
    """Compare the year's allocation under named scenarios (情景测算).

    Its ``--help`` is ``help.whatif`` in ``roadfund/text/help.py``.
    """
    from roadfund.cli.terminal import progress_printer
    from roadfund.contract import MANIFEST
    from roadfund.engine.sweep import SweepError, matching_by_floor, sweep
    from roadfund.issues import InputError, Issue
    from roadfund.reader.load import load_year
    from roadfund.reader.scenarios import load_scenarios_read
    from roadfund.run import files_not_vouched
    from roadfund.writers.manifest import folder_manifest_bytes
    from roadfund.writers.outdir import write_atomically
    from roadfund.writers.whatif import (
        SCENARIOS_CSV,
        WHATIF_CSV,
        scenarios_csv,
        summaries,
        workbook_name,
        write_whatif_csv,
        write_whatif_workbook,
    )

    started = time.perf_counter()
    with input_errors(lang):
        loaded = load_year(input_path, policy_path)
        year_input, period = loaded.year_input, loaded.period
        scenarios, scenarios_sha256 = load_scenarios_read(scenarios_path, year_input, period)
        progress = progress_printer(lang)
        try:
            result = sweep(
                year_input,
                period,
                scenarios,
                progress=lambda done, total: progress("whatif", done, total),
            )
        except SweepError as error:
            raise InputError(
                Issue.with_params(
                    scenarios_path.name,
                    p.code,
                    {"name": p.name, **dict(p.params)},
                    p.index,
                    key=f"scenario[{p.index}]",
                )
                for p in error.problems
            ) from None

    matching = matching_by_floor(year_input, [s.period.matching_floor for s in result.scenarios])
    rows = summaries(result, matching)
    names = year_input.county_names()
    target = out_dir or default_out_dir(year_input.year)

    def fill(tmp: Path) -> None:
        write_whatif_csv(tmp / WHATIF_CSV, result, names)
        (tmp / SCENARIOS_CSV).write_bytes(scenarios_csv(rows))
        write_whatif_workbook(tmp / workbook_name(year_input, lang), result, year_input, rows, lang)
        # a manifest, as for a run: `roadfund verify` checks it, `--force` may replace it
        inputs = {**loaded.input_digests(), "scenarios": (scenarios_path.name, scenarios_sha256)}
        head = {"kind": "whatif", "year": year_input.year, "city": year_input.city, "lang": lang}
        (tmp / MANIFEST).write_bytes(folder_manifest_bytes(head, inputs, tmp))

    with output_errors(lang):
        write_atomically(
            target,
            fill,
            force=force,
            keep=(loaded.input_path, loaded.policy_path, scenarios_path),
            lost=files_not_vouched,
        )
    for line in terminal_table(result, rows, names, lang):
        click.echo(line)
    click.echo(label("cli.outputs_written", lang, path=str(target)))
    click.echo(label("cli.elapsed", lang, seconds=f"{time.perf_counter() - started:.2f}"))


def terminal_table(
    result: Sweep, rows: list[ScenarioSummary], names: Mapping[str, str], lang: Lang
) -> list[str]:
    """Every county × scenario for a small sweep; one line per scenario otherwise."""
    from roadfund.money import fen_to_yuan_grouped, fen_to_yuan_signed
    from roadfund.writers.report import align
    from roadfund.writers.whatif import totals_by_county

    counties, scenarios = COUNTY_TABLE_LIMIT
    table: list[list[str]]
    if len(result.codes) <= counties and len(rows) <= scenarios:
        headers = [
            label("county_code", lang),
            label("county_name", lang),
            label("whatif.baseline", lang),
        ]
        for row in rows:
            headers += [row.name, label("whatif.difference", lang)]
        table = [headers]
        for code, (baseline, *amounts) in totals_by_county(result, len(rows)):
            line = [code, names[code], fen_to_yuan_grouped(baseline)]
            for amount in amounts:
                line += [fen_to_yuan_grouped(amount), fen_to_yuan_signed(amount - baseline)]
            table.append(line)
        left = 2
    else:
        headers = [
            label("whatif.scenario", lang),
            label("whatif.counties_up", lang),
            label("whatif.counties_down", lang),
            label("whatif.largest_gain", lang),
            label("whatif.largest_loss", lang),
            label("whatif.matching_failures", lang),
        ]
        table = [headers]
        for row in rows[:SUMMARY_LINES]:
            table.append(
                [
                    row.name,
                    str(row.up),
                    str(row.down),
                    _extreme(row.gain, names),
                    _extreme(row.loss, names),
                    str(row.matching_failures),
                ]
            )
        left = 1
    lines = align(table, right_from=left)
    if len(rows) > SUMMARY_LINES and left == 1:
        lines.append(label("whatif.more_lines", lang, count=len(rows) - SUMMARY_LINES))
    return lines


def _extreme(pair: tuple[str, int] | None, names: Mapping[str, str]) -> str:
    from roadfund.money import fen_to_yuan_signed

    if pair is None:
        return "—"
    code, fen = pair
    return f"{names.get(code, code)} {fen_to_yuan_signed(fen)}"
