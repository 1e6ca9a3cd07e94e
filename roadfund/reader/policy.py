"""Reading TOML files (the policy, what-if scenarios) into validated models.

The models and their rules live in ``roadfund.policy``; this module only reads files.
"""

from __future__ import annotations

import tomllib
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
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError([Issue.at(file, "policy_syntax", found=str(error))]) from None


def load_policy(path: Path) -> Policy:
    """Read and validate a policy TOML file; raises InputError naming the file and key."""
    return parse_policy(read_toml(path), path.name)
