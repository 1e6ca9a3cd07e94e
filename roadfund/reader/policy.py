"""Reading TOML files (the policy, what-if scenarios) into validated models.

The models and their rules live in ``roadfund.policy``; this module only reads files.
Each file is read once, with a size cap (a real policy is a few KB); nesting deep enough
to exhaust the parser's recursion is refused like a syntax error.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from roadfund.contract import sha256_bytes
from roadfund.issues import InputError, Issue
from roadfund.policy import Policy, parse_policy

MAX_TOML_BYTES = 1024 * 1024
"""The largest policy or scenario file read (the shipped policy is under 4 KB)."""


def read_toml_bytes(path: Path) -> tuple[dict[str, Any], bytes]:
    """A TOML file's document and the bytes it was parsed from; InputError naming the
    file when it is missing, not a regular file, too large or not valid TOML."""
    from roadfund.reader.guard import read_bounded

    file = path.name
    data = read_bounded(path, MAX_TOML_BYTES, file, workbook=False)
    if isinstance(data, Issue):
        raise InputError([data])
    try:
        text = data.decode("utf-8-sig")  # Windows Notepad writes a BOM
    except UnicodeDecodeError as error:
        raise InputError([Issue.at(file, "policy_syntax", found=str(error))]) from None
    try:
        return tomllib.loads(text), data
    except tomllib.TOMLDecodeError as error:
        raise InputError([_syntax_issue(file, text, error)]) from None
    except RecursionError:
        raise InputError([Issue.at(file, "policy_too_deep")]) from None


_AT_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)")


def _syntax_issue(file: str, text: str, error: tomllib.TOMLDecodeError) -> Issue:
    """A TOML syntax error with the line it is on, as the file shows it."""
    found = str(error)
    match = _AT_LINE_RE.search(found)
    lines = text.splitlines()
    if match is None or not 1 <= int(match[1]) <= len(lines):
        return Issue.at(file, "policy_syntax", found=found)
    number = int(match[1])
    return Issue.at(
        file, "policy_syntax_line", found=found, line=number, text=lines[number - 1].strip()
    )


def shipped_policy_path() -> Path:
    """The policy shipped with roadfund (package data, the same as ``inputs/policy.toml``)."""
    return Path(str(resources.files("roadfund") / "data" / "policy.toml"))


def load_policy_read(path: Path) -> tuple[Policy, str]:
    """The validated policy and the SHA-256 of the bytes it was read from."""
    document, data = read_toml_bytes(path)
    return parse_policy(document, path.name), sha256_bytes(data)


def load_policy(path: Path) -> Policy:
    """Read and validate a policy TOML file; raises InputError naming the file and key."""
    return load_policy_read(path)[0]
