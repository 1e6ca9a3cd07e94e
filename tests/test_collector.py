"""The cycle collector is paused for the serial head of a run (roadfund.collector) and is
back on, as it was, before anything else runs — the pool's workers above all."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import roadfund.engine
import roadfund.reader.load
import roadfund.run
from roadfund.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:  # as it was, either way: a test here that turns it off leaves it off otherwise
        gc.enable()
    else:
        gc.disable()


def test_a_pause_ends_as_it_began_also_on_an_error_and_nested() -> None:
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not end the outer one
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()  # off before: off after


def spy(
    seen: list[tuple[str, bool]], name: str, function: Callable[..., Any]
) -> Callable[..., Any]:
    def spied(*args: Any, **kwargs: Any) -> Any:
        seen.append((name, gc.isenabled()))
        return function(*args, **kwargs)

    return spied


def test_a_run_reads_and_computes_paused_and_writes_with_the_collector_on(
    sample_rows: dict[str, list[dict[str, object]]],
    make_input: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, bool]] = []
    load = roadfund.reader.load
    monkeypatch.setattr(load, "parse_workbook", spy(seen, "read", load.parse_workbook))
    monkeypatch.setattr(roadfund.engine, "allocate", spy(seen, "compute", roadfund.engine.allocate))
    monkeypatch.setattr(
        roadfund.run, "write_summary", spy(seen, "write", roadfund.run.write_summary)
    )
    source = make_input(sample_rows)
    roadfund.run.run(source, None, tmp_path / "out", force=False, lang="zh", jobs=1)
    assert seen == [("read", False), ("compute", False), ("write", True)]
    assert gc.isenabled()


def test_a_refused_input_leaves_the_collector_on(
    sample_rows: dict[str, list[dict[str, object]]], make_input: Callable[..., Path]
) -> None:
    sample_rows["县区"][0]["县区代码"] = "abc"
    source = make_input(sample_rows)
    with pytest.raises(roadfund.reader.load.InputError):
        roadfund.reader.load.load_year(source)
    assert gc.isenabled()


class Node:
    def __init__(self) -> None:
        self.partner: Node | None = None


def test_the_cycles_a_pause_left_are_freed_as_it_ends() -> None:
    """The pause ends with a young collection (the one that frees the read's workbook):
    no garbage of the pause waits for, or is frozen before, a later collection."""
    import weakref

    with collector_paused():
        a, b = Node(), Node()
        a.partner, b.partner = b, a  # a cycle: reference counting alone never frees it
        left = weakref.ref(a)
        del a, b
        assert left() is not None
    assert left() is None
