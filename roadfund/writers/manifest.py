"""manifest.json: tool version, the policy period used, SHA-256 of every input and output.

It holds no time stamps and no absolute paths, so the same inputs give the same bytes.
``roadfund.reader.run_folder.verify_folder`` checks a run folder against it (``roadfund verify``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from roadfund import __version__
from roadfund.contract import MANIFEST, sha256_file
from roadfund.engine import YearResult


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
