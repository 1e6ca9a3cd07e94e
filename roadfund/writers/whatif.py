"""What-if outputs: each county's amount per scenario and its difference from the baseline.

- ``whatif.csv`` — one line per scenario and county:
  ``scenario,county_code,county_name,total,baseline,difference`` (元, two decimals; total
  is the county's transfer allocation over both fund sources).
- ``whatif_scenarios.csv`` — one line per scenario: its policy values, how many counties
  gain or lose, the largest gain and loss, and how many matching-check lines fail at its
  floor.
- a workbook: the scenarios and what each changes, and the county × scenario comparison
  (amount, and difference as a live formula carrying its value). It is for reading, so it
  shows the first ``MAX_WORKBOOK_SCENARIOS`` scenarios, fewer when there are many
  counties (at most ``WORKBOOK_FORMULAS`` difference formulas: xlsxwriter spends ~50 µs
  on each formula), and says so on the sheet; the CSV always has them all.

Everything is read from the sweep's result frame (``Sweep.frame``: scenario × county):
the CSV and the summaries as joins with the baseline and a group-by, the workbook's and
the terminal's table as a pivot; fen become 元 text with integer arithmetic only (the
same text as ``money.fen_to_yuan``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from roadfund.contract import csv_safe
from roadfund.engine.matching import MatchingResult
from roadfund.engine.sweep import Scenario, Sweep
from roadfund.money import exact_decimal, fen_to_yuan, fraction_to_decimal_str, metres_to_km
from roadfund.names import safe_file_name
from roadfund.policy import CoefficientMethod, Period
from roadfund.schema import ROAD_CLASSES
from roadfund.text import Lang, date_text, label
from roadfund.writers.xlsx_common import (
    Styles,
    cell_format,
    column_sum,
    display_width,
    header_row,
    new_workbook,
    print_setup,
    set_widths,
    title_block,
    write_money,
    write_money_formula,
)

if TYPE_CHECKING:
    import polars as pl

    from roadfund.models import YearInput

WHATIF_CSV = "whatif.csv"
SCENARIOS_CSV = "whatif_scenarios.csv"
WHATIF_HEADER = ("scenario", "county_code", "county_name", "total", "baseline", "difference")
SCENARIOS_HEADER = (
    "scenario",
    "description",
    "daily_share",
    "performance_share",
    "matching_floor",
    "counties_up",
    "counties_down",
    "largest_gain_county",
    "largest_gain",
    "largest_loss_county",
    "largest_loss",
    "matching_failures",
)
CSV_BLOCK_LINES = 1_000_000
"""whatif.csv is written this many lines at a time (bounded memory)."""
CHANGES_WIDTH = 60
LINE_HEIGHT = 13.5
MAX_WORKBOOK_SCENARIOS = 50
"""Scenarios shown in the workbook's comparison (two columns each); the CSV has every one."""
WORKBOOK_FORMULAS = 100_000
"""At most this many difference formulas (counties × scenarios shown) in the workbook."""


@dataclass(frozen=True)
class ScenarioSummary:
    """One scenario at a glance, against the baseline."""

    name: str
    description: str
    period: Period
    up: int  # counties that gain
    down: int  # counties that lose
    gain: tuple[str, int] | None  # (county code, fen) of the largest gain
    loss: tuple[str, int] | None  # (county code, fen) of the largest loss (negative)
    matching_failures: int


def against_baseline(sweep: Sweep, start: int = 1, end: int | None = None) -> pl.DataFrame:
    """The sweep's result frame for scenarios ``start`` to ``end`` joined with the baseline
    on the county: scenario, county_code, total, baseline, difference (fen, Int64: two
    amounts each ≤ the pools' sum < 2^62)."""
    import polars as pl

    baseline = sweep.frame(0, 1).select("county_code", baseline="total")
    return (
        sweep.frame(start, end)
        .select("scenario", "county_code", "total")
        .join(baseline, on="county_code", how="left", maintain_order="left")
        .with_columns(difference=pl.col("total") - pl.col("baseline"))
    )


def summaries(sweep: Sweep, matching: Mapping[Fraction, MatchingResult]) -> list[ScenarioSummary]:
    """Every scenario (not the baseline) at a glance: a group-by of the result frame
    against the baseline (the first county in code order on ties)."""
    import polars as pl

    difference = pl.col("difference")
    found = (
        against_baseline(sweep)
        .group_by("scenario", maintain_order=True)
        .agg(
            up=(difference > 0).sum(),
            down=(difference < 0).sum(),
            gain_county=pl.col("county_code").get(difference.arg_max()).cast(pl.String),
            gain=difference.max(),
            loss_county=pl.col("county_code").get(difference.arg_min()).cast(pl.String),
            loss=difference.min(),
        )
        .sort("scenario")
    )
    result = []
    for scenario, (_, up, down, gain_county, gain, loss_county, loss) in zip(
        sweep.scenarios[1:], found.iter_rows(), strict=True
    ):
        floor = scenario.period.matching_floor
        result.append(
            ScenarioSummary(
                name=scenario.name,
                description=scenario.description,
                period=scenario.period,
                up=up,
                down=down,
                gain=(gain_county, gain) if gain > 0 else None,
                loss=(loss_county, loss) if loss < 0 else None,
                matching_failures=len(matching[floor].failures) if floor in matching else 0,
            )
        )
    return result


def totals_by_county(sweep: Sweep, scenarios: int) -> list[tuple[str, list[int]]]:
    """(county code, [baseline, scenario 1, …, scenario ``scenarios``] fen) per county in
    code order: the result frame pivoted to one column per scenario."""
    import polars as pl

    wide = sweep.frame(0, scenarios + 1).pivot(on="scenario", index="county_code", values="total")
    columns = [str(i) for i in range(scenarios + 1)]  # by number, not as text ("10" < "2")
    return [
        (code, list(amounts))
        for code, *amounts in wide.select(
            pl.col("county_code").cast(pl.String), *columns
        ).iter_rows()
    ]


# -- CSV -----------------------------------------------------------------------------------


def yuan_expr(column: str) -> pl.Expr:
    """Fen (an integer column) as 元 text with two decimals: exactly money.fen_to_yuan."""
    import polars as pl

    fen = pl.col(column)
    magnitude = fen.abs()
    sign = pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str(
        sign,
        (magnitude // 100).cast(pl.String),
        pl.lit("."),
        (magnitude % 100).cast(pl.String).str.zfill(2),
    ).alias(column)


def write_whatif_csv(path: Path, sweep: Sweep, names: Mapping[str, str]) -> None:
    """whatif.csv: every scenario × county, the result frame joined with the baseline,
    the scenarios' and the counties' names, a block of scenarios at a time (a national
    sweep has tens of millions of lines)."""
    import polars as pl

    n = len(sweep.codes)
    scenario_names = pl.DataFrame(
        {
            "scenario": range(len(sweep.scenarios)),
            "scenario_name": [csv_safe(s.name) for s in sweep.scenarios],
        },
        schema={"scenario": pl.UInt32, "scenario_name": pl.String},
    )
    county_names = pl.DataFrame(
        {"county_code": sweep.codes, "county_name": [csv_safe(names[c]) for c in sweep.codes]},
        schema={"county_code": pl.Enum(sweep.codes), "county_name": pl.String},
    )
    block = max(1, CSV_BLOCK_LINES // max(n, 1))
    with path.open("wb") as out:
        for start in range(1, len(sweep.scenarios), block):
            end = min(start + block, len(sweep.scenarios))
            frame = (
                against_baseline(sweep, start, end)
                .join(scenario_names, on="scenario", how="left", maintain_order="left")
                .join(county_names, on="county_code", how="left", maintain_order="left")
                .select(
                    scenario="scenario_name",
                    county_code="county_code",
                    county_name="county_name",
                    total=yuan_expr("total"),
                    baseline=yuan_expr("baseline"),
                    difference=yuan_expr("difference"),
                )
            )
            frame.write_csv(
                out, include_header=start == 1, line_terminator="\n", quote_style="necessary"
            )
        if len(sweep.scenarios) == 1:
            out.write((",".join(WHATIF_HEADER) + "\n").encode())


def scenarios_csv(rows: Sequence[ScenarioSummary]) -> bytes:
    """whatif_scenarios.csv: one line per scenario."""
    from roadfund.writers.csv_files import to_csv

    def amount(pair: tuple[str, int] | None) -> tuple[str, str]:
        return ("", "") if pair is None else (pair[0], fen_to_yuan(pair[1]))

    return to_csv(
        SCENARIOS_HEADER,
        (
            (
                csv_safe(s.name),
                csv_safe(s.description),
                exact_decimal(s.period.daily_share),
                exact_decimal(s.period.performance_share),
                exact_decimal(s.period.matching_floor),
                str(s.up),
                str(s.down),
                *amount(s.gain),
                *amount(s.loss),
                str(s.matching_failures),
            )
            for s in rows
        ),
    )


# -- what a scenario changes, in words ----------------------------------------------------------


def describe_changes(
    base: Period, scenario: Scenario, year_input: YearInput, lang: Lang
) -> list[str]:
    """The scenario's differences from the baseline, one short phrase each."""
    period = scenario.period
    out: list[str] = []

    def changed(key: str, old: Fraction, new: Fraction) -> None:
        if old != new:
            out.append(f"{label(key, lang)} {exact_decimal(old)} → {exact_decimal(new)}")

    changed("daily_share", base.daily_share, period.daily_share)
    changed("performance_share", base.performance_share, period.performance_share)
    changed("matching.floor", base.matching_floor, period.matching_floor)
    old_w, new_w = base.road_class_weights.by_key(), period.road_class_weights.by_key()
    for key, name in ROAD_CLASSES:
        if old_w[key] != new_w[key]:
            out.append(
                label("whatif.class_weight", lang, road_class=name)
                + f" {exact_decimal(old_w[key])} → {exact_decimal(new_w[key])}"
            )
    if base.performance != period.performance:
        out.append(label("whatif.performance_rule", lang) + " " + _method_text(period, lang))
    names = year_input.county_names()
    scores = {r.county_code: r.score for r in year_input.performance}
    needs = {r.county_code: r.need for r in year_input.performance}
    mileage = {r.county_code: r for r in year_input.mileage}
    for code, change in sorted(scenario.counties.items()):
        who = label("county_with_code", lang, name=names.get(code, code), code=code)
        if change.score is not None and change.score != scores[code]:
            out.append(
                f"{who} {label('score', lang)} {_hundredths(scores[code])} → {_hundredths(change.score)}"
            )
        if change.need is not None and change.need != needs[code]:
            old_need = needs[code]
            old = "—" if old_need is None else _hundredths(old_need)
            out.append(f"{who} {label('need', lang)} {old} → {_hundredths(change.need)}")
        for key, name in ROAD_CLASSES:
            new = change.metres.get(key)
            old_m = getattr(mileage[code], key)
            if new is not None and new != old_m:
                out.append(
                    f"{who} {name} {metres_to_km(old_m)} → {metres_to_km(new)} "
                    + label("whatif.km", lang)
                )
    return out


def _hundredths(value: int) -> str:
    return fraction_to_decimal_str(Fraction(value, 100), 2)


def _method_text(period: Period, lang: Lang) -> str:
    comma = label("sep.comma", lang)
    method = period.performance
    if isinstance(method, CoefficientMethod):
        bands = comma.join(
            f"≥{exact_decimal(b.min_score)} {b.grade} {exact_decimal(b.coefficient)}"
            for b in sorted(method.bands, key=lambda b: -b.min_score)
        )
        need = label(f"whatif.need.{method.need}", lang)
        coefficient = label("coefficient", lang)
        return label(
            "whatif.coefficient_rule", lang, coefficient=coefficient, need=need, bands=bands
        )
    factors = comma.join(
        f"{label(f'factor.{k}', lang)} {exact_decimal(v)}" for k, v in method.factors.items()
    )
    return label("whatif.factor_rule", lang, min_score=exact_decimal(method.min_score)) + factors


# -- the workbook ------------------------------------------------------------------------------


def workbook_name(year_input: YearInput, lang: Lang) -> str:
    template = label("whatif.file", lang, city="{name}", year=year_input.year) + ".xlsx"
    return safe_file_name(year_input.city, template=template)


def write_whatif_workbook(
    path: Path,
    sweep: Sweep,
    year_input: YearInput,
    rows: Sequence[ScenarioSummary],
    lang: Lang,
) -> None:
    """情景说明 (each scenario and what it changes) and 分配对比 (county × scenario)."""
    wb = new_workbook(
        path,
        title=label("whatif.title", lang, city=year_input.city, year=year_input.year),
        created=year_input.prepared,
    )
    styles = Styles.of(wb)
    _scenarios_sheet(wb, styles, sweep, year_input, rows, lang)
    _comparison_sheet(wb, styles, sweep, year_input, lang)
    wb.close()


def _subtitle(sweep: Sweep, year_input: YearInput, lang: Lang) -> str:
    period = sweep.scenarios[0].period
    colon = label("colon", lang)
    return (
        f"{label('policy_reference', lang)}{colon}{period.reference}    "
        f"{label('prepared', lang)}{colon}{date_text(year_input.prepared, lang)}"
    )


def _scenarios_sheet(
    wb: Workbook,
    st: Styles,
    sweep: Sweep,
    year_input: YearInput,
    rows: Sequence[ScenarioSummary],
    lang: Lang,
) -> None:
    ws = wb.add_worksheet(label("whatif.sheet.scenarios", lang))
    headers = [
        label("whatif.number", lang),
        label("whatif.scenario", lang),
        label("whatif.description", lang),
        label("whatif.changes", lang),
        label("daily_share", lang),
        label("performance_share", lang),
        label("matching.floor", lang),
        label("whatif.counties_up", lang),
        label("whatif.counties_down", lang),
        label("whatif.matching_failures", lang),
    ]
    row = title_block(
        ws,
        st,
        label("whatif.title", lang, city=year_input.city, year=year_input.year),
        _subtitle(sweep, year_input, lang),
        len(headers),
        lang,
    )
    header_row(ws, row, headers, st)
    top = row
    base = sweep.scenarios[0].period
    wrap = cell_format(wb, text_wrap=True, valign="top", border=1)
    for i, (scenario, summary) in enumerate(zip(sweep.scenarios[1:], rows, strict=True)):
        row += 1
        ws.write_number(row, 0, i + 1, st.integer)
        ws.write_string(row, 1, scenario.name, st.text)
        ws.write_string(row, 2, scenario.description, st.text)
        changes = describe_changes(base, scenario, year_input, lang)
        ws.write_string(row, 3, "\n".join(changes) or label("whatif.no_change", lang), wrap)
        lines = sum(max(1, math.ceil(display_width(c) / (CHANGES_WIDTH - 4))) for c in changes)
        ws.set_row(row, max(1, lines) * LINE_HEIGHT + 4)
        ws.write_string(row, 4, exact_decimal(scenario.period.daily_share), st.text)
        ws.write_string(row, 5, exact_decimal(scenario.period.performance_share), st.text)
        ws.write_string(row, 6, exact_decimal(scenario.period.matching_floor), st.text)
        ws.write_number(row, 7, summary.up, st.integer)
        ws.write_number(row, 8, summary.down, st.integer)
        ws.write_number(row, 9, summary.matching_failures, st.integer)
    set_widths(ws, (6, 24, 24, CHANGES_WIDTH, 12, 12, 12, 10, 10, 12))
    ws.freeze_panes(top + 1, 2)
    print_setup(ws, lang, repeat_rows=(top, top))


def _comparison_sheet(
    wb: Workbook, st: Styles, sweep: Sweep, year_input: YearInput, lang: Lang
) -> None:
    ws = wb.add_worksheet(label("whatif.sheet.comparison", lang))
    limit = min(MAX_WORKBOOK_SCENARIOS, max(1, WORKBOOK_FORMULAS // max(len(sweep.codes), 1)))
    shown = list(sweep.scenarios[1 : limit + 1])
    width = 3 + 2 * len(shown)
    row = title_block(
        ws,
        st,
        label("whatif.comparison_title", lang, city=year_input.city, year=year_input.year),
        _subtitle(sweep, year_input, lang),
        width,
        lang,
    )
    hidden = len(sweep.scenarios) - 1 - len(shown)
    if hidden > 0:
        ws.write_string(
            row - 1, 0, label("whatif.more_in_csv", lang, shown=len(shown), hidden=hidden), st.note
        )
    names = year_input.county_names()
    # Two header rows: the scenario's name over its two columns, then 金额 / 差额.
    ws.merge_range(row, 0, row + 1, 0, label("county_code", lang), st.header)
    ws.merge_range(row, 1, row + 1, 1, label("county_name", lang), st.header)
    ws.merge_range(row, 2, row + 1, 2, label("whatif.baseline", lang), st.header)
    for j, scenario in enumerate(shown):
        col = 3 + 2 * j
        ws.merge_range(row, col, row, col + 1, scenario.name, st.header)
        ws.write_string(row + 1, col, label("amount", lang), st.header)
        ws.write_string(row + 1, col + 1, label("whatif.difference", lang), st.header)
    ws.set_row(row, 30)
    header = row + 1
    first = row + 2
    by_county = totals_by_county(sweep, len(shown))
    sums = [0] * (len(shown) + 1)
    for i, (code, amounts) in enumerate(by_county):
        r = first + i
        ws.write_string(r, 0, code, st.text)
        ws.write_string(r, 1, names[code], st.text)
        write_money(ws, r, 2, amounts[0], st.money)
        base_cell = xl_rowcol_to_cell(r, 2, col_abs=True)
        for j, amount in enumerate(amounts[1:]):
            col = 3 + 2 * j
            write_money(ws, r, col, amount, st.money)
            formula = f"={xl_rowcol_to_cell(r, col)}-{base_cell}"
            write_money_formula(ws, r, col + 1, formula, amount - amounts[0], st.money)
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
    last = first + len(sweep.codes) - 1
    r = last + 1
    ws.write_string(r, 0, label("total", lang), st.text_bold)
    ws.write_string(r, 1, "", st.text_bold)
    column_totals = [sums[0]]
    for amount in sums[1:]:
        column_totals += [amount, amount - column_totals[0]]
    for col, value in enumerate(column_totals, start=2):
        write_money_formula(ws, r, col, column_sum(first, last, col), value, st.money_bold)
    set_widths(ws, (10, 18, 16, *([16, 14] * len(shown))))
    ws.freeze_panes(header + 1, 3)
    print_setup(ws, lang, repeat_rows=(header - 1, header))
