"""Shared fixtures: sample data as editable rows, and a builder for input workbooks."""

from __future__ import annotations

import copy
import ctypes
import ctypes.util
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.writers.template import write_input_workbook

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "inputs" / "policy.toml"

Rows = dict[str, list[dict[str, object]]]


@pytest.fixture
def sample_rows() -> Rows:
    """The 2023 sample as {sheet name: [row dicts]}, a fresh copy a test may edit."""
    return copy.deepcopy(SAMPLE_YEARS[2023])


@pytest.fixture
def make_input(tmp_path: Path) -> Callable[..., Path]:
    """Write rows to ``tmp_path/<name>`` next to a copy of the shipped policy; return the path."""

    def build(rows: Rows, name: str = "input.xlsx", policy: str | None = None) -> Path:
        path = tmp_path / name
        write_input_workbook(path, rows, created=dt.datetime(2023, 1, 1))
        policy_path = tmp_path / "policy.toml"
        if policy is not None:
            policy_path.write_text(policy, encoding="utf-8")
        elif not policy_path.exists():
            shutil.copy(POLICY, policy_path)
        return path

    return build


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where there is none (another C library, Windows)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
    return trim


_TRIM = _malloc_trim()


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Memory a test freed handed back to the system before the next test (glibc keeps
    it otherwise): the write properties of tests/test_xlsx_fast.py free gigabytes each,
    and kept, those stacked up to a suite peak of 15–19 GB on a 24 GB machine."""
    if _TRIM is not None:
        _TRIM(0)
