"""Largest remainder (Hamilton) apportionment, SPEC §2.

Worked examples first (arithmetic in each docstring, so a reader can check them by
hand), then hypothesis properties: conservation, one fen of the exact quota, the tie
rule, order independence, scale invariance, monotonicity in a county's own weight,
zero weights, and the SPEC's extremes (10^13 fen, 10^9-metre weights, 5,000 counties).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction
from math import floor

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roadfund.engine.apportion import ApportionError, Share, amounts, apportion

# Jingdezhen's county-level units (administrative codes).
CHANGJIANG = "360202"  # 昌江区
ZHUSHAN = "360203"  # 珠山区
FULIANG = "360222"  # 浮梁县
LEPING = "360281"  # 乐平市

MAX_TOTAL = 10**13  # 10^11 元 in fen (SPEC §2)
MAX_METRES = 10**9  # 10^6 km per county, in metres
COEFFICIENTS = (Fraction(6, 5), Fraction(1), Fraction(4, 5), Fraction(0))  # 优 良 中 差

# CI-friendly: default example count, no per-example deadline (the machine is shared).
CI = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def amounts_of(total: int, weights: Mapping[str, Fraction | int]) -> dict[str, int]:
    """Fen per key, the way callers use apportion()."""
    return amounts(apportion(total, weights))


def spec_order(share: Share) -> tuple[Fraction, Fraction, str]:
    """SPEC §2 order, first to last: larger remainder, then larger weight, then smaller code."""
    return (-share.remainder, -share.weight, share.key)


# ---------------------------------------------------------------- worked examples


def test_three_equal_weights_extra_fen_to_smallest_code() -> None:
    """100 fen over weights 1, 1, 1.

    q = 100·1/3 = 33⅓ each; floors 33+33+33 = 99; leftover 100 − 99 = 1 fen.
    Remainders all ⅓, weights all 1 → the smallest code, 360202, gets it: 34, 33, 33.
    """
    shares = apportion(100, {LEPING: 1, ZHUSHAN: 1, CHANGJIANG: 1})
    assert amounts(shares) == {CHANGJIANG: 34, ZHUSHAN: 33, LEPING: 33}
    for share in shares.values():
        assert share.quota == Fraction(100, 3)
        assert share.floor == 33
        assert share.remainder == Fraction(1, 3)
    assert shares[CHANGJIANG].extra == 1
    assert shares[CHANGJIANG].rank == 1
    assert shares[ZHUSHAN].rank == 2
    assert shares[LEPING].rank == 3


def test_tie_on_remainder_decided_by_larger_weight() -> None:
    """10 fen over 乐平市 3, 昌江区 1.

    q(乐平) = 10·3/4 = 7.5, q(昌江) = 10·1/4 = 2.5; floors 7 + 2 = 9; leftover 1.
    Remainders tie at ½; the larger weight (乐平, 3) wins although its code 360281
    is the larger one: 乐平 8, 昌江 2.
    """
    shares = apportion(10, {CHANGJIANG: 1, LEPING: 3})
    assert amounts(shares) == {LEPING: 8, CHANGJIANG: 2}
    assert shares[LEPING].remainder == shares[CHANGJIANG].remainder == Fraction(1, 2)
    assert shares[LEPING].extra == 1
    assert shares[LEPING].rank == 1


def test_tie_on_remainder_and_weight_decided_by_smaller_code() -> None:
    """1 fen over 浮梁县 5, 珠山区 5.

    q = ½ each; floors 0 + 0; leftover 1. Remainders tie at ½, weights tie at 5,
    so the smaller code 360203 (珠山区) gets the fen: 珠山 1, 浮梁 0.
    """
    assert amounts_of(1, {FULIANG: 5, ZHUSHAN: 5}) == {ZHUSHAN: 1, FULIANG: 0}


def test_larger_remainder_beats_larger_weight_and_smaller_code() -> None:
    """10 fen over 乐平市 2, 昌江区 5.

    q(乐平) = 20/7 = 2 6/7, q(昌江) = 50/7 = 7 1/7; floors 2 + 7 = 9; leftover 1.
    乐平's remainder 6/7 > 1/7, so it gets the fen although 昌江 has the larger
    weight and the smaller code: 乐平 3, 昌江 7.
    """
    shares = apportion(10, {CHANGJIANG: 5, LEPING: 2})
    assert amounts(shares) == {LEPING: 3, CHANGJIANG: 7}
    assert shares[LEPING].remainder == Fraction(6, 7)
    assert shares[CHANGJIANG].remainder == Fraction(1, 7)


def test_fraction_weights_one_third_two_thirds() -> None:
    """100 fen over ⅓ and ⅔ (Σw = 1).

    q = 33⅓ and 66⅔; floors 33 + 66 = 99; leftover 1 → remainder ⅔ wins: 33, 67.
    """
    shares = apportion(100, {ZHUSHAN: Fraction(1, 3), CHANGJIANG: Fraction(2, 3)})
    assert amounts(shares) == {ZHUSHAN: 33, CHANGJIANG: 67}
    assert shares[CHANGJIANG].quota == Fraction(200, 3)
    assert shares[ZHUSHAN].weight == Fraction(1, 3)


def test_mixed_fraction_weights() -> None:
    """7 fen over ⅓, ½, ⅙ (Σw = 1).

    q = 7/3 = 2⅓, 7/2 = 3½, 7/6 = 1⅙; floors 2 + 3 + 1 = 6; leftover 1 → the ½
    remainder (珠山区) wins: 2, 4, 1.
    """
    weights = {CHANGJIANG: Fraction(1, 3), ZHUSHAN: Fraction(1, 2), FULIANG: Fraction(1, 6)}
    assert amounts_of(7, weights) == {CHANGJIANG: 2, ZHUSHAN: 4, FULIANG: 1}


def test_two_leftover_fen() -> None:
    """5 fen over 1, 1, 1.

    q = 5/3 = 1⅔ each; floors 1+1+1 = 3; leftover 2 → the two smallest codes: 2, 2, 1.
    """
    assert amounts_of(5, {FULIANG: 1, ZHUSHAN: 1, CHANGJIANG: 1}) == {
        CHANGJIANG: 2,
        ZHUSHAN: 2,
        FULIANG: 1,
    }


def test_daily_pool_by_converted_mileage() -> None:
    """A realistic daily pool: 1,234,567.89 元 = 123,456,789 fen over mileage in metres.

    Σw = 2,345,678 + 1,234,567 + 345,678 + 45,678 = 3,971,601 m. T·w_i = floor·Σw + r:
      乐平 123456789 × 2345678 = 289,589,873,907,942 → floor 72,915,147, r 3,167,595 (.798)
      浮梁 123456789 × 1234567 = 152,415,677,625,363 → floor 38,376,382, r   497,781 (.125)
      昌江 123456789 ×  345678 =  42,676,295,907,942 → floor 10,745,363, r 1,471,779 (.371)
      珠山 123456789 ×   45678 =   5,639,259,207,942 → floor  1,419,895, r 2,806,047 (.707)
    Σfloors = 123,456,787; leftover 2 fen → the two largest remainders, 乐平 and 珠山.
    """
    weights = {LEPING: 2_345_678, FULIANG: 1_234_567, CHANGJIANG: 345_678, ZHUSHAN: 45_678}
    shares = apportion(123_456_789, weights)
    assert {k: s.floor for k, s in shares.items()} == {
        LEPING: 72_915_147,
        FULIANG: 38_376_382,
        CHANGJIANG: 10_745_363,
        ZHUSHAN: 1_419_895,
    }
    assert shares[LEPING].remainder == Fraction(3_167_595, 3_971_601)
    assert shares[ZHUSHAN].remainder == Fraction(2_806_047, 3_971_601)
    assert amounts(shares) == {
        LEPING: 72_915_148,
        FULIANG: 38_376_382,
        CHANGJIANG: 10_745_363,
        ZHUSHAN: 1_419_896,
    }
    assert [s.key for s in sorted(shares.values(), key=lambda s: s.rank)] == [
        LEPING,
        ZHUSHAN,
        CHANGJIANG,
        FULIANG,
    ]


def test_zero_weight_county_gets_nothing_and_others_share_its_money() -> None:
    """7 fen over 2, 0 (差 grade, coefficient 0), 1.

    q = 14/3 = 4⅔, 0, 7/3 = 2⅓; floors 4 + 0 + 2 = 6; leftover 1 → remainder ⅔: 5, 0, 2.
    """
    assert amounts_of(7, {CHANGJIANG: 2, ZHUSHAN: 0, FULIANG: 1}) == {
        CHANGJIANG: 5,
        ZHUSHAN: 0,
        FULIANG: 2,
    }


def test_total_zero_gives_all_zeros() -> None:
    for weights in ({CHANGJIANG: 3, ZHUSHAN: 1}, {CHANGJIANG: 0, ZHUSHAN: 0}):
        shares = apportion(0, weights)
        assert amounts(shares) == {CHANGJIANG: 0, ZHUSHAN: 0}
        assert all(s.extra == 0 and s.quota == 0 for s in shares.values())


def test_negative_total_refused() -> None:
    with pytest.raises(ApportionError):
        apportion(-1, {CHANGJIANG: 1})


def test_negative_weight_refused() -> None:
    with pytest.raises(ApportionError):
        apportion(100, {CHANGJIANG: 1, ZHUSHAN: Fraction(-1, 3)})


@pytest.mark.parametrize("weights", [{CHANGJIANG: 0, ZHUSHAN: 0}, {CHANGJIANG: Fraction(0)}, {}])
def test_all_zero_weights_with_money_refused(weights: dict[str, Fraction | int]) -> None:
    """An all-zero pool would lose the money, so it is an error (SPEC §3.1)."""
    with pytest.raises(ApportionError):
        apportion(1, weights)


def test_extremes_exact_beyond_int64() -> None:
    """10^13 fen over 10^9 m × 1.2 and 1 m × 0.8: T·w ≈ 1.2·10^22, past int64.

    Σw = 1,200,000,000 + 0.8; on the common denominator 5 the weights are 6·10^9 and 4,
    Σ = 6,000,000,004.
      big:   10^13 × 6·10^9 = 6·10^22 → floor 9,999,999,993,333, r 2,000,026,668 (≈ ⅓)
      small: 10^13 × 4      = 4·10^13 → floor 6,666,          r 3,999,973,336 (≈ ⅔)
    Σfloors = 9,999,999,999,999; the 1 leftover fen goes to the small one: 6,667.
    """
    weights = {CHANGJIANG: MAX_METRES * Fraction(6, 5), ZHUSHAN: 1 * Fraction(4, 5)}
    shares = apportion(MAX_TOTAL, weights)
    weight_sum = sum(weights.values(), Fraction(0))
    for key, w in weights.items():
        assert shares[key].quota == MAX_TOTAL * w / weight_sum
    assert shares[CHANGJIANG].remainder == Fraction(2_000_026_668, 6_000_000_004)
    assert amounts(shares) == {CHANGJIANG: 9_999_999_993_333, ZHUSHAN: 6_667}


def test_five_thousand_counties_huge_total() -> None:
    """SPEC range: 5,000 counties, ~10^13 fen, weights up to 10^9 m × score coefficient."""
    rng = random.Random(20230101)
    weights = {
        f"{i:06d}": rng.randint(0, MAX_METRES) * rng.choice(COEFFICIENTS) for i in range(5000)
    }
    weights["004999"] = Fraction(MAX_METRES) * Fraction(6, 5)  # at least one big positive
    weight_sum = sum(weights.values(), Fraction(0))
    for total in (MAX_TOTAL, MAX_TOTAL - 1, 9_876_543_210_987):
        shares = apportion(total, weights)
        assert len(shares) == 5000
        assert sum(s.amount for s in shares.values()) == total
        for key, w in weights.items():
            share = shares[key]
            quota = total * w / weight_sum
            assert share.quota == quota
            assert share.floor <= share.amount <= share.floor + 1
            assert abs(share.amount - quota) < 1
            if w == 0:
                assert share.amount == 0


def test_alabama_paradox_exists_with_this_method() -> None:
    """Largest remainder is not monotone in the total (Alabama paradox); this is allowed.

    Known case, weights 6, 6, 2:
      T = 10: q = 30/7, 30/7, 10/7 = 4.29, 4.29, 1.43; floors 4+4+1 = 9; 1 leftover →
              the largest remainder 3/7 (珠山区) → 4, 4, 2.
      T = 11: q = 33/7, 33/7, 11/7 = 4.71, 4.71, 1.57; floors 9; 2 leftover → the two
              5/7 remainders → 5, 5, 1.
    One more fen in the pool and 珠山区 gets one fen less. We also find a case by a small
    search so the docs' claim does not hang on one hand-made example.
    """
    assert amounts_of(10, {CHANGJIANG: 6, FULIANG: 6, ZHUSHAN: 2})[ZHUSHAN] == 2
    assert amounts_of(11, {CHANGJIANG: 6, FULIANG: 6, ZHUSHAN: 2})[ZHUSHAN] == 1

    found: list[tuple[tuple[int, int, int], int, str]] = []
    for a in range(1, 8):
        for b in range(a, 8):
            for c in range(b, 8):
                weights = {"a": a, "b": b, "c": c}
                before = amounts_of(1, weights)
                for total in range(2, 25):
                    after = amounts_of(total, weights)
                    found += [((a, b, c), total, k) for k in weights if after[k] < before[k]]
                    before = after
    assert found, "expected at least one Alabama-paradox case"


# ---------------------------------------------------------------- properties

codes = st.integers(min_value=110000, max_value=659999).map(str)
weights_one = st.one_of(
    st.integers(min_value=0, max_value=5),  # small: many ties
    st.fractions(min_value=0, max_value=100, max_denominator=60),
    st.builds(
        lambda metres, coef: metres * coef,
        st.integers(min_value=0, max_value=MAX_METRES),
        st.sampled_from(COEFFICIENTS),
    ),
).map(Fraction)
totals = st.one_of(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=MAX_TOTAL),
)


@st.composite
def weight_maps(draw: st.DrawFn, min_size: int = 1, max_size: int = 30) -> dict[str, Fraction]:
    """County code → weight, at least one weight positive."""
    weights = draw(st.dictionaries(codes, weights_one, min_size=min_size, max_size=max_size))
    if all(w == 0 for w in weights.values()):
        key = draw(st.sampled_from(sorted(weights)))
        weights[key] = draw(weights_one.filter(lambda w: w > 0))
    return weights


@CI
@given(totals, weight_maps())
def test_conservation_and_quota_bounds(total: int, weights: dict[str, Fraction]) -> None:
    shares = apportion(total, weights)
    assert set(shares) == set(weights)
    assert sum(s.amount for s in shares.values()) == total
    weight_sum = sum(weights.values(), Fraction(0))
    for key, share in shares.items():
        quota = total * weights[key] / weight_sum
        assert share.key == key
        assert share.weight == weights[key]
        assert share.quota == quota
        assert share.floor == floor(quota)
        assert share.remainder == quota - floor(quota)
        assert share.floor <= share.amount <= share.floor + 1
        assert abs(share.amount - quota) < 1
        assert share.amount >= 0
        assert share.extra in (0, 1)


@CI
@given(totals, weight_maps())
def test_tie_rule_orders_the_extra_fen(total: int, weights: dict[str, Fraction]) -> None:
    """Nobody without an extra fen ranks above somebody with one (SPEC order)."""
    shares = list(apportion(total, weights).values())
    leftover = total - sum(s.floor for s in shares)
    assert sum(s.extra for s in shares) == leftover
    ordered = sorted(shares, key=spec_order)
    assert [s.extra for s in ordered] == [1] * leftover + [0] * (len(shares) - leftover)
    assert sorted(s.rank for s in shares) == list(range(1, len(shares) + 1))
    assert [s.key for s in sorted(shares, key=lambda s: s.rank)] == [s.key for s in ordered]


@CI
@given(totals, weight_maps(), st.randoms(use_true_random=False))
def test_order_independence(total: int, weights: dict[str, Fraction], rng: random.Random) -> None:
    items = list(weights.items())
    reference = apportion(total, weights)
    reversed_result = apportion(total, dict(reversed(items)))
    rng.shuffle(items)
    shuffled_result = apportion(total, dict(items))
    assert reversed_result == reference
    assert shuffled_result == reference
    assert list(shuffled_result) == list(reference)  # even the returned order


@CI
@given(
    totals,
    weight_maps(),
    st.fractions(min_value=Fraction(1, 10**6), max_value=10**6, max_denominator=10**6),
)
def test_scale_invariance(total: int, weights: dict[str, Fraction], k: Fraction) -> None:
    scaled = {key: w * k for key, w in weights.items()}
    original = apportion(total, weights)
    result = apportion(total, scaled)
    assert amounts(result) == amounts(original)
    assert {key: s.rank for key, s in result.items()} == {
        key: s.rank for key, s in original.items()
    }


@CI
@given(
    totals,
    weight_maps(),
    st.data(),
    st.fractions(min_value=0, max_value=10**9, max_denominator=100).filter(lambda d: d > 0),
)
def test_monotone_in_own_weight(
    total: int, weights: dict[str, Fraction], data: st.DataObject, delta: Fraction
) -> None:
    """Raising one county's weight, others fixed, never lowers its own amount."""
    key = data.draw(st.sampled_from(sorted(weights)))
    raised = {**weights, key: weights[key] + delta}
    assert amounts_of(total, raised)[key] >= amounts_of(total, weights)[key]


@CI
@given(totals, weight_maps(), codes)
def test_zero_weight_key_gets_nothing(
    total: int, weights: dict[str, Fraction], extra_key: str
) -> None:
    assume(extra_key not in weights)
    with_zero = {**weights, extra_key: Fraction(0)}
    share = apportion(total, with_zero)[extra_key]
    assert share.amount == 0
    assert share.extra == 0


@CI
@given(weight_maps())
def test_zero_total_all_zero(weights: dict[str, Fraction]) -> None:
    assert set(amounts_of(0, weights).values()) == {0}


@CI
@given(st.integers(min_value=-MAX_TOTAL, max_value=-1), weight_maps())
def test_negative_total_always_refused(total: int, weights: dict[str, Fraction]) -> None:
    with pytest.raises(ApportionError):
        apportion(total, weights)


@CI
@given(
    totals,
    weight_maps(),
    st.fractions(max_value=0, max_denominator=100).filter(lambda w: w < 0),
    codes,
)
def test_negative_weight_always_refused(
    total: int, weights: dict[str, Fraction], negative: Fraction, key: str
) -> None:
    with pytest.raises(ApportionError):
        apportion(total, {**weights, key: negative})


@CI
@given(
    st.integers(min_value=1, max_value=MAX_TOTAL),
    st.lists(codes, min_size=1, max_size=20, unique=True),
)
def test_all_zero_weights_always_refused(total: int, keys: list[str]) -> None:
    with pytest.raises(ApportionError):
        apportion(total, dict.fromkeys(keys, Fraction(0)))
