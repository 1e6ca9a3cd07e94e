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
from functools import cached_property
from math import lcm

from roadfund.engine.rules import tie_key


@dataclass(frozen=True, eq=False)
class Share:
    """One party's part of an apportioned amount, with everything that explains it.

    Held as the integers the split works in; the exact figures (``weight``, ``quota``,
    ``remainder``) are Fractions formed when first read — a run makes four shares per
    county, and most readers want only the amounts (the serial head of a national run
    spent half its compute reducing those Fractions)."""

    key: str
    weight_int: int  # the weight on the pool's integer scale
    scale: int  # weight = weight_int / scale
    total: int  # the amount split, in fen
    weight_sum: int  # Σ weight_int over the pool (0: nothing to split)
    floor: int
    remainder_int: int  # remainder = remainder_int / weight_sum
    rank: int  # 1-based place in the remainder order (ties broken as the SPEC says)
    extra: int  # 1 if this party got one of the leftover fen, else 0

    @cached_property
    def weight(self) -> Fraction:
        return Fraction(self.weight_int, self.scale)

    @cached_property
    def quota(self) -> Fraction:
        """Exact T·w/Σw, in fen."""
        if not self.weight_sum:
            return Fraction(0)
        return Fraction(self.total * self.weight_int, self.weight_sum)

    @cached_property
    def remainder(self) -> Fraction:
        """quota − floor, in [0, 1)."""
        if not self.weight_sum:
            return Fraction(0)
        return Fraction(self.remainder_int, self.weight_sum)

    @property
    def amount(self) -> int:
        return self.floor + self.extra

    def _figures(self) -> tuple[object, ...]:
        return (
            self.key,
            self.weight,
            self.quota,
            self.floor,
            self.remainder,
            self.rank,
            self.extra,
        )

    def __eq__(self, other: object) -> bool:  # by value, whatever scale the weights are on
        return isinstance(other, Share) and self._figures() == other._figures()

    def __hash__(self) -> int:
        return hash(self._figures())


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
            return {
                key: Share(key, 0, 1, 0, 0, 0, 0, i + 1, 0)
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
            weight_int=ints[key],
            scale=denominator,
            total=total,
            weight_sum=weight_sum,
            floor=floors[key],
            remainder_int=remainders[key],
            rank=i + 1,
            extra=extras[key],
        )
        for i, key in enumerate(order)
    }


def amounts(shares: Mapping[str, Share]) -> dict[str, int]:
    return {key: share.amount for key, share in shares.items()}
