"""Reading TOML files (the policy, what-if scenarios) into validated models.

The models and their rules live in ``roadfund.policy``; this module only reads files.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from roadfund.issues import InputError, Issue
from roadfund.policy import Policy, parse_policy


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's document (policy or scenarios); InputError naming the file when it is
    missing or not valid TOML."""
    file = path.name
    if not path.is_file():
        raise InputError([Issue.at(file, "file_not_found")])
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows Notepad writes a BOM
    except UnicodeDecodeError as error:
        raise InputError([Issue.at(file, "policy_syntax", found=str(error))]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError([_syntax_issue(file, text, error)]) from None


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


def load_policy(path: Path) -> Policy:
    """Read and validate a policy TOML file; raises InputError naming the file and key."""
    return parse_policy(read_toml(path), path.name)
