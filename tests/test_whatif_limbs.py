"""The what-if kernel's limb count follows the largest weight, not only the row sum W.

``apportion_rows`` splits each weight into K limbs of b bits with ``K·2^b·W < 2^63``; K·b
must cover the largest weight, which in a pool of many counties is far below W. These
rows are built so that the limb shape is decided by that: one limb, fewer limbs than W
alone would need, and a batch whose combined maxima fit no shape although every row fits
its own. The amounts must be those of ``roadfund.engine.apportion`` row by row.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from roadfund.engine.apportion import apportion
from roadfund.engine.sweep import _limbs, apportion_rows


def expected(total: int, row: list[int]) -> list[int]:
    shares = apportion(total, {f"{i:04d}": w for i, w in enumerate(row)})
    return [shares[f"{i:04d}"].amount for i in range(len(row))]


def check(totals: list[int], rows: list[list[int]]) -> dict[str, int]:
    paths: dict[str, int] = {}
    got = apportion_rows(totals, np.array(rows, dtype=np.int64), paths).tolist()
    for total, row, amounts in zip(totals, rows, got, strict=True):
        assert amounts == expected(total, row)
        assert sum(amounts) == total
    return paths


def test_the_largest_weight_decides_the_limb_count() -> None:
    """W ≈ 2^48 needs 4 limbs of 13 bits for a weight of W's size, 3 for one of 2^37:
    63 − 48 − 2 = 13 bits, 3 × 13 = 39 ≥ 37; and 1 limb of 63 − 40 = 23 bits covers a
    largest weight of 2^20 under W ≈ 2^40."""
    assert _limbs(2**48 - 1) == (13, 4)
    assert _limbs(2**48 - 1, 2**37 - 1) == (13, 3)
    assert _limbs(2**40 - 1, 2**20) == (23, 1)


def test_rows_whose_maxima_together_fit_no_shape() -> None:
    """Row 1: W < 2^54 from 16,384 weights below 2^40: 7 limbs of 63 − 54 − 3 = 6 bits
    (42 ≥ 40). Row 2: one weight below 2^50, W < 2^51: 6 limbs of 63 − 51 − 3 = 9 bits
    (54 ≥ 50). Together — W of 54 bits, a weight of 50 — 8 limbs of 6 bits fall short
    (48 < 50), so each row gets its own shape."""
    many = [2**40 - 1 - i for i in range(2**14)]
    one = [2**50 - 1] + [3] * (len(many) - 1)
    assert _limbs(sum(many), max(many)) == (6, 7)
    assert _limbs(sum(one), max(one)) == (9, 6)
    assert _limbs(max(sum(many), sum(one)), max(max(many), max(one))) is None
    paths = check([10**13, 10**13 - 1], [many, one])
    assert paths == {"limb": 2}


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_many_small_weights_and_one_large(data: st.DataObject) -> None:
    """Up to 120 columns of small weights and at most one large one, T up to 10^13 fen:
    the same amounts as apportion, whatever shape the rows take."""
    n = data.draw(st.integers(2, 120), label="counties")
    rows = []
    for _ in range(data.draw(st.integers(1, 3), label="rows")):
        small = data.draw(st.integers(0, 40), label="small bits")
        row = [data.draw(st.integers(0, 2**small)) for _ in range(n)]
        if data.draw(st.booleans(), label="one large"):
            large = data.draw(st.integers(small, 54), label="large bits")
            row[data.draw(st.integers(0, n - 1))] = data.draw(st.integers(0, 2**large))
        rows.append(row)
    totals = [data.draw(st.integers(0, 10**13)) if any(row) else 0 for row in rows]
    check(totals, rows)
