"""manifest.json: tool version, the policy period used, SHA-256 of every input and output.

It holds no time stamps and no absolute paths, so the same inputs give the same bytes.
``verify_folder`` checks a run folder against it (``roadfund verify``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from roadfund import __version__
from roadfund.engine import YearResult

MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_bytes(
    result: YearResult,
    inputs: dict[str, Path],
    out_dir: Path,
    lang: str,
    names: Mapping[str, str] | None = None,
) -> bytes:
    """The manifest for a folder whose output files are already written.

    ``names``: the file name to record for an input role, when it is not the path's own
    (the local page stores an upload under a generated name but records the user's)."""
    period = result.period
    outputs = sorted(
        (p for p in out_dir.rglob("*") if p.is_file() and p.name != MANIFEST),
        key=lambda p: p.relative_to(out_dir).as_posix(),
    )
    document = {
        "tool": "roadfund",
        "version": __version__,
        "year": result.year_input.year,
        "city": result.year_input.city,
        "lang": lang,
        "policy_period": {"from_year": period.from_year, "reference": period.reference},
        "inputs": {
            role: {"file": (names or {}).get(role, path.name), "sha256": sha256_file(path)}
            for role, path in sorted(inputs.items())
        },
        "outputs": {p.relative_to(out_dir).as_posix(): sha256_file(p) for p in outputs},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(
        "utf-8"
    )


# --- checking a run folder against its manifest (roadfund verify) ------------------
class NotARunFolder(Exception):
    """The folder has no manifest.json, or one roadfund cannot have written.

    ``reason`` is ``"no_manifest"`` or ``"bad_manifest"`` (labels ``verify.<reason>``)."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")
        self.folder = folder
        self.reason = reason


@dataclass(frozen=True)
class InputCheck:
    """Whether a file given to verify is, byte for byte, one the run read."""

    role: str  # "input" (the workbook) or "policy"
    file: str  # the file given, as the user named it
    recorded: str  # the name the run read it under
    matches: bool


@dataclass(frozen=True)
class Verification:
    """A run folder against its manifest: every difference, by relative path."""

    folder: Path
    files: int  # outputs the manifest lists
    changed: tuple[str, ...]  # listed, present, other bytes (or unreadable)
    missing: tuple[str, ...]  # listed, not present
    extra: tuple[str, ...]  # present, not listed
    inputs: tuple[InputCheck, ...] = ()

    @property
    def differences(self) -> int:
        return (
            len(self.changed)
            + len(self.missing)
            + len(self.extra)
            + sum(not check.matches for check in self.inputs)
        )

    @property
    def ok(self) -> bool:
        return self.differences == 0


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _safe_relative(name: object) -> bool:
    """A manifest entry names a file inside the folder (no absolute path, no ``..``)."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    parts = PurePosixPath(name).parts
    return not PurePosixPath(name).is_absolute() and all(p not in ("", ".", "..") for p in parts)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest.json, checked to be one roadfund writes; else NotARunFolder."""
    path = folder / MANIFEST
    if not path.is_file():
        raise NotARunFolder(folder, "no_manifest")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise NotARunFolder(folder, "bad_manifest") from None
    if not isinstance(document, dict):
        raise NotARunFolder(folder, "bad_manifest")
    outputs, inputs = document.get("outputs"), document.get("inputs")
    if (
        document.get("tool") != "roadfund"
        or not isinstance(outputs, dict)
        or not all(_safe_relative(k) and k != MANIFEST for k in outputs)
        or not all(isinstance(v, str) and _SHA256.fullmatch(v) for v in outputs.values())
        or not isinstance(inputs, dict)
        or not all(
            isinstance(v, dict)
            and isinstance(v.get("file"), str)
            and isinstance(v.get("sha256"), str)
            for v in inputs.values()
        )
    ):
        raise NotARunFolder(folder, "bad_manifest")
    return document


def _present(folder: Path) -> list[str]:
    """Every file under the folder but the manifest, as relative POSIX paths."""
    return sorted(
        rel
        for p in folder.rglob("*")
        if p.is_file() and (rel := p.relative_to(folder).as_posix()) != MANIFEST
    )


def verify_folder(folder: Path, given: dict[str, Path] | None = None) -> Verification:
    """Re-hash every output the manifest lists; list what changed, is missing or extra.

    ``given`` maps a role of the manifest's inputs ("input", "policy") to a file that
    should be the one the run read; each is compared by SHA-256.
    """
    document = read_manifest(folder)
    listed: dict[str, str] = document["outputs"]
    changed, missing = [], []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            missing.append(name)
            continue
        try:
            same = sha256_file(path) == digest
        except OSError:
            same = False
        if not same:
            changed.append(name)
    extra = [name for name in _present(folder) if name not in listed]
    checks = []
    for role, path in sorted((given or {}).items()):
        record = document["inputs"].get(role)
        recorded = record["file"] if isinstance(record, dict) else ""
        matches = record is not None and sha256_file(path) == record["sha256"]
        checks.append(InputCheck(role, str(path), recorded, matches))
    return Verification(
        folder, len(listed), tuple(changed), tuple(missing), tuple(extra), tuple(checks)
    )
