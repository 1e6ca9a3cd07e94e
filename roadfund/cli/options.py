"""Options and arguments shared by several commands, spelt once.

A light module (click only), so every command module can import it on its own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import click

from roadfund.exit import Interrupted
from roadfund.issues import Issue
from roadfund.text import Lang

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="help.opt.lang",
)
POLICY_OPTION = click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="help.opt.policy",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="help.opt.json")
F = TypeVar("F", bound=Callable[..., Any])
"""A command function being decorated."""
INPUT_ARG = click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))


def out_dir_option(help_key: str) -> Callable[[F], F]:
    """``--out DIR`` for commands that write an output folder atomically (help: a catalog key
    naming the command's default folder)."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help=help_key,
    )


def report_issues(issues: Sequence[Issue], lang: Lang, as_json: bool) -> None:
    """Every input problem: a readable list on stderr, or JSON on stdout."""
    from roadfund.text import label

    if as_json:
        payload = {"ok": False, "issues": [i.as_dict(lang) for i in issues]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(label("cli.issue_count", lang, count=len(issues)), err=True)
    for issue in issues:
        click.echo(f"  {issue.render(lang)}", err=True)


@contextmanager
def input_errors(lang: Lang, as_json: bool = False) -> Iterator[None]:
    """An invalid input: every problem reported, exit 1 (nothing is written)."""
    from roadfund.exit import ExitStatus
    from roadfund.issues import InputError

    try:
        yield
    except InputError as error:
        report_issues(error.issues, lang, as_json)
        sys.exit(ExitStatus.INVALID_INPUT)


@contextmanager
def output_errors(lang: Lang) -> Iterator[None]:
    """Turn the output folder's (or file's) errors into a message and the documented exit
    status: 2 for a folder that must not be replaced (not empty, holds an input or files
    roadfund did not write, a symlink, another run writing it), 4 when writing failed."""
    from roadfund.exit import ExitStatus
    from roadfund.text import label
    from roadfund.writers.outdir import (
        OldOutputsLeft,
        OutputBusy,
        OutputExists,
        OutputFailed,
        OutputHoldsInput,
        OutputIsLink,
        OutputNotOurs,
        error_reason,
        write_failure,
    )

    try:
        yield
    except OutputHoldsInput as error:
        click.echo(
            label("cli.output_holds_input", lang, path=str(error), file=str(error.kept)), err=True
        )
        sys.exit(ExitStatus.USAGE)
    except OutputNotOurs as error:
        text = label("cli.output_not_ours", lang, path=str(error), count=len(error.lost))
        click.echo(text, err=True)
        for name in error.lost:
            click.echo(f"  {name}", err=True)
        sys.exit(ExitStatus.USAGE)
    except OutputExists as error:
        click.echo(label("cli.output_exists", lang, path=str(error)), err=True)
        sys.exit(ExitStatus.USAGE)
    except OutputIsLink as error:
        click.echo(label("cli.output_is_link", lang, path=str(error.target)), err=True)
        sys.exit(ExitStatus.USAGE)
    except OutputBusy as error:
        click.echo(label("cli.output_busy", lang, path=str(error.target), pid=error.pid), err=True)
        sys.exit(ExitStatus.USAGE)
    except OldOutputsLeft as error:
        text = label(
            "cli.old_outputs_left",
            lang,
            path=str(error.target),
            left=str(error.left),
            reason=error.reason,
        )
        click.echo(text, err=True)
        sys.exit(ExitStatus.WRITE_FAILED)
    except OutputFailed as error:
        click.echo(
            label("cli.write_failed", lang, path=str(error.target), reason=error.reason), err=True
        )
        sys.exit(ExitStatus.WRITE_FAILED)
    except Exception as error:  # a writer's OSError outside write_atomically (a file)
        if not write_failure(error):
            raise
        click.echo(label("cli.write_failed", lang, path="", reason=error_reason(error)), err=True)
        sys.exit(ExitStatus.WRITE_FAILED)


@contextmanager
def file_errors(lang: Lang, path: Path) -> Iterator[None]:
    """One output file written by ``writers.outdir.write_file_atomically``: exit 2 for a
    symlink, 4 (with the OS's reason) when it could not be written."""
    from roadfund.exit import ExitStatus
    from roadfund.text import label
    from roadfund.writers.outdir import OutputFailed, OutputIsLink, error_reason, write_failure

    try:
        yield
    except OutputIsLink:
        click.echo(label("cli.output_is_link", lang, path=str(path)), err=True)
        sys.exit(ExitStatus.USAGE)
    except Exception as error:  # OutputFailed, an OSError, xlsxwriter's FileCreateError
        cause = error.error if isinstance(error, OutputFailed) else error
        if not write_failure(cause):
            raise
        reason = error_reason(cause)
        click.echo(label("cli.file_write_failed", lang, path=str(path), reason=reason), err=True)
        sys.exit(ExitStatus.WRITE_FAILED)


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def interrupts(lang: Lang = "zh") -> Iterator[None]:
    """Ctrl-C, SIGTERM (a service manager, a CI timeout) and SIGHUP (the terminal closed)
    all unwind the run the same way — the temporary folder is removed, the old outputs
    stay — then a message and exit 128 + the signal's number (130, 143, 129)."""
    import signal

    wanted = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):
        wanted.append(signal.SIGHUP)
    before = {}
    for signum in wanted:
        with suppress(ValueError, OSError):  # not the main thread
            before[signum] = signal.signal(signum, _raise_interrupted)
    try:
        yield
    except Interrupted as error:
        from roadfund.exit import ExitStatus
        from roadfund.text import label

        name = signal.Signals(error.signum).name
        if error.outputs_in_place is None:
            text = label("cli.interrupted", lang, signal=name)
        else:  # it came after the swap: the new outputs are complete and in place
            text = label("cli.interrupted_in_place", lang, signal=name, path=error.outputs_in_place)
        with suppress(OSError):
            click.echo(text, err=True)
        sys.exit(ExitStatus.INTERRUPTED + error.signum)
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


class _QuietPipe:
    """stdout that, once its reader has gone (``roadfund run … | head``), swallows the rest:
    the run's outputs are already written, so a closed pipe must not turn success into
    an error."""

    def __init__(self, stream: object) -> None:
        self._stream = stream
        self._closed = False

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                return self._stream.write(text)  # type: ignore[attr-defined,no-any-return]
            except BrokenPipeError:
                self._close()
        return len(text)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()  # type: ignore[attr-defined]
            except BrokenPipeError:
                self._close()

    def _close(self) -> None:
        """From now on write nowhere; at exit Python flushes the real stream, so its file
        descriptor is pointed at /dev/null (else: "Exception ignored … BrokenPipeError")."""
        import os

        self._closed = True
        with suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def quiet_broken_pipe() -> None:
    """Install _QuietPipe on sys.stdout (once, in ``main``)."""
    if sys.stdout is not None and not isinstance(sys.stdout, _QuietPipe):
        sys.stdout = _QuietPipe(sys.stdout)
