"""The one apportionment kernel (``engine/kernel.py``) against the readable reference
(``engine/apportion.apportion``): the same floors, remainders, ranks and fen on random
pools — ties, zero weights, and the SPEC's extremes (10^13 fen, weights of 10^9 scale
and far beyond int64, where the kernel's limb and Python paths run)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadfund.engine.apportion import ApportionError, apportion
from roadfund.engine.kernel import apportion_pool, apportion_rows
from roadfund.engine.rules import tie_key

CI = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200)

totals = st.integers(0, 10**13)
weight_lists = st.one_of(
    st.lists(st.integers(0, 3), min_size=1, max_size=12),  # many ties
    st.lists(st.integers(0, 10**9), min_size=1, max_size=40),
    st.lists(st.integers(0, 10**9 * 10**9), min_size=1, max_size=20),  # beyond int64 sums
)


def codes(n: int) -> list[str]:
    return [f"{360000 + i:06d}" for i in range(n)]


@CI
@given(totals, weight_lists)
def test_the_kernel_is_the_reference(total: int, weights: list[int]) -> None:
    keys = codes(len(weights))
    if sum(weights) == 0 and total > 0:
        with pytest.raises(ApportionError):
            apportion_pool(total, weights)
        with pytest.raises(ApportionError):
            apportion(total, dict(zip(keys, weights, strict=True)))
        return
    split = apportion_pool(total, weights)
    reference = apportion(total, dict(zip(keys, weights, strict=True)))
    assert sum(split.amounts) == total
    for i, key in enumerate(keys):
        share = reference[key]
        assert split.amounts[i] == share.amount
        assert split.floors[i] == share.floor
        assert split.extras[i] == share.extra
        assert split.ranks[i] == share.rank
        if split.weight_sum:
            assert Fraction(split.remainders[i], split.weight_sum) == share.remainder


@CI
@given(st.lists(st.tuples(totals, st.integers(0, 10**9)), min_size=1, max_size=8), st.data())
def test_rows_at_once_are_pools_one_by_one(
    rows: list[tuple[int, int]], data: st.DataObject
) -> None:
    """Many rows through apportion_rows (the sweep's entry) = each row through the reference."""
    n = data.draw(st.integers(1, 30))
    matrix = [
        data.draw(st.lists(st.integers(0, scale), min_size=n, max_size=n)) for _, scale in rows
    ]
    chosen = [(t, w) for (t, _), w in zip(rows, matrix, strict=True) if sum(w) > 0]
    if not chosen:
        return
    got = apportion_rows([t for t, _ in chosen], np.array([w for _, w in chosen], dtype=np.int64))
    keys = codes(n)
    for (total, weights), amounts in zip(chosen, got.tolist(), strict=True):
        reference = apportion(total, dict(zip(keys, weights, strict=True)))
        assert amounts == [reference[k].amount for k in keys]


def test_the_tie_key_is_the_spec_order() -> None:
    """Larger remainder first, then larger weight, then smaller code."""
    parties = [(1, 5, "360203"), (2, 1, "360281"), (1, 5, "360202"), (1, 7, "360222")]
    ordered = sorted(parties, key=lambda p: tie_key(*p))
    assert [p[2] for p in ordered] == ["360281", "360222", "360202", "360203"]


def test_the_run_and_the_sweep_share_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """One code path: allocate's pools and the sweep's rows go through the same function."""
    import roadfund.engine.kernel as kernel
    import roadfund.engine.sweep as sweep_module
    from roadfund.engine.allocation import allocate
    from roadfund.reader.policy import load_policy
    from roadfund.samples.synth import synth_year_input

    assert sweep_module.apportion_rows is kernel.apportion_rows
    calls: list[int] = []
    original = kernel.apportion_rows

    def counted(*args: object, **kwargs: object) -> np.ndarray:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kernel, "apportion_rows", counted)
    year = synth_year_input(12, 0, 0, seed=5)
    period = load_policy(Path(__file__).parent.parent / "inputs" / "policy.toml").periods[0]
    allocation = allocate(year, period)
    assert len(calls) == 2 * len(allocation.sources)  # daily and performance, per source
