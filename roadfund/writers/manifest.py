"""manifest.json: tool version, the policy period used, SHA-256 of every input and output.

It holds no time stamps and no absolute paths, so the same inputs give the same bytes.
The inputs' hashes are of the bytes the run read (``LoadedYear.input_digests``), not of
the files as they are when the manifest is written.
``roadfund.reader.run_folder.verify_folder`` checks a run folder against it (``roadfund verify``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from roadfund import __version__
from roadfund.contract import MANIFEST, sha256_file
from roadfund.engine import YearResult

InputDigests = Mapping[str, tuple[str, str]]
"""role ("input", "policy", "scenarios") → (file name, SHA-256 of the bytes read)."""


def manifest_bytes(result: YearResult, inputs: InputDigests, out_dir: Path, lang: str) -> bytes:
    """The manifest for a run folder whose output files are already written. ``inputs``
    names each input as the run records it (the local page stores an upload under a
    generated name but records the user's)."""
    period = result.period
    head = {
        "year": result.year_input.year,
        "city": result.year_input.city,
        "lang": lang,
        "policy_period": {"from_year": period.from_year, "reference": period.reference},
    }
    return folder_manifest_bytes(head, inputs, out_dir)


def folder_manifest_bytes(head: Mapping[str, object], inputs: InputDigests, out_dir: Path) -> bytes:
    """A manifest: tool and version, ``head``'s fields, the inputs, every output's hash."""
    outputs = sorted(
        (p for p in out_dir.rglob("*") if p.is_file() and p.name != MANIFEST),
        key=lambda p: p.relative_to(out_dir).as_posix(),
    )
    document = {
        "tool": "roadfund",
        "version": __version__,
        **head,
        "inputs": {
            role: {"file": name, "sha256": digest}
            for role, (name, digest) in sorted(inputs.items())
        },
        "outputs": {p.relative_to(out_dir).as_posix(): sha256_file(p) for p in outputs},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(
        "utf-8"
    )
