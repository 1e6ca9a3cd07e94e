"""The tables the page shows, as rows of text cells — picked from the engine's results and
formatted by the CLI's own helpers and ``roadfund.money``; nothing is computed here.

A cell may carry ``explain``: the fund source whose derivation it links to ("" for the
whole trace) and the trace section to open at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from roadfund.web.engine_api import (
    BUDGET_HEADER_KEYS,
    SETTLEMENT_HEADER_KEYS,
    Comparison,
    Lang,
    MatchingCheck,
    TextTable,
    TraceLine,
    YearResult,
    allocation_rows,
    amount_table,
    county_table,
    direction_text,
    fen_to_yuan_grouped,
    label,
    percent_text,
    status_value,
)


@dataclass(frozen=True)
class Cell:
    text: str
    number: bool = False  # right-aligned
    explain: str | None = None  # link to the trace: a source code, "" for all sources
    anchor: str = ""  # the trace section to open at


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)  # (county code, cells)
    css: dict[int, str] = field(default_factory=dict)  # row index -> class ("fail", "total")

    def add(self, code: str, cells: list[Cell], css: str = "") -> None:
        if css:
            self.css[len(self.rows)] = css
        self.rows.append((code, cells))


def anchor(section_key: str) -> str:
    """An HTML id for a trace section's first label key: ``trace.section.matching`` →
    ``trace-section-matching``."""
    return section_key.replace(".", "-")


MATCHING_ANCHOR = anchor("trace.section.matching")
SETTLEMENT_ANCHOR = anchor("trace.section.settlement")


def allocation_table(result: YearResult, lang: Lang) -> Table:
    """The table ``roadfund run`` prints: per county its amount from each source and the
    total; every amount links to its derivation (a source's column to that source's)."""
    header, *body = allocation_rows(result, lang)
    sources = [s.code for s in result.allocation.sources]
    table = Table(header)
    for i, (code, name, *amounts) in enumerate(body):
        county = i < len(body) - 1  # the last row is the city total
        links: list[str | None] = [*sources, ""] if county else [None] * len(amounts)
        cells = [Cell(code), Cell(name)]
        cells += [
            Cell(
                text,
                number=True,
                explain=link,
                anchor=anchor(f"source.{link}.short") if link else "",
            )
            for text, link in zip(amounts, links, strict=True)
        ]
        table.add(code, cells, "" if county else "total")
    return table


def _matching_place(line: MatchingCheck, result: YearResult) -> str:
    if line.level == "city":
        return result.year_input.city
    return result.year_input.county_names().get(line.county_code, line.county_code)


def matching_table(result: YearResult, lang: Lang) -> Table:
    """Every line of the 30% matching check — projects, counties, the city — as in
    matching.csv and the 配套核查 sheet; failing lines are marked ``fail``."""
    keys = ("provincial", "city_matching", "county_matching", "investment")
    table = Table(
        [
            label("matching.level", lang),
            label("matching.id", lang),
            label("county", lang),
            *(label(f"matching.{k}", lang) for k in keys),
            label("matching.ratio", lang),
            label("matching.shortfall", lang),
            label("matching.status", lang),
        ]
    )
    for line in result.matching.lines:
        explain = None if line.level == "city" else ""
        ident = label("matching.level.city", lang) if line.level == "city" else line.id
        amounts = [line.provincial, line.city_matching, line.county_matching, line.investment]
        cells = [
            Cell(label(f"matching.level.{line.level}", lang)),
            Cell(ident),
            Cell(_matching_place(line, result)),
            *(Cell(fen_to_yuan_grouped(a), number=True) for a in amounts),
            Cell(percent_text(line.ratio), number=True),
            Cell(
                fen_to_yuan_grouped(line.shortfall),
                number=True,
                explain=explain,
                anchor=MATCHING_ANCHOR,
            ),
            Cell(status_value(line.passed, lang, result.matching_provisional)),  # 年初: 预审
        ]
        table.add(line.county_code, cells, "" if line.passed else "fail")
    return table


def budget_table(result: YearResult, lang: Lang) -> Table:
    """Year start (年初): each county's branch budget, as budget.csv — no settlement yet."""
    table = Table([label(key, lang) for key in BUDGET_HEADER_KEYS])
    for county in result.budget.counties:
        amount = Cell(fen_to_yuan_grouped(county.budget), number=True, explain="")
        table.add(county.code, [Cell(county.code), Cell(county.name), Cell(county.branch), amount])
    return table


def settlement_table(result: YearResult, lang: Lang) -> Table:
    """Each county's year-end settlement, as settlement.csv and the 中心经费结算 sheet
    (at year start the budget it will bear instead: budget_table)."""
    if result.settlement is None:
        return budget_table(result, lang)
    table = Table([label(key, lang) for key in SETTLEMENT_HEADER_KEYS])
    for county in result.settlement.counties:

        def amount(fen: int) -> Cell:
            return Cell(fen_to_yuan_grouped(fen), number=True, explain="", anchor=SETTLEMENT_ANCHOR)

        cells = [
            Cell(county.code),
            Cell(county.name),
            Cell(county.branch),
            amount(county.budget),
            amount(county.actual),
            amount(county.prepaid),
            amount(county.due),
            Cell(direction_text(county.due, "due", lang)),
            amount(county.variance),
            amount(county.transfer_total),
            amount(county.net_transfer),
        ]
        table.add(county.code, cells)
    return table


def reconciliation(result: YearResult, lang: Lang) -> list[tuple[str, str]]:
    """The settlement's city-wide balance: all actual costs, the city-borne part, and
    whether they reconcile with the counties' parts (the engine's check). At year start:
    what the city advances and the city-borne part of the budget."""
    settlement = result.settlement
    if settlement is None:
        budget = result.budget
        return [
            (label("budget.advanced", lang), fen_to_yuan_grouped(budget.total)),
            (label("budget.city_borne", lang), fen_to_yuan_grouped(budget.city_borne)),
        ]
    return [
        (label("cs.reconcile.total", lang), fen_to_yuan_grouped(settlement.total_actual)),
        (label("cs.reconcile.city", lang), fen_to_yuan_grouped(settlement.city_borne_actual)),
        (
            label("cs.section.reconcile", lang),
            label(f"cs.reconcile.{'ok' if settlement.reconciles else 'bad'}", lang),
        ),
    ]


@dataclass(frozen=True)
class TraceSection:
    title: str
    anchor: str
    lines: list[tuple[int, str]]  # (indent level, text)


def trace_sections(lines: list[TraceLine], lang: Lang) -> list[TraceSection]:
    """The trace grouped as ``roadfund explain`` prints it: a 【heading】 wherever the
    section changes, its steps below (detail steps indented)."""
    sections: list[TraceSection] = []
    current: tuple[str, ...] | None = None
    for line in lines:
        if line.section != current:
            current = line.section
            sections.append(TraceSection(line.section_text(lang), anchor(line.section[0]), []))
        sections[-1].lines.append((line.level, line.text(lang)))
    return sections


# --- comparing two runs -------------------------------------------------------------


def _web_table(text: TextTable) -> Table:
    """A text table of ``roadfund compare`` as the page's table: the same headers and
    cells, numbers right-aligned, total rows marked."""
    table = Table(list(text.headers))
    for code, cells in text.rows:
        marked = [Cell(value, number=i in text.numbers) for i, value in enumerate(cells)]
        table.add(code, marked, "" if code else "total")
    return table


def comparison_amounts(comparison: Comparison, lang: Lang) -> Table:
    """The first table of ``roadfund compare``: per county and source, A → B."""
    return _web_table(amount_table(comparison, lang))


def comparison_counties(comparison: Comparison, lang: Lang) -> Table:
    """The second table of ``roadfund compare``: per county its basis and due, A → B."""
    return _web_table(county_table(comparison, lang))


@dataclass(frozen=True)
class StoredComparison:
    """A comparison made on the page: whose, the two runs (named for people), a folder."""

    owner: str
    comparison: Comparison  # its runs' ``folder`` are the names shown, not paths
    folder: Path  # private: the extracted zips and the workbook once asked for
