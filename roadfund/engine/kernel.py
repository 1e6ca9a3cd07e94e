"""The one apportionment kernel: largest remainder over integer weight rows, exactly.

Every allocation of the tool goes through here — the year's run (``allocation``, one row
per pool, ``apportion_pool``) and the what-if sweep (``sweep``, many rows at once,
``apportion_rows``). ``roadfund.engine.apportion.apportion`` is the readable reference of
the same rule; the property tests check the kernel against it at every magnitude.

Row r splits ``T`` fen over integer weights ``w`` (a pool's rationals on one scale —
``rules.on_common`` — which changes no ratio): ``q_i = ⌊T·w_i/W⌋``, ``r_i = T·w_i mod W``,
and the ``T − Σq`` leftover fen go to the largest ``r_i`` in ``rules.tie_key`` order
(larger remainder, larger weight, smaller column = smaller county code). Rows are numpy
int64 and every value is proven to fit before it is formed (no float anywhere):

* ``T·w`` formed directly when ``T × W < 2^63`` ("direct"; every weight is ≤ W);
  otherwise ``w`` is split into K limbs of b bits, ``w = Σ d_j·2^(bj)``, and with
  ``T·2^(bj) = A_j·W + α_j`` (exact Python ints, once per row),
  ``q = Σ d_j·A_j + ⌊Σ d_j·α_j / W⌋`` and ``r = (Σ d_j·α_j) mod W``, with b and K chosen
  so that ``K·2^b·W < 2^63`` ("limb");
* the L-th largest remainder of each row is found by one partition of the rows padded
  so that it sits at the same place in every row (no per-row sort);
* a row for which no such b exists is divided with Python ints ("exact"), and a pool
  whose weights do not fit int64 at all (``apportion_pool``) is computed in Python ints
  with the same order key.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from roadfund.engine.apportion import ApportionError
from roadfund.engine.rules import INT64_END, tie_key

_INT64_MAX = np.int64(INT64_END - 1)
BATCH_ROWS = 64
"""Pool rows per batch: small enough for a batch's arrays to stay in cache."""


@dataclass(frozen=True)
class PoolSplit:
    """One pool apportioned, with the figures that explain it (columns in key order)."""

    total: int
    weights: tuple[int, ...]  # on one scale
    weight_sum: int
    floors: tuple[int, ...]
    remainders: tuple[int, ...]  # numerators over weight_sum
    extras: tuple[int, ...]  # 1 where the county got one of the leftover fen
    ranks: tuple[int, ...]  # 1-based place in the tie_key order

    @property
    def leftover(self) -> int:
        return self.total - sum(self.floors)

    @property
    def amounts(self) -> tuple[int, ...]:
        return tuple(f + e for f, e in zip(self.floors, self.extras, strict=True))


def apportion_pool(total: int, weights: Sequence[int]) -> PoolSplit:
    """One pool through the kernel (the year's run): ``weights`` are integers ≥ 0 on one
    scale, one per county in county-code order. An all-zero pool with money raises
    ApportionError (it would lose the money)."""
    if total < 0:
        raise ApportionError("total must not be negative")
    ints = tuple(int(w) for w in weights)
    if any(w < 0 for w in ints):
        raise ApportionError("weights must not be negative")
    n, weight_sum = len(ints), sum(ints)
    if weight_sum == 0:
        if total:
            raise ApportionError("all weights are zero")
        zeros = (0,) * n
        return PoolSplit(total, ints, 0, zeros, zeros, zeros, tuple(range(1, n + 1)))
    if weight_sum < INT64_END:
        row = np.array([ints], dtype=np.int64)
        detail: dict[str, np.ndarray] = {}
        amounts = apportion_rows([total], row, detail=detail)[0].tolist()
        floors = detail["floors"][0].tolist()
        remainders = detail["remainders"][0].tolist()
        extras = [a - f for a, f in zip(amounts, floors, strict=True)]
    else:  # beyond int64: the same rule in Python ints
        pairs = [divmod(total * w, weight_sum) for w in ints]
        floors = [q for q, _ in pairs]
        remainders = [r for _, r in pairs]
        leftover = total - sum(floors)
        extras = [0] * n
        for i in sorted(range(n), key=lambda i: tie_key(remainders[i], ints[i], i))[:leftover]:
            extras[i] = 1
    order = sorted(range(n), key=lambda i: tie_key(remainders[i], ints[i], i))
    ranks = [0] * n
    for place, i in enumerate(order):
        ranks[i] = place + 1
    return PoolSplit(
        total, ints, weight_sum, tuple(floors), tuple(remainders), tuple(extras), tuple(ranks)
    )


class _Scratch:
    """Arrays reused batch after batch by one thread.

    A fresh multi-megabyte array is fresh pages to fault in, which costs more than the
    arithmetic done on it; so every large temporary lives here (a flat buffer per name,
    viewed as a contiguous rows × cols array) and is written with out=.
    """

    def __init__(self) -> None:
        self._buffers: dict[tuple[str, type], np.ndarray] = {}

    def get(self, name: str, rows: int, cols: int, dtype: type = np.int64) -> np.ndarray:
        size = rows * cols
        buffer = self._buffers.get((name, dtype))
        if buffer is None or buffer.size < size:
            buffer = np.empty(max(size, BATCH_ROWS * cols), dtype=dtype)
            self._buffers[(name, dtype)] = buffer
        return buffer[:size].reshape(rows, cols)


_local = threading.local()


def _scratch() -> _Scratch:
    found = getattr(_local, "scratch", None)
    if found is None:
        found = _local.scratch = _Scratch()
    return found


def _limbs(weight_sum: int, largest: int | None = None) -> tuple[int, int] | None:
    """(bits per limb b, limbs K) with K·2^b·W < 2^63 and K·b ≥ the bit length of the
    ``largest`` weight (W's when not given: every weight is ≤ W), if any.

    The largest weight is often thousands of times smaller than W (one county among
    thousands), which saves a limb: 3 instead of 4 for a national performance pool.
    """
    bits = weight_sum.bit_length()
    needed = bits if largest is None else largest.bit_length()
    for count in range(1, 9):
        width = 63 - bits - (count - 1).bit_length()
        if width >= 1 and count * width >= needed:
            return width, count
    return None


def apportion_rows(
    totals: Sequence[int],
    weights: np.ndarray,
    paths: dict[str, int] | None = None,
    out: np.ndarray | None = None,
    detail: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Largest remainder for every row at once: row r splits ``totals[r]`` fen over
    ``weights[r]``; returns the amounts (into ``out`` if given).

    ``weights`` is int64, ≥ 0, with row sums below 2^63; a row whose weights are all zero
    must have a total of 0 (else ApportionError). The amounts are those of
    ``roadfund.engine.apportion.apportion`` with the column order as the key order.
    """
    rows, n = weights.shape
    sums = weights.sum(axis=1)
    largest = weights.max(axis=1) if n else sums
    groups: dict[tuple[str, int, int], list[int]] = {}
    limb_rows: list[int] = []
    for r in range(rows):
        total, weight_sum = int(totals[r]), int(sums[r])
        if weight_sum == 0:
            if total:
                raise ApportionError("all weights are zero")
            groups.setdefault(("zero", 0, 0), []).append(r)
        elif total * weight_sum < INT64_END:  # every weight is ≤ W
            groups.setdefault(("direct", 0, 0), []).append(r)
        else:
            limb_rows.append(r)
    if limb_rows:
        # One limb shape for all: a shape that fits the largest W and the largest weight
        # fits every row with a smaller W and smaller weights. Only when none fits is each
        # row given its own shape; a row that fits none is divided in Python ints.
        shape = _limbs(
            max(int(sums[r]) for r in limb_rows), max(int(largest[r]) for r in limb_rows)
        )
        if shape is not None:
            groups[("limb", *shape)] = limb_rows
        else:
            for r in limb_rows:
                own = _limbs(int(sums[r]), int(largest[r]))
                groups.setdefault(("exact", 0, 0) if own is None else ("limb", *own), []).append(r)
    scratch = _scratch()
    quotient = np.empty((rows, n), dtype=np.int64) if out is None else out
    remainder = scratch.get("remainder", rows, n)
    for (path, width, count), members in groups.items():
        if paths is not None:
            paths[path] = paths.get(path, 0) + len(members)
        whole = len(members) == rows
        size = len(members)
        w = weights if whole else np.take(weights, members, axis=0, out=scratch.get("w", size, n))
        q = quotient if whole else scratch.get("q", size, n)
        x = remainder if whole else scratch.get("x", size, n)
        t = [int(totals[r]) for r in members]
        s = [int(sums[r]) for r in members]
        if path == "zero":
            q[...] = 0
            x[...] = 0
        elif path == "direct":
            _direct(t, w, s, q, x, scratch)
        elif path == "limb":
            _by_limbs(t, w, s, width, count, q, x, scratch)
        else:
            _exact(t, w, s, q, x)
        if not whole:
            quotient[members] = q
            remainder[members] = x
    if detail is not None:  # the floors and remainders, before the leftover fen
        detail["floors"] = quotient.copy()
        detail["remainders"] = remainder[:rows].copy()
    _add_extras(totals, weights, quotient, remainder, scratch)
    return quotient


def _column(values: Sequence[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)[:, None]


def _direct(
    totals: Sequence[int],
    w: np.ndarray,
    sums: Sequence[int],
    quotient: np.ndarray,
    remainder: np.ndarray,
    scratch: _Scratch,
) -> None:
    """q, r = divmod(T·w, W), where T·W < 2^63."""
    np.multiply(w, _column(totals), out=remainder)
    _divide(remainder, sums, quotient, scratch)


def _divide(
    numerator: np.ndarray, sums: Sequence[int], quotient: np.ndarray, scratch: _Scratch
) -> None:
    """quotient = numerator // W, row by row; numerator becomes the remainder (in place).

    ``q·W ≤ numerator < 2^63``: nothing overflows. Each row is divided by its W as a
    scalar, which numpy does by multiply and shift (libdivide), twice as fast as a
    division by a column; a multiply and a subtraction cost about half of divmod.
    """
    for r, weight_sum in enumerate(sums):
        np.floor_divide(numerator[r], weight_sum, out=quotient[r])
    product = scratch.get("product", *numerator.shape)
    np.multiply(quotient, _column(sums), out=product)
    np.subtract(numerator, product, out=numerator)


def _by_limbs(
    totals: Sequence[int],
    w: np.ndarray,
    sums: Sequence[int],
    width: int,
    count: int,
    quotient: np.ndarray,
    remainder: np.ndarray,
    scratch: _Scratch,
) -> None:
    """T·w over limbs of ``width`` bits; every partial product stays below 2^63.

    ``T·w = W·Σ d_j A_j + Σ d_j α_j`` with ``T·2^(bj) = A_j·W + α_j``; ``Σ d_j α_j <
    K·2^b·W < 2^63``, and ``Σ d_j A_j ≤ ⌊T·w/W⌋ ≤ T``. Where ``2^(bj) > W`` no weight
    has a limb j (every weight is ≤ W), so A_j and α_j are left 0 there.
    """
    rows = len(totals)
    a_rows = [[0] * rows for _ in range(count)]
    alpha_rows = [[0] * rows for _ in range(count)]
    for r, (total, weight_sum) in enumerate(zip(totals, sums, strict=True)):
        for j in range(count):
            scale = 1 << (width * j)
            if scale > weight_sum:
                break
            a_rows[j][r], alpha_rows[j][r] = divmod(total * scale, weight_sum)
    a = np.array(a_rows, dtype=np.int64)[:, :, None]  # (count, rows, 1)
    alpha = np.array(alpha_rows, dtype=np.int64)[:, :, None]
    mask = np.int64((1 << width) - 1)
    high, low = quotient, remainder
    digit = scratch.get("digit", *w.shape)
    part = scratch.get("part", *w.shape)
    np.bitwise_and(w, mask, out=digit)
    np.multiply(digit, a[0], out=high)
    np.multiply(digit, alpha[0], out=low)
    for j in range(1, count):
        np.right_shift(w, np.int64(width * j), out=digit)
        if j < count - 1:
            np.bitwise_and(digit, mask, out=digit)
        np.multiply(digit, a[j], out=part)
        np.add(high, part, out=high)
        np.multiply(digit, alpha[j], out=part)
        np.add(low, part, out=low)
    _divide(low, sums, digit, scratch)
    np.add(high, digit, out=high)


def _exact(
    totals: Sequence[int],
    w: np.ndarray,
    sums: Sequence[int],
    quotient: np.ndarray,
    remainder: np.ndarray,
) -> None:
    """divmod(T·w, W) with Python ints, row by row (q ≤ T and r < W both fit int64)."""
    for r, (total, weight_sum) in enumerate(zip(totals, sums, strict=True)):
        pairs = [divmod(total * weight, weight_sum) for weight in w[r].tolist()]
        quotient[r] = [q for q, _ in pairs]
        remainder[r] = [x for _, x in pairs]


def _add_extras(
    totals: Sequence[int],
    weights: np.ndarray,
    quotient: np.ndarray,
    remainder: np.ndarray,
    scratch: _Scratch,
) -> None:
    """Add 1 fen to the ``L = T − Σq`` largest remainders of each row (ties: the larger
    weight, then the smaller column), in place.

    The L-th largest remainder of every row is found with one partition at a fixed place
    c = N − min(L): each row gets L − min(L) values below every remainder (-1) in front
    and max(L) − L above (2^63 − 1) behind, so in sorted order it sits at index c.
    """
    rows, n = weights.shape
    if n == 0 or rows == 0:
        return
    leftover = np.array([int(t) for t in totals], dtype=np.int64) - quotient.sum(axis=1)
    if not leftover.any():
        return
    least, most = int(leftover.min()), int(leftover.max())
    width = n + most - least
    padded = scratch.get("padded", rows, width)
    padded[:, :n] = remainder
    if width > n:
        below = scratch.get("below", rows, width - n, np.bool_)
        np.less(_positions(width - n), (leftover - least)[:, None], out=below)
        padded[:, n:] = _INT64_MAX
        np.copyto(padded[:, n:], -1, where=below)
    place = n - least  # < width, as max(L) > 0
    padded.partition(place, axis=1)
    # Where L = 0 this is 2^63 − 1, above every remainder: nobody gets a fen.
    threshold = padded[:, place : place + 1].copy()
    extra = scratch.get("extra", rows, n, np.bool_)
    np.greater_equal(remainder, threshold, out=extra)
    for r in np.nonzero(extra.sum(axis=1) != leftover)[0]:
        # More remainders equal the threshold than fen are left for them: the larger
        # weight first, then the smaller column (county code).
        above = remainder[r] > threshold[r, 0]
        tied = np.nonzero(remainder[r] == threshold[r, 0])[0].tolist()
        wanted = int(leftover[r]) - int(above.sum())
        tie = int(threshold[r, 0])
        keep = sorted(tied, key=lambda col: tie_key(tie, int(weights[r, col]), col))[:wanted]
        extra[r] = above
        extra[r, keep] = True
    np.add(quotient, extra, out=quotient, casting="unsafe")


_POSITIONS: dict[int, np.ndarray] = {}


def _positions(n: int) -> np.ndarray:
    found = _POSITIONS.get(n)
    if found is None:
        found = _POSITIONS.setdefault(n, np.arange(n, dtype=np.int64)[None, :])
    return found
