"""The county workbook (县区结算单): one per county, the documents its finance bureau files,
stamps and checks by hand. One module per sheet, as the summary workbook is split:

- ``notice`` — 资金分配通知, the allocation notice (文号, 主送, the policy cited, the amounts
  in figures and in words, in offset mode the deduction, 附件, the issuing office and date);
- ``allocation`` — 资金分配测算, the notice's attachment: every number behind the amounts,
  with live formulas down to the fen;
- ``settlement`` — 年终结算单, the branch center's costs, prepaid, the due in figures and
  words with its direction, the variance;
- ``matching`` — 配套核查, the county's provincial pavement projects against the floor;
- ``context`` — the styles, the year's city-wide facts and the pieces the sheets share.

Every formula is written with the engine's exact value (amounts are fen shown as 元), and
every verdict and direction is a formula too, so a recalculated sheet never contradicts
itself. Strings go through ``write_string`` only, so a county named "=HYPERLINK(...)"
stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roadfund.collector import collector_paused
from roadfund.engine import YearResult
from roadfund.names import safe_file_name
from roadfund.text import Lang, label
from roadfund.writers.county.allocation import allocation_sheet
from roadfund.writers.county.batches import batches_sheet
from roadfund.writers.county.budget import budget_sheet
from roadfund.writers.county.context import (
    REMAINDER_FORMAT,
    CountyContext,
    CountyStyles,
    YearFacts,
)
from roadfund.writers.county.matching import matching_sheet
from roadfund.writers.county.notice import new_notice_sheet, notice_data, notice_sheet
from roadfund.writers.county.settlement import settlement_sheet
from roadfund.writers.xlsx_common import new_workbook

__all__ = [
    "COUNTY_DIR",
    "REMAINDER_FORMAT",
    "YearFacts",
    "county_file_name",
    "write_county_workbook",
    "write_county_workbooks",
]

COUNTY_DIR = "counties"
"""Sub-folder of the output folder that holds the county workbooks (one per county)."""


def county_file_name(result: YearResult, code: str, lang: Lang) -> str:
    """``360281-乐平市-2023年结算单.xlsx`` (en: ``360281-乐平市-2023-settlement.xlsx``)."""
    year_input = result.year_input
    return _file_name(
        year_input.county_names()[code], code, year_input.year, lang, year_input.year_start
    )


def _file_name(name: str, code: str, year: int, lang: Lang, year_start: bool = False) -> str:
    """Year start (年初): ``360281-乐平市-2023年资金分配通知.xlsx``, no settlement yet."""
    key = "cw.file.county_notice" if year_start else "cw.file.county"
    template = label(key, lang, code=code, name="{name}", year=year)
    return safe_file_name(name, template=template)


def write_county_workbook(
    path: Path,
    result: YearResult,
    county_code: str,
    lang: Lang,
    facts: YearFacts | None = None,
) -> None:
    """The county's documents: 资金分配通知, 资金分配测算 (its attachment), 年终结算单,
    配套核查. ``facts`` (YearFacts.of(result)) may be passed in when writing many counties
    of the same year.

    Written with the cycle collector paused (roadfund.collector): a workbook's cells,
    formats and rows live until it is closed, so the collector's passes while it was built
    walked them again and again for nothing (~7 % of a county workbook's CPU); the one
    collection at the end frees the workbook's cycles."""
    with collector_paused():
        _write_county_workbook(path, result, county_code, lang, facts or YearFacts.of(result))


def _write_county_workbook(
    path: Path, result: YearResult, county_code: str, lang: Lang, facts: YearFacts
) -> None:
    year_input = result.year_input
    name = facts.names[county_code]
    title_key = (
        "cw.title.county_notice_workbook" if result.year_start else "cw.title.county_workbook"
    )
    title = label(title_key, lang, city=year_input.city, year=year_input.year, county=name)
    workbook = new_workbook(path, title=title, created=year_input.prepared)
    ctx = CountyContext(result, facts, county_code, lang, CountyStyles.of(workbook))
    notice = new_notice_sheet(workbook, ctx)  # first page; filled once its sources exist
    refs = allocation_sheet(workbook, ctx)
    notes = [note.text(lang) for note in result.notes]  # e.g. no 县级预缴 sheet given
    settlement_refs: dict[str, str] = {}
    if result.settlement is not None:
        settlement_refs = settlement_sheet(workbook, ctx, refs.transfer_total, notes)
    else:  # year start (年初): the branch budget the county will bear, no settlement
        budget_sheet(workbook, ctx)
    batches_sheet(workbook, ctx)  # only when the input numbers its batches
    matching_sheet(workbook, ctx)
    notice_sheet(notice, ctx, notice_data(ctx, refs, settlement_refs))
    workbook.close()


def write_county_workbooks(
    folder: Path,
    result: YearResult,
    lang: Lang,
    progress: Callable[[str, int, int], None],
) -> list[Path]:
    """One workbook per county, by county code, into ``folder`` (created here)."""
    folder.mkdir()
    facts = YearFacts.of(result)
    codes = sorted(facts.names)
    paths = []
    for done, code in enumerate(codes, 1):
        path = folder / county_file_name(result, code, lang)
        write_county_workbook(path, result, code, lang, facts)
        paths.append(path)
        progress("county", done, len(codes))
    return paths
