"""The row models' cell converters take a short way for the plain cells most rows hold
(a float or int amount, a text, a six-digit code). It must give what the full checks give:
the same value, or the same error code with the same message parameters (issue 16)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from roadfund import models
from roadfund.models import BadCell
from roadfund.schema import Kind

texts = st.text(alphabet=st.sampled_from("0123456789１２ .,-\t\n\r元abc县区"), max_size=10)
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e7, max_value=1e14).map(lambda f: round(f, 3)),
    texts,
    st.from_regex(r"\A[0-9]{6}\Z"),
    st.dates(),
    st.datetimes(),
    st.builds(BadCell, st.sampled_from(["error_cell", "formula_no_value"]), texts),
)


def outcome(convert: Callable[[object], object], value: object) -> tuple[object, ...]:
    """The value, or (error code, message parameters) — what the reader turns into an Issue."""
    try:
        return ("ok", convert(value))
    except PydanticCustomError as error:
        return ("error", error.type, error.context)


def number_parsers() -> list[Callable[[object], int]]:
    from roadfund import money

    return [money.yuan_to_fen, money.km_to_metres, money.to_hundredths]


@given(value=cells)
@example(value=12.5)
@example(value=-0.0)
@example(value=1e16)
@example(value=123456789012.345)
@example(value=True)
def test_a_plain_number_is_read_as_the_full_checks_read_it(value: object) -> None:
    for kind in (Kind.YUAN, Kind.KM, Kind.SCORE):
        for convert in number_parsers():
            fast = outcome(lambda v, k=kind, c=convert: models._number(k, v, c), value)
            full = outcome(lambda v, k=kind, c=convert: models._number_checked(k, v, c), value)
            assert fast == full


@given(value=cells)
@example(value=" 县 ")
@example(value=" \n")
@example(value="")
def test_a_plain_text_is_read_as_the_full_checks_read_it(value: object) -> None:
    assert outcome(models._text, value) == outcome(models._text_checked, value)


@given(value=cells)
@example(value="360203")
@example(value="36020３")
@example(value=" 360203")
@example(value=360203)
@example(value=360203.0)
def test_a_plain_code_is_read_as_the_full_checks_read_it(value: object) -> None:
    assert outcome(models._code, value) == outcome(models._code_checked, value)


@given(value=cells)
def test_a_blank_optional_cell_is_none_as_before(value: object) -> None:
    parse = models._optional(models._yuan)

    def before(cell: object) -> object:
        return None if models._blank(cell) else models._yuan(cell)

    assert outcome(parse, value) == outcome(before, value)  # type: ignore[arg-type]


def test_the_short_way_keeps_a_date_and_a_bool_out_of_numbers() -> None:
    for value in (True, dt.date(2023, 1, 1)):
        assert outcome(models._yuan, value)[:2] == ("error", "not_a_number")
