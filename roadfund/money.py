"""Exact numbers: 元 → integer fen, km → integer metres, decimal strings → Fractions.

The one place where a cell or a policy string becomes a number the engine uses, and
where fen and exact Fractions become text again. No float ever reaches an amount or a weight: a float
read from a cell is read as Excel and WPS show it — at 15 significant digits
(``EXCEL_DIGITS``), so a formula result stored as 2273618.4499999997 is 2273618.45 — then
checked for the allowed number of decimals.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

EXCEL_DIGITS = 15
"""Excel and WPS keep and show numbers to 15 significant digits."""
FEN_PER_YUAN = 100
METRES_PER_KM = 1000
HUNDREDTHS = 100


class NumberError(ValueError):
    """A value is not an acceptable number. ``code`` names the message in the catalog."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def to_decimal(value: object) -> Decimal:
    """A cell value (int, float, Decimal or plain decimal text) as an exact Decimal."""
    if isinstance(value, bool):
        raise NumberError("not_a_number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError("not_a_number")
        return excel_decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("not_a_number")
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NumberError("not_a_number") from None
        if not number.is_finite() or not _plain_decimal(text):
            raise NumberError("not_a_number")
        return number
    raise NumberError("not_a_number")


def excel_decimal(value: float) -> Decimal:
    """A float cell as the decimal Excel shows: its first 15 significant digits."""
    return Decimal(format(value, f".{EXCEL_DIGITS}g"))


def grouped_number(value: int | float | Decimal) -> str:
    """A number read from a cell as a person reads it, with thousands separators and no
    exponent: 1296540 → "1,296,540", 5912846.355 → "5,912,846.355"."""
    number = to_decimal(value) if not isinstance(value, Decimal) else value
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _grouped(text)


def _plain_decimal(text: str) -> bool:
    """Digits with an optional sign and point: no exponent, no separators, no 'NaN'."""
    body = text[1:] if text[:1] in "+-" else text
    whole, _, frac = body.partition(".")
    digits = whole + frac
    return bool(digits) and digits.isascii() and digits.isdigit()


def decimals(number: Decimal) -> int:
    """How many digits the number has after the point (trailing zeros do not count)."""
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    kept = list(digits)
    while exponent < 0 and len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return max(0, -exponent)


MAX_FEN = 10**11 * FEN_PER_YUAN
"""The largest amount the engine is specified for (SPEC §2: 10^11 元)."""
MAX_METRES = 10**6 * METRES_PER_KM
"""The largest mileage the engine is specified for (SPEC §2: 10^6 km)."""


def scaled(
    value: object, scale: int, places: int, *, minimum: int | None = 0, maximum: int | None = None
) -> int:
    """``value`` × ``scale`` as an exact int; at most ``places`` decimals; within the bounds."""
    result = _float_times(value, scale) if type(value) is float else None  # most cells
    if result is None:
        ratio = _number_ratio(value)  # an int, or a float the shortcut left: no Decimal
        numerator, denominator = to_decimal(value).as_integer_ratio() if ratio is None else ratio
        result, rest = divmod(numerator * scale, denominator)  # no 28-digit Decimal context
        if rest:
            raise NumberError("too_many_decimals", places=places)
    if minimum is not None and result < minimum:
        raise NumberError("negative")
    if maximum is not None and result > maximum:
        raise NumberError("too_large", limit=f"{maximum // scale:,}")
    return result


_DECIMAL_SCALES = frozenset({10, 100, 1000})


def _float_times(value: float, scale: int) -> int | None:
    """``to_decimal(value) * scale`` when that is a whole number below 10^15 (so it has at
    most ``EXCEL_DIGITS`` digits), for a power-of-ten ``scale``; None when it is not sure.

    The nearest int to ``value * scale`` is taken when dividing it back gives ``value``
    again: that decimal is then within half a float step of ``value``, and the 15-digit
    decimals lie far wider apart than float steps, so it is the one Excel shows. A
    fifth of ``_number_ratio``'s cost, on ~80,000 cells of a national read; equality with
    ``to_decimal`` is a property test."""
    if -1e12 < value < 1e12 and scale in _DECIMAL_SCALES:  # NaN fails both comparisons
        result = round(value * scale)
        if result / scale == value:  # int / int is correctly rounded
            return result
    return None


def _number_ratio(value: object) -> tuple[int, int] | None:
    """``to_decimal(value)`` as (numerator, denominator), not always in lowest terms, for
    an int or a float whose shortest repr has at most ``EXCEL_DIGITS`` significant digits
    (so it is the 15-digit decimal Excel shows); None for anything else.

    ``scaled`` reads ~16 numbers a county through here: a Decimal for each cost a third
    of the row validation. Equality with ``to_decimal`` is a property test."""
    kind = type(value)
    if kind is int:
        return value, 1  # type: ignore[return-value]
    if kind is not float:
        return None
    text = repr(value)
    whole, point, fraction = text.partition(".")
    if not point or not fraction.isdigit() or not whole.lstrip("-").isdigit():
        return None  # an exponent (1e+16, 5e-07), inf, nan
    digits = (whole.lstrip("-") + fraction).lstrip("0")
    if len(digits) > EXCEL_DIGITS:
        return None
    return int(whole + fraction), 10 ** len(fraction)


def yuan_to_fen(value: object) -> int:
    """元 with at most 2 decimals → fen. Negative amounts are refused."""
    return scaled(value, FEN_PER_YUAN, 2, maximum=MAX_FEN)


def km_to_metres(value: object) -> int:
    """km with at most 3 decimals (metre precision) → metres."""
    return scaled(value, METRES_PER_KM, 3, maximum=MAX_METRES)


def to_hundredths(value: object) -> int:
    """A score or need figure with at most 2 decimals → hundredths."""
    return scaled(value, HUNDREDTHS, 2)


def ratio(text: str) -> Fraction:
    """A policy ratio or coefficient written as a decimal string ("0.70") → exact Fraction."""
    if not isinstance(text, str):
        raise NumberError("ratio_not_string")
    number = to_decimal(text)
    return Fraction(number)


def round_half_up(value: Fraction) -> int:
    """Nearest integer, halves away from zero (四舍五入)."""
    if value >= 0:
        return int((value * 2 + 1) // 2)
    return -int((-value * 2 + 1) // 2)


def ceil_fraction(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def fen_to_yuan(fen: int) -> str:
    """Fen as 元 with exactly two decimals and no separators: 123456 → "1234.56"."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{part:02d}"


def fen_to_yuan_grouped(fen: int) -> str:
    """Fen as 元 with thousands separators, as the workbooks show it: "1,234.56"."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole:,}.{part:02d}"


def fen_to_yuan_signed(fen: int) -> str:
    """A change in 元, grouped, with its sign: "+1,234.56", "-0.01", "0.00"."""
    return ("+" if fen > 0 else "") + fen_to_yuan_grouped(fen)


def fen_to_number(fen: int) -> float:
    """Fen as a number of 元 for an Excel cell. Exact for |fen| < 2**53 (10^13 元)."""
    return fen / FEN_PER_YUAN


def fraction_to_decimal_str(value: Fraction, places: int) -> str:
    """A Fraction rounded half up to ``places`` decimals, as text ("0.3000")."""
    # round_half_up(value * 10**places) in integers (the 计算过程 sheet writes ~60 a county)
    twice, denominator = 2 * value.numerator * 10**places, 2 * value.denominator
    if twice >= 0:
        scaled_value = (twice + value.denominator) // denominator
    else:
        scaled_value = -((value.denominator - twice) // denominator)
    sign = "-" if scaled_value < 0 else ""
    whole, part = divmod(abs(scaled_value), 10**places)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def metres_to_km(metres: int | Fraction) -> str:
    """Metres as km text with three decimals (exact for whole metres)."""
    return fraction_to_decimal_str(Fraction(metres) / METRES_PER_KM, 3)


def terminating_places(value: Fraction) -> int | None:
    """Decimals needed to write ``value`` exactly, or None if its expansion never ends."""
    return _places_of(value.denominator)


def _places_of(denominator: int) -> int | None:
    """Decimals a reduced fraction over ``denominator`` needs, or None if they never end."""
    rest, twos, fives = denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    return max(twos, fives) if rest == 1 else None


def trimmed_decimal_str(value: Fraction, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals, trailing zeros dropped: "1.2", "30"."""
    text = fraction_to_decimal_str(value, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def fraction_text(value: Fraction) -> str:
    """A reduced fraction, "70025/6"; an integer as itself."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


@lru_cache(maxsize=4096)
def exact_decimal(value: Fraction) -> str:
    """A Fraction with a decimal expansion (denominator 2^a·5^b) as exact decimal text
    (cached: a what-if writes the same few policy values thousands of times)."""
    places = terminating_places(value)
    if places is None:
        raise ValueError(f"{value} has no finite decimal expansion")
    return fraction_to_decimal_str(value, places)


def exact_text(value: Fraction, min_places: int = 0) -> str:
    """``value`` written exactly, no separators: a decimal when it terminates ("2822.765"),
    else the reduced fraction ("7/3"). Used where a machine reads the text back.
    """
    places = terminating_places(value)
    if places is None:
        return fraction_text(value)
    return fraction_to_decimal_str(value, max(places, min_places))


def _grouped(text: str) -> str:
    """Thousands separators in the whole part of a plain decimal text: "-1234.5" → "-1,234.5"."""
    sign = "-" if text.startswith("-") else ""
    whole, point, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{point}{frac}"


def decimal_text(
    value: Fraction | int, min_places: int = 0, max_places: int = 6, *, group: bool = True
) -> str:
    """``value`` in decimals: exact when it ends within ``max_places`` digits, otherwise cut
    (toward zero) after ``max_places`` digits and marked "…" — never rounded up, so a
    shown quota is never above the exact one and its floor is still readable from it.
    """
    # In integers from numerator and denominator, no Fraction made (the 计算过程 sheet
    # writes ~60 a county): a terminating value times 10**places divides exactly.
    if not isinstance(value, (Fraction, int)):
        value = Fraction(value)
    numerator, denominator = value.numerator, value.denominator
    places = _places_of(denominator)
    if places is not None and places <= max_places:
        places, suffix = max(places, min_places), ""
    else:
        places, suffix = max_places, "…"
    scale = 10**places
    digits = abs(numerator) * scale // denominator  # exact, or cut toward zero
    sign = "-" if numerator < 0 and digits else ""
    whole, part = divmod(digits, scale)
    whole_text = f"{whole:,}" if group else str(whole)
    return (
        f"{sign}{whole_text}.{part:0{places}d}{suffix}" if places else f"{sign}{whole_text}{suffix}"
    )


def percent_text(ratio: Fraction) -> str:
    """A ratio as a percentage with 2 decimals, rounded half up: 0.25704 → "25.70%".

    The digits are those of matching.csv's ``ratio`` (4 decimals, half up)."""
    return fraction_to_decimal_str(ratio * 100, 2) + "%"


def floor_text(floor: Fraction) -> str:
    """A policy floor as a short percentage: 0.30 → "30%", 0.305 → "30.5%"."""
    return trimmed_decimal_str(floor * 100, 4) + "%"


def floor_decimal(floor: Fraction) -> str:
    """A policy floor as decimal text for machines: 0.30 → "0.3", 1 → "1"."""
    return trimmed_decimal_str(floor, 15)


_UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UPPER_PLACES = ("", "拾", "佰", "仟")
_UPPER_SECTIONS = ("", "万", "亿", "万亿")


def _upper_whole(yuan: int) -> str:
    """Whole 元 in financial uppercase: 107000 → 壹拾万柒仟, 100010000 → 壹亿零壹万.

    One 零 for a run of zeros before a non-zero digit; none for the zeros that end a
    万 or 亿 section (壹拾万柒仟, not 壹拾万零柒仟), one when a section's 仟 place is zero
    (壹亿零壹万). A section of four zeros writes no 万.
    """
    digits = str(yuan)
    parts: list[str] = []
    zero_pending = False
    for index, char in enumerate(digits):
        place = len(digits) - 1 - index
        digit = int(char)
        if digit == 0:
            zero_pending = bool(parts)
        else:
            if zero_pending:
                parts.append("零")
            parts.append(_UPPER_DIGITS[digit] + _UPPER_PLACES[place % 4])
            zero_pending = False
        if place % 4 == 0 and place > 0:
            section = digits[max(0, index - 3) : index + 1]
            if int(section):
                parts.append(_UPPER_SECTIONS[place // 4])
                zero_pending = False
    return "".join(parts)


def amount_in_words(fen: int) -> str:
    """Fen in Chinese financial uppercase (大写金额), by the rules for filling notes and
    settlement vouchers: 6,007.14 → 人民币陆仟零柒元壹角肆分, 1,680.32 →
    人民币壹仟陆佰捌拾元零叁角贰分, 10,000,000.00 → 人民币壹仟万元整, 0.05 → 人民币伍分.
    整 after 元 when there are no 角 and 分, never after 分; one 零 for the zeros between 元
    and the first non-zero 角/分. Negative amounts are refused: a direction word
    (应上解/应退还) says which way the money goes and the words name its size.
    """
    if fen < 0:
        raise ValueError("amount_in_words takes a non-negative amount; say the direction apart")
    yuan, rest = divmod(fen, FEN_PER_YUAN)
    jiao, cents = divmod(rest, 10)
    text = "人民币"
    if yuan:
        text += _upper_whole(yuan) + "元"
    if not rest:
        return text + ("整" if yuan else "零元整")
    if yuan and (yuan % 10 == 0 or jiao == 0):
        text += "零"
    if jiao:
        text += _UPPER_DIGITS[jiao] + "角"
    if cents:
        text += _UPPER_DIGITS[cents] + "分"
    return text
