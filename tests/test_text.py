"""CSV free text: formula triggers neutralised on the way out, the quote removed on the way in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roadfund.contract import csv_safe, csv_unsafe


def test_triggers_get_a_quote_and_plain_text_does_not() -> None:
    assert csv_safe('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert [csv_safe(t) for t in ("+1+1", "-2+3", "@SUM(A1)")] == ["'+1+1", "'-2+3", "'@SUM(A1)"]
    assert csv_safe("乐平市") == "乐平市"


@given(st.text().filter(lambda t: not t.startswith("'")))
def test_reading_back_gives_the_name_again(text: str) -> None:
    assert csv_unsafe(csv_safe(text)) == text
