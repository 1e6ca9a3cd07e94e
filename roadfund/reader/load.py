"""From files to validated input: policy file + input workbook → (YearInput, Period).

Collects every problem of both files and raises one InputError with all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from roadfund.collector import collector_paused
from roadfund.contract import sha256_bytes
from roadfund.engine.allocation import CountyWeights
from roadfund.engine.batches import combine_batches
from roadfund.issues import InputError, Issue
from roadfund.models import SourceRow, YearInput
from roadfund.policy import Period, Policy, select_period
from roadfund.reader.policy import load_policy_read, shipped_policy_path
from roadfund.reader.rules import check_rules, year_weights
from roadfund.reader.workbook import parse_workbook, with_headers
from roadfund.schema import (
    CENTER_COSTS,
    COUNTIES,
    MILEAGE,
    PERFORMANCE,
    PREPAYMENTS,
    PROJECTS,
    SOURCES,
    STAGE_END,
)


@dataclass(frozen=True)
class LoadedYear:
    input_path: Path
    policy_path: Path
    year_input: YearInput
    policy: Policy
    period: Period
    policy_source: PolicySource = "given"
    input_sha256: str = ""  # of the bytes read, checked and parsed (not the file now)
    policy_sha256: str = ""
    weights: CountyWeights | None = None
    """``county_weights`` of ``year_input`` and ``period``, formed by the reader's check:
    ``compute(..., weights=loaded.weights)`` does not form them again."""

    def input_digests(self) -> dict[str, tuple[str, str]]:
        """role → (file name, SHA-256 of the bytes the run read), for the manifest."""
        return {
            "input": (self.input_path.name, self.input_sha256),
            "policy": (self.policy_path.name, self.policy_sha256),
        }


PolicySource = Literal["given", "beside", "shipped"]
"""Where the policy came from: ``--policy``, policy.toml beside the input, or the policy
shipped with roadfund (when there is none beside the input)."""


def default_policy_path(input_path: Path) -> Path:
    """The policy defaults to ``policy.toml`` beside the input (SPEC §5)."""
    return input_path.parent / "policy.toml"


def find_policy(input_path: Path, policy_path: Path | None) -> tuple[Path, PolicySource]:
    """The policy file a run reads: ``--policy`` (InputError naming the path it looked
    for when it is missing), else policy.toml beside the input, else the shipped one."""
    if policy_path is not None:
        if not policy_path.is_file():
            raise InputError(
                [
                    Issue.at(
                        policy_path.name,
                        "policy_not_found",
                        path=str(policy_path),
                        beside=str(default_policy_path(input_path)),
                    )
                ]
            )
        return policy_path, "given"
    beside = default_policy_path(input_path)
    if beside.is_file():
        return beside, "beside"
    return shipped_policy_path(), "shipped"


def load_year(input_path: Path, policy_path: Path | None = None) -> LoadedYear:
    """Read and validate both files; raise InputError carrying every problem found.

    Each file is read once into memory; what is checked, parsed and hashed (for the
    manifest) are those bytes, whatever happens to the file afterwards. The cycle
    collector is paused meanwhile (``roadfund.collector``: its full walks over the
    workbook's cells were a fifth of a national read).
    """
    with collector_paused():
        return _load_year(input_path, policy_path)


def _load_year(input_path: Path, policy_path: Path | None) -> LoadedYear:
    from roadfund.reader.guard import assert_defused, read_workbook_bytes, start_inspection
    from roadfund.reader.sheetcells import strip_cells

    assert_defused()  # openpyxl must parse through defusedxml (entity bombs)
    issues: list[Issue] = []
    policy: Policy | None = None
    policy_sha256 = ""
    try:
        policy_path, source = find_policy(input_path, policy_path)
        policy, policy_sha256 = load_policy_read(policy_path)
    except InputError as error:
        issues += error.issues
        policy_path, source = policy_path or default_policy_path(input_path), "given"

    data = read_workbook_bytes(input_path)
    if isinstance(data, Issue):
        raise InputError([*issues, data])
    # the guard's checks of the members run in a second process for a large workbook,
    # while this one takes the cells out of the sheets (no XML parsed before the verdict)
    with start_inspection(data, input_path.name) as inspection:
        stripped = strip_cells(data) if inspection.pending else None
        container = inspection.result()
    if container:
        raise InputError(issues + container)
    parsed = parse_workbook(input_path, data, stripped)
    issues += parsed.issues

    period: Period | None = None
    year = parsed.info.get("year")
    if policy is not None and isinstance(year, int):
        try:
            period = select_period(policy, year, policy_path.name)
        except InputError as error:
            issues += error.issues
    issues += with_headers(check_rules(parsed, period), parsed)
    if issues or policy is None or period is None:
        raise InputError(issues)

    rows = parsed.rows
    sources = tuple(cast("list[SourceRow]", rows[SOURCES.key]))
    batches: tuple[SourceRow, ...] = ()
    if any(row.batch is not None for row in sources):  # 分批下达: allocate the sum, then batches
        batches, sources = sources, combine_batches(sources)
    year_input = YearInput(
        year=parsed.info["year"],
        city=parsed.info["city"],
        prepared=parsed.info["prepared"],
        sources=sources,
        counties=tuple(rows[COUNTIES.key]),
        mileage=tuple(rows[MILEAGE.key]),
        performance=tuple(rows[PERFORMANCE.key]),
        projects=tuple(rows[PROJECTS.key]),
        center_costs=tuple(rows[CENTER_COSTS.key]),
        prepayments=tuple(rows.get(PREPAYMENTS.key, [])),
        prepayments_given=PREPAYMENTS.key in parsed.present,
        document_number=parsed.info.get("document_number"),
        stage=parsed.info.get("stage", STAGE_END),
        batches=batches,
    )
    return LoadedYear(
        input_path,
        policy_path,
        year_input,
        policy,
        period,
        source,
        sha256_bytes(data),
        policy_sha256,
        year_weights(parsed, period),
    )
