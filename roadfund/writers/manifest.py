"""manifest.json: tool version, the policy period used, SHA-256 of every input and output.

It holds no time stamps and no absolute paths, so the same inputs give the same bytes.
The inputs' hashes are of the bytes the run read (``LoadedYear.input_digests``), not of
the files as they are when the manifest is written. The outputs' are of every file in the
folder; those already hashed as they were written (``known``: the workers hash the
workbooks they write, in parallel) are not read again.
``roadfund.reader.run_folder.verify_folder`` checks a run folder against it (``roadfund verify``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from roadfund import __version__
from roadfund.contract import MANIFEST, sha256_file
from roadfund.engine import YearResult

InputDigests = Mapping[str, tuple[str, str]]
"""role ("input", "policy", "scenarios") → (file name, SHA-256 of the bytes read)."""


def manifest_bytes(
    result: YearResult,
    inputs: InputDigests,
    out_dir: Path,
    lang: str,
    known: Mapping[str, str] | None = None,
) -> bytes:
    """The manifest for a run folder whose output files are already written. ``inputs``
    names each input as the run records it (the local page stores an upload under a
    generated name but records the user's); ``known``: see ``folder_manifest_bytes``."""
    period = result.period
    head = {
        "year": result.year_input.year,
        "city": result.year_input.city,
        "lang": lang,
        "policy_period": {"from_year": period.from_year, "reference": period.reference},
    }
    return folder_manifest_bytes(head, inputs, out_dir, known)


def folder_manifest_bytes(
    head: Mapping[str, object],
    inputs: InputDigests,
    out_dir: Path,
    known: Mapping[str, str] | None = None,
) -> bytes:
    """A manifest: tool and version, ``head``'s fields, the inputs, every output's hash.

    ``known``: relative path → SHA-256 of files hashed from the bytes just written to
    them; every file found in ``out_dir`` is listed, and those not in ``known`` are hashed
    here from the disk."""
    known = known or {}
    document = {
        "tool": "roadfund",
        "version": __version__,
        **head,
        "inputs": {
            role: {"file": name, "sha256": digest}
            for role, (name, digest) in sorted(inputs.items())
        },
        "outputs": {
            name: known.get(name) or sha256_file(out_dir / name) for name in output_files(out_dir)
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(
        "utf-8"
    )


def output_files(folder: Path) -> list[str]:
    """Every file under ``folder`` but the manifests, as sorted relative POSIX paths.

    What ``folder.rglob("*")`` filtered by ``is_file()`` finds (a symlink to a file
    counts, a symlinked folder is not entered), by ``os.scandir``: at 3,000 counties the
    pathlib walk was a quarter of the manifest's time."""
    found: list[str] = []
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, current = pending.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir() and not entry.is_symlink():
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file() and entry.name != MANIFEST:
                    found.append(prefix + entry.name)
    return sorted(found)
