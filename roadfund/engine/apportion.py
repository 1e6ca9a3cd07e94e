"""Largest remainder (Hamilton) apportionment of an amount in fen — the readable reference.

The engine's runs and sweeps use the one kernel (``roadfund.engine.kernel``), which the
property tests check against this function; both order parties by ``rules.tie_key``.

Exact quota ``q_i = T·w_i/Σw``; everyone gets ``floor(q_i)``; the ``T − Σ floor(q_i)``
leftover fen go one each to the largest fractional remainders. Ties: larger remainder
first, then larger weight, then smaller key (county code). Weights are exact rationals,
so the result never depends on row order and never overflows (Python ints).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from roadfund.engine.rules import tie_key


@dataclass(frozen=True)
class Share:
    """One party's part of an apportioned amount, with everything that explains it."""

    key: str
    weight: Fraction
    quota: Fraction  # exact T·w/Σw, in fen
    floor: int
    remainder: Fraction  # quota − floor, in [0, 1)
    rank: int  # 1-based place in the remainder order (ties broken as the SPEC says)
    extra: int  # 1 if this party got one of the leftover fen, else 0

    @property
    def amount(self) -> int:
        return self.floor + self.extra


class ApportionError(ValueError):
    pass


def apportion(total: int, weights: Mapping[str, Fraction | int]) -> dict[str, Share]:
    """Split ``total`` fen over ``weights`` by largest remainder; returns a Share per key.

    ``total`` must be ≥ 0 and the weights ≥ 0; when ``total`` > 0 at least one weight
    must be positive (an all-zero pool would lose money, so it is refused).
    """
    if total < 0:
        raise ApportionError("total must not be negative")
    fractions = {key: Fraction(w) for key, w in weights.items()}
    if any(w < 0 for w in fractions.values()):
        raise ApportionError("weights must not be negative")
    # Integer weights on a common denominator: the same ratios, integer arithmetic.
    denominator = lcm(*(w.denominator for w in fractions.values())) if fractions else 1
    ints = {key: w.numerator * (denominator // w.denominator) for key, w in fractions.items()}
    weight_sum = sum(ints.values())
    if weight_sum == 0:
        if total == 0:
            zero = Fraction(0)
            return {
                key: Share(key, fractions[key], zero, 0, zero, i + 1, 0)
                for i, key in enumerate(sorted(fractions))
            }
        raise ApportionError("all weights are zero")

    floors: dict[str, int] = {}
    remainders: dict[str, int] = {}  # numerators over weight_sum
    for key, w in ints.items():
        floors[key], remainders[key] = divmod(total * w, weight_sum)
    leftover = total - sum(floors.values())
    order = sorted(ints, key=lambda k: tie_key(remainders[k], ints[k], k))
    extras = {key: 1 if i < leftover else 0 for i, key in enumerate(order)}
    return {
        key: Share(
            key=key,
            weight=fractions[key],
            quota=Fraction(total * ints[key], weight_sum),
            floor=floors[key],
            remainder=Fraction(remainders[key], weight_sum),
            rank=i + 1,
            extra=extras[key],
        )
        for i, key in enumerate(order)
    }


def amounts(shares: Mapping[str, Share]) -> dict[str, int]:
    return {key: share.amount for key, share in shares.items()}
