"""Amounts in Chinese financial uppercase (大写金额), by the rules for filling notes and
settlement vouchers: 零 for inner zeros, one 零 for a run of zeros, 整 after 元 when there
are no 角/分, no 整 after 分 — and the words read back to the same fen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadfund.money import MAX_FEN, amount_in_words

ISSUE_TABLE = [
    (1_409_50, "人民币壹仟肆佰零玖元伍角"),
    (6_007_14, "人民币陆仟零柒元壹角肆分"),
    (1_680_32, "人民币壹仟陆佰捌拾元零叁角贰分"),
    (325_04, "人民币叁佰贰拾伍元零肆分"),
    (107_000_53, "人民币壹拾万柒仟元零伍角叁分"),
    (10_000_000_00, "人民币壹仟万元整"),
    (5, "人民币伍分"),
    (100_000_000_00, "人民币壹亿元整"),
]

MORE = [
    (0, "人民币零元整"),
    (50, "人民币伍角"),
    (10_00, "人民币壹拾元整"),
    (1_680_02, "人民币壹仟陆佰捌拾元零贰分"),
    (100_010_000_00, "人民币壹亿零壹万元整"),
    (1_000_010_00, "人民币壹佰万零壹拾元整"),
    (10_000_001_00, "人民币壹仟万零壹元整"),
    (1_000_100_00, "人民币壹佰万零壹佰元整"),
    (MAX_FEN, "人民币壹仟亿元整"),
    (MAX_FEN - 1, "人民币玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    (3_456_789_012_34, "人民币叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"),
]


@pytest.mark.parametrize(("fen", "words"), ISSUE_TABLE + MORE)
def test_words(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words


def test_negative_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)


DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACES = {"拾": 10, "佰": 100, "仟": 1000}


def _section(text: str) -> int:
    """壹仟零伍 → 1005: digits times 拾/佰/仟; 零 only separates."""
    total, digit = 0, 0
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        else:
            total += digit * PLACES[char]
            digit = 0
    return total + digit


def parse_words(words: str) -> int:
    """Read 人民币…元…角…分 / 整 back to fen (the test's own small parser)."""
    assert words.startswith("人民币")
    rest = words.removeprefix("人民币")
    yuan = 0
    if "元" in rest:
        whole, rest = rest.split("元")
        for unit, size in (("亿", 10**8), ("万", 10**4)):
            if unit in whole:
                head, whole = whole.split(unit)
                yuan += _section(head) * size
        yuan += _section(whole)
    if rest == "整":
        return yuan * 100
    assert not rest.endswith("整")  # never 整 after 角/分
    rest = rest.removeprefix("零")
    fen = 0
    for unit, size in (("角", 10), ("分", 1)):
        if unit in rest:
            head, rest = rest.split(unit)
            assert len(head) == 1 and head != "零"
            fen += DIGITS[head] * size
    assert rest == ""
    return yuan * 100 + fen


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_words_read_back_to_the_same_fen(fen: int) -> None:
    words = amount_in_words(fen)
    assert parse_words(words) == fen
    assert "零零" not in words and not words.endswith("零")


@given(st.integers(min_value=0, max_value=MAX_FEN // 100))
def test_whole_yuan_end_with_zheng(yuan: int) -> None:
    assert amount_in_words(yuan * 100).endswith("元整")
