"""The sheet-building helpers that stand in for xlsxwriter's own, or remember their results:
each gives exactly what it replaces (the workbooks' bytes depend on it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.utility import xl_rowcol_to_cell

from roadfund.writers.county.context import _sign_spans, _text_height, sign_spans, text_height
from roadfund.writers.xlsx_common import cell


@given(
    st.integers(min_value=0, max_value=1_048_575),
    st.integers(min_value=0, max_value=16_383),
    st.booleans(),
)
def test_cell_is_xlsxwriters_reference(row: int, col: int, absolute: bool) -> None:
    assert cell(row, col, absolute) == xl_rowcol_to_cell(row, col, absolute, absolute)


@given(
    st.lists(
        st.lists(st.integers(min_value=1, max_value=60).map(float), min_size=3, max_size=10),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.text(max_size=300), min_size=1, max_size=4),
    st.sampled_from([9, 10, 12]),
)
def test_remembered_layouts_are_those_worked_out_afresh(
    layouts: list[list[float]], texts: list[str], points: int
) -> None:
    """A remembered sign-off split or note height is the one worked out afresh for these
    widths, text and size, whatever was asked before (a key missing a part would not be)."""
    for widths in layouts:
        for parts in (2, 3):
            fresh = _sign_spans.__wrapped__(tuple(widths), parts)
            assert sign_spans(widths, parts) == sign_spans(tuple(widths), parts) == fresh
        for text in texts:
            fresh_height = _text_height.__wrapped__(text, tuple(widths), points)
            assert text_height(text, widths, points) == fresh_height
