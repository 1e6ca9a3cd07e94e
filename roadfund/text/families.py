"""Catalog keys the code builds rather than spells: every family, in one place.

Most keys appear in the code as they are (``label("cli.check_ok", lang)``). Some are built
from a value — ``label(f"source.{source.code}.short", lang)``. Each such pattern is listed
here with every key it can build, derived from the schema's constants (or, where the
values are a ``Literal`` of a higher layer, spelt here and held equal to it by
``tests/test_catalog.py``). ``PASSED`` names the calls whose argument is the last part
of a key (``_line(section, "received")`` → ``trace.received``).

The catalog test reads the code: every key it spells, every key a family can build and
every key passed through ``PASSED`` must exist in both languages, every built pattern in
the code must be listed here, and every key of the catalog must be used by one of those
three ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product

from roadfund.schema import COST_CATEGORIES, FUND_SOURCES, MILEAGE, ROAD_CLASSES, SHEETS, Kind

ROAD_CLASS_KEYS: tuple[str, ...] = tuple(key for key, _ in ROAD_CLASSES)

# Values whose home is a higher layer (the test holds each equal to its home).
FACTOR_KEYS: tuple[str, ...] = ("score", "need", "mileage")
"""``roadfund.policy.FACTOR_KEYS``: the factor method's factors."""
NEED_CHOICES: tuple[str, ...] = ("mileage", "column")
"""``roadfund.policy.CoefficientMethod.need``."""
SETTLEMENT_MODES: tuple[str, ...] = ("remit", "offset")
"""``roadfund.policy.Period.settlement_mode``."""
MATCHING_LEVELS: tuple[str, ...] = ("project", "county", "city")
"""``roadfund.engine.matching.Level``."""
COMPARE_STATUSES: tuple[str, ...] = ("added", "removed")
"""``roadfund.engine.compare.Status`` (the empty status has no text)."""
NOT_A_RUN_REASONS: tuple[str, ...] = (
    "missing_file",
    "bad_manifest",
    "bad_header",
    "bad_value",
    "duplicate_row",
)
"""Why ``roadfund.reader.run_folder.NotARun`` refuses a folder."""
VERIFY_KINDS: tuple[str, ...] = (
    "changed",
    "missing",
    "extra",
    "special",
    "no_manifest",
    "bad_manifest",
)
"""A difference ``roadfund verify`` lists, or why a folder has no usable manifest."""
VERIFY_ROLES: tuple[str, ...] = ("input", "policy")
PROGRESS_STEPS: tuple[str, ...] = ("summary", "county", "pdf", "whatif")
"""The steps ``roadfund.cli.terminal.progress_printer`` reports."""
NUMBER_AS_TEXT_HINTS: tuple[str, ...] = ("as_text", "full_width")
"""``roadfund.models``: why a number stored as text is one (``@hint.<hint>``)."""
MATCHING_STATUSES: tuple[str, ...] = ("pass", "fail")
MATCHING_AMOUNTS: tuple[str, ...] = ("provincial", "city_matching", "county_matching", "investment")
"""The matching check's amount columns (``roadfund.web.views.matching_table``)."""
RECONCILE_VERDICTS: tuple[str, ...] = ("ok", "bad")
"""``roadfund.writers.formulas.balance_formula``: 平衡 / 不平衡."""
WEB_ERROR_CODES: tuple[str, ...] = ("400", "403", "404", "405", "409", "413", "421", "500")
"""The HTTP errors the page explains in words (any other: ``web.error.other``)."""
WEB_STAGES: tuple[str, ...] = ("queued", "load", "compute", "zip")
WEB_STATES: tuple[str, ...] = ("running", "invalid", "checked", "done", "failed")
"""``roadfund.web.jobs.State``."""
COMPARE_SIDES: tuple[str, ...] = ("a", "b")
"""``roadfund.web.compare.SIDES``: the two runs the page compares."""
LANG_CODES: tuple[str, ...] = ("zh", "en")
"""``roadfund.web.jobs.Job.stage`` beyond the CLI's progress steps."""
DIRECTIONS: tuple[str, ...] = ("due", "variance")
SIGNS: tuple[str, ...] = ("positive", "negative", "zero")
"""``roadfund.writers.formulas.direction_text``: what an amount means by its sign."""


def _each(pattern: str, *parts: Iterable[str]) -> frozenset[str]:
    return frozenset(pattern.format(*values) for values in product(*parts))


def _template_columns() -> frozenset[str]:
    """Every input column's meaning, but 养护里程's road classes, which share one text."""
    return frozenset(
        f"template.column.{sheet.key}.{column.key}"
        for sheet in SHEETS
        for column in sheet.columns
        if not (sheet is MILEAGE and column.key in ROAD_CLASS_KEYS)
    )


FAMILIES: dict[str, frozenset[str] | None] = {
    "kind.{}": _each("kind.{}", (kind.value for kind in Kind)),
    "source.{}": _each("source.{}", FUND_SOURCES),
    "source.{}.short": _each("source.{}.short", FUND_SOURCES),
    "factor.{}": _each("factor.{}", FACTOR_KEYS),
    "whatif.need.{}": _each("whatif.need.{}", NEED_CHOICES),
    "cs.net.{}": _each("cs.net.{}", SETTLEMENT_MODES),
    "cw.mode.{}": _each("cw.mode.{}", SETTLEMENT_MODES),
    "trace.mode.{}": _each("trace.mode.{}", SETTLEMENT_MODES),
    "cw.category.{}": _each("cw.category.{}", COST_CATEGORIES),
    "cw.road_class.{}": _each("cw.road_class.{}", ROAD_CLASS_KEYS),
    "trace.road.{}": _each("trace.road.{}", ROAD_CLASS_KEYS),
    "cw.{}.{}": _each("cw.{}.{}", DIRECTIONS, SIGNS),
    "matching.level.{}": _each("matching.level.{}", MATCHING_LEVELS),
    "compare.status.{}": _each("compare.status.{}", COMPARE_STATUSES),
    "compare.{}": _each("compare.{}", NOT_A_RUN_REASONS),
    "verify.{}": _each("verify.{}", VERIFY_KINDS),
    "verify.role.{}": _each("verify.role.{}", VERIFY_ROLES),
    "progress.{}": _each("progress.{}", PROGRESS_STEPS),
    "template.sheet.{}": _each("template.sheet.{}", (sheet.key for sheet in SHEETS)),
    "template.column.{}.{}": _template_columns(),
    "hint.{}": _each("hint.{}", NUMBER_AS_TEXT_HINTS),
    "pp.mode.{}": _each("pp.mode.{}", SETTLEMENT_MODES),
    "pp.need.{}": _each("pp.need.{}", NEED_CHOICES),
    "matching.{}": _each("matching.{}", MATCHING_AMOUNTS),
    "matching.status.{}": _each("matching.status.{}", MATCHING_STATUSES),
    "cs.reconcile.{}": _each("cs.reconcile.{}", RECONCILE_VERDICTS),
    "web.error.{}": _each("web.error.{}", WEB_ERROR_CODES),
    "web.stage.{}": _each("web.stage.{}", WEB_STAGES),
    "web.state.{}": _each("web.state.{}", WEB_STATES),
    "web.compare.side_{}": _each("web.compare.side_{}", COMPARE_SIDES),
    "web.lang.{}": _each("web.lang.{}", LANG_CODES),
    "trace.{}": None,  # the trace lines' keys: those passed to _line / _amount_line
}
"""Built pattern (an f-string with each value as ``{}``) → every key it can build;
``None``: the keys passed to the calls of ``PASSED`` under the same prefix."""

PASSED: dict[str, tuple[int, str]] = {
    "_line": (1, "trace."),
    "_amount_line": (1, "trace."),
    "_check_lines": (1, "trace."),
    "NotARun": (1, "compare."),
    "NotARunFolder": (1, "verify."),
    "progress": (0, "progress."),
}
"""Function name → (position of the argument, prefix): the argument's text ends a key
(plain calls only: ``job.progress("load")`` is the page's, below)."""
