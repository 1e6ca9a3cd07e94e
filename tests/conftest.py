"""Shared fixtures: sample data as editable rows, and a builder for input workbooks."""

from __future__ import annotations

import copy
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
