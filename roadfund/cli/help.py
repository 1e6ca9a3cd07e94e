"""``--help`` from the catalog, in the reader's language.

Commands and options carry a catalog key as their help (``help="help.run.force"``); the
classes below render the page from ``roadfund/text/help.py`` in Chinese, or in English
with ``--lang en`` anywhere on the command line or an English locale (the first of
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set starts with ``en``). The language is
read from the raw arguments before click parses them, because ``--help`` is answered
while parsing, perhaps before ``--lang`` is seen. A light module (click and the catalog).

click's own usage errors ("Missing argument", "No such option", …) are shown in the same
language: click looks its texts up through gettext, and this module answers those look-ups
from ``roadfund.text.help.CLICK_ZH`` while a roadfund command line is handled in Chinese.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any

import click

from roadfund.text import LABELS, LANGS, Lang, click_text, label

LANG_META = "roadfund.help_lang"
"""Where the language of the help page is kept on click's context (shared by subcommands)."""
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_LANGS: dict[str, Lang] = {lang: lang for lang in LANGS}
VERSION_KEY = "help.option.version"
HELP_KEY = "help.option.help"
"""click's own ``--version`` and ``--help``."""


def help_lang(args: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang en``/``--lang=en`` (the last one wins), else the locale, else Chinese."""
    chosen = ""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    if chosen in _LANGS:
        return _LANGS[chosen]
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            return _LANGS["en" if value.lower().startswith("en") else "zh"]
    return _LANGS["zh"]


def _lang(ctx: click.Context) -> Lang:
    return _LANGS.get(ctx.meta.get(LANG_META, ""), help_lang(()))


def _text(key: str | None, lang: Lang) -> str:
    return label(key, lang) if key in LABELS else key or ""


def _help_records(command: click.Command, ctx: click.Context) -> list[tuple[str, str]]:
    """The options table: each option's flags and its help from the catalog."""
    lang = _lang(ctx)
    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
        if record is None:
            continue
        flags, text = record
        own = getattr(param, "help", None)
        key = own if own in LABELS else None
        if set(param.opts) <= set(ctx.help_option_names):
            key = HELP_KEY
        elif param.name == "version":
            key = VERSION_KEY
        if key is not None:
            rest = text[len(own) :] if own and text.startswith(own) else ""
            rest = rest.replace("default: ", label("help.default", lang))  # click's words
            rest = rest.replace("required", label("help.required", lang))
            text = label(key, lang) + rest
        rows.append((flags, text))
    return rows


class CatalogFormatter(click.HelpFormatter):
    """click's formatter, with a full-width colon after a Chinese heading (选项：)."""

    def write_heading(self, heading: str) -> None:
        colon = "：" if heading and not heading[-1].isascii() else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class CatalogContext(click.Context):
    formatter_class = CatalogFormatter


class CatalogCommand(click.Command):
    """A command whose help page comes from the catalog (``help=`` holds the key)."""

    context_class = CatalogContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(LANG_META, help_lang(args))
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = label("help.usage", _lang(ctx))
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = inspect.cleandoc(_text(self.help, _lang(ctx)))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = _help_records(self, ctx)
        if rows:
            with formatter.section(label("help.options", _lang(ctx))):
                formatter.write_dl(rows)

    def short_help_text(self, lang: Lang) -> str:
        """The first line of the help, for the group's list of commands."""
        return inspect.cleandoc(_text(self.help, lang)).splitlines()[0].rstrip("。.")


class CatalogGroup(CatalogCommand, click.Group):
    """The ``roadfund`` group: its page, and every command's, from the catalog."""

    command_class = CatalogCommand

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """The command line handled with click's own texts in its language (usage errors)."""
        given = sys.argv[1:] if args is None else list(args)
        token = _usage_lang.set(help_lang(given))
        try:
            return super().main(args, *rest, **extra)
        finally:
            _usage_lang.reset(token)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = _lang(ctx)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = (
                command.short_help_text(lang)
                if isinstance(command, CatalogCommand)
                else command.get_short_help_str()
            )
            rows.append((name, text))
        if rows:
            with formatter.section(label("help.commands", lang)):
                formatter.write_dl(rows)


def set_command_lang(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
    """``roadfund --lang en run …``: the group's ``--lang`` is every command's default."""
    if value is not None and isinstance(ctx.command, click.Group):
        ctx.default_map = {name: {"lang": value} for name in ctx.command.commands}


# --- click's own texts ------------------------------------------------------------------
_usage_lang: ContextVar[Lang] = ContextVar("roadfund_usage_lang", default="en")
"""The language of click's texts while CatalogGroup.main runs; English (click's) elsewhere."""


def _click_gettext(message: str) -> str:
    return click_text(message, _usage_lang.get())


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    return _click_gettext(singular if count == 1 else plural)


def _answer_clicks_lookups() -> None:
    """click's modules bound gettext's functions when imported; they get these instead
    (a text not in the catalog stays click's English)."""
    from click import core, exceptions, parser, types

    for module in (core, exceptions, parser, types):
        for name, function in (("_", _click_gettext), ("ngettext", _click_ngettext)):
            if hasattr(module, name):
                setattr(module, name, function)


_answer_clicks_lookups()
