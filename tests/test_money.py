"""Exact numbers at the edges: cells → fen/metres/hundredths, policy strings → Fractions,
fen → text. SPEC §2: at most 2 decimals for 元, 3 for km; more is an error, not a rounding.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from roadfund import money
from roadfund.money import (
    NumberError,
    ceil_fraction,
    fen_to_number,
    fen_to_yuan,
    fen_to_yuan_grouped,
    fraction_to_decimal_str,
    km_to_metres,
    ratio,
    round_half_up,
    to_hundredths,
    yuan_to_fen,
)

MAX_FEN = 10**13  # 10^11 元 (SPEC §2)


def error_code(func: object, value: object) -> str:
    """The NumberError code ``func(value)`` raises (fails the test if it does not raise)."""
    assert callable(func)
    with pytest.raises(NumberError) as info:
        func(value)
    return info.value.code


# ---------------------------------------------------------------- yuan_to_fen


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (0, 0),
        (1, 100),
        (1234, 123_400),
        (10**11, MAX_FEN),
        # floats as openpyxl reads them from a cell: repr is the shortest decimal
        (1234.56, 123_456),
        (0.1, 10),
        (0.01, 1),
        (99999999999.99, 9_999_999_999_999),
        (1e3, 100_000),
        (-0.0, 0),
        (Decimal("1234.56"), 123_456),
        (Decimal("1234.50"), 123_450),
        (Decimal("1.000"), 100),  # trailing zeros are not decimals
        ("1234.56", 123_456),
        ("1234.5", 123_450),
        ("1234.", 123_400),
        (".5", 50),
        ("+7", 700),
        (" 12 ", 1200),  # surrounding spaces in a text cell are forgiven
        ("12.300", 1230),
        ("100000000000.00", MAX_FEN),
    ],
)
def test_yuan_to_fen_accepts(value: object, fen: int) -> None:
    assert yuan_to_fen(value) == fen


@pytest.mark.parametrize(
    "value",
    [
        1.005,  # 3 decimals; as binary 1.00499999999999989…, so a ×100 would give 100.49…
        0.001,
        1.5e-7,
        Decimal("0.125"),
        "1.005",
        "1234.567",
    ],
)
def test_yuan_to_fen_refuses_more_than_two_decimals(value: object) -> None:
    assert error_code(yuan_to_fen, value) == "too_many_decimals"


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (0.1 + 0.2, 30),  # stored 0.30000000000000004; Excel shows 0.3
        (2273618.4499999997, 227361845),  # a formula's binary result; Excel shows 2,273,618.45
        (99999999999.99, MAX_FEN - 1),  # 13 significant digits: exact
    ],
)
def test_a_float_cell_is_read_as_excel_shows_it_at_15_significant_digits(
    value: float, fen: int
) -> None:
    assert yuan_to_fen(value) == fen


@pytest.mark.parametrize(
    "value",
    [
        "1,234.56",  # thousands separator
        "1e3",  # exponent
        "1E-2",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "１２３",  # full-width digits
        "١٢٣",  # Arabic-Indic digits
        "",
        "   ",
        "12 元",
        "¥12",
        "1_000",
        "--1",
        "1.2.3",
        ".",
        "+",
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("Infinity"),
        True,
        False,
        None,
        [1],
        Fraction(1, 2),
    ],
)
def test_yuan_to_fen_refuses_non_numbers(value: object) -> None:
    assert error_code(yuan_to_fen, value) == "not_a_number"


@pytest.mark.parametrize("value", ["0.１２", ".５", "0.٥", "1.２"])
def test_yuan_to_fen_refuses_non_ascii_digits_after_the_point(value: str) -> None:
    """Full-width / Arabic-Indic digits are refused before the point; after it too."""
    assert error_code(yuan_to_fen, value) == "not_a_number"


@pytest.mark.parametrize("value", [-1, -0.01, "-0.01", "-5", Decimal("-1234.56"), -1e-2])
def test_yuan_to_fen_refuses_negatives(value: object) -> None:
    assert error_code(yuan_to_fen, value) == "negative"


def test_negative_zero_is_zero_not_negative() -> None:
    assert yuan_to_fen("-0.00") == 0
    assert yuan_to_fen(Decimal("-0")) == 0


def test_too_many_decimals_is_reported_before_sign() -> None:
    """-0.001 has 3 decimals: the decimals rule speaks first."""
    assert error_code(yuan_to_fen, "-0.001") == "too_many_decimals"


def test_too_many_decimals_even_past_decimal_context_precision() -> None:
    """1 元 followed by 28 decimals (29 significant digits) is 3 decimals too many, not 1 元.

    Decimal's default context keeps 28 digits; the decimals check must not round first.
    """
    assert error_code(yuan_to_fen, "1.0000000000000000000000000001") == "too_many_decimals"
    assert error_code(yuan_to_fen, Decimal("1.0000000000000000000000000001")) == (
        "too_many_decimals"
    )


def test_huge_amounts_exact_or_refused() -> None:
    """Far beyond the SPEC's 10^11 元: either exact or an error, never a rounded number."""
    text = "12345678901234567890123456789"  # 29 digits
    try:
        fen = yuan_to_fen(text)
    except NumberError:
        return
    assert fen == int(text) * 100


# ---------------------------------------------------------------- other scales


@pytest.mark.parametrize(
    ("value", "metres"),
    [
        ("123.456", 123_456),
        (12.345, 12_345),
        (0.001, 1),
        ("0.5", 500),
        (10**6, 10**9),
        ("1000000.000", 10**9),
        (Decimal("7.1"), 7_100),
    ],
)
def test_km_to_metres(value: object, metres: int) -> None:
    assert km_to_metres(value) == metres


@pytest.mark.parametrize("value", ["1.2345", 0.0001, Decimal("12.3456")])
def test_km_to_metres_refuses_four_decimals(value: object) -> None:
    assert error_code(km_to_metres, value) == "too_many_decimals"


def test_km_to_metres_refuses_negative() -> None:
    assert error_code(km_to_metres, "-0.001") == "negative"


def test_to_hundredths() -> None:
    assert to_hundredths("95.5") == 9_550
    assert to_hundredths(100) == 10_000
    assert to_hundredths(59.99) == 5_999
    assert error_code(to_hundredths, "95.555") == "too_many_decimals"
    assert error_code(to_hundredths, -1) == "negative"


def test_ratio() -> None:
    assert ratio("0.70") == Fraction(7, 10)
    assert ratio("0.30") == Fraction(3, 10)
    assert ratio("1.2") == Fraction(6, 5)
    assert ratio("1") == 1
    assert ratio("0") == 0
    assert ratio("0.70") + ratio("0.30") == 1  # exact, unlike 0.7 + 0.3 in float


@pytest.mark.parametrize("value", [0.7, Decimal("0.7"), 1, None])
def test_ratio_wants_a_string(value: object) -> None:
    assert error_code(ratio, value) == "ratio_not_string"


@pytest.mark.parametrize("value", ["7e-1", "seventy", "0,70", "NaN", "0.７"])
def test_ratio_refuses_non_decimal_text(value: str) -> None:
    assert error_code(ratio, value) == "not_a_number"


# ---------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(1, 2), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),  # half up, not to even (banker's would give 2)
        (Fraction(-1, 2), -1),  # halves away from zero on both sides
        (Fraction(-3, 2), -2),
        (Fraction(-5, 2), -3),
        (Fraction(49999, 100000), 0),
        (Fraction(-49999, 100000), 0),
        (Fraction(7, 3), 2),
        (Fraction(-7, 3), -2),
        (Fraction(0), 0),
        (Fraction(10**22 + 1, 2), 5 * 10**21 + 1),
        # daily = round_half_up(pool × 0.70): 12,345 fen × 0.70 = 8,641.5 → 8,642
        (12_345 * Fraction(7, 10), 8_642),
    ],
)
def test_round_half_up(value: Fraction, rounded: int) -> None:
    assert round_half_up(value) == rounded


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [
        (Fraction(7, 2), 4),
        (Fraction(-7, 2), -3),
        (Fraction(4), 4),
        (Fraction(0), 0),
        (Fraction(1, 10**9), 1),
        # shortfall floor: 0.30 × 1,000,001 fen = 300,000.3 → 300,001 fen needed
        (Fraction(3, 10) * 1_000_001, 300_001),
        (Fraction(3, 10) * 1_000_000, 300_000),
    ],
)
def test_ceil_fraction(value: Fraction, ceiling: int) -> None:
    assert ceil_fraction(value) == ceiling


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        # 0.30005 × 10^4 = 3000.5 → half up → 3001 → "0.3001"
        (Fraction("0.30005"), 4, "0.3001"),
        # 0.30004999 × 10^4 = 3000.4999 → 3000 → "0.3000"
        (Fraction("0.30004999"), 4, "0.3000"),
        (Fraction("-0.30005"), 4, "-0.3001"),
        # -0.00001 × 10^4 = -0.1 → 0: no "-0.0000"
        (Fraction(-1, 100000), 4, "0.0000"),
        # 1/3 × 10^4 = 3333.33… → "0.3333"; 2/3 → 6666.67 → "0.6667"
        (Fraction(1, 3), 4, "0.3333"),
        (Fraction(2, 3), 4, "0.6667"),
        # 0.99995 × 10^4 = 9999.5 → 10000 → carries into the whole part
        (Fraction("0.99995"), 4, "1.0000"),
        (Fraction(3, 10), 4, "0.3000"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(12345, 1000), 3, "12.345"),
    ],
)
def test_fraction_to_decimal_str(value: Fraction, places: int, text: str) -> None:
    assert fraction_to_decimal_str(value, places) == text


# ---------------------------------------------------------------- printing


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (5, "0.05"),
        (-5, "-0.05"),
        (50, "0.50"),
        (100, "1.00"),
        (123_456, "1234.56"),
        (-123_456, "-1234.56"),
        (MAX_FEN, "100000000000.00"),
    ],
)
def test_fen_to_yuan(fen: int, text: str) -> None:
    assert fen_to_yuan(fen) == text


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (-5, "-0.05"),
        (99_999, "999.99"),
        (100_000, "1,000.00"),
        (123_456_789, "1,234,567.89"),
        (-123_456, "-1,234.56"),
        (MAX_FEN, "100,000,000,000.00"),
    ],
)
def test_fen_to_yuan_grouped(fen: int, text: str) -> None:
    assert fen_to_yuan_grouped(fen) == text


# ---------------------------------------------------------------- properties

fens = st.integers(min_value=0, max_value=MAX_FEN)


@given(fens)
def test_fen_text_round_trip(fen: int) -> None:
    assert yuan_to_fen(fen_to_yuan(fen)) == fen
    assert fen_to_yuan_grouped(fen).replace(",", "") == fen_to_yuan(fen)


@given(fens)
def test_fen_excel_float_round_trip(fen: int) -> None:
    """What a workbook stores (float 元) reads back as the same fen, up to 10^11 元."""
    assert yuan_to_fen(fen_to_number(fen)) == fen


@given(fens)
def test_fen_decimal_round_trip(fen: int) -> None:
    assert yuan_to_fen(Decimal(fen_to_yuan(fen))) == fen


@given(fens, st.integers(min_value=1, max_value=9))
def test_third_decimal_always_refused(fen: int, digit: int) -> None:
    assert error_code(yuan_to_fen, f"{fen_to_yuan(fen)}{digit}") == "too_many_decimals"


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_negative_text_always_refused(fen: int) -> None:
    assert error_code(yuan_to_fen, f"-{fen_to_yuan(fen)}") == "negative"


@given(st.fractions(max_denominator=10**6))
def test_round_half_up_is_nearest_with_halves_away_from_zero(value: Fraction) -> None:
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Fraction(1, 2)
    if abs(rounded - value) == Fraction(1, 2):
        assert abs(rounded) > abs(value)
    assert round_half_up(-value) == -rounded


@given(st.fractions(max_denominator=10**6))
def test_ceil_fraction_is_ceiling(value: Fraction) -> None:
    ceiling = ceil_fraction(value)
    assert ceiling - 1 < value <= ceiling


@given(
    st.decimals(
        min_value=Decimal("0.01"),
        max_value=Decimal("100000000000.00"),  # SPEC §2: up to 10^11 元
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.floats(min_value=-0.49, max_value=0.49),
)
@example(Decimal("10.00"), -0.46875)  # a power of ten: noise below it is in the decade below
def test_an_amount_excel_shows_is_the_amount_read(amount: Decimal, noise: float) -> None:
    """Any amount of at most 15 significant digits, stored with binary noise in the 16th
    digit and below (as a formula's result is; under half a unit of the 15th digit of the
    decade the stored value lies in, where Excel too would show other digits), reads as
    the amount Excel shows."""
    assume(len(amount.normalize().as_tuple().digits) <= 15)
    unit = 10.0 ** (amount.adjusted() - 15)
    if noise < 0 and amount == Decimal(10) ** amount.adjusted():
        unit /= 10  # 10.00 − noise is 9.99…: its 15th digit is ten times finer
    stored = float(amount) + noise * unit
    assert yuan_to_fen(stored) == int(amount * 100)


@given(
    st.fractions(max_denominator=10**12).filter(lambda f: abs(f) < 10**15),
    st.integers(min_value=0, max_value=9),
)
def test_fraction_to_decimal_str_rounds_as_round_half_up(value: Fraction, places: int) -> None:
    from roadfund.money import round_half_up

    scaled = round_half_up(value * 10**places)
    whole, part = divmod(abs(scaled), 10**places)
    sign = "-" if scaled < 0 else ""
    expected = f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"
    assert fraction_to_decimal_str(value, places) == expected
    assert fraction_to_decimal_str(Fraction(-1, 2 * 10**places), places) == (
        "-0." + "0" * (places - 1) + "1" if places else "-1"
    )


@given(
    st.one_of(
        st.integers(-(10**40), 10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(allow_nan=False, allow_infinity=False),
    ),
    st.sampled_from([1, 100, 1000, 7]),
)
def test_scaled_is_the_exact_product(value: object, scale: int) -> None:
    """``scaled`` (integer ratio and divmod) is value × scale as an exact Fraction."""
    exact = Fraction(money.to_decimal(value)) * scale
    try:
        result = money.scaled(value, scale, 2, minimum=None)
    except money.NumberError as error:
        assert error.code == "too_many_decimals" and exact.denominator != 1
    else:
        assert exact == result


# ---------------------------------------------------------------- decimal_text


def _decimal_text_by_fractions(
    value: Fraction, min_places: int, max_places: int, group: bool
) -> str:
    """decimal_text as it was written before it worked in integers: a Fraction cut toward
    zero, then rounded half up (a no-op on the cut), then separators put into the text."""
    places = None
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest == 1:
        places = max(twos, fives)
    if places is not None and places <= max_places:
        text, suffix = fraction_to_decimal_str(value, max(places, min_places)), ""
    else:
        scale = 10**max_places
        cut = Fraction(int(value * scale), scale)
        text, suffix = fraction_to_decimal_str(cut, max_places), "…"
    if group:
        sign = "-" if text.startswith("-") else ""
        whole, point, frac = text.lstrip("-").partition(".")
        text = f"{sign}{int(whole):,}{point}{frac}"
    return text + suffix


@given(
    st.one_of(
        st.fractions(max_denominator=10**12),
        st.integers(min_value=-(10**15), max_value=10**15).map(lambda n: Fraction(n, 10**6)),
        st.integers(min_value=-(10**15), max_value=10**15),
    ),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=9),
    st.booleans(),
)
def test_decimal_text_is_the_fraction_arithmetic_it_replaced(
    value: Fraction | int, min_places: int, max_places: int, group: bool
) -> None:
    """Exact, or cut toward zero with "…"; separators when grouped — the same text as the
    Fraction arithmetic it replaced, for ints and Fractions, negatives, and values cut to 0."""
    from roadfund.money import decimal_text

    expected = _decimal_text_by_fractions(Fraction(value), min_places, max_places, group)
    assert decimal_text(value, min_places, max_places, group=group) == expected


@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-1e12, max_value=1e12).map(lambda x: round(x, 3)),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(float),
    )
)
def test_the_int_and_float_shortcut_reads_the_number_to_decimal_reads(value: object) -> None:
    """``scaled`` reads most cells without a Decimal: where it does, the number is the
    one ``to_decimal`` gives (Excel's 15 digits), and every conversion agrees."""
    ratio = money._number_ratio(value)
    if ratio is not None:
        assert Fraction(*ratio) == Fraction(money.to_decimal(value))
    for convert in (money.yuan_to_fen, money.km_to_metres, money.to_hundredths):
        outcomes = []
        for shortcut in (True, False):
            original, original_float = money._number_ratio, money._float_times
            if not shortcut:
                money._number_ratio = lambda value: None  # type: ignore[assignment]
                money._float_times = lambda value, scale: None  # type: ignore[assignment]
            try:
                outcomes.append(("ok", convert(value)))
            except money.NumberError as error:
                outcomes.append((error.code, error.params))
            finally:
                money._number_ratio = original  # type: ignore[assignment]
                money._float_times = original_float  # type: ignore[assignment]
        assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(
    ("value", "ratio"),
    [(12, (12, 1)), (0.05, (5, 100)), (-0.0, (0, 10)), (1234.56, (123456, 100))],
)
def test_the_shortcut_reads_plain_floats_and_ints(value: object, ratio: tuple[int, int]) -> None:
    assert money._number_ratio(value) == ratio


@pytest.mark.parametrize("value", [True, 1e16, 2273618.4499999997, float("nan"), "1.5", 5e-07])
def test_the_shortcut_leaves_the_rest_to_decimal(value: object) -> None:
    assert money._number_ratio(value) is None


# --- the float shortcut of scaled -------------------------------------------------------
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-1e13, max_value=1e13).map(lambda x: round(x, 2)),
        st.floats(min_value=-1e6, max_value=1e6).map(lambda x: round(x, 3)),
        st.floats(min_value=-1e12, max_value=1e12).map(lambda x: round(x, 4)),
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(float),
        st.integers(min_value=-(10**16), max_value=10**16).map(lambda n: n / 1000),
    ),
    st.sampled_from([10, 100, 1000]),
)
def test_the_float_shortcut_is_the_decimal_excel_shows(value: float, scale: int) -> None:
    """Where ``_float_times`` answers, it is ``to_decimal(value) * scale`` exactly (the
    15-digit decimal Excel shows, scaled); where it does not, ``scaled`` goes the long way."""
    result = money._float_times(value, scale)
    if result is not None:
        assert Fraction(result) == Fraction(money.to_decimal(value)) * scale


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        (0.05, 100, 5),
        (1234.567, 1000, 1234567),
        (-0.0, 100, 0),
        (-12.5, 100, -1250),
        (999999999999.99, 100, 99999999999999),
        (0.001, 100, None),  # three decimals for a 2-decimal scale: the long way refuses it
        (2273618.4499999997, 100, None),  # 17 digits: the long way reads Excel's 15
        (1e12, 100, None),
        (float("nan"), 100, None),
        (float("inf"), 1000, None),
        (0.5, 7, None),  # not a power of ten
    ],
)
def test_the_float_shortcut_answers_only_when_sure(
    value: float, scale: int, expected: int | None
) -> None:
    assert money._float_times(value, scale) == expected
