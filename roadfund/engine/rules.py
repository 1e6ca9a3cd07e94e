"""The allocation rules of SPEC §3, each defined once — scalar and vector forms side by side.

Everything that needs one of these rules calls it here: the year's engine
(``allocation``, ``matching``), the what-if sweep (``sweep``), the reader's feasibility
check (``reader/rules.weights_rule``) and the workbooks' formulas
(``writers/formulas.py`` spells the Excel form and points back here).

* ``tie_key`` — the largest-remainder order and its ties (SPEC §2);
* ``split_pool`` — the 70/30 split of a pool;
* ``on_common`` / ``integer_scale`` — rationals as integers on one scale (no ratio changes);
* ``BandTable`` — score → band (grade, coefficient), for one score or a whole column;
* ``converted_ints`` / ``converted_km`` — converted mileage (折算里程);
* ``need_ints`` — the need the coefficient method multiplies (mileage or the 工作需求 column);
* ``factor_weights`` — the factor method (因素法);
* ``required_matching`` / ``passes_floor`` / ``shortfall`` — the matching floor (SPEC §3.2).

Pure integer and ``Fraction`` arithmetic; a vector form uses numpy int64 only where a
bound proves every value fits, and Python ints otherwise.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from roadfund.money import HUNDREDTHS, METRES_PER_KM, ceil_fraction, round_half_up
from roadfund.policy import Band, CoefficientMethod, FactorMethod, RoadClassWeights
from roadfund.schema import ROAD_CLASSES

INT64_END = 2**63
"""Every int64 value formed by a vector form is proven to be below this."""
CLASS_KEYS: tuple[str, ...] = tuple(key for key, _ in ROAD_CLASSES)


# -- the largest remainder's order ----------------------------------------------------------


def tie_key(
    remainder: int | Fraction, weight: int | Fraction, key: str | int
) -> tuple[int | Fraction, int | Fraction, str | int]:
    """Sort key of the largest-remainder order (SPEC §2): the leftover fen go, one each, to
    the first parties in this order — larger remainder first, then larger weight, then
    smaller county code (or column, counties being in code order).

    Remainders and weights of one pool must be on one scale (both integers over the same
    Σw, or exact fractions).
    """
    return (-remainder, -weight, key)


# -- pools and integer scales ---------------------------------------------------------------


def split_pool(pool: int, daily_share: Fraction) -> tuple[int, int]:
    """(daily, performance): daily = round_half_up(pool × daily_share); the rest is performance."""
    daily = round_half_up(pool * daily_share)
    return daily, pool - daily


def on_common(ratios: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """Rationals as integer numerators on their least common denominator: (numerators, D).

    Apportioning by the numerators is apportioning by the rationals (every ratio is kept).
    """
    pairs = [r.as_integer_ratio() for r in ratios]
    denominator = lcm(1, *(d for _, d in pairs))
    return tuple(n * (denominator // d) for n, d in pairs), denominator


def integer_scale(weights: Iterable[Fraction]) -> int:
    """The multiplier that makes every weight of a pool an integer without changing a ratio,
    as a person reads it: a power of ten when the weights are decimals (km to the metre
    times decimal class weights: 2,822.765 km → 2,822,765 with scale 1,000), otherwise the
    least common denominator (``on_common``'s D).
    """
    values = list(weights)
    scale = lcm(1, *(w.denominator for w in values))
    rest, twos, fives = scale, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    return 10 ** max(twos, fives) if rest == 1 else scale


# -- score bands ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BandTable:
    """A coefficient method's bands: a score gets the band with the highest lower bound not
    above it (bounds are distinct and one is 0, so every score 0–100 has a band).

    ``bounds`` are in hundredths of a point, ascending; ``coefficient_ints`` the bands'
    coefficients on their common denominator ``coefficient_scale``, in the same order.
    """

    bands: tuple[Band, ...]  # ascending by min_score
    bounds: tuple[int, ...]
    coefficient_ints: tuple[int, ...]
    coefficient_scale: int

    @classmethod
    def of(cls, method: CoefficientMethod) -> BandTable:
        # Integer arithmetic only (a sweep builds one table per scenario): a bound is
        # ⌈min_score × 100⌉ = −(−n·100 // d); bounds are distinct, so they order the bands.
        bounds = [
            -(-band.min_score.numerator * HUNDREDTHS // band.min_score.denominator)
            for band in method.bands
        ]
        order = sorted(range(len(bounds)), key=bounds.__getitem__)
        bands = tuple(method.bands[i] for i in order)
        ints, scale = on_common([band.coefficient for band in bands])
        return cls(
            bands=bands,
            bounds=tuple(bounds[i] for i in order),
            coefficient_ints=ints,
            coefficient_scale=scale,
        )

    def position(self, score: int) -> int:
        """The band's place for a score in hundredths (the scalar lookup)."""
        at = bisect_right(self.bounds, score) - 1
        if at < 0:
            raise ValueError(f"no band for score {score}")
        return at

    def positions(self, scores: np.ndarray) -> np.ndarray:
        """The band's place for each score of an int64 column (the vector lookup; the same
        search as ``position``)."""
        found = np.searchsorted(np.array(self.bounds, dtype=np.int64), scores, side="right") - 1
        if found.size and int(found.min()) < 0:
            raise ValueError("a score below every band")
        return found

    def coefficient_of(self, score: int) -> int:
        """The band coefficient on ``coefficient_scale`` for a score in hundredths."""
        return self.coefficient_ints[self.position(score)]


# -- converted mileage and the need ---------------------------------------------------------


def class_ints(weights: RoadClassWeights) -> tuple[tuple[int, ...], int]:
    """The class weights on their common denominator, in ROAD_CLASSES order: (ints, D)."""
    return on_common([getattr(weights, key) for key in CLASS_KEYS])


def converted_ints(metres: Sequence[Sequence[int]], ints: Sequence[int]) -> list[int]:
    """Converted mileage (折算里程) of each county as an integer on the scale D × 1000 (metres
    times the class weights' common denominator): Σ over classes of metres × class int.

    ``metres`` is one sequence per road class (ROAD_CLASSES order), each with a value per
    county. Through ``converted_rows`` (int64) when every value provably fits, in Python
    ints otherwise.
    """
    count = len(metres[0]) if metres else 0
    bound = sum(max(column, default=0) * w for column, w in zip(metres, ints, strict=True))
    if bound < INT64_END and all(max(c, default=0) < INT64_END for c in metres):
        out = np.empty((1, count), dtype=np.int64)
        array = np.array(metres, dtype=np.int64).reshape(len(CLASS_KEYS), count)
        converted_rows(array, [tuple(ints)], out, np.empty_like(out))
        result: list[int] = out[0].tolist()
        return result
    return [converted_int(row, ints) for row in zip(*metres, strict=True)]


def converted_int(metres: Sequence[int], ints: Sequence[int]) -> int:
    """The scalar form: one county's metres by class (ROAD_CLASSES order) × class ints."""
    return sum(m * w for m, w in zip(metres, ints, strict=True))


def converted_rows(
    metres: np.ndarray, class_rows: Sequence[Sequence[int]], out: np.ndarray, part: np.ndarray
) -> None:
    """The vector form of converted mileage: row r of ``out`` (rows × counties, int64) is
    Σ_k class_rows[r][k] × metres[k] — every county under each set of class ints at once.

    The caller proves ``Σ_k max(metres[k]) × class int < 2^63`` for every row (so every
    partial sum fits). Classes weighted alike in every row are summed once, as one row.
    """
    classes = np.array(class_rows, dtype=np.int64).reshape(len(class_rows), len(CLASS_KEYS))
    alike = [k for k in range(len(CLASS_KEYS)) if (classes[:, k] == classes[0, k]).all()]
    common = np.zeros(metres.shape[1], dtype=np.int64)
    for k in alike:
        if classes[0, k]:
            common += classes[0, k] * metres[k]
    out[...] = common
    for k in range(len(CLASS_KEYS)):
        if k not in alike and classes[:, k].any():
            np.multiply(classes[:, k : k + 1], metres[k], out=part)
            np.add(out, part, out=out)


def converted_km(converted: int, class_scale: int) -> Fraction:
    """An integer of ``converted_ints`` as km."""
    return Fraction(converted, class_scale * METRES_PER_KM)


def uses_need_column(method: CoefficientMethod | FactorMethod) -> bool:
    """Whether the policy allocates by the 工作需求 column (so a blank figure is an error)."""
    if isinstance(method, CoefficientMethod):
        return method.need == "column"
    return "need" in method.factors


def need_by_mileage(method: CoefficientMethod) -> bool:
    """The need choice: converted mileage (``need = "mileage"``) or the 工作需求 column."""
    return method.need == "mileage"


def need_ints(
    method: CoefficientMethod,
    converted: Sequence[int],
    class_scale: int,
    needs: Sequence[int | None],
) -> tuple[list[int | None], int]:
    """The need the coefficient method multiplies, as integers on one scale: (needs, scale).

    By mileage: converted mileage (on D × 1000); by column: the 工作需求 figure in
    hundredths (None where blank — the caller reports it).
    """
    if need_by_mileage(method):
        return list(converted), class_scale * METRES_PER_KM
    return list(needs), HUNDREDTHS


def need_row(by_mileage: bool, converted: Any, needs: Any) -> Any:
    """The need choice for a county or a whole row (``needs``: the 工作需求 figure or column
    in hundredths; ``converted``: converted mileage on the class scale)."""
    return converted if by_mileage else needs


# -- the factor method ----------------------------------------------------------------------


@dataclass(frozen=True)
class FactorWeights:
    eligible: tuple[bool, ...]
    totals: Mapping[str, Fraction]  # Σ x_k over the eligible counties, by factor
    parts: tuple[Mapping[str, Fraction], ...]  # α_k · x_ik / Σ_j x_jk (empty if not eligible)
    weights: tuple[Fraction, ...]


class ZeroFactorTotal(ValueError):
    """A factor of the factor method totals 0 over the eligible counties."""

    def __init__(self, factor: str) -> None:
        super().__init__(factor)
        self.factor = factor


def factor_values(score: int, need: int | None, km: Fraction) -> dict[str, Fraction]:
    """x_ik of the factor method: score in points, the 工作需求 figure (0 when blank), km."""
    return {
        "score": Fraction(score, HUNDREDTHS),
        "need": Fraction(need or 0, HUNDREDTHS),
        "mileage": km,
    }


def factor_weights(
    method: FactorMethod,
    scores: Sequence[int],
    needs: Sequence[int | None],
    km: Sequence[Fraction],
) -> FactorWeights:
    """因素法: counties scoring below ``min_score`` are out; for the rest
    ``w_i = Σ_k α_k · x_ik / Σ_j x_jk`` over the eligible counties. Raises ZeroFactorTotal
    when a factor totals 0 over them."""
    minimum = method.min_score
    eligible = tuple(Fraction(s, HUNDREDTHS) >= minimum for s in scores)
    values = [factor_values(s, n, k) for s, n, k in zip(scores, needs, km, strict=True)]
    totals: dict[str, Fraction] = {
        k: sum((v[k] for v, ok in zip(values, eligible, strict=True) if ok), Fraction(0))
        for k in method.factors
    }
    if any(eligible):
        for factor, total in totals.items():
            if total == 0:
                raise ZeroFactorTotal(factor)
    parts: tuple[Mapping[str, Fraction], ...] = tuple(
        {str(k): alpha * v[k] / totals[k] for k, alpha in method.factors.items()} if ok else {}
        for v, ok in zip(values, eligible, strict=True)
    )
    return FactorWeights(
        eligible=eligible,
        totals=totals,
        parts=parts,
        weights=tuple(sum(p.values(), Fraction(0)) for p in parts),
    )


# -- the matching floor ---------------------------------------------------------------------


def passes_floor(matching: int, investment: int, floor: Fraction) -> bool:
    """matching / investment ≥ floor, compared exactly (SPEC §3.2)."""
    return matching * floor.denominator >= floor.numerator * investment


def required_matching(investment: int, floor: Fraction) -> int:
    """The least matching that passes: ⌈floor × investment⌉ fen. The Excel form is
    ``roadfund.writers.formulas.required_formula``."""
    return ceil_fraction(floor * investment)


def shortfall(matching: int, investment: int, floor: Fraction) -> int:
    """max(0, ⌈floor × investment⌉ − matching) fen."""
    return max(0, required_matching(investment, floor) - matching)
