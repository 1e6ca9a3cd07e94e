"""``roadfund verify``: re-check a run folder against its manifest.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadfund.cli.help import CatalogCommand
from roadfund.cli.options import JSON_OPTION, LANG_OPTION
from roadfund.exit import ExitStatus
from roadfund.text import Lang, label

if TYPE_CHECKING:
    from roadfund.reader.run_folder import Verification

GIVEN_FILE = click.Path(path_type=Path, exists=True, dir_okay=False)
"""A file given to compare (read with a size cap; a pipe or device is reported, not read)."""


def verification_lines(result: Verification, path: str, lang: Lang) -> list[str]:
    """The verdict, then one line per difference: changed, missing, extra, inputs."""
    if result.ok:
        lines = [label("verify.ok", lang, path=path, count=result.files)]
    else:
        lines = [label("verify.differs", lang, path=path, count=result.differences)]
    for kind, names in (
        ("changed", result.changed),
        ("missing", result.missing),
        ("extra", result.extra),
        ("special", result.special),
    ):
        lines += ["  " + label(f"verify.{kind}", lang, name=name) for name in names]
    for check in result.inputs:
        what = label(f"verify.role.{check.role}", lang)
        if check.problem is not None:
            reason = check.problem.message(lang)
            text = label("verify.given_unreadable", lang, what=what, file=check.file, reason=reason)
            lines.append("  " + text)
            continue
        key = "verify.input_matches" if check.matches else "verify.input_differs"
        lines.append("  " + label(key, lang, what=what, file=check.file, recorded=check.recorded))
    return lines


def verification_json(result: Verification) -> dict[str, object]:
    return {
        "ok": result.ok,
        "folder": str(result.folder),
        "files": result.files,
        "changed": list(result.changed),
        "missing": list(result.missing),
        "extra": list(result.extra),
        "special": list(result.special),
        "inputs": [
            {"role": c.role, "file": c.file, "recorded": c.recorded, "matches": c.matches}
            for c in result.inputs
        ],
    }


@click.command(cls=CatalogCommand, help="help.verify")
@click.argument("out_dir", metavar="OUTDIR", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--input",
    "input_path",
    type=GIVEN_FILE,
    default=None,
    help="help.verify.input",
)
@click.option(
    "--policy",
    "policy_path",
    type=GIVEN_FILE,
    default=None,
    help="help.verify.policy",
)
@LANG_OPTION
@JSON_OPTION
def verify(
    out_dir: Path, input_path: Path | None, policy_path: Path | None, lang: Lang, as_json: bool
) -> None:
    """Re-check a run folder (OUTDIR) against its manifest.json.

    Its ``--help`` is ``help.verify`` in ``roadfund/text/help.py``.
    """
    from roadfund.reader.run_folder import NotARunFolder, verify_folder

    given = {"input": input_path, "policy": policy_path}
    try:
        result = verify_folder(out_dir, {k: v for k, v in given.items() if v is not None})
    except NotARunFolder as error:
        reason = label(f"verify.{error.reason}", lang)
        text = label("cli.not_a_run", lang, path=str(out_dir), reason=reason)
        if as_json:
            click.echo(json.dumps({"ok": False, "error": text}, ensure_ascii=False))
        else:
            click.echo(text, err=True)
        sys.exit(ExitStatus.USAGE)
    if as_json:
        click.echo(json.dumps(verification_json(result), ensure_ascii=False, indent=2))
    else:
        for line in verification_lines(result, str(out_dir), lang):
            click.echo(line)
    if not result.ok:
        sys.exit(ExitStatus.INVALID_INPUT)
