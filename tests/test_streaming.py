"""The summary workbook is streamed row by row (issue 16: flat memory at 5,000 counties).

Streaming (xlsxwriter's constant_memory) writes each row out as soon as a later row is
written and silently drops anything written to a row already gone; roadfund's streaming
sheet refuses that instead. These tests check that the streamed summary holds exactly what
the same summary assembled in memory holds — every cell's value or formula, merges, row
heights, column widths, panes and print titles — for each kind of year, and that an
out-of-order write is an error, not a lost cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from county_cases import FACTOR, policy_text, run_case

import roadfund.writers.summary as summary
from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.samples.synth import synth_rows
from roadfund.text import Lang
from roadfund.writers.xlsx_common import RowOrderError, new_workbook


def sheet_contents(path: Path) -> dict[str, Any]:
    workbook = openpyxl.load_workbook(path)  # formulas, not cached values: both are checked
    values = openpyxl.load_workbook(path, data_only=True)
    contents = {}
    for ws in workbook.worksheets:
        cached = values[ws.title]
        contents[ws.title] = {
            "cells": {
                c.coordinate: (c.value, cached[c.coordinate].value, c.number_format, c.font.b)
                for row in ws.iter_rows()
                for c in row
                if c.value is not None
            },
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "panes": ws.freeze_panes,
            "titles": ws.print_title_rows,
        }
    return contents


def in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make write_summary assemble the workbook in memory, as it did before streaming."""
    real = summary.new_workbook

    def not_streamed(path: Path, **kwargs: Any) -> Any:
        return real(path, **{**kwargs, "streaming": False})

    monkeypatch.setattr(summary, "new_workbook", not_streamed)


@pytest.mark.parametrize(
    ("year", "lang", "performance", "mode"),
    [
        (2023, "zh", None, "remit"),
        (2024, "en", None, "remit"),
        (2023, "zh", FACTOR, "offset"),
        (0, "zh", None, "remit"),  # a generated 60-county year
    ],
)
def test_the_streamed_summary_holds_what_the_summary_in_memory_holds(
    make_input: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    year: int,
    lang: Lang,
    performance: str | None,
    mode: str,
) -> None:
    rows = SAMPLE_YEARS[year] if year else synth_rows(60, 20, 120, seed=16)
    policy = policy_text(mode, performance) if performance else policy_text(mode)
    streamed = run_case(make_input, rows, tmp_path / "streamed", policy=policy, lang=lang)
    with monkeypatch.context() as patch:
        in_memory(patch)
        held = run_case(
            make_input, rows, tmp_path / "held", name="again.xlsx", policy=policy, lang=lang
        )
    name = summary.summary_file_name(streamed.result, lang)
    a, b = streamed.out_dir / name, held.out_dir / name
    assert a.read_bytes() != b.read_bytes()  # inline strings: streaming did happen
    assert sheet_contents(a) == sheet_contents(b)


def test_a_streamed_sheet_refuses_to_write_above_a_written_row(tmp_path: Path) -> None:
    import datetime as dt

    workbook = new_workbook(
        tmp_path / "x.xlsx", title="t", created=dt.date(2023, 1, 1), streaming=True
    )
    ws = workbook.add_worksheet("s")
    ws.write_string(0, 0, "a")
    ws.write_string(2, 0, "b")
    with pytest.raises(RowOrderError, match=r"s: row 1 written after row 3"):
        ws.write_number(0, 1, 1)
    with pytest.raises(RowOrderError, match=r"s: row 2 set after row 3"):
        ws.set_row(1, 30)
    ws.set_row(2, 30)  # the row being written is still open
    workbook.close()
